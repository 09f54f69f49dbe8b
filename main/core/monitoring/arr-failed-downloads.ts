// An *arr's downloadFailed history records, as failed SABnzbd jobs. The *arr
// writes one record per episode of a release, all with the same downloadId
// (SABnzbd's nzo_id), so a season pack is one failure with several episodes.
import type { ArrApp, ArrItemRef } from '../../../shared/domain';
import type { HistoryRecord } from '../arr/arr-schemas';
import { itemOfRecords } from '../arr/arr-item-identity';

/** What the *arr writes when a person (or recovery) marks a queued download failed: not a SABnzbd failure. */
export const MANUALLY_MARKED_FAILED = 'Manually marked as failed';

export interface ArrReportedFailure {
  app: ArrApp;
  downloadId: string;
  title: string;
  /** SABnzbd's fail_message as the *arr copied it. */
  message: string;
  /** Epoch ms of the *arr's record (when it saw the failure). */
  failedAt: number;
  item: ArrItemRef | null;
  sizeBytes: number | null;
}

/** Oldest first. Records without a downloadId, or marked failed by hand, are left out. */
export function failuresOfHistory(app: ArrApp, records: readonly HistoryRecord[]): ArrReportedFailure[] {
  const groups = new Map<string, HistoryRecord[]>();
  const ordered = [...records].sort((a, b) => Date.parse(a.date) - Date.parse(b.date) || a.id - b.id);
  for (const r of ordered) {
    if (r.eventType !== 'downloadFailed' || !r.downloadId) continue;
    if ((r.data.message ?? '').trim() === MANUALLY_MARKED_FAILED) continue;
    const list = groups.get(r.downloadId) ?? [];
    list.push(r);
    groups.set(r.downloadId, list);
  }
  return [...groups.entries()].map(([downloadId, list]) => {
    const first = list[0]!;
    const size = Number(first.data.size);
    return {
      app,
      downloadId,
      title: first.sourceTitle ?? downloadId,
      message: first.data.message ?? '',
      failedAt: Date.parse(first.date),
      item: itemOf(app, list),
      sizeBytes: Number.isFinite(size) && size > 0 ? size : null,
    };
  });
}

function itemOf(app: ArrApp, list: readonly HistoryRecord[]): ArrItemRef | null {
  return itemOfRecords(app, list, list[0]!.sourceTitle);
}
