// Which download a job once belonged to as a recovery attempt's old or new job.
// findByAnyNzoId only knows a download's own job and the one it tracks NOW; a
// failure report that arrives after the ladder moved on (e.g. the *arr's
// history read a poll later) must not start a second lifecycle for it.
import { eq, or } from 'drizzle-orm';
import type { AppDatabase } from '../activity/database';
import { downloadMonitoring, recoveryAttempts } from '../activity/schema';

export function earlierJobOwner(db: AppDatabase): (nzoId: string) => string | null {
  return (nzoId) => {
    const row = db
      .select({ owner: downloadMonitoring.nzoId })
      .from(recoveryAttempts)
      .innerJoin(downloadMonitoring, eq(recoveryAttempts.downloadId, downloadMonitoring.id))
      .where(or(eq(recoveryAttempts.oldNzoId, nzoId), eq(recoveryAttempts.newNzoId, nzoId)))
      .limit(1)
      .get();
    return row?.owner ?? null;
  };
}
