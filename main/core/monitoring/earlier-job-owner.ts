// Which download a job belongs to though findByAnyNzoId does not know it:
// findByAnyNzoId only knows a download's own job and the one it tracks NOW.
// - earlierJobOwner: a job a recovery attempt once tracked (old or new job).
//   A failure report that arrives after the ladder moved on (e.g. the *arr's
//   history read a poll later) must not start a second lifecycle for it.
// - interruptedGrabOwner: a download whose grab attempt was cut off before it
//   recorded its job (the app died between the *arr accepting the grab and the
//   attempt writing it). Until recovery looks that attempt up, the grab's job
//   is named nowhere; its failure, read first, is that download's too.
import { and, eq, isNull, ne, or } from 'drizzle-orm';
import type { ArrItemRef, SourceApp } from '../../../shared/domain';
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

export function interruptedGrabOwner(db: AppDatabase): (app: SourceApp, item: ArrItemRef) => string | null {
  return (app, item) => {
    const rows = db
      .select({
        owner: downloadMonitoring.nzoId,
        seriesId: downloadMonitoring.seriesId,
        episodeIds: downloadMonitoring.episodeIds,
        movieId: downloadMonitoring.movieId,
        albumId: downloadMonitoring.albumId,
        bookId: downloadMonitoring.bookId,
      })
      .from(recoveryAttempts)
      .innerJoin(downloadMonitoring, eq(recoveryAttempts.downloadId, downloadMonitoring.id))
      .where(
        and(
          eq(recoveryAttempts.outcome, 'started'),
          isNull(recoveryAttempts.newNzoId),
          // A SABnzbd retry is not a grab: its job is found by name, not through the *arr.
          ne(recoveryAttempts.strategy, 'retry_download'),
          eq(downloadMonitoring.sourceApplication, app),
        ),
      )
      .all();
    return rows.find((r) => sameItem(r, item))?.owner ?? null;
  };
}

type ItemRow = { seriesId: number | null; episodeIds: string | null; movieId: number | null; albumId: number | null; bookId: number | null };

function sameItem(row: ItemRow, item: ArrItemRef): boolean {
  if (item.movieId !== undefined) return row.movieId === item.movieId;
  if (item.albumId !== undefined) return row.albumId === item.albumId;
  if (item.bookId !== undefined) return row.bookId === item.bookId;
  if (item.seriesId === undefined || row.seriesId !== item.seriesId) return false;
  const episodes = parseIds(row.episodeIds);
  return (item.episodeIds ?? []).some((id) => episodes.includes(id));
}

function parseIds(raw: string | null): number[] {
  if (raw === null) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter((v): v is number => typeof v === 'number') : [];
  } catch {
    return [];
  }
}
