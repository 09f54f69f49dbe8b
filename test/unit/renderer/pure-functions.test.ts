// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { activityToCsv, activityToJson, CSV_COLUMNS } from '../../../renderer/activity/activity-export';
import { formatAgo, formatCountdown, formatDuration, formatDay, plural } from '../../../renderer/format/intl-format';
import { decodeParam, timelineHref, viewOfLocation } from '../../../renderer/routing/routes';
import { failureSeries } from '../../../renderer/stats/failure-series';
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
    ['/', 'overview'],
    ['/failures', 'failures'],
    ['/attention', 'attention'],
    ['/downloads/SABnzbd_nzo_a%2Fb', 'failures'],
    ['/diagnostics', 'diagnostics'],
    ['/nonsense', 'overview'],
  ])('%s belongs to %s', (location, view) => {
    expect(viewOfLocation(location)).toBe(view);
  });
  it('round-trips a download id through its timeline link', () => {
    const id = 'a b/c?d';
    const href = timelineHref(id);
    expect(href).toBe('#/downloads/a%20b%2Fc%3Fd');
    expect(decodeParam(href.slice('#/downloads/'.length))).toBe(id);
    expect(decodeParam('%E0%A4%A')).toBeNull();
    expect(decodeParam('')).toBeNull();
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
  it('stacks failures per UTC day by kind, most frequent kind at the bottom', () => {
    const s = failureSeries({
      days: ['2026-11-26', '2026-11-27', '2026-11-28'],
      buckets: [
        { day: '2026-11-27', kind: 'missing_articles', outcome: 'failed', count: 1 },
        { day: '2026-11-27', kind: 'unknown', outcome: 'failed', count: 1 },
        { day: '2026-11-28', kind: 'encrypted', outcome: 'failed', count: 1 },
        { day: '2026-11-28', kind: 'missing_articles', outcome: 'failed', count: 2 },
        { day: '2026-11-28', kind: 'missing_articles', outcome: 'recovered', count: 5 },
        { day: '2026-12-01', kind: 'encrypted', outcome: 'failed', count: 9 },
      ],
    });
    expect(s.kinds).toEqual(['missing_articles', 'encrypted', 'unknown']);
    expect(s.counts.missing_articles).toEqual([0, 1, 2]);
    expect(s.totals).toEqual([0, 2, 3]);
    expect(s.stacked).toEqual([
      [0, 1, 2],
      [0, 1, 3],
      [0, 2, 3],
    ]);
    expect(s.max).toBe(3);
  });
});

describe('formatting (Intl, en-US here)', () => {
  it('formats durations, countdowns and times ago', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(65_000)).toBe('1m 5s');
    expect(formatDuration(3_720_000)).toBe('1h 2m');
    expect(formatCountdown(T0 + 252_000, T0)).toBe('in 4 minutes');
    expect(formatCountdown(T0 + 45_000, T0)).toBe('in 45 seconds');
    expect(formatCountdown(T0 - 1, T0)).toBe('due now');
    expect(formatAgo(T0 - 2_000, T0)).toBe('now');
    expect(formatAgo(T0 - 3 * 3_600_000, T0)).toBe('3 hours ago');
    expect(formatAgo(T0 - 86_400_000, T0)).toBe('yesterday');
  });
  it('picks plural forms and names UTC days', () => {
    expect(plural(1, { one: 'entry', other: 'entries' })).toBe('1 entry');
    expect(plural(100_000, { one: 'entry', other: 'entries' })).toBe('100,000 entries');
    expect(plural(0, { one: 'job', other: 'jobs' })).toBe('0 jobs');
    expect(formatDay('2026-11-28')).toBe('Nov 28');
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
