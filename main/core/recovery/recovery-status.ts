// What recovery is doing, for the status call: attempts due and when, counts
// per strategy and outcome, and the success rate (recovered / finished).
import type { RecoveryStatus } from '../../../shared/contract-views';
import type { Strategy } from '../../../shared/domain';
import type { AttemptOutcome, DownloadRecord, RecoveryAttempt } from '../../../shared/downloads';
import type { DownloadStore } from '../activity/download-store-port';

const PAGE = 500;
/** Enough for a home stack; the counts stop growing past it rather than slow the call down. */
const MAX_ROWS = 20_000;

export function computeRecoveryStatus(
  store: Pick<DownloadStore, 'dueRetries' | 'attempts' | 'listFailed' | 'counts'>,
  ctx: {
    running: boolean;
    dryRun: boolean;
    nextStrategyOf: (record: DownloadRecord, attempts: RecoveryAttempt[]) => Strategy | null;
  },
): RecoveryStatus {
  const pending = store.dueRetries(Number.MAX_SAFE_INTEGER, 200).map((r) => {
    const attempts = store.attempts(r.nzoId);
    return {
      nzoId: r.nzoId,
      name: r.name,
      strategy: ctx.nextStrategyOf(r, attempts),
      attempt: r.attempts + 1,
      dueAt: r.nextAttemptAt,
    };
  });
  const counts: Partial<Record<Strategy, Partial<Record<AttemptOutcome, number>>>> = {};
  for (let offset = 0; offset < MAX_ROWS; offset += PAGE) {
    const page = store.listFailed({ includeDlq: true, limit: PAGE, offset });
    for (const r of page.items) {
      for (const a of store.attempts(r.nzoId)) {
        const byOutcome = (counts[a.strategy] ??= {});
        byOutcome[a.outcome] = (byOutcome[a.outcome] ?? 0) + 1;
      }
    }
    if (page.items.length < PAGE) break;
  }
  const c = store.counts(0);
  const finished = c.recovered + c.dlq;
  return {
    running: ctx.running,
    dryRun: ctx.dryRun,
    pending,
    countsByStrategyOutcome: counts,
    successRate: finished === 0 ? null : c.recovered / finished,
  };
}
