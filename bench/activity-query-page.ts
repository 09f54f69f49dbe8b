// activity.query_page: p50 ms of the window's filtered page (status +
// application, page 50 of 50-row pages) through the activity.query handler.
import type { Clock } from '../main/core/clock';
import type { ActivityDatabase } from './activity-database';
import { activityReadHandlers, timeCalls } from './activity-read-handlers';
import { result, type BenchResult } from './bench-result';
import { median } from './sample-stats';

export async function benchActivityQueryPage(db: ActivityDatabase, clock: Clock, runs: number): Promise<BenchResult[]> {
  const handlers = activityReadHandlers(db, clock);
  const samples = await timeCalls(runs, async () => {
    const r = await handlers['activity.query']({ status: 'failed', application: 'sonarr', page: 50, pageSize: 50 });
    if (!r.ok) throw new Error(r.error.message);
    // Small databases (--rows) may not reach page 50; a full-size one must.
    if (db.rows >= 100_000 && r.value.items.length !== 50) throw new Error(`page 50 had ${r.value.items.length} rows`);
  });
  const value = median(samples);
  return [result({ name: 'activity.query_page', value, unit: 'ms', baseline: null, baseline_value: null, goal: '< 5 ms', met: value < 5 })];
}
