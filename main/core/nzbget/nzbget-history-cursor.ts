// Incremental history for NZBGet, which offers no "changed since": `history`
// always answers the whole list (no paging, no change counter like SABnzbd's
// last_history_update). What it does offer, and what this builds on:
// - a job enters history only by leaving the queue (`listgroups` lists every
//   job until its post-processing is over), so while every job seen queued is
//   still queued and no NZBID was skipped, the history has not gained a job;
// - NZBIDs only grow, so a job added and finished between two polls shows as
//   a gap below the next new NZBID;
// - `HistoryTime` (when the job entered history) orders what is new.
// - NZBGet logs every job it adds and every job entering history, and its
//   message IDs only grow: a job added and finished between two polls with no
//   later job (a missing-articles failure does this in seconds) never shows in
//   the queue, but it moves the newest message ID.
// So a poll costs the `listgroups` the poller reads anyway plus `log [0,1]`
// (one message) until the queue or the message ID says the history may have
// changed; then one `history`, of which only the jobs past the cursor are
// handed on. A full read every `fullReadEveryMs` still catches edits made in
// NZBGet's own window and an NZBGet whose INFO messages are kept off its
// screen log (InfoTarget=log/none).
import { z } from 'zod';

export const DEFAULT_NZBGET_FULL_READ_EVERY_MS = 5 * 60_000;

export const NzbgetCursorSchema = z.object({
  client: z.literal('nzbget'),
  /** HistoryTime (NZBGet's epoch seconds) of the newest job read. */
  newestHistoryTime: z.number(),
  /** NZBIDs read whose HistoryTime equals newestHistoryTime (ties within one second). */
  idsAtNewest: z.array(z.number()),
  /** NZBIDs in the queue at the last poll. */
  queueIds: z.array(z.number()),
  /** Highest NZBID seen anywhere. */
  maxNzbId: z.number(),
  /** Epoch ms of the last history read. */
  lastReadAt: z.number(),
  /** History size at the last read. */
  total: z.number(),
  /** NZBGet's newest message ID when last looked (absent in cursors saved before it was kept: read once). */
  lastMessageId: z.number().nullable().optional(),
});
export type NzbgetCursor = z.infer<typeof NzbgetCursorSchema>;

export function parseNzbgetCursor(raw: unknown): NzbgetCursor | null {
  const r = NzbgetCursorSchema.safeParse(raw);
  return r.success ? r.data : null;
}

export type HistoryReadReason = 'first_read' | 'job_left_queue' | 'unseen_job' | 'new_messages' | 'periodic';

/**
 * Why the history must be read now, or null when the queue and NZBGet's newest message ID prove
 * nothing new reached it. `messageId` undefined: not looked at yet (the queue alone decides).
 */
export function historyReadReason(
  cursor: NzbgetCursor | null,
  queueIds: readonly number[],
  now: number,
  fullReadEveryMs: number,
  messageId?: number | null,
): HistoryReadReason | null {
  if (cursor === null) return 'first_read';
  const queued = new Set(queueIds);
  if (cursor.queueIds.some((id) => !queued.has(id))) return 'job_left_queue';
  const fresh = queueIds.filter((id) => id > cursor.maxNzbId);
  if (fresh.length > 0) {
    const top = Math.max(...fresh);
    for (let id = cursor.maxNzbId + 1; id < top; id++) if (!queued.has(id)) return 'unseen_job';
  }
  if (messageId !== undefined && messageId !== cursor.lastMessageId) return 'new_messages';
  if (now - cursor.lastReadAt >= fullReadEveryMs) return 'periodic';
  return null;
}

/** The cursor after a poll that did not read the history. */
export function cursorAfterQueue(cursor: NzbgetCursor, queueIds: readonly number[], messageId?: number | null): NzbgetCursor {
  const next: NzbgetCursor = { ...cursor, queueIds: [...queueIds], maxNzbId: Math.max(cursor.maxNzbId, ...queueIds) };
  return messageId === undefined ? next : { ...next, lastMessageId: messageId };
}

export interface HistoryStamp {
  nzbId: number;
  historyTime: number;
}

/** True when this job was handed on by an earlier read. */
export function isAlreadyRead(item: HistoryStamp, cursor: NzbgetCursor): boolean {
  if (item.historyTime < cursor.newestHistoryTime) return true;
  return item.historyTime === cursor.newestHistoryTime && cursor.idsAtNewest.includes(item.nzbId);
}

/** The cursor after reading the whole history (`items`) with this queue. */
export function cursorAfterRead(
  cursor: NzbgetCursor | null,
  items: readonly HistoryStamp[],
  queueIds: readonly number[],
  now: number,
  floorHistoryTime = 0,
  messageId?: number | null,
): NzbgetCursor {
  let newest = Math.max(cursor?.newestHistoryTime ?? 0, floorHistoryTime);
  for (const item of items) newest = Math.max(newest, item.historyTime);
  const ids = new Set(cursor && cursor.newestHistoryTime === newest ? cursor.idsAtNewest : []);
  for (const item of items) if (item.historyTime === newest) ids.add(item.nzbId);
  return {
    client: 'nzbget',
    newestHistoryTime: newest,
    idsAtNewest: [...ids],
    queueIds: [...queueIds],
    maxNzbId: Math.max(cursor?.maxNzbId ?? 0, ...items.map((i) => i.nzbId), ...queueIds),
    lastReadAt: now,
    total: items.length,
    ...(messageId === undefined ? {} : { lastMessageId: messageId }),
  };
}
