// activity.timeline: p50 ms of one download's timeline (downloads.timeline
// handler: store lookup, then every activity row of the download), picking
// downloads spread across the whole log.
import type { Clock } from '../main/core/clock';
import type { ActivityDatabase } from './activity-database';
import { activityReadHandlers, timeCalls } from './activity-read-handlers';
import { result, type BenchResult } from './bench-result';
import { median } from './sample-stats';
import { EVENTS_PER_BLOCK, downloadIdOf } from './sample-events';

export async function benchActivityTimeline(db: ActivityDatabase, clock: Clock, runs: number): Promise<BenchResult[]> {
  const handlers = activityReadHandlers(db, clock);
  const blocks = Math.max(1, Math.floor(db.rows / EVENTS_PER_BLOCK));
  const samples = await timeCalls(runs, async (i) => {
    const block = Math.floor(((i * 7919) % runs) * (blocks / runs));
    const r = await handlers['downloads.timeline']({ downloadId: downloadIdOf(block) });
    if (!r.ok) throw new Error(r.error.message);
    if (r.value.entries.length === 0) throw new Error(`no timeline for block ${block}`);
  });
  const value = median(samples);
  return [result({ name: 'activity.timeline', value, unit: 'ms', baseline: null, baseline_value: null, goal: '< 2 ms', met: value < 2 })];
}
