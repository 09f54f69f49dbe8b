import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../../../main/core/arr/arr-schemas';
import { advanceArrFailureCursor, isUnread, parseArrFailureCursor } from '../../../main/core/monitoring/arr-failure-cursor';
import { failuresOfHistory } from '../../../main/core/monitoring/arr-failed-downloads';

const rec = (id: number, over: Partial<HistoryRecord>): HistoryRecord => ({
  id,
  date: '2026-11-28T12:00:00Z',
  eventType: 'downloadFailed',
  downloadId: 'SABnzbd_nzo_a',
  sourceTitle: 'Show.S01.1080p-GRP',
  data: { message: 'Aborted, cannot be completed - https://sabnzbd.org/not-complete', size: '1500' },
  ...over,
});

describe('failuresOfHistory', () => {
  it('one failure per downloadId: a season pack carries every episode, oldest failure first', () => {
    const out = failuresOfHistory('sonarr', [
      rec(7, { downloadId: 'SABnzbd_nzo_b', date: '2026-11-28T12:05:00Z', seriesId: 3, episodeId: 31, sourceTitle: 'Other' }),
      rec(2, { seriesId: 1, episodeId: 12 }),
      rec(1, { seriesId: 1, episodeId: 11 }),
      rec(3, { seriesId: 1, episodeId: 12 }),
      rec(4, { downloadId: undefined, seriesId: 1, episodeId: 13 }),
      rec(5, { eventType: 'grabbed', downloadId: 'SABnzbd_nzo_c', episodeId: 14 }),
    ]);
    expect(out.map((f) => f.downloadId)).toEqual(['SABnzbd_nzo_a', 'SABnzbd_nzo_b']);
    expect(out[0]).toMatchObject({
      app: 'sonarr',
      title: 'Show.S01.1080p-GRP',
      message: 'Aborted, cannot be completed - https://sabnzbd.org/not-complete',
      failedAt: Date.parse('2026-11-28T12:00:00Z'),
      item: { seriesId: 1, episodeIds: [11, 12], title: 'Show.S01.1080p-GRP' },
      sizeBytes: 1500,
    });
  });

  it('Radarr records give a movieId; hand-marked failures and records without an item are handled', () => {
    const out = failuresOfHistory('radarr', [
      rec(1, { movieId: 9, data: { message: 'Unpacking failed, CRC error' } }),
      rec(2, { downloadId: 'SABnzbd_nzo_m', movieId: 9, data: { message: 'Manually marked as failed' } }),
      rec(3, { downloadId: 'SABnzbd_nzo_x', data: {} }),
    ]);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ item: { movieId: 9 }, sizeBytes: null, message: 'Unpacking failed, CRC error' });
    expect(out[1]).toMatchObject({ downloadId: 'SABnzbd_nzo_x', item: null, message: '' });
  });
});

describe('arr failure cursor', () => {
  it('reads records after the newest date, and the unread ones at that very date', () => {
    const cursor = advanceArrFailureCursor(null, [
      { id: 1, ms: 1000 },
      { id: 2, ms: 2000 },
      { id: 3, ms: 2000 },
    ])!;
    expect(cursor).toEqual({ newestMs: 2000, idsAtNewest: [2, 3] });
    expect(isUnread({ id: 1, ms: 1000 }, cursor)).toBe(false);
    expect(isUnread({ id: 3, ms: 2000 }, cursor)).toBe(false);
    expect(isUnread({ id: 4, ms: 2000 }, cursor)).toBe(true);
    expect(isUnread({ id: 5, ms: 2001 }, cursor)).toBe(true);
    expect(advanceArrFailureCursor(cursor, [{ id: 4, ms: 2000 }])).toEqual({ newestMs: 2000, idsAtNewest: [2, 3, 4] });
    expect(advanceArrFailureCursor(cursor, [{ id: 5, ms: 2001 }])).toEqual({ newestMs: 2001, idsAtNewest: [5] });
    expect(advanceArrFailureCursor(null, [{ id: 6, ms: Number.NaN }])).toBeNull();
  });

  it('a damaged saved cursor reads as none', () => {
    expect(parseArrFailureCursor('{"newestMs":5,"idsAtNewest":[1]}')).toEqual({ newestMs: 5, idsAtNewest: [1] });
    expect(parseArrFailureCursor('not json')).toBeNull();
    expect(parseArrFailureCursor('{"newestMs":"x"}')).toBeNull();
    expect(parseArrFailureCursor(null)).toBeNull();
  });
});
