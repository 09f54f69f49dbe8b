import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivityRepository } from '../../../main/core/activity/activity-repository';
import { bucketedStatsOf } from '../../../main/core/activity/bucketed-stats';
import { bucketMidMs, histogramQuantile, NO_BUCKET, recoveryTimeBucket } from '../../../main/core/activity/outcome-rollup';
import type { NewActivityEntry } from '../../../main/core/activity/activity-entry';
import { DAY, T0, line } from './activity-fixtures';
import { MIGRATIONS_FOLDER, openTempDatabase, type TempDatabase } from './temp-database';

let tdb: TempDatabase;
let repo: ActivityRepository;
beforeEach(() => {
  tdb = openTempDatabase();
  repo = new ActivityRepository(tdb.sqlite);
});
afterEach(() => tdb.dispose());

const day0 = Math.floor(T0 / DAY);

function failed(corr: string, kind: string, at: number, application = 'sonarr'): NewActivityEntry {
  return line({ eventType: 'download.failed', status: 'failed', severity: 'high', timestamp: at, correlationId: corr, application, downloadId: corr, context: { kind, nzoId: corr } });
}
function recovered(corr: string, durationMs: unknown, at: number): NewActivityEntry {
  return line({ eventType: 'download.recovered', status: 'success', timestamp: at, correlationId: corr, downloadId: corr, context: { nzoId: corr, durationMs } });
}
function dlq(corr: string, at: number): NewActivityEntry {
  return line({ eventType: 'download.moved_to_dlq', status: 'dlq', timestamp: at, correlationId: corr, downloadId: corr, context: { nzoId: corr } });
}

describe('time-to-recover histogram', () => {
  it.each([0, 1, 999, 60_000, 90_000, 3_600_000, 86_400_000 * 3])('%i ms falls in a bucket whose middle is within 2.2 %', (ms) => {
    const b = recoveryTimeBucket(ms);
    expect(b).toBeGreaterThanOrEqual(0);
    expect(Math.abs(bucketMidMs(b) - Math.max(1, ms)) / Math.max(1, ms)).toBeLessThan(0.022);
  });

  it('has no bucket for a negative or non-finite time', () => {
    expect(recoveryTimeBucket(-5)).toBe(NO_BUCKET);
    expect(recoveryTimeBucket(Number.NaN)).toBe(NO_BUCKET);
  });

  it('takes quantiles by nearest rank', () => {
    const bins = [1_000, 2_000, 60_000, 60_000, 3_600_000].map((ms) => ({ bucket: recoveryTimeBucket(ms), count: 1 }));
    expect(histogramQuantile(bins, 0.5)).toBeCloseTo(bucketMidMs(recoveryTimeBucket(60_000)));
    expect(histogramQuantile(bins, 0.9)).toBeCloseTo(bucketMidMs(recoveryTimeBucket(3_600_000)));
    expect(histogramQuantile([], 0.5)).toBeNull();
  });

  it('stands a bin for the mean of its times when their sum is known (exact for equal times), merging bins of one bucket', () => {
    const b = recoveryTimeBucket(600_000);
    expect(histogramQuantile([{ bucket: b, count: 3, sumMs: 1_800_000 }, { bucket: b, count: 1, sumMs: 600_000 }], 0.5)).toBe(600_000);
  });
});

describe('outcome rollup kept by ActivityRepository', () => {
  it('counts failures by kind, and recoveries and dead letters under the kind of their failure', () => {
    repo.insertMany([failed('c1', 'missing_articles', T0 + 1000), failed('c2', 'encrypted', T0 + 2000), failed('c3', 'missing_articles', T0 + 3000)]);
    // Later batches (and the same batch) find the failure of their correlation.
    repo.insertMany([recovered('c1', 120_000, T0 + DAY + 10), failed('c4', 'unpack_failed', T0 + DAY + 20), recovered('c4', 600_000, T0 + DAY + 30)]);
    repo.insertMany([dlq('c2', T0 + DAY + 40), dlq('c3', T0 + DAY + 50), recovered('c9', 5_000, T0 + DAY + 60)]);
    // Chatter is no outcome.
    repo.insertMany([line({ timestamp: T0 + 5 }), line({ eventType: 'download.retry_failed', status: 'failed', timestamp: T0 + 6, correlationId: 'c1' })]);

    const stats = bucketedStatsOf(repo.outcomeRollup(day0, day0 + 1), day0, day0 + 1);
    expect(stats.days).toEqual(['2026-11-01', '2026-11-02']);
    expect(stats.totals).toEqual({ failed: 4, recovered: 3, dlq: 2, recoveryRate: 3 / 5 });
    expect(stats.buckets).toEqual([
      { day: '2026-11-01', kind: 'encrypted', outcome: 'failed', count: 1 },
      { day: '2026-11-01', kind: 'missing_articles', outcome: 'failed', count: 2 },
      { day: '2026-11-02', kind: 'encrypted', outcome: 'dlq', count: 1 },
      { day: '2026-11-02', kind: 'missing_articles', outcome: 'dlq', count: 1 },
      { day: '2026-11-02', kind: 'missing_articles', outcome: 'recovered', count: 1 },
      { day: '2026-11-02', kind: 'unknown', outcome: 'recovered', count: 1 },
      { day: '2026-11-02', kind: 'unpack_failed', outcome: 'failed', count: 1 },
      { day: '2026-11-02', kind: 'unpack_failed', outcome: 'recovered', count: 1 },
    ]);
    expect(stats.timeToRecover.count).toBe(3);
    expect(stats.timeToRecover.meanMs).toBe((120_000 + 600_000 + 5_000) / 3);
    expect(stats.timeToRecover.medianMs).toBe(120_000);
    expect(stats.timeToRecover.p90Ms).toBe(600_000);
    const missing = stats.byKind.find((k) => k.kind === 'missing_articles');
    expect(missing).toMatchObject({ failed: 2, recovered: 1, dlq: 1, recoveryRate: 0.5 });
    expect(stats.byKind[0]?.kind).toBe('missing_articles');
  });

  it('answers only the days asked for, and a recovery without a duration counts but has no time', () => {
    repo.insertMany([failed('a', 'duplicate', T0 - DAY), failed('b', 'duplicate', T0 + 10), recovered('b', 'soon', T0 + 20)]);
    const stats = bucketedStatsOf(repo.outcomeRollup(day0, day0), day0, day0);
    expect(stats.totals).toMatchObject({ failed: 1, recovered: 1, dlq: 0, recoveryRate: 1 });
    expect(stats.timeToRecover).toEqual({ count: 0, medianMs: null, p90Ms: null, meanMs: null });
  });

  it('retention drops whole days of the rollup once the cutoff has passed them', () => {
    repo.insertMany([failed('a', 'disk_full', T0 + 10), failed('b', 'disk_full', T0 + DAY + 10), failed('c', 'disk_full', T0 + 2 * DAY + 10)]);
    repo.deleteOlderThan(T0 + DAY + 500);
    const days = (tdb.sqlite.prepare('SELECT DISTINCT day FROM download_outcomes_daily ORDER BY day').pluck().all() as number[]).map((d) => d - day0);
    // Day 0 is wholly past the cutoff; day 1 still has lines after it.
    expect(days).toEqual([1, 2]);
  });

  it('the migration backfill fills an existing log exactly as the repository does', () => {
    repo.insertMany([failed('c1', 'missing_articles', T0 + 1000, 'radarr'), failed('c2', 'encrypted', T0 + 2000), recovered('c1', 3_600_000, T0 + 3000)]);
    repo.insertMany([dlq('c2', T0 + DAY), recovered('c2', 0, T0 + DAY + 1), line({ timestamp: T0 + 4 })]);
    const dump = () => tdb.sqlite.prepare('SELECT * FROM download_outcomes_daily ORDER BY day, kind, outcome, application, recover_bucket').all();
    const written = dump();
    expect(written.length).toBeGreaterThan(3);
    tdb.sqlite.exec('DELETE FROM download_outcomes_daily');
    const backfill = fs.readdirSync(MIGRATIONS_FOLDER).find((f) => f.endsWith('_download_outcomes_backfill.sql'));
    tdb.sqlite.exec(fs.readFileSync(path.join(MIGRATIONS_FOLDER, backfill!), 'utf8'));
    expect(dump()).toEqual(written);
  });
});
