// Reading an *arr's item history for recovery: which release a SABnzbd job was
// (the grab carries guid, indexer, quality), and which job a grab started.
// Pure over already-fetched history records.
import type { HistoryRecord } from '../arr/arr-schemas';
import type { FailedRelease } from './release-choice';

/** Allowance for clock differences between this machine and the *arr. */
export const ARR_CLOCK_SKEW_MS = 5_000;

export function failedReleaseFrom(history: readonly HistoryRecord[], nzoId: string): FailedRelease | null {
  const mine = history.filter((h) => h.downloadId === nzoId);
  const rec = mine.find((h) => h.eventType === 'grabbed') ?? mine.find((h) => h.eventType === 'downloadFailed') ?? mine[0];
  if (!rec) return null;
  return {
    guid: rec.data.guid ?? null,
    title: rec.sourceTitle ?? null,
    quality: rec.quality?.quality ?? null,
    indexer: rec.data.indexer ?? null,
    releaseGroup: rec.data.releaseGroup || null,
  };
}

/** A grab recorded at or after `since` for a job not in `known` (and, when given, of that release GUID). */
export function grabSince(
  history: readonly HistoryRecord[],
  options: { since: number; known: readonly string[]; guid?: string },
): HistoryRecord | null {
  const known = new Set(options.known);
  const grabs = history.filter(
    (h) =>
      h.eventType === 'grabbed' &&
      h.downloadId !== undefined &&
      h.downloadId !== '' &&
      !known.has(h.downloadId) &&
      Date.parse(h.date) >= options.since - ARR_CLOCK_SKEW_MS,
  );
  if (options.guid !== undefined) return grabs.find((h) => h.data.guid === options.guid) ?? null;
  // Newest first: the *arr grabbed the latest replacement last.
  return [...grabs].sort((a, b) => Date.parse(b.date) - Date.parse(a.date) || b.id - a.id)[0] ?? null;
}

/** An import of the job `downloadId` (the *arr's proof that the replacement really completed). */
export function importOf(history: readonly HistoryRecord[], downloadId: string): HistoryRecord | null {
  return history.find((h) => h.downloadId === downloadId && /imported/i.test(h.eventType)) ?? null;
}

/** The *arr saw the job `downloadId` fail. */
export function failureOf(history: readonly HistoryRecord[], downloadId: string): HistoryRecord | null {
  return history.find((h) => h.downloadId === downloadId && h.eventType === 'downloadFailed') ?? null;
}
