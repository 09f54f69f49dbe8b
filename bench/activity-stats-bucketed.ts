// activity.stats_bucketed: p50 ms of the Stats view's one call (the
// activity.statsBucketed handler: 14 UTC days of outcomes, recovery rate and
// time-to-recover quantiles from the download_outcomes_daily rollup) on a log
// ten times `--rows` (10 M by default). Next to it, in the same run and on the
// same log, the view's old way as the baseline: every download.failed and
// download.recovered row of the 14 days through activity.query, 500 a page, up
// to 10 pages per series (what renderer/store/app-store.ts did before).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Clock } from '../main/core/clock';
import { systemClock } from '../main/core/clock';
import { buildActivityDatabase } from './activity-database';
import { activityReadHandlers, timeCalls } from './activity-read-handlers';
import { result, type BenchResult } from './bench-result';
import { median } from './sample-stats';

const DAY_MS = 86_400_000;
const DAYS = 14;

export async function benchActivityStatsBucketed(options: { dir: string; rows: number; spanDays: number; runs: number; log?: (m: string) => void }): Promise<BenchResult[]> {
  const dir = path.join(options.dir, 'stats-bucketed');
  mkdirSync(dir, { recursive: true });
  const db = buildActivityDatabase({ dir, rows: options.rows, spanDays: options.spanDays, now: Date.now() });
  options.log?.(`  ${options.rows.toLocaleString('en-US')}-row log built in ${(db.buildMs / 1000).toFixed(1)} s`);
  try {
    const clock: Clock = { ...systemClock, now: () => db.newestAt + 1 };
    const handlers = activityReadHandlers(db, clock);
    const fromDay = Math.floor(clock.now() / DAY_MS) - DAYS + 1;

    // The rollup must agree with the log it summarises (counted once, outside the timing).
    const expected = db.handle.sqlite
      .prepare(`SELECT COUNT(*) FROM activity_log WHERE event_type = 'download.failed' AND timestamp >= ?`)
      .pluck()
      .get(fromDay * DAY_MS) as number;
    const check = await handlers['activity.statsBucketed']({ days: DAYS });
    if (!check.ok) throw new Error(check.error.message);
    if (check.value.totals.failed !== expected) throw new Error(`bucketed stats counted ${check.value.totals.failed} failures, the log has ${expected}`);

    const bucketed = await timeCalls(options.runs, async () => {
      const r = await handlers['activity.statsBucketed']({ days: DAYS });
      if (!r.ok) throw new Error(r.error.message);
    });
    const since = fromDay * DAY_MS;
    const old = await timeCalls(Math.max(3, Math.floor(options.runs / 10)), async () => {
      for (const eventType of ['download.failed', 'download.recovered'] as const) {
        let rows = 0;
        for (let page = 1; page <= 10; page++) {
          const r = await handlers['activity.query']({ eventType, since, page, pageSize: 500 });
          if (!r.ok) throw new Error(r.error.message);
          rows += r.value.items.length;
          if (rows >= r.value.total || r.value.items.length === 0) break;
        }
      }
    });
    const value = median(bucketed);
    return [
      result({
        name: 'activity.stats_bucketed',
        value,
        unit: 'ms',
        baseline: `old Stats fetch: failed + recovered rows via activity.query (≤ 5 000 each), ${options.rows.toLocaleString('en-US')} rows`,
        baseline_value: median(old),
        goal: '< 50 ms',
        met: value < 50,
      }),
    ];
  } finally {
    db.handle.close();
  }
}
