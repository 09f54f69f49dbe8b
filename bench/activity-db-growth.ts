// activity.db_bytes_90d / activity.db_bytes_steady: bytes the database takes
// on disk after months of a heavy stack. `--growth-days` (90) simulated days
// of `--downloads-per-day` (1 000) downloads, 3 % of them failing, run through
// the real pieces as createCore wires them: the Poller (every 120 s, the
// settings default) reading the fake SABnzbd (simulated-downloads.ts), the failure announcer and the
// download store, the EventBus, and ActivityLogService with its daily
// retention at `--growth-days` days, all on one simulated clock. Recovery is
// played by a small script (recovery/** has its own benches and tests): a
// failure is retried after the base backoff, the replacement goes through
// SABnzbd like any download (its lines are the poller's), and it ends
// recovered, or, for one failure in seven, in the dead-letter queue after
// two failed attempts; the store and the events are what RecoveryEngine
// writes and publishes for those steps.
//
// The figure is the database file plus its -wal and -shm on disk at the end
// of day 90, retention having run daily. Then `--steady-days` (10) more days:
// retention now deletes a day for each day written, and the file must stay
// flat (db_bytes_steady: the largest of those days, ratio to day 90; each
// day's size is logged). The run costs ~5 s a simulated day on these 2 cores,
// mostly drizzle building and preparing the store's queries (two per
// state-change line), so it is the longest bench.
import { mkdtempSync, statSync } from 'node:fs';
import path from 'node:path';
import { defaultSettings, type Settings } from '../shared/settings';
import type { Strategy } from '../shared/domain';
import { ActivityLogService } from '../main/core/activity/activity-log-service';
import { ActivityRepository } from '../main/core/activity/activity-repository';
import { DownloadMonitoringRepository } from '../main/core/activity/download-monitoring-repository';
import { SqliteStateStore } from '../main/core/activity/state-store';
import { EventBus } from '../main/core/events/event-bus';
import { sequentialIds } from '../main/core/ids';
import { earlierJobOwner } from '../main/core/monitoring/earlier-job-owner';
import { Poller } from '../main/core/monitoring/poller';
import { FakeClock } from '../test/support/fake-clock';
import { openBenchDatabase } from './activity-database';
import { result, type BenchResult } from './bench-result';
import { SimulatedDownloads, type SimulatedJob } from './simulated-downloads';

const DAY_MS = 86_400_000;
const MB = 1024 * 1024;
export const DB_BYTES_GOAL_MB = 200;
/** "Flat": the steady-state file may be this much above day 90's (a few pages of slack, not a trend). */
export const STEADY_GOAL_RATIO = 1.05;

/** SABnzbd's own wording of real failures (../shared/fixtures/sabnzbd). */
const FAIL_MESSAGES = [
  'Download failed - Not on your server(s) - https://sabnzbd.org/not-complete',
  'Aborted, cannot be completed - https://sabnzbd.org/not-complete',
  'Repair failed, not enough repair blocks (18 short)',
  'Unpacking failed, CRC error',
  'Aborted, encryption detected',
  'Unpacking failed, write error or disk is full?',
  'Script exit code is 1',
  'Duplicate NZB',
];

/** mulberry32: a small seeded generator, so every run simulates the same months. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GrowthOptions {
  dir: string;
  growthDays: number;
  steadyDays: number;
  downloadsPerDay: number;
  /** Failures per 1 000 downloads. */
  failurePerMille?: number;
  log: (message: string) => void;
}

export interface GrowthRun {
  /** Bytes on disk (db + -wal + -shm) at the end of each simulated day. */
  bytesByDay: number[];
  /** Rows in activity_log at the end of each day. */
  rowsByDay: number[];
  /** Jobs added to fail, and failures the poller announced (download.failed of first attempts), over the run. */
  failingJobs: number;
  announcedFailures: number;
  file: string;
}

function bytesOnDisk(file: string): number {
  let total = 0;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      total += statSync(f).size;
    } catch {
      // not there: nothing on disk
    }
  }
  return total;
}

export async function simulateDatabaseGrowth(options: GrowthOptions): Promise<GrowthRun> {
  const rand = random(16);
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 0, 0, 0));
  const dir = mkdtempSync(path.join(options.dir, 'db-growth-'));
  const handle = openBenchDatabase(dir, 'autoarr.db');
  const newId = sequentialIds();
  const bus = new EventBus({ clock, newId });
  const store = new DownloadMonitoringRepository(handle.db);
  const retentionDays = options.growthDays;
  const activity = new ActivityLogService({
    bus,
    repository: new ActivityRepository(handle.sqlite),
    clock,
    retentionDays,
    applicationOf: (id) => store.findByAnyNzoId(id)?.sourceApp ?? null,
  });
  const settings: Settings = defaultSettings();
  const sab = new SimulatedDownloads(clock);
  const poller = new Poller({
    sabnzbd: sab.reader,
    bus,
    store,
    state: new SqliteStateStore(handle.db),
    clock,
    settings: () => settings,
    failureLog: activity,
    earlierJobOwner: earlierJobOwner(handle.db),
    firstRunLookbackMs: 7 * DAY_MS,
    newId,
  });

  // The recovery script: steps due at a time, run before the poll that follows it.
  const steps: { at: number; run: () => Promise<void> }[] = [];
  const later = (at: number, run: () => Promise<void>) => steps.push({ at, run });
  const backoffMs = settings.monitoring.baseBackoffSeconds * 1000;
  const strategy: Strategy = 'alternative_release';
  let jobs = 0;
  const jobOf = (arrivesAt: number, category: 'tv' | 'movies', fails: boolean, nzoId = `SABnzbd_nzo_${(jobs++).toString(36).padStart(8, '0')}`): SimulatedJob => {
    const name = category === 'tv' ? `Show.${jobs % 700}.S0${1 + (jobs % 9)}E${10 + (jobs % 80)}.1080p.WEB-DL-GRP` : `Movie.${jobs}.2024.2160p.BluRay.x265-GRP`;
    const repair = rand() < 0.2;
    return {
      nzoId,
      name,
      category,
      bytes: Math.round((category === 'tv' ? 1.5e9 : 8e9) * (0.5 + rand())),
      arrivesAt,
      downloadMs: 30_000 + rand() * 90_000,
      stages: [
        { status: 'Verifying', ms: 10_000 + rand() * 20_000 },
        ...(repair ? [{ status: 'Repairing' as const, ms: 30_000 + rand() * 90_000 }] : []),
        ...(fails ? [] : [{ status: 'Extracting' as const, ms: 20_000 + rand() * 70_000 }, { status: 'Moving' as const, ms: 5_000 + rand() * 10_000 }]),
      ],
      outcome: fails ? { status: 'Failed', failMessage: FAIL_MESSAGES[jobs % FAIL_MESSAGES.length]! } : { status: 'Completed' },
    };
  };

  let recoveries = 0;
  let failingJobs = 0;
  bus.subscribe(
    'download.failed',
    (event) => {
      if (event.payload.replacesNzoId) return;
      const { nzoId, name } = event.payload;
      const toDlq = recoveries++ % 7 === 6;
      const firstAt = clock.now() + backoffMs;
      const publish = <K extends 'download.retry_started' | 'download.retry_failed' | 'download.recovered' | 'download.moved_to_dlq'>(
        type: K,
        payload: Parameters<typeof bus.publish<K>>[1],
      ) => bus.publish(type, payload, { source: 'recovery', correlationId: event.correlationId, causationId: event.id });
      const attempt = async (n: number): Promise<void> => {
        store.startAttempt(nzoId, { attempt: n, strategy, manual: false, dryRun: false, startedAt: clock.now(), oldNzoId: nzoId, newNzoId: null, releaseGuid: null, releaseTitle: null, quality: null }, clock.now());
        store.update(nzoId, { status: 'retrying', attempts: n, currentStrategy: strategy }, clock.now());
        await publish('download.retry_started', { nzoId, name, attempt: n, maxAttempts: 3, strategy, manual: false, dryRun: false });
      };
      later(firstAt, async () => {
        await attempt(1);
        if (toDlq) {
          store.finishAttempt(nzoId, 1, { outcome: 'failed', error: 'No other release was found' }, clock.now());
          await publish('download.retry_failed', { nzoId, name, attempt: 1, strategy, error: 'No other release was found', willRetry: true, nextAttemptAt: clock.now() + 2 * backoffMs });
          later(clock.now() + 2 * backoffMs, async () => {
            await attempt(2);
            store.finishAttempt(nzoId, 2, { outcome: 'failed', error: 'No other release was found' }, clock.now());
            await publish('download.retry_failed', { nzoId, name, attempt: 2, strategy, error: 'No other release was found', willRetry: false, nextAttemptAt: null });
            store.moveToDlq(nzoId, 'Every strategy was tried', clock.now());
            await publish('download.moved_to_dlq', { nzoId, name, reason: 'Every strategy was tried', attempts: 2, strategiesTried: [strategy] });
          });
          return;
        }
        // The *arr grabbed another release: a new SABnzbd job, tracked by this download.
        const replacement = jobOf(clock.now(), event.payload.category === 'movies' ? 'movies' : 'tv', false, `${nzoId}_r1`);
        sab.add(replacement);
        store.finishAttempt(nzoId, 1, { outcome: 'waiting', error: null, newNzoId: replacement.nzoId }, clock.now());
        store.update(nzoId, { status: 'awaiting_replacement', trackedNzoId: replacement.nzoId }, clock.now());
        const done = replacement.arrivesAt + 6 * 60_000 + replacement.downloadMs + replacement.stages.reduce((s, st) => s + st.ms, 0);
        later(done, async () => {
          store.finishAttempt(nzoId, 1, { outcome: 'succeeded', error: null }, clock.now());
          store.update(nzoId, { status: 'recovered', recoveredAt: clock.now() }, clock.now());
          await publish('download.recovered', { nzoId, completedNzoId: replacement.nzoId, name, strategy, attempts: 1, durationMs: clock.now() - event.timestamp, via: event.payload.sourceApp === 'radarr' ? 'radarr' : 'sonarr' });
        });
      });
    },
    { name: 'bench-recovery-script' },
  );

  const pollMs = settings.monitoring.pollIntervalSeconds * 1000;
  const failEvery = 1000 / (options.failurePerMille ?? 30);
  const bytesByDay: number[] = [];
  const rowsByDay: number[] = [];
  const countRows = handle.sqlite.prepare('SELECT COUNT(*) AS n FROM activity_log');
  activity.start();
  // Not poller.start(): its own timer would poll a second time per step. Each step polls once, as the timer would.
  const totalDays = options.growthDays + options.steadyDays;
  let downloadIndex = 0;
  for (let day = 1; day <= totalDays; day++) {
    const dayStart = clock.now();
    const arrivals = Array.from({ length: options.downloadsPerDay }, () => dayStart + Math.floor(rand() * DAY_MS)).sort((a, b) => a - b);
    let next = 0;
    while (clock.now() < dayStart + DAY_MS) {
      const now = clock.now();
      while (next < arrivals.length && arrivals[next]! <= now) {
        const fails = Math.floor((downloadIndex + 1) / failEvery) > Math.floor(downloadIndex / failEvery);
        sab.add(jobOf(arrivals[next]!, downloadIndex % 3 === 2 ? 'movies' : 'tv', fails));
        if (fails) failingJobs++;
        downloadIndex++;
        next++;
      }
      for (let i = 0; i < steps.length; ) {
        if (steps[i]!.at <= now) await steps.splice(i, 1)[0]!.run();
        else i++;
      }
      const summary = await poller.pollNow();
      if (!summary.ok) throw new Error(`simulated poll failed: ${summary.error?.message}`);
      clock.advance(pollMs);
      // Let retention's chunks (setImmediate between them) and the flush run.
      await new Promise((resolve) => setImmediate(resolve));
    }
    // The day's retention (its timer fired during the day) finishes before the day is measured.
    await activity.runRetention();
    activity.flush();
    bytesByDay.push(bytesOnDisk(handle.file));
    rowsByDay.push((countRows.get() as { n: number }).n);
    if (day % 30 === 0 || day === options.growthDays || day === totalDays || process.env.BENCH_GROWTH_DAILY === '1') {
      const pages = (pragma: string) => Number(handle.sqlite.pragma(pragma, { simple: true }));
      options.log(
        `  day ${day}: ${(bytesByDay.at(-1)! / MB).toFixed(1)} MB on disk (${((pages('page_count') * pages('page_size')) / MB).toFixed(1)} MB of pages, ` +
          `${pages('freelist_count')} free; -wal ${(bytesOnDisk(`${handle.file}-wal`) / MB).toFixed(1)} MB), ${rowsByDay.at(-1)!.toLocaleString('en-US')} activity lines`,
      );
    }
  }
  await activity.stop();
  handle.close();
  return { bytesByDay, rowsByDay, failingJobs, announcedFailures: recoveries, file: handle.file };
}

export async function benchActivityDbGrowth(options: GrowthOptions): Promise<BenchResult[]> {
  const run = await simulateDatabaseGrowth(options);
  const atGrowth = run.bytesByDay[options.growthDays - 1]! / MB;
  const steadyDays = run.bytesByDay.slice(options.growthDays).map((b) => b / MB);
  const steady = Math.max(...steadyDays);
  options.log(
    `  MB on disk after day ${options.growthDays}: ${steadyDays.map((b) => b.toFixed(1)).join(', ')}; ` +
      `${(run.bytesByDay[options.growthDays - 1]! / run.rowsByDay[options.growthDays - 1]!).toFixed(0)} bytes per activity line at day ${options.growthDays}; ` +
      `${run.announcedFailures} of ${run.failingJobs} failing jobs announced`,
  );
  return [
    result({
      name: 'activity.db_bytes_90d',
      value: atGrowth,
      unit: 'MB',
      baseline: null,
      baseline_value: null,
      goal: `< ${DB_BYTES_GOAL_MB} MB`,
      met: atGrowth < DB_BYTES_GOAL_MB,
    }),
    result({
      name: 'activity.db_bytes_steady',
      value: steady,
      unit: 'MB',
      baseline: `day ${options.growthDays}`,
      baseline_value: atGrowth,
      goal: `ratio <= ${STEADY_GOAL_RATIO} (flat)`,
      met: steady / atGrowth <= STEADY_GOAL_RATIO,
    }),
  ];
}
