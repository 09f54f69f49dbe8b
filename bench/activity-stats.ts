// activity.stats: p50 ms of the Stats view's call (activity.stats handler:
// totals from the daily rollup plus the last day's breakdown from the log).
import type { Clock } from '../main/core/clock';
import type { ActivityDatabase } from './activity-database';
import { activityReadHandlers, timeCalls } from './activity-read-handlers';
import { result, type BenchResult } from './bench-result';
import { median } from './sample-stats';

export async function benchActivityStats(db: ActivityDatabase, clock: Clock, runs: number): Promise<BenchResult[]> {
  const handlers = activityReadHandlers(db, clock);
  const samples = await timeCalls(runs, async () => {
    const r = await handlers['activity.stats']({});
    if (!r.ok) throw new Error(r.error.message);
    if (r.value.total !== db.rows) throw new Error(`stats counted ${r.value.total} of ${db.rows} rows`);
  });
  const value = median(samples);
  return [result({ name: 'activity.stats', value, unit: 'ms', baseline: null, baseline_value: null, goal: '< 50 ms', met: value < 50 })];
}
