// The empty / loading / error blocks every view shows the same way.
import type { ReactNode } from 'react';
import type { ApiError } from '../../shared/contract';

export function Loading({ what }: { what: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      Loading {what}…
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty" role="status">
      <strong>{title}</strong>
      {children ? <div>{children}</div> : null}
    </div>
  );
}

export function explainError(error: ApiError): { title: string; detail: string } {
  switch (error.code) {
    case 'unavailable':
      return { title: "Can't reach autoarr core", detail: error.message };
    case 'unauthorized':
      return { title: 'Access token refused', detail: 'Open the address printed by autoarr-tray, with its ?token=…' };
    case 'unconfigured':
      return { title: 'Not configured yet', detail: error.message };
    case 'bad_api_key':
      return { title: 'Wrong API key', detail: error.message };
    case 'timeout':
      return { title: 'The request timed out', detail: error.message };
    default:
      return { title: 'Something went wrong', detail: error.message };
  }
}

export function ErrorBox({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { title, detail } = explainError(error);
  return (
    <div className="state state-error" role="alert">
      <strong>{title}</strong>
      <div>{detail}</div>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
