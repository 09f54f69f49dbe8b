// The pieces the long-run benches stand on: the simulated downloads on the
// fake SABnzbd, read through SabnzbdClient (the real Poller, reading it,
// announces exactly the failed jobs, once), the growth simulation keeps its promises (3 % fail,
// retention holds the lines to `growthDays` of them), and the idle window
// turns two /proc readings into rates.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { simulateDatabaseGrowth } from '../../../bench/activity-db-growth';
import { idleWindow, type ProcessStats } from '../../../bench/process-stats';
import { SimulatedDownloads, type SimulatedJob } from '../../../bench/simulated-downloads';
import { DownloadMonitoringRepository } from '../../../main/core/activity/download-monitoring-repository';
import { SqliteStateStore } from '../../../main/core/activity/state-store';
import { EventBus } from '../../../main/core/events/event-bus';
import { Poller } from '../../../main/core/monitoring/poller';
import { defaultSettings } from '../../../shared/settings';
import type { AnyBusEvent } from '../../../shared/events';
import { FakeClock } from '../../support/fake-clock';
import { openTempDatabase, type TempDatabase } from '../activity/temp-database';

const dirs: string[] = [];
const databases: TempDatabase[] = [];
afterEach(() => {
  for (const d of databases.splice(0)) d.dispose();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function job(n: number, arrivesAt: number, fails: boolean): SimulatedJob {
  return {
    nzoId: `SABnzbd_nzo_${n}`,
    name: `Show.${n}.S01E01.1080p`,
    category: 'tv',
    bytes: 1e9,
    arrivesAt,
    downloadMs: 60_000,
    stages: [{ status: 'Verifying', ms: 30_000 }, ...(fails ? [] : [{ status: 'Extracting' as const, ms: 30_000 }])],
    outcome: fails ? { status: 'Failed', failMessage: 'Download failed - Not on your server(s)' } : { status: 'Completed' },
  };
}

describe('SimulatedDownloads', () => {
  it('shows a job queued, downloading, post-processing and final, and answers null while its history is unchanged', async () => {
    const clock = new FakeClock(0);
    const downloads = new SimulatedDownloads(clock);
    const sab = downloads.reader;
    const add = (j: SimulatedJob) => downloads.add(j);
    add(job(1, 0, false));
    add(job(2, 0, true));
    clock.advance(1);
    const queue = async () => {
      const r = await sab.queue();
      return r.ok ? r.value.slots.map((s) => `${s.nzo_id}:${s.status}`) : [];
    };
    expect(await queue()).toEqual(['SABnzbd_nzo_1:Downloading', 'SABnzbd_nzo_2:Queued']);
    const first = await sab.history({ start: 0, limit: 50 });
    expect(first.ok && first.value?.slots).toEqual([]);
    const version = first.ok ? first.value!.last_history_update : 0;
    expect(await sab.history({ start: 0, limit: 50, lastHistoryUpdate: version })).toEqual({ ok: true, value: null });

    clock.advance(70_000 - 1); // job 1 post-processing, job 2 downloading
    expect(await queue()).toEqual(['SABnzbd_nzo_2:Downloading']);
    const during = await sab.history({ start: 0, limit: 50, lastHistoryUpdate: version });
    // SABnzbd stamps `completed` when post-processing starts, and again when it ends.
    expect(during.ok && during.value?.slots.map((s) => [s.nzo_id, s.status, s.completed])).toEqual([['SABnzbd_nzo_1', 'Verifying', 60]]);

    clock.advance(100_000); // both final
    const done = await sab.history({ start: 0, limit: 50 });
    expect(done.ok && done.value?.slots.map((s) => [s.nzo_id, s.status, s.fail_message])).toEqual([
      ['SABnzbd_nzo_2', 'Failed', 'Download failed - Not on your server(s)'],
      ['SABnzbd_nzo_1', 'Completed', ''],
    ]);
    const page = await sab.history({ start: 1, limit: 1 });
    expect(page.ok && page.value?.slots.map((s) => s.nzo_id)).toEqual(['SABnzbd_nzo_1']);
  });

  it('read by the real Poller every 120 s, each failed job is announced exactly once', async () => {
    const db = openTempDatabase();
    databases.push(db);
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    const bus = new EventBus({ clock });
    const failed: AnyBusEvent[] = [];
    bus.subscribe('download.failed', (e) => void failed.push(e), { name: 'test' });
    const sab = new SimulatedDownloads(clock);
    const settings = defaultSettings();
    const poller = new Poller({ sabnzbd: sab.reader, bus, store: new DownloadMonitoringRepository(db.db), state: new SqliteStateStore(db.db), clock, settings: () => settings, firstRunLookbackMs: null });
    const failing = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const fails = i % 7 === 3;
      sab.add(job(i, clock.now() + i * 50_000, fails));
      if (fails) failing.add(`SABnzbd_nzo_${i}`);
    }
    for (let t = 0; t < 180; t++) {
      expect((await poller.pollNow()).ok).toBe(true);
      clock.advance(120_000);
    }
    expect(failed.map((e) => (e.type === 'download.failed' ? e.payload.nzoId : '')).sort()).toEqual([...failing].sort());
  });
});

describe('simulateDatabaseGrowth', () => {
  it('3 % of the downloads fail, retention keeps `growthDays` of lines, and the bytes are counted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoarr-growth-'));
    dirs.push(dir);
    const run = await simulateDatabaseGrowth({ dir, growthDays: 1, steadyDays: 1, downloadsPerDay: 200, log: () => undefined });
    expect(run.bytesByDay).toHaveLength(2);
    expect(run.bytesByDay.every((b) => b > 0)).toBe(true);
    // Day 2's retention removed day 1's lines, so day 2 holds about one day's worth again.
    expect(run.rowsByDay[1]!).toBeLessThan(run.rowsByDay[0]! * 1.5);
    expect(run.failingJobs).toBe(12);
    // Each announced once; the last may still be downloading when the run ends.
    expect(run.announcedFailures).toBeGreaterThanOrEqual(11);
    expect(run.announcedFailures).toBeLessThanOrEqual(12);
  }, 60_000);
});

describe('idleWindow', () => {
  const stats = (cpuSeconds: number, threads: [number, string, number][], rssBytes = 1): ProcessStats => ({
    pid: 10,
    cpuSeconds,
    rssBytes,
    threads: threads.map(([tid, name, voluntary]) => ({ tid, name, voluntary, nonvoluntary: 0 })),
  });

  it('rates per minute over all threads (main by its tid, new threads from zero), CPU as a share of one core', () => {
    const w = idleWindow(
      stats(1.0, [[10, 'node', 100], [11, 'node', 50]]),
      stats(1.3, [[10, 'node', 130], [11, 'node', 60], [12, 'libuv-worker', 5]], 80e6),
      60,
    );
    expect(w.cpuPercent).toBeCloseTo(0.5, 5);
    expect(w.wakeupsPerMinute).toBe(45);
    expect(w.wakeupsByThread).toEqual({ main: 30, node: 10, 'libuv-worker': 5 });
    expect(w.rssEndBytes).toBe(80e6);
  });
});
