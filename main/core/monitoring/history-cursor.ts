// How far the poller has read SABnzbd's history, kept in the StateStore so a
// restart resumes where it stopped. SABnzbd lists history newest first (by
// `completed`), so "new" is everything above the newest finished job already
// read: later `completed`, or the same second but an id not seen yet. Jobs
// still in post-processing have no `completed` and are never a boundary.
import { z } from 'zod';
import { isFinalHistoryStatus, type SabHistorySlot } from '../sabnzbd/sabnzbd-schemas';

export const HISTORY_CURSOR_KEY = 'monitoring.sabnzbd.historyCursor';

export const HistoryCursorSchema = z.object({
  /** SABnzbd's change counter when the history was last read completely. */
  lastHistoryUpdate: z.number(),
  /** `completed` (epoch seconds) of the newest finished job read. */
  newestCompleted: z.number(),
  /** Finished jobs read whose `completed` equals newestCompleted (ties within one second). */
  idsAtNewest: z.array(z.string()),
  /** History size SABnzbd reported then (shown while the history is unchanged, also after a restart). */
  noofslots: z.number().optional().default(0),
});
export type HistoryCursor = z.infer<typeof HistoryCursorSchema>;

export function parseCursor(raw: string | null): HistoryCursor | null {
  if (raw === null) return null;
  try {
    const r = HistoryCursorSchema.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** True when this slot is a finished job at or below what the cursor has already read. */
export function isAlreadyRead(slot: SabHistorySlot, cursor: HistoryCursor): boolean {
  if (!isFinalHistoryStatus(slot.status)) return false;
  const completed = slot.completed ?? 0;
  if (completed < cursor.newestCompleted) return true;
  return completed === cursor.newestCompleted && cursor.idsAtNewest.includes(slot.nzo_id);
}

/** The cursor after reading `newSlots` (any order) from a history whose counter is now `lastHistoryUpdate`. */
export function advanceCursor(
  cursor: HistoryCursor | null,
  newSlots: readonly SabHistorySlot[],
  lastHistoryUpdate: number,
  noofslots = cursor?.noofslots ?? 0,
): HistoryCursor {
  let newest = cursor?.newestCompleted ?? 0;
  for (const s of newSlots) if (isFinalHistoryStatus(s.status)) newest = Math.max(newest, s.completed ?? 0);
  const ids = new Set(cursor && cursor.newestCompleted === newest ? cursor.idsAtNewest : []);
  for (const s of newSlots) if (isFinalHistoryStatus(s.status) && (s.completed ?? 0) === newest) ids.add(s.nzo_id);
  return { lastHistoryUpdate, newestCompleted: newest, idsAtNewest: [...ids], noofslots };
}

/**
 * The cursor a first run starts from when it skips an old history: every
 * finished job before `since` (epoch ms) counts as read. Without it, a first
 * poll that found nothing recent would save "nothing read" and the next change
 * would announce the whole old history.
 */
export function lookbackCursor(since: number): HistoryCursor {
  return { lastHistoryUpdate: 0, newestCompleted: Math.floor(since / 1000), idsAtNewest: [], noofslots: 0 };
}

