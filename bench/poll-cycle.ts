// poll.cycle_10k / poll.cycle_100: ms of one poll cycle that finds 100 new
// failures on top of a 10 000- and a 100-entry history already read, over
// real HTTP from a SABnzbd-shaped server. The pieces are wired as createCore
// wires them (SabnzbdClient, Poller, the SQLite store and cursor, the bus with
// the activity log on it). A cycle should cost what the new work costs, so
// the big history should take about as long as the small one.
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { defaultSettings } from '../shared/settings';
import { ActivityLogService } from '../main/core/activity/activity-log-service';
import { ActivityRepository } from '../main/core/activity/activity-repository';
import { DownloadMonitoringRepository } from '../main/core/activity/download-monitoring-repository';
import { SqliteStateStore } from '../main/core/activity/state-store';
import { systemClock } from '../main/core/clock';
import { EventBus } from '../main/core/events/event-bus';
import { Poller } from '../main/core/monitoring/poller';
import { SabnzbdClient } from '../main/core/sabnzbd/sabnzbd-client';
import { openBenchDatabase } from './activity-database';
import { startSabnzbdHistoryScenario } from './sabnzbd-history-scenario';
import { result, type BenchResult } from './bench-result';
import { median } from './sample-stats';

async function cycleTimes(dir: string, history: number, newFailures: number, runs: number): Promise<{ ms: number; pages: number }> {
  const server = await startSabnzbdHistoryScenario({ history });
  const handle = openBenchDatabase(mkdtempSync(path.join(dir, `poll-${history}-`)), 'autoarr.db');
  const bus = new EventBus({ clock: systemClock });
  const activity = new ActivityLogService({ bus, repository: new ActivityRepository(handle.sqlite), clock: systemClock });
  activity.start();
  const settings = defaultSettings();
  const poller = new Poller({
    sabnzbd: new SabnzbdClient({ connection: { url: server.url, apiKey: server.apiKey, timeoutMs: 30_000 } }),
    bus,
    store: new DownloadMonitoringRepository(handle.db),
    state: new SqliteStateStore(handle.db),
    clock: systemClock,
    settings: () => settings,
    // Wired as createCore wires it: a cycle's failure lines are written once, before the cursor moves.
    failureLog: activity,
    // The first (untimed) poll reads the whole history so the cursor sits on its newest job. The app's
    // 7-day first-run lookback is not used: with it, the cursor stays at 0 after a first poll that
    // found nothing recent, and the next changed poll re-reads (and announces) the whole history.
    firstRunLookbackMs: null,
  });
  try {
    const first = await poller.pollNow();
    if (!first.ok) throw new Error(`first poll failed: ${first.error?.message}`);
    const samples: number[] = [];
    let pages = 0;
    // One untimed round warms the JIT and the statement caches.
    for (let r = 0; r <= runs; r++) {
      server.replaceNewFailures(newFailures);
      const started = performance.now();
      const summary = await poller.pollNow();
      const ms = performance.now() - started;
      if (!summary.ok || summary.newFailures !== newFailures) {
        throw new Error(`poll found ${summary.newFailures} of ${newFailures} new failures (${summary.error?.message ?? 'ok'})`);
      }
      if (r > 0) samples.push(ms);
      pages = summary.pagesFetched;
    }
    return { ms: median(samples), pages };
  } finally {
    await activity.stop();
    handle.close();
    await server.close();
  }
}

export async function benchPollCycle(options: {
  dir: string;
  history: number;
  smallHistory: number;
  newFailures: number;
  pollRuns: number;
}): Promise<BenchResult[]> {
  const small = await cycleTimes(options.dir, options.smallHistory, options.newFailures, options.pollRuns);
  const large = await cycleTimes(options.dir, options.history, options.newFailures, options.pollRuns);
  const label = (n: number) => (n % 1000 === 0 ? `${n / 1000}k` : String(n));
  const smallName = `poll.cycle_${label(options.smallHistory)}`;
  return [
    result({
      name: `poll.cycle_${label(options.history)}`,
      value: large.ms,
      unit: 'ms',
      baseline: smallName,
      baseline_value: small.ms,
      goal: 'ratio < 2',
      met: large.ms / small.ms < 2,
    }),
    result({ name: smallName, value: small.ms, unit: 'ms', baseline: null, baseline_value: null, goal: `baseline (${small.pages} pages)`, met: true }),
  ];
}
