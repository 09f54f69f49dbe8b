// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { activityToCsv, activityToJson, CSV_COLUMNS } from '../../../renderer/activity/activity-export';
import { visibleRange } from '../../../renderer/components/VirtualList';
import { formatCountdown, formatDuration } from '../../../renderer/format/time-format';
import { parseHash, routeHref } from '../../../renderer/routing/hash-route';
import { failureSeries } from '../../../renderer/stats/failure-series';
import { recoveryTimes } from '../../../renderer/stats/recovery-times';
import { causationOrder } from '../../../renderer/timeline/causation-order';
import { takeTokenFromUrl, TOKEN_STORAGE_KEY } from '../../../renderer/api/browser-token';
import { activityEntry, T0 } from './fake-contract-api';

describe('activity export', () => {
  it('writes RFC 4180 CSV with quoting, context as JSON and formula cells defused', () => {
    const rows = [
      activityEntry(1, { message: 'He said "hi", then left', context: { kind: 'encrypted' } }),
      activityEntry(2, { message: '=HYPERLINK("http://evil")', downloadId: null }),
      activityEntry(3, { message: 'two\nlines' }),
    ];
    const csv = activityToCsv(rows);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines[1]).toContain('"He said ""hi"", then left"');
    expect(lines[1]).toContain('"{""kind"":""encrypted""}"');
    expect(lines[1]?.startsWith(`1,${new Date(T0 - 1000).toISOString()},`)).toBe(true);
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain('"two\nlines"');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('writes JSON with the filter, the count and the rows unchanged', () => {
    const rows = [activityEntry(5), activityEntry(6)];
    const parsed = JSON.parse(activityToJson(rows, { eventType: 'download.failed' }, T0));
    expect(parsed).toEqual({ exportedAt: new Date(T0).toISOString(), filter: { eventType: 'download.failed' }, count: 2, items: rows });
  });
});

describe('hash routes', () => {
  it.each([
    ['', { view: 'overview' }],
    ['#/failures', { view: 'failures' }],
    ['#/attention', { view: 'attention' }],
    ['#/downloads/SABnzbd_nzo_a%2Fb', { view: 'timeline', downloadId: 'SABnzbd_nzo_a/b' }],
    ['#/downloads/', { view: 'overview' }],
    ['#/nonsense', { view: 'overview' }],
    ['#/downloads/%E0%A4%A', { view: 'overview' }],
  ])('%s', (hash, route) => {
    expect(parseHash(hash)).toEqual(route);
  });
  it('round-trips a timeline route', () => {
    const r = { view: 'timeline' as const, downloadId: 'a b/c?d' };
    expect(parseHash(routeHref(r))).toEqual(r);
  });
});

describe('virtual list range', () => {
  it('covers the viewport plus overscan and stays inside the list', () => {
    expect(visibleRange(0, 400, 40, 100_000, 2)).toEqual([0, 11]);
    expect(visibleRange(40 * 50_000, 400, 40, 100_000, 2)).toEqual([49_998, 50_011]);
    expect(visibleRange(40 * 99_990, 400, 40, 100_000, 2)).toEqual([99_988, 99_999]);
    expect(visibleRange(0, 400, 40, 0, 2)).toEqual([0, -1]);
  });
});

describe('causation order', () => {
  it('sorts oldest first and indents each row under the row that caused it', () => {
    const a = activityEntry(1, { eventId: 'a', timestamp: 100, causationId: null, eventType: 'download.failed' });
    const b = activityEntry(2, { eventId: 'b', timestamp: 200, causationId: 'a', eventType: 'download.retry_started' });
    const c = activityEntry(3, { eventId: 'c', timestamp: 300, causationId: 'b', eventType: 'download.retry_failed' });
    const d = activityEntry(4, { eventId: 'd', timestamp: 250, causationId: 'elsewhere' });
    const rows = causationOrder([c, a, d, b]);
    expect(rows.map((r) => [r.entry.eventId, r.depth, r.cause?.eventId ?? null])).toEqual([
      ['a', 0, null],
      ['b', 1, 'a'],
      ['d', 0, null],
      ['c', 2, 'b'],
    ]);
  });
  it('survives a causation cycle', () => {
    const x = activityEntry(1, { eventId: 'x', causationId: 'y', timestamp: 1 });
    const y = activityEntry(2, { eventId: 'y', causationId: 'x', timestamp: 2 });
    expect(causationOrder([x, y]).map((r) => r.depth).every((d) => d <= 2)).toBe(true);
  });
});

describe('stats', () => {
  it('buckets failures by UTC day and kind, most frequent kind first', () => {
    const day = 86_400_000;
    const since = T0 - 2 * day;
    const rows = [
      activityEntry(1, { eventType: 'download.failed', timestamp: T0, context: { kind: 'encrypted' } }),
      activityEntry(2, { eventType: 'download.failed', timestamp: T0, context: { kind: 'missing_articles' } }),
      activityEntry(3, { eventType: 'download.failed', timestamp: T0 - day, context: { kind: 'missing_articles' } }),
      activityEntry(4, { eventType: 'download.failed', timestamp: T0 - day, context: { kind: 'bogus' } }),
      activityEntry(5, { eventType: 'queue.polled', timestamp: T0 }),
    ];
    const s = failureSeries(rows, since, T0);
    expect(s.days).toEqual(['2026-11-26', '2026-11-27', '2026-11-28']);
    expect(s.kinds[0]).toBe('missing_articles');
    expect(s.counts['2026-11-27']).toEqual({ missing_articles: 1, unknown: 1 });
    expect(s.counts['2026-11-28']).toEqual({ encrypted: 1, missing_articles: 1 });
    expect(s.max).toBe(2);
  });
  it('computes median, p90 and mean time to recover', () => {
    const rows = [10, 20, 30, 40, 1000].map((d, i) => activityEntry(i, { eventType: 'download.recovered', context: { durationMs: d * 1000 } }));
    expect(recoveryTimes(rows)).toEqual({ count: 5, medianMs: 30_000, p90Ms: 1_000_000, meanMs: 220_000 });
    expect(recoveryTimes([])).toEqual({ count: 0, medianMs: null, p90Ms: null, meanMs: null });
  });
});

describe('formatting', () => {
  it('formats durations and countdowns', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(65_000)).toBe('1m 05s');
    expect(formatDuration(3_720_000)).toBe('1h 2m');
    expect(formatCountdown(T0 + 252_000, T0)).toBe('in 4m 12s');
    expect(formatCountdown(T0 - 1, T0)).toBe('due now');
  });
});

describe('browser token', () => {
  it('takes ?token= once, keeps it in session storage and cleans the URL', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) };
    const first = takeTokenFromUrl('http://127.0.0.1:9000/?token=abc123#/failures', storage);
    expect(first).toEqual({ token: 'abc123', cleanedUrl: 'http://127.0.0.1:9000/#/failures' });
    expect(store.get(TOKEN_STORAGE_KEY)).toBe('abc123');
    expect(takeTokenFromUrl('http://127.0.0.1:9000/#/stats', storage)).toEqual({ token: 'abc123', cleanedUrl: null });
  });
});
