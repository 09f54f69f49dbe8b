import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivityRepository, splitByWholeDays } from '../../../main/core/activity/activity-repository';
import type { ActivityFilters, ActivityStatus } from '../../../main/core/activity/activity-entry';
import type { EventType } from '../../../shared/events';
import { openTempDatabase, type TempDatabase } from './temp-database';
import { DAY, T0, line } from './activity-fixtures';

let tdb: TempDatabase;
let repo: ActivityRepository;
beforeEach(() => {
  tdb = openTempDatabase();
  repo = new ActivityRepository(tdb.sqlite);
});
afterEach(() => tdb.dispose());

function rawCount(where = '1 = 1', ...params: (string | number)[]): number {
  return (tdb.sqlite.prepare(`SELECT COUNT(*) AS n FROM activity_log WHERE ${where}`).get(...params) as { n: number }).n;
}

describe('ActivityRepository writes', () => {
  it('insert stores every field and returns the new id; context round-trips as JSON', () => {
    const id = repo.insert(
      line({ eventId: 'e1', downloadId: 'SABnzbd_nzo_a', application: 'sonarr', causationId: 'c0', context: { a: [1, 2], b: null } }),
    );
    const [entry] = repo.timelineByDownload('SABnzbd_nzo_a');
    expect(entry).toMatchObject({ id, eventId: 'e1', application: 'sonarr', causationId: 'c0', context: { a: [1, 2], b: null } });
  });

  it('insertMany writes all lines in one transaction: one bad line writes none', () => {
    expect(repo.insertMany([line(), line(), line()])).toBe(3);
    expect(rawCount()).toBe(3);
    const bad = { ...line(), eventId: null as unknown as string };
    expect(() => repo.insertMany([line(), bad])).toThrow(/NOT NULL/);
    expect(rawCount()).toBe(3);
    expect(repo.stats().total).toBe(3);
    expect(repo.insertMany([])).toBe(0);
  });
});

describe('ActivityRepository.query', () => {
  beforeEach(() => {
    const rows = [];
    for (let i = 0; i < 30; i++) {
      rows.push(
        line({
          timestamp: T0 + i * 3_600_000, // hourly, spans two days
          eventType: (i % 3 === 0 ? 'download.failed' : i % 3 === 1 ? 'download.retry_started' : 'queue.polled') as EventType,
          status: (i % 3 === 0 ? 'failed' : i % 3 === 1 ? 'in_progress' : 'info') as ActivityStatus,
          severity: i % 5 === 0 ? 'high' : 'low',
          source: i % 2 ? 'poller' : 'recovery',
          application: i % 4 === 0 ? 'sonarr' : i % 4 === 1 ? 'radarr' : null,
          downloadId: i % 3 === 2 ? null : `nzo_${i % 6}`,
          message: i === 7 ? 'Special 100%_done line' : `line ${i}`,
        }),
      );
    }
    repo.insertMany(rows);
  });

  it('returns newest first with page, pageSize and the total of all matches', () => {
    const p1 = repo.query({ pageSize: 10 });
    expect(p1.total).toBe(30);
    expect(p1.items).toHaveLength(10);
    const ts = p1.items.map((e) => e.timestamp);
    expect([...ts].sort((a, b) => b - a)).toEqual(ts);
    const p3 = repo.query({ pageSize: 10, page: 3 });
    expect(p3.items.at(-1)?.timestamp).toBe(T0);
    expect(repo.query({ pageSize: 10, page: 4 }).items).toEqual([]);
  });

  it.each<[string, ActivityFilters, string, (string | number)[]]>([
    ['eventTypes', { eventTypes: ['download.failed', 'queue.polled'] }, "event_type IN ('download.failed','queue.polled')", []],
    ['source', { source: 'poller' }, 'source = ?', ['poller']],
    ['status', { status: 'failed' }, 'status = ?', ['failed']],
    ['downloadId', { downloadId: 'nzo_0' }, 'download_id = ?', ['nzo_0']],
    ['application', { application: 'sonarr' }, 'application = ?', ['sonarr']],
    ['severity', { severity: 'high' }, 'severity = ?', ['high']],
    ['from/to', { from: T0 + 5 * 3_600_000, to: T0 + 26 * 3_600_000 }, 'timestamp >= ? AND timestamp < ?', [T0 + 5 * 3_600_000, T0 + 26 * 3_600_000]],
    ['text (LIKE, % and _ taken literally)', { text: '100%_d' }, "message = 'Special 100%_done line'", []],
    ['status + application', { status: 'failed', application: 'sonarr' }, "status = 'failed' AND application = 'sonarr'", []],
  ])('filters by %s and counts the matches', (_name, filters, where, params) => {
    const expected = rawCount(where, ...params);
    expect(expected).toBeGreaterThan(0);
    const page = repo.query({ ...filters, pageSize: 500 });
    expect(page.total).toBe(expected);
    expect(page.items).toHaveLength(expected);
  });

  it('text search is case-insensitive and % alone matches nothing special', () => {
    expect(repo.query({ text: 'SPECIAL' }).total).toBe(1);
    expect(repo.query({ text: '%' }).total).toBe(1);
  });
});

describe('ActivityRepository.count through the daily rollup', () => {
  it('always equals a plain COUNT(*), for any mix of type/status/application and any time range', () => {
    const types: EventType[] = ['download.failed', 'queue.polled', 'service.error'];
    const statuses: ActivityStatus[] = ['failed', 'info', 'error'];
    const rows = [];
    for (let i = 0; i < 400; i++) {
      rows.push(
        line({
          timestamp: T0 + Math.floor(i * 4.3 * 3_600_000), // ~72 days
          eventType: types[i % 3]!,
          status: statuses[(i * 7) % 3]!,
          application: i % 5 === 0 ? null : i % 2 ? 'sonarr' : 'radarr',
        }),
      );
    }
    repo.insertMany(rows);
    const span = 400 * 4.3 * 3_600_000;
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: -DAY, max: span + DAY })),
        fc.option(fc.integer({ min: -DAY, max: span + DAY })),
        fc.option(fc.constantFrom(...types)),
        fc.option(fc.constantFrom(...statuses)),
        fc.option(fc.constantFrom('sonarr', 'radarr')),
        (from, to, type, status, app) => {
          const f: ActivityFilters = {};
          const clauses = ['1 = 1'];
          const params: (string | number)[] = [];
          const add = (clause: string, value: string | number): void => {
            clauses.push(clause);
            params.push(value);
          };
          if (from !== null) add('timestamp >= ?', (f.from = T0 + from));
          if (to !== null) add('timestamp < ?', (f.to = T0 + to));
          if (type !== null) add('event_type = ?', (f.eventTypes = [type])[0]!);
          if (status !== null) add('status = ?', (f.status = status));
          if (app !== null) add('application = ?', (f.application = app));
          expect(repo.count(f)).toBe(rawCount(clauses.join(' AND '), ...params));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('splitByWholeDays leaves partial days as edges', () => {
    expect(splitByWholeDays(undefined, undefined)).toEqual({ days: { from: null, to: null }, edges: [] });
    expect(splitByWholeDays(DAY * 10 + 5, DAY * 12 + 7)).toEqual({
      days: { from: 11, to: 12 },
      edges: [
        { from: DAY * 10 + 5, to: DAY * 11 },
        { from: DAY * 12, to: DAY * 12 + 7 },
      ],
    });
    expect(splitByWholeDays(DAY * 10 + 5, DAY * 10 + 9)).toEqual({ days: null, edges: [{ from: DAY * 10 + 5, to: DAY * 10 + 9 }] });
    expect(splitByWholeDays(DAY * 10 + 9, DAY * 10 + 5)).toEqual({ days: null, edges: [] });
  });
});

describe('ActivityRepository timelines', () => {
  it('returns one download or one correlation oldest first, ties broken by id', () => {
    repo.insertMany([
      line({ timestamp: T0 + 3000, downloadId: 'nzo_x', correlationId: 'c', eventId: 'third' }),
      line({ timestamp: T0 + 1000, downloadId: 'nzo_x', correlationId: 'c', eventId: 'first' }),
      line({ timestamp: T0 + 2000, downloadId: 'nzo_other', correlationId: 'c', eventId: 'second-other-download' }),
      line({ timestamp: T0 + 3000, downloadId: 'nzo_x', correlationId: 'c', eventId: 'fourth' }),
      line({ timestamp: T0 + 1500, downloadId: 'nzo_y', correlationId: 'd', eventId: 'unrelated' }),
    ]);
    expect(repo.timelineByDownload('nzo_x').map((e) => e.eventId)).toEqual(['first', 'third', 'fourth']);
    expect(repo.timelineByCorrelation('c').map((e) => e.eventId)).toEqual(['first', 'second-other-download', 'third', 'fourth']);
    expect(repo.timelineByDownload('nope')).toEqual([]);
  });
});

describe('ActivityRepository.stats', () => {
  it('counts by type, status, application and UTC day, over everything or a range', () => {
    repo.insertMany([
      line({ timestamp: T0 + 1000, eventType: 'download.failed', status: 'failed', application: 'sonarr' }),
      line({ timestamp: T0 + 2000, eventType: 'download.failed', status: 'failed', application: 'radarr' }),
      line({ timestamp: T0 + DAY + 5, eventType: 'download.recovered', status: 'success', application: 'sonarr' }),
      line({ timestamp: T0 + 2 * DAY + 5, eventType: 'queue.polled', status: 'info', application: null }),
    ]);
    expect(repo.stats()).toEqual({
      total: 4,
      byType: { 'download.failed': 2, 'download.recovered': 1, 'queue.polled': 1 },
      byStatus: { failed: 2, success: 1, info: 1 },
      byApplication: { sonarr: 2, radarr: 1, none: 1 },
      byDay: [
        { day: '2026-11-01', count: 2 },
        { day: '2026-11-02', count: 1 },
        { day: '2026-11-03', count: 1 },
      ],
    });
    const ranged = repo.stats({ from: T0 + 1500, to: T0 + 2 * DAY });
    expect(ranged.total).toBe(2);
    expect(ranged.byType).toEqual({ 'download.failed': 1, 'download.recovered': 1 });
    expect(ranged.byDay).toEqual([
      { day: '2026-11-01', count: 1 },
      { day: '2026-11-02', count: 1 },
    ]);
  });
});

describe('ActivityRepository retention', () => {
  it('deletes only lines older than the cutoff, in chunks, and keeps the rollup exact', () => {
    const old = Array.from({ length: 10 }, (_, i) => line({ timestamp: T0 - 100 * DAY + i, status: 'failed', application: 'sonarr' }));
    const recent = Array.from({ length: 5 }, (_, i) => line({ timestamp: T0 + i }));
    repo.insertMany([...recent, ...old]);
    expect(repo.deleteOlderThanChunk(T0 - DAY, 3)).toBe(3);
    expect(rawCount()).toBe(12);
    expect(repo.stats().total).toBe(12);
    expect(repo.deleteOlderThan(T0 - DAY, 3)).toBe(7);
    expect(rawCount()).toBe(5);
    expect(rawCount('timestamp < ?', T0)).toBe(0);
    expect(repo.stats()).toMatchObject({ total: 5, byStatus: { info: 5 } });
    expect(repo.count({ status: 'failed' })).toBe(0);
    expect(tdb.sqlite.prepare('SELECT COUNT(*) AS n FROM activity_daily_counts WHERE count <= 0').get()).toEqual({ n: 0 });
    expect(repo.deleteOlderThan(T0 - DAY)).toBe(0);
  });
});
