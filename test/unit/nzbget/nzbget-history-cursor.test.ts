// When must NZBGet's whole history be read? The queue decides (table), and what is read is
// cut at the cursor so each job is handed on once.
import { describe, expect, it } from 'vitest';
import { cursorAfterQueue, cursorAfterRead, historyReadReason, isAlreadyRead, type NzbgetCursor } from '../../../main/core/nzbget/nzbget-history-cursor';

const NOW = 1_000_000_000;
const EVERY = 300_000;
const cursor = (o: Partial<NzbgetCursor> = {}): NzbgetCursor => ({
  client: 'nzbget',
  newestHistoryTime: 500,
  idsAtNewest: [7],
  queueIds: [8, 9],
  maxNzbId: 9,
  lastReadAt: NOW - 10_000,
  total: 7,
  ...o,
});

describe('historyReadReason', () => {
  const cases: [string, NzbgetCursor | null, number[], number, string | null][] = [
    ['no cursor yet', null, [], NOW, 'first_read'],
    ['queue unchanged', cursor(), [8, 9], NOW, null],
    ['a queued job went on downloading, nothing left', cursor(), [9, 8], NOW, null],
    ['a job left the queue (finished or deleted)', cursor(), [9], NOW, 'job_left_queue'],
    ['the next NZBID arrived', cursor(), [8, 9, 10], NOW, null],
    ['NZBID 10 came and went between polls (11 shows)', cursor(), [8, 9, 11], NOW, 'unseen_job'],
    ['two new ids, no gap', cursor(), [8, 9, 10, 11], NOW, null],
    ['a job sent back from history (known id) is no gap', cursor({ queueIds: [9] }), [7, 9], NOW, null],
    ['unchanged, but the last read is 5 minutes old', cursor(), [8, 9], NOW - 10_000 + EVERY, 'periodic'],
  ];
  for (const [name, c, queue, now, want] of cases) {
    it(name, () => expect(historyReadReason(c, queue, now, EVERY)).toBe(want));
  }

  // NZBGet's newest message ID: a job that came and went between polls with no later job shows only here.
  const withMessages: [string, NzbgetCursor, number[], number | null, string | null][] = [
    ['queue and newest message unchanged', cursor({ lastMessageId: 40 }), [8, 9], 40, null],
    ['a message since (a job added to history between polls)', cursor({ lastMessageId: 40 }), [8, 9], 44, 'new_messages'],
    ['NZBGet restarted (IDs start over)', cursor({ lastMessageId: 40 }), [8, 9], 3, 'new_messages'],
    ['no message kept before, none now', cursor({ lastMessageId: null }), [8, 9], null, null],
    ['a cursor saved before the ID was kept', cursor(), [8, 9], 40, 'new_messages'],
    ['the queue decides first', cursor({ lastMessageId: 40 }), [9], 44, 'job_left_queue'],
  ];
  for (const [name, c, queue, messageId, want] of withMessages) {
    it(name, () => expect(historyReadReason(c, queue, NOW, EVERY, messageId)).toBe(want));
  }
});

describe('reading past the cursor', () => {
  it('a job is new when it entered history later, or in the same second under another id', () => {
    const c = cursor();
    expect(isAlreadyRead({ nzbId: 3, historyTime: 499 }, c)).toBe(true);
    expect(isAlreadyRead({ nzbId: 7, historyTime: 500 }, c)).toBe(true);
    expect(isAlreadyRead({ nzbId: 8, historyTime: 500 }, c)).toBe(false);
    // HistoryRedownload keeps the NZBID: the job's next outcome enters history anew.
    expect(isAlreadyRead({ nzbId: 7, historyTime: 560 }, c)).toBe(false);
  });

  it('moves to the newest job read, remembering ties, the queue and the highest id', () => {
    const next = cursorAfterRead(cursor(), [
      { nzbId: 8, historyTime: 520 },
      { nzbId: 10, historyTime: 520 },
      { nzbId: 7, historyTime: 500 },
    ], [9, 11], NOW);
    expect(next).toEqual({ client: 'nzbget', newestHistoryTime: 520, idsAtNewest: [8, 10], queueIds: [9, 11], maxNzbId: 11, lastReadAt: NOW, total: 3 });
  });

  it('a first read with a look-back floor counts older jobs as read', () => {
    const next = cursorAfterRead(null, [{ nzbId: 1, historyTime: 100 }], [], NOW, 400);
    expect(next.newestHistoryTime).toBe(400);
    expect(isAlreadyRead({ nzbId: 1, historyTime: 100 }, next)).toBe(true);
  });

  it('a poll without a read keeps the read position and follows the queue', () => {
    expect(cursorAfterQueue(cursor(), [9, 10])).toEqual(cursor({ queueIds: [9, 10], maxNzbId: 10 }));
  });
});
