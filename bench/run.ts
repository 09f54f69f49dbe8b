// `npm run bench [-- --json] [--only=name,…] [--rows=N …]`: runs the benches
// in one process, one after the other, and prints a table (or, with --json,
// one JSON object per result line on stdout; progress always goes to stderr).
// The million-row activity database is built once, shared by the three query
// benches, and deleted by the retention bench, which runs last.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../main/core/clock';
import { systemClock } from '../main/core/clock';
import { buildActivityDatabase, type ActivityDatabase } from './activity-database';
import { benchActivityDbGrowth } from './activity-db-growth';
import { benchActivityPersist } from './activity-persist';
import { benchActivityQueryPage } from './activity-query-page';
import { benchActivityStats } from './activity-stats';
import { benchActivityStatsBucketed } from './activity-stats-bucketed';
import { benchActivityTimeline } from './activity-timeline';
import { benchAppColdStart } from './app-cold-start';
import { parseBenchArgs, USAGE, wanted, type BenchOptions } from './bench-options';
import type { BenchResult } from './bench-result';
import { benchBusPublish } from './bus-publish';
import { benchCoreIdleCost } from './core-idle-cost';
import { benchIpcStorm } from './ipc-storm';
import { benchPollCycle } from './poll-cycle';
import { resultsTable } from './results-table';
import { benchRecoveryRateMixed } from './recovery-rate-mixed';
import { benchRendererStatsOpen } from './renderer-stats-open';
import { benchRetentionMaxBlock } from './retention-max-block';

interface Step {
  /** Result names this step produces (for --only). */
  names: string[];
  run: () => Promise<BenchResult[]>;
}

export async function runBenches(options: BenchOptions, emit: (r: BenchResult) => void, log: (m: string) => void): Promise<{ results: BenchResult[]; failures: string[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'autoarr-bench-'));
  let activityDb: ActivityDatabase | null = null;
  const database = (): ActivityDatabase => {
    if (activityDb === null) {
      log(`building the ${options.rows.toLocaleString('en-US')}-row activity database…`);
      activityDb = buildActivityDatabase({ dir, rows: options.rows, spanDays: options.spanDays, now: Date.now() });
      log(`  built in ${(activityDb.buildMs / 1000).toFixed(1)} s`);
    }
    return activityDb;
  };
  // "Now" for the read benches is just after the newest row, as for an app that has been running.
  const readClock = (): Clock => ({ ...systemClock, now: () => database().newestAt + 1 });
  const historyLabel = (n: number) => (n % 1000 === 0 ? `${n / 1000}k` : String(n));

  const steps: Step[] = [
    { names: ['bus.publish'], run: () => benchBusPublish(options) },
    { names: ['activity.persist'], run: () => benchActivityPersist({ ...options, dir }) },
    { names: ['ipc.storm', 'ipc.storm_lost', 'ipc.storm_max_batch'], run: () => benchIpcStorm(options) },
    {
      names: [`poll.cycle_${historyLabel(options.history)}`, `poll.cycle_${historyLabel(options.smallHistory)}`],
      run: () => benchPollCycle({ ...options, dir }),
    },
    {
      names: ['core.rss_idle', 'core.idle_cpu', 'core.wakeups_per_min'],
      run: () => benchCoreIdleCost({ dir, idleCycles: options.idleCycles, idleSeconds: options.idleSeconds, log }),
    },
    { names: ['activity.query_page'], run: () => benchActivityQueryPage(database(), readClock(), options.queryRuns) },
    { names: ['activity.timeline'], run: () => benchActivityTimeline(database(), readClock(), options.queryRuns) },
    { names: ['activity.stats'], run: () => benchActivityStats(database(), readClock(), options.queryRuns) },
    { names: ['app.cold_start_ms'], run: () => benchAppColdStart({ dir, database: database(), runs: options.coldRuns, log }) },
    { names: ['activity.stats_bucketed'], run: () => benchActivityStatsBucketed({ dir, rows: options.rows * 10, spanDays: options.spanDays, runs: options.queryRuns, log }) },
    { names: ['renderer.stats_open'], run: () => benchRendererStatsOpen({ dir, rows: options.rows, spanDays: options.spanDays, log }) },
    {
      names: ['recovery.rate_mixed', 'recovery.rate_mixed_wrong', 'recovery.rate_mixed_median_base', 'recovery.rate_mixed_max_base', 'recovery.rate_mixed_needs_attention'],
      run: () => benchRecoveryRateMixed({ failures: options.recoveryFailures, arrivalGapMs: options.recoveryArrivalMs, log }),
    },
    { names: ['retention.max_block', 'retention.max_chunk'], run: () => benchRetentionMaxBlock(database()) },
    {
      names: ['activity.db_bytes_90d', 'activity.db_bytes_steady'],
      run: () =>
        benchActivityDbGrowth({ dir, growthDays: options.growthDays, steadyDays: options.steadyDays, downloadsPerDay: options.downloadsPerDay, log }),
    },
  ];

  const results: BenchResult[] = [];
  const failures: string[] = [];
  try {
    for (const step of steps) {
      if (!step.names.some((n) => wanted(options, n))) continue;
      log(`${step.names[0]}…`);
      try {
        for (const r of await step.run()) {
          if (!wanted(options, r.name)) continue;
          results.push(r);
          emit(r);
        }
      } catch (error) {
        failures.push(`${step.names[0]}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        log(`  FAILED: ${failures[failures.length - 1]}`);
      }
    }
  } finally {
    (activityDb as ActivityDatabase | null)?.handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { results, failures };
}

async function main(): Promise<number> {
  const parsed = parseBenchArgs(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(`${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  const { options } = parsed;
  const log = (m: string) => process.stderr.write(`${m}\n`);
  log(`autoarr-tray benchmarks — node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown cpu'}), load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const { results, failures } = await runBenches(options, (r) => {
    if (options.json) process.stdout.write(`${JSON.stringify(r)}\n`);
  }, log);
  if (!options.json) console.log(`\n${resultsTable(results)}`);
  for (const f of failures) log(`FAILED ${f}`);
  return failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
