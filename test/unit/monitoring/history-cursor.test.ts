import { describe, expect, it } from 'vitest';
import { advanceCursor, isAlreadyRead, parseCursor, type HistoryCursor } from '../../../main/core/monitoring/history-cursor';
import { nextPollDelayMs } from '../../../main/core/monitoring/poll-delay';
import type { SabHistorySlot } from '../../../main/core/sabnzbd/sabnzbd-schemas';

const slot = (nzo_id: string, status: string, completed: number | null): SabHistorySlot => ({
  nzo_id,
  name: nzo_id,
  status,
  category: 'tv',
  fail_message: '',
  completed,
  bytes: 1,
  retry: false,
  url: null,
  storage: null,
  action_line: null,
});

const cursor: HistoryCursor = { lastHistoryUpdate: 7, newestCompleted: 1000, idsAtNewest: ['a'], noofslots: 40 };

describe('history cursor', () => {
  it.each([
    ['older finished job (even one never seen, e.g. after the top was deleted)', slot('z', 'Failed', 999), true],
    ['same second, already read', slot('a', 'Completed', 1000), true],
    ['same second, not read yet', slot('b', 'Failed', 1000), false],
    ['newer finished job', slot('c', 'Failed', 1001), false],
    ['still post-processing (no completion time)', slot('d', 'Running', 0), false],
    ['queued for post-processing', slot('e', 'Queued', null), false],
  ])('%s → read: %s', (_label, s, read) => {
    expect(isAlreadyRead(s, cursor)).toBe(read);
  });

  it('advances to the newest finished job, keeping ties', () => {
    expect(advanceCursor(cursor, [slot('b', 'Failed', 1000), slot('r', 'Running', 0)], 8, 42)).toEqual({
      lastHistoryUpdate: 8,
      newestCompleted: 1000,
      idsAtNewest: ['a', 'b'],
      noofslots: 42,
    });
    expect(advanceCursor(cursor, [slot('c', 'Failed', 1001), slot('d', 'Completed', 1001), slot('e', 'Failed', 1000)], 9)).toEqual({
      lastHistoryUpdate: 9,
      newestCompleted: 1001,
      idsAtNewest: ['c', 'd'],
      noofslots: 40,
    });
    expect(advanceCursor(null, [], 3)).toEqual({ lastHistoryUpdate: 3, newestCompleted: 0, idsAtNewest: [], noofslots: 0 });
  });

  it('a missing or damaged saved cursor reads as none', () => {
    expect(parseCursor(null)).toBeNull();
    expect(parseCursor('{not json')).toBeNull();
    expect(parseCursor('{"lastHistoryUpdate":"x"}')).toBeNull();
    expect(parseCursor(JSON.stringify(cursor))).toEqual(cursor);
    // A cursor saved before noofslots existed still reads.
    expect(parseCursor('{"lastHistoryUpdate":1,"newestCompleted":2,"idsAtNewest":[]}')).toMatchObject({ noofslots: 0 });
  });
});

describe('poll delay', () => {
  it.each([
    [120_000, 0, 120_000],
    [120_000, 1, 240_000],
    [120_000, 2, 480_000],
    [120_000, 3, 900_000],
    [120_000, 40, 900_000],
    [1_800_000, 2, 1_800_000], // an interval above the cap is never shortened
  ])('interval %i ms after %i failures → %i ms', (interval, failures, expected) => {
    expect(nextPollDelayMs(interval, failures)).toBe(expected);
  });
});
