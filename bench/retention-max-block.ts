// retention.max_block: the longest the event loop is held while
// ActivityLogService.runRetention deletes every row of the shared database
// (all made "old" by a clock a year ahead), chunk by chunk. Two probes: a
// 1 ms setInterval whose late ticks are the blocks, and perf_hooks'
// monitorEventLoopDelay as a cross-check. On a shared machine the probe also
// sees the process being descheduled, so retention.max_chunk reports the
// longest single chunk (one delete transaction, including any WAL checkpoint
// its commit ran, or one step giving free pages back to the file system
// afterwards), which is the block the code itself causes.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ActivityLogService } from '../main/core/activity/activity-log-service';
import type { Clock } from '../main/core/clock';
import { systemClock } from '../main/core/clock';
import { EventBus } from '../main/core/events/event-bus';
import type { ActivityRepository } from '../main/core/activity/activity-repository';
import type { ActivityDatabase } from './activity-database';
import { result, type BenchResult } from './bench-result';
import { median, percentile } from './sample-stats';

const YEAR_MS = 365 * 86_400_000;
const PROBE_MS = 1;

export async function benchRetentionMaxBlock(db: ActivityDatabase): Promise<BenchResult[]> {
  const ahead: Clock = { ...systemClock, now: () => db.newestAt + YEAR_MS };
  const chunks: number[] = [];
  const releases: number[] = [];
  const timed = Object.create(db.repository) as ActivityRepository;
  timed.deleteOlderThanChunk = (cutoff, size) => {
    const t = performance.now();
    const n = db.repository.deleteOlderThanChunk(cutoff, size);
    chunks.push(performance.now() - t);
    return n;
  };
  timed.releaseFreePages = (pages) => {
    const t = performance.now();
    const n = db.repository.releaseFreePages(pages);
    releases.push(performance.now() - t);
    return n;
  };
  const sizeBefore = db.handle.sqlite.pragma('page_count', { simple: true }) as number;
  const service = new ActivityLogService({ bus: new EventBus({ clock: ahead }), repository: timed, clock: ahead, retentionDays: 1 });

  let maxGap = 0;
  let last = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last - PROBE_MS);
    last = now;
  }, PROBE_MS);
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const started = performance.now();
  // start() runs retention at once, as the app does at launch; the second call waits for that run and finds nothing left.
  service.start();
  await service.runRetention();
  const totalMs = performance.now() - started;
  await service.stop();
  histogram.disable();
  clearInterval(probe);

  const left = (db.handle.sqlite.prepare('SELECT COUNT(*) AS n FROM activity_log').get() as { n: number }).n;
  const deleted = db.rows - left;
  if (left !== 0) throw new Error(`retention deleted ${deleted} of ${db.rows} rows`);
  const sizeAfter = db.handle.sqlite.pragma('page_count', { simple: true }) as number;
  const histogramMax = histogram.max / 1e6;
  const steps = chunks.concat(releases);
  const value = Math.max(maxGap, histogramMax - 1);
  return [
    result({
      name: 'retention.max_block',
      value,
      unit: 'ms',
      baseline: null,
      baseline_value: null,
      goal: `< 50 ms (${db.rows} rows deleted in ${(totalMs / 1000).toFixed(1)} s)`,
      met: value < 50,
    }),
    result({
      name: 'retention.max_chunk',
      value: Math.max(...steps),
      unit: 'ms',
      baseline: null,
      baseline_value: null,
      goal:
        `< 50 ms (deletes: p50 ${median(chunks).toFixed(1)} ms, p99 ${percentile(chunks, 99).toFixed(1)} ms, ${chunks.filter((c) => c >= 50).length} of ${chunks.length} >= 50 ms; ` +
        `giving back ${sizeBefore - sizeAfter} pages: ${releases.length} steps, p50 ${releases.length ? median(releases).toFixed(1) : "0"} ms, max ${releases.length ? Math.max(...releases).toFixed(1) : "0"} ms)`,
      met: Math.max(...steps) < 50,
    }),
  ];
}
