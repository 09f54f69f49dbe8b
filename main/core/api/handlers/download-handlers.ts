// Contract handlers for failed downloads: the paged lists, and the actions a
// person takes on one (retry now, dismiss) or all (retry all failed).
import { err, ok, type ContractHandlers, type DownloadLinks, type Result, type RetryResult } from '../../../../shared/contract';
import type { DownloadRecord } from '../../../../shared/downloads';
import type { DownloadStore } from '../../activity/download-store-port';

type DownloadHandlers = Pick<
  ContractHandlers,
  'downloads.failed' | 'downloads.dlq' | 'downloads.retry' | 'downloads.retryAll' | 'downloads.dismiss' | 'downloads.links'
>;

/** What the recovery engine offers these handlers. */
export interface RecoveryActions {
  retryNow(nzoId: string): Promise<Result<RetryResult>>;
  retryAllFailed(): Promise<{ started: number; refused: number }>;
  /** Waits its turn behind a running attempt. */
  dismiss(nzoId: string): Promise<Result<DownloadRecord>>;
}

/** Where a download can be opened outside the app (connections/download-links.ts). */
export interface DownloadLinkPort {
  linksFor(download: DownloadRecord): Promise<DownloadLinks>;
}

export function downloadHandlers(deps: { store: DownloadStore; recovery: RecoveryActions; links: DownloadLinkPort }): DownloadHandlers {
  return {
    'downloads.failed': (q) =>
      ok(
        deps.store.listFailed({
          includeDlq: !q.excludeDlq,
          limit: q.limit,
          offset: q.offset,
          ...(q.kind ? { kind: q.kind } : {}),
          ...(q.app ? { app: q.app } : {}),
        }),
      ),
    'downloads.dlq': (q) => ok(deps.store.listDlq({ limit: q.limit, offset: q.offset })),
    'downloads.retry': ({ nzoId }) => deps.recovery.retryNow(nzoId),
    'downloads.retryAll': async () => {
      const r = await deps.recovery.retryAllFailed();
      const message =
        r.started === 0 && r.refused === 0
          ? 'Nothing to retry: no failed downloads.'
          : `Started ${r.started} attempt${r.started === 1 ? '' : 's'}` +
            (r.refused > 0 ? `; ${r.refused} could not be retried now (see each download).` : '.');
      return ok({ ...r, message });
    },
    'downloads.dismiss': ({ nzoId }) => deps.recovery.dismiss(nzoId),
    'downloads.links': async ({ nzoId }) => {
      const download = deps.store.get(nzoId) ?? deps.store.findByAnyNzoId(nzoId);
      if (!download) return err('not_found', `No download ${nzoId} is known.`);
      return ok(await deps.links.linksFor(download));
    },
  };
}
