// The dead-letter queue as an inbox: what could not be fixed automatically,
// why, what was tried — and the two things a person can do about it.
import type { DownloadRecord } from '../../shared/downloads';
import { SeverityBadge } from '../components/Badge';
import { Empty, ErrorBox, Loading } from '../components/StateMessage';
import { APP_LABELS, KIND_LABELS } from '../format/labels';
import { formatTime } from '../format/time-format';
import { timelineHref } from '../routing/hash-route';
import { useApp } from '../store/store-context';
import { AttemptTable } from './AttemptTable';
import { RowActionNote } from './RowActionNote';

function History({ nzoId, name }: { nzoId: string; name: string }) {
  const history = useApp((s) => s.histories[nzoId]);
  const loadHistory = useApp((s) => s.loadHistory);
  return (
    <details
      onToggle={(e) => {
        if (e.currentTarget.open && (!history || history.status === 'error')) void loadHistory(nzoId);
      }}
    >
      <summary>Attempt history</summary>
      {history?.data ? (
        <AttemptTable attempts={history.data.attempts} label={`Attempts for ${name}`} />
      ) : history?.error ? (
        <ErrorBox error={history.error} />
      ) : (
        <Loading what="attempt history" />
      )}
    </details>
  );
}

function InboxItem({ row }: { row: DownloadRecord }) {
  const action = useApp((s) => s.rowActions[row.nzoId]);
  const retry = useApp((s) => s.retry);
  const dismiss = useApp((s) => s.dismiss);
  return (
    <li className="inbox-item card" aria-label={row.name}>
      <div className="inbox-head">
        <a href={timelineHref(row.nzoId)} className="inbox-name">
          {row.name}
        </a>
        <SeverityBadge severity={row.severity} />
      </div>
      <p className="reason">
        <strong>Reason:</strong> {row.dlqReason ?? row.lastError ?? row.failMessage}
      </p>
      <p className="muted small">
        {KIND_LABELS[row.kind]} · {APP_LABELS[row.sourceApp]} · {row.attempts} of {row.maxAttempts} attempts · since {formatTime(row.updatedAt)}
      </p>
      {row.qualitiesTried.length > 0 ? <p className="small">Qualities tried: {row.qualitiesTried.join(', ')}</p> : null}
      {row.releasesTried.length > 0 ? <p className="small">Releases tried: {row.releasesTried.length}</p> : null}
      <History nzoId={row.nzoId} name={row.name} />
      <div className="buttons">
        <button type="button" onClick={() => void retry(row.nzoId)} disabled={action?.state === 'pending'} aria-label={`Retry now ${row.name}`}>
          Retry now
        </button>
        <button type="button" className="secondary" onClick={() => void dismiss(row.nzoId)} disabled={action?.state === 'pending'} aria-label={`Dismiss ${row.name}`}>
          Dismiss
        </button>
      </div>
      {action ? <RowActionNote action={action} /> : null}
    </li>
  );
}

export function AttentionView() {
  const page = useApp((s) => s.dlq);
  const reload = useApp((s) => s.loadDlq);
  return (
    <section aria-labelledby="attention-h" className="view">
      <h2 id="attention-h">Needs attention</h2>
      {page.error ? <ErrorBox error={page.error} onRetry={() => void reload()} /> : null}
      {!page.data ? (
        page.error ? null : <Loading what="the inbox" />
      ) : page.data.items.length === 0 ? (
        <Empty title="Nothing needs your attention">Downloads land here when every automatic recovery has been tried.</Empty>
      ) : (
        <ul className="inbox" aria-label="Needs attention">
          {page.data.items.map((row) => (
            <InboxItem key={row.nzoId} row={row} />
          ))}
        </ul>
      )}
    </section>
  );
}
