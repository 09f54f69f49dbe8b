// Reads only the part of SABnzbd's history that is new since the cursor, so a
// poll costs what the new work costs, not what the history's size costs:
// page 1 carries `last_history_update` (SABnzbd answers `history: false` when
// nothing changed), and paging stops at the first job already read.
import type { SabnzbdResult } from '../sabnzbd/sabnzbd-error';
import type { HistoryQuery } from '../sabnzbd/sabnzbd-client';
import { isFinalHistoryStatus, type SabHistory, type SabHistorySlot } from '../sabnzbd/sabnzbd-schemas';
import { isAlreadyRead, type HistoryCursor } from './history-cursor';

export interface HistoryReader {
  history(query: HistoryQuery): Promise<SabnzbdResult<SabHistory | null>>;
}

export type HistoryScan =
  | { changed: false; pagesFetched: number }
  | {
      changed: true;
      /** Jobs not read before (finished ones, and everything still in post-processing), newest first. */
      slots: SabHistorySlot[];
      noofslots: number;
      lastHistoryUpdate: number;
      pagesFetched: number;
    };

export interface HistoryScanOptions {
  pageSize: number;
  /** Epoch ms; with no cursor yet, finished jobs older than `now - firstRunLookbackMs` count as read. */
  now: number;
  firstRunLookbackMs: number | null;
}

export async function scanNewHistory(
  reader: HistoryReader,
  cursor: HistoryCursor | null,
  options: HistoryScanOptions,
): Promise<SabnzbdResult<HistoryScan>> {
  const limit = Math.max(1, options.pageSize);
  const first = await reader.history({ start: 0, limit, lastHistoryUpdate: cursor?.lastHistoryUpdate });
  if (!first.ok) return first;
  if (first.value === null) return { ok: true, value: { changed: false, pagesFetched: 1 } };

  const oldestWanted =
    cursor === null && options.firstRunLookbackMs !== null ? (options.now - options.firstRunLookbackMs) / 1000 : null;
  const read = (slot: SabHistorySlot): boolean => {
    if (cursor) return isAlreadyRead(slot, cursor);
    return oldestWanted !== null && isFinalHistoryStatus(slot.status) && (slot.completed ?? 0) < oldestWanted;
  };

  const slots: SabHistorySlot[] = [];
  const seen = new Set<string>();
  let page: SabHistory = first.value;
  let start = 0;
  let pagesFetched = 1;
  for (;;) {
    let reachedRead = false;
    for (const slot of page.slots) {
      // New jobs arriving between two page requests shift older ones down a page: skip the repeats.
      if (seen.has(slot.nzo_id)) continue;
      if (read(slot)) {
        reachedRead = true;
        break;
      }
      seen.add(slot.nzo_id);
      slots.push(slot);
    }
    start += limit;
    if (reachedRead || page.slots.length < limit || start >= page.noofslots) break;
    const next = await reader.history({ start, limit });
    pagesFetched++;
    if (!next.ok) return next;
    // `null` cannot come back without last_history_update; treat it as the end.
    if (next.value === null) break;
    page = next.value;
  }
  return {
    ok: true,
    value: { changed: true, slots, noofslots: first.value.noofslots, lastHistoryUpdate: first.value.last_history_update, pagesFetched },
  };
}
