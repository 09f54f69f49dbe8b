import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ArrItemRef } from '../../../shared/domain';
import type { AnyBusEvent, BusEvent, EventType } from '../../../shared/events';
import { defaultSettings, type Settings } from '../../../shared/settings';
import { openDatabase, type DatabaseHandle } from '../../../main/core/activity/database';
import { DownloadMonitoringRepository } from '../../../main/core/activity/download-monitoring-repository';
import { SqliteStateStore } from '../../../main/core/activity/state-store';
import { EventBus } from '../../../main/core/events/event-bus';
import { ActivityLogService } from '../../../main/core/activity/activity-log-service';
import { ActivityRepository } from '../../../main/core/activity/activity-repository';
import { SabnzbdClient } from '../../../main/core/sabnzbd/sabnzbd-client';
import { HISTORY_CURSOR_KEY } from '../../../main/core/monitoring/history-cursor';
import { LATE_INSERT_MARGIN_S } from '../../../main/core/sabnzbd/sabnzbd-download-client';
import { Poller, historyCursorKey, type PollerDownloadClient, type PollerOptions } from '../../../main/core/monitoring/poller';
import type { ArrDownloadLookup } from '../../../main/core/monitoring/source-identifier';
import { FakeClock } from '../../support/fake-clock';
import { closedPort, fixtureAnswer, startSabServer, type FakeSabServer } from '../sabnzbd/sabnzbd-fixtures';
import { FakeSabScenario, REAL_FAILED_SLOTS } from './fake-sab-scenario';

const MIGRATIONS = fileURLToPath(new URL('../../../main/core/activity/migrations', import.meta.url));
const servers: FakeSabServer[] = [];
const cleanups: Array<() => void> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const c of cleanups.splice(0)) c();
});

/** A real SQLite file in a temp folder, reopenable (a restart of the app). */
function tempDatabase() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoarr-monitoring-'));
  const file = path.join(dir, 'autoarr.db');
  let handle: DatabaseHandle = openDatabase({ file, migrationsFolder: MIGRATIONS });
  cleanups.push(() => {
    handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    get handle() {
      return handle;
    },
    reopen() {
      handle.close();
      handle = openDatabase({ file, migrationsFolder: MIGRATIONS });
    },
  };
}

interface World {
  sim: FakeSabScenario;
  server: FakeSabServer;
  clock: FakeClock;
  bus: EventBus;
  events: AnyBusEvent[];
  store: DownloadMonitoringRepository;
  state: SqliteStateStore;
  /** Close the database file and open it again, as a restarted app would. */
  restart(): void;
  sqlite(): DatabaseHandle['sqlite'];
  settings: Settings;
  lookups: ArrDownloadLookup[];
  conn: { url: string; timeoutMs: number };
  poller(extra?: Partial<PollerOptions>): Poller;
  of<K extends EventType>(type: K): BusEvent<K>[];
}

async function world(): Promise<World> {
  const clock = new FakeClock();
  const sim = new FakeSabScenario(() => clock.now());
  const server = await startSabServer(sim.answer);
  servers.push(server);
  const bus = new EventBus({ clock, validatePayloads: true });
  const events: AnyBusEvent[] = [];
  bus.subscribe('*', (e) => {
    events.push(e);
  });
  const db = tempDatabase();
  const settings = defaultSettings();
  const lookups: ArrDownloadLookup[] = [];
  const conn = { url: server.url, timeoutMs: 2000 };
  // Request timeouts run on real time; polling runs on the fake clock.
  const client = new SabnzbdClient({ connection: () => ({ url: conn.url, apiKey: 'key', timeoutMs: conn.timeoutMs }) });
  const w: World = {
    sim,
    server,
    clock,
    bus,
    events,
    store: new DownloadMonitoringRepository(db.handle.db),
    state: new SqliteStateStore(db.handle.db),
    restart() {
      db.reopen();
      w.store = new DownloadMonitoringRepository(db.handle.db);
      w.state = new SqliteStateStore(db.handle.db);
    },
    sqlite: () => db.handle.sqlite,
    settings,
    lookups,
    conn,
    poller: (extra = {}) =>
      new Poller({ sabnzbd: client, bus, store: w.store, state: w.state, clock, settings: () => settings, lookups: () => lookups, ...extra }),
    of: <K extends EventType>(type: K) => events.filter((e): e is BusEvent<K> & AnyBusEvent => e.type === type) as BusEvent<K>[],
  };
  return w;
}

/** The app's wiring: an ActivityLogService on the world's bus and database, batching lines. */
function activityLogFor(w: World) {
  const repository = new ActivityRepository(w.sqlite());
  const activity = new ActivityLogService({ bus: w.bus, repository, clock: w.clock, flushDelayMs: 200, onError: () => {} });
  activity.start();
  return { activity, repository };
}

function wiredPoller(w: World, log: ReturnType<typeof activityLogFor>): Poller {
  return w.poller({
    failureLog: log.activity,
  });
}

/** Let the poller's own timer fire and wait for the cycle it started. */
async function tick(w: World, p: Poller, ms: number) {
  w.clock.advance(ms);
  return p.pollNow();
}

describe('Poller: failures', () => {
  it('announces every real failed slot once, classified, with one correlation id each', async () => {
    const w = await world();
    for (const slot of [...REAL_FAILED_SLOTS].reverse()) w.sim.finishAsCaptured(slot);
    const p = w.poller();
    const summary = await p.pollNow();

    const failed = w.of('download.failed');
    expect(summary.newFailures).toBe(REAL_FAILED_SLOTS.length);
    expect(failed.map((e) => e.payload.nzoId).sort()).toEqual(REAL_FAILED_SLOTS.map((s) => s.nzo_id).sort());
    expect(failed.every((e) => e.payload.kind !== 'unknown')).toBe(true);
    expect(new Set(failed.map((e) => e.correlationId)).size).toBe(failed.length);

    const par2 = failed.find((e) => e.payload.nzoId === 'SABnzbd_nzo__l51te1e')!;
    expect(par2.payload).toMatchObject({
      name: 'Sabh.Par2.Fail.Show.S01E03.720p-SABH',
      category: 'tv',
      failMessage: 'Repair failed, not enough repair blocks (18 short)',
      kind: 'verification_failed',
      sourceApp: 'sonarr', // category map: tv → sonarr
      replacesNzoId: null,
    });
    expect(par2.source).toBe('monitoring');
    const record = w.store.get('SABnzbd_nzo__l51te1e')!;
    expect(record.correlationId).toBe(par2.correlationId);
    expect(record).toMatchObject({ status: 'failed', kind: 'verification_failed', maxAttempts: 3, sourceApp: 'sonarr' });
    // Recorded only: recovery's lifecycle decides what happens next (a duplicate is ignored, see download-lifecycle.test.ts).
    expect(w.store.get('SABnzbd_nzo__05ys57m')).toMatchObject({ kind: 'duplicate', status: 'failed', nextAttemptAt: null });

    const polled = w.of('queue.polled');
    expect(polled).toHaveLength(1);
    expect(polled[0]!.payload).toMatchObject({ newFailures: REAL_FAILED_SLOTS.length, historyChanged: true, historyCount: REAL_FAILED_SLOTS.length });

    await p.pollNow();
    w.sim.lastHistoryUpdate++; // history "changed" but holds nothing new
    await p.pollNow();
    expect(w.of('download.failed')).toHaveLength(REAL_FAILED_SLOTS.length);
  });

  it('passes the *arr lookup answer into the record and the event', async () => {
    const w = await world();
    const item: ArrItemRef = { movieId: 42, title: 'Sim Movie' };
    w.lookups.push({ app: 'radarr', findByDownloadId: async (id) => (id === 'SABnzbd_nzo_m1' ? item : null) });
    w.lookups.push({
      app: 'sonarr',
      findByDownloadId: async () => {
        throw new Error('Sonarr did not answer');
      },
    });
    w.sim.finish({ nzoId: 'SABnzbd_nzo_m1', status: 'Failed', category: 'tv' });
    w.sim.finish({ nzoId: 'SABnzbd_nzo_m2', status: 'Failed', category: 'unsorted' });
    await w.poller().pollNow();
    const [m1, m2] = w.of('download.failed');
    expect(m1!.payload).toMatchObject({ nzoId: 'SABnzbd_nzo_m1', sourceApp: 'radarr', item });
    expect(m2!.payload).toMatchObject({ nzoId: 'SABnzbd_nzo_m2', sourceApp: 'manual', item: null });
    expect(w.store.get('SABnzbd_nzo_m2')!.metadata.sourceNotes).toEqual(['Sonarr could not be asked about SABnzbd_nzo_m2: Sonarr did not answer']);
  });

  it('announces each failure exactly once across a restart (new Poller, same database file)', async () => {
    const w = await world();
    w.sim.finish({ status: 'Failed' });
    w.sim.finish({ status: 'Completed' });
    await w.poller().pollNow();
    expect(w.of('download.failed')).toHaveLength(1);

    // Restart: the file is closed and reopened under a new poller; SABnzbd restarted too (new counter, same history).
    w.restart();
    w.sim.lastHistoryUpdate = 1;
    const again = w.poller();
    const s = await again.pollNow();
    expect(s.historyCount).toBe(2);
    expect(s.historyChanged).toBe(true);
    expect(s.newFailures).toBe(0);
    expect(w.of('download.failed')).toHaveLength(1);

    w.sim.finish({ status: 'Failed', nzoId: 'SABnzbd_nzo_after' });
    await again.pollNow();
    expect(w.of('download.failed').map((e) => e.payload.nzoId)).toEqual([expect.any(String), 'SABnzbd_nzo_after']);
  });

  it('re-announces a failure whose row was written just before a crash, and only that once', async () => {
    const w = await world();
    const id = w.sim.finish({ status: 'Failed' });
    w.store.insertFailureIfNew(
      {
        nzoId: id,
        name: 'x',
        category: 'tv',
        sourceApp: 'sonarr',
        item: null,
        kind: 'missing_articles',
        severity: 'high',
        failMessage: 'Aborted, cannot be completed - https://sabnzbd.org/not-complete',
        status: 'failed',
        correlationId: 'corr-before-crash',
        maxAttempts: 3,
        nextAttemptAt: null,
        metadata: { announcedAt: null },
      },
      w.clock.now(),
    );
    const p = w.poller();
    await p.pollNow();
    w.sim.lastHistoryUpdate++;
    await p.pollNow();
    const failed = w.of('download.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.correlationId).toBe('corr-before-crash');
  });

  it('with a batching activity log: one write for a cycle\'s failures, and each record marked only once its line is on disk', async () => {
    const w = await world();
    const ids = [w.sim.finish({ status: 'Failed' }), w.sim.finish({ status: 'Failed' }), w.sim.finish({ status: 'Failed' })];
    const log = activityLogFor(w);
    const batches: string[][] = [];
    const real = log.repository.insertMany.bind(log.repository);
    log.repository.insertMany = (entries) => {
      batches.push(entries.filter((e) => e.eventType === 'download.failed').map((e) => e.downloadId ?? ''));
      return real(entries);
    };
    const s = await wiredPoller(w, log).pollNow();
    expect(s.newFailures).toBe(3);
    expect(batches.filter((b) => b.length > 0)).toEqual([ids]);
    for (const id of ids) expect(w.store.get(id)!.metadata.announcedAt).toEqual(expect.any(Number));
    await log.activity.stop();
  });

  it('with a batching activity log that cannot write: the cycle fails and keeps its cursor, nothing is announced twice, and a restart announces each failure once', async () => {
    const w = await world();
    const id = w.sim.finish({ status: 'Failed' });
    const log = activityLogFor(w);
    const real = log.repository.insertMany.bind(log.repository);
    log.repository.insertMany = () => {
      throw new Error('SQLITE_FULL: database or disk is full');
    };
    const p = wiredPoller(w, log);
    const s = await p.pollNow();
    expect(s.ok).toBe(false);
    expect(s.error?.message).toMatch(/activity log could not be written/);
    expect(w.store.get(id)!.metadata.announcedAt).toBeNull();
    // Read again while the line still waits: not announced a second time.
    await tick(w, p, 60_000);
    expect(w.of('download.failed')).toHaveLength(1);

    // The process dies with the line unwritten; the next one starts on the same file.
    await log.activity.stop();
    log.repository.insertMany = real;
    w.restart();
    const next = activityLogFor(w);
    const after = wiredPoller(w, next);
    expect((await after.pollNow()).ok).toBe(true);
    expect(w.of('download.failed')).toHaveLength(2);
    expect(next.repository.query({ eventTypes: ['download.failed'] }).total).toBe(1);
    expect(w.store.get(id)!.metadata.announcedAt).toEqual(expect.any(Number));
    w.sim.lastHistoryUpdate++;
    await after.pollNow();
    expect(w.of('download.failed')).toHaveLength(2);
    expect(next.repository.query({ eventTypes: ['download.failed'] }).total).toBe(1);
    await next.activity.stop();
  });

  it('a failed replacement continues the same lifecycle: same correlation id, replacesNzoId, record left to recovery', async () => {
    const w = await world();
    const original = w.sim.finish({ status: 'Failed', nzoId: 'SABnzbd_nzo_orig' });
    const p = w.poller();
    await p.pollNow();
    const first = w.of('download.failed')[0]!;
    // Recovery retried it: SABnzbd gave the retry a new id, which the record now tracks.
    w.store.update(original, { trackedNzoId: 'SABnzbd_nzo_retry1', status: 'awaiting_replacement' }, w.clock.now());
    w.sim.model.removeFromHistory(original);
    w.sim.finish({ status: 'Failed', nzoId: 'SABnzbd_nzo_retry1', failMessage: 'Unpacking failed, CRC error' });
    await p.pollNow();
    w.sim.lastHistoryUpdate++;
    await p.pollNow();

    const failed = w.of('download.failed');
    expect(failed).toHaveLength(2);
    expect(failed[1]!.correlationId).toBe(first.correlationId);
    expect(failed[1]!.payload).toMatchObject({ nzoId: 'SABnzbd_nzo_retry1', replacesNzoId: 'SABnzbd_nzo_orig', kind: 'unpack_failed' });
    expect(w.store.get('SABnzbd_nzo_retry1')).toBeNull();
    expect(w.store.get(original)!.status).toBe('awaiting_replacement');
  });
});

describe('Poller: incremental history', () => {
  it('an unchanged history is not re-processed: one request carrying last_history_update, answered false', async () => {
    const w = await world();
    w.sim.finish({ status: 'Failed' });
    await w.poller().pollNow();
    // A restarted app over the same database, SABnzbd unchanged.
    w.restart();
    const p = w.poller();
    expect(await p.pollNow()).toMatchObject({ historyChanged: false, historyCount: 1, newFailures: 0 });
    const before = w.sim.historyRequests.length;
    const s = await p.pollNow();
    expect(s).toMatchObject({ ok: true, historyChanged: false, newFailures: 0, pagesFetched: 1 });
    expect(w.sim.historyRequests.slice(before).map((q) => q.get('last_history_update'))).toEqual([String(w.sim.lastHistoryUpdate)]);
    expect(w.of('queue.polled').at(-1)!.payload).toMatchObject({ historyChanged: false, historyCount: 1 });
    expect(JSON.parse(w.state.get(HISTORY_CURSOR_KEY)!)).toMatchObject({ lastHistoryUpdate: w.sim.lastHistoryUpdate });
  });

  it('cost follows new work: 100 new failures over 10 000 or over 1 000 old entries fetch the same pages', async () => {
    const measure = async (oldEntries: number) => {
      const w = await world();
      w.sim.fillOldHistory(oldEntries);
      const p = w.poller();
      await p.pollNow();
      const announcedBefore = w.of('download.failed').length;
      for (let i = 0; i < 100; i++) w.sim.finish({ status: 'Failed' });
      const servedBefore = w.sim.historySlotsServed;
      const s = await p.pollNow();
      expect(s.newFailures).toBe(100);
      expect(w.of('download.failed').length - announcedBefore).toBe(100);
      return { pages: s.pagesFetched, served: w.sim.historySlotsServed - servedBefore };
    };
    const big = await measure(10_000);
    const small = await measure(1_000);
    // The 100 new jobs, then the jobs finished within LATE_INSERT_MARGIN_S (600 s) below the newest
    // read (the simulator's old jobs are one second apart: 600 of them), down to the page where older
    // jobs start: ceil(701 / 50) pages, however long the history is.
    expect(big.pages).toBe(Math.ceil((100 + LATE_INSERT_MARGIN_S + 1) / 50));
    expect(big).toEqual(small);
  });

  it('a failure SABnzbd inserts into history after a newer job is still announced, once', async () => {
    const w = await world();
    const p = w.poller();
    await p.pollNow();
    w.sim.finish({ status: 'Completed' });
    await p.pollNow();
    const late = w.sim.finishLate();
    const s = await p.pollNow();
    expect(s.newFailures).toBe(1);
    expect(w.of('download.failed').map((e) => e.payload.nzoId)).toEqual([late]);
    w.sim.finish({ status: 'Completed' });
    expect((await p.pollNow()).newFailures).toBe(0);
    expect(w.of('download.failed')).toHaveLength(1);
  });

  it('a client whose unchanged read moves its cursor (NZBGet keeps the queue it saw there) gets that cursor back next time', async () => {
    const w = await world();
    const seen: unknown[] = [];
    let n = 0;
    const client: PollerDownloadClient = {
      kind: 'nzbget',
      address: 'http://nzbget.lan:6789',
      queue: async () => ({ ok: true, value: { paused: false, jobs: [] } }),
      readNewHistory: async (cursor) => {
        seen.push(cursor);
        n++;
        return n === 1
          ? { ok: true, value: { changed: true, jobs: [], total: 0, requests: 1, cursor: { client: 'nzbget', step: n } } }
          : { ok: true, value: { changed: false, requests: 1, cursor: { client: 'nzbget', step: n } } };
      },
    };
    const p = w.poller({ client });
    await p.pollNow();
    await p.pollNow();
    await p.pollNow();
    expect(seen).toEqual([null, { client: 'nzbget', step: 1 }, { client: 'nzbget', step: 2 }]);
    expect(JSON.parse(w.state.get(historyCursorKey('nzbget'))!)).toEqual({ client: 'nzbget', step: 3 });
    expect(w.state.get(HISTORY_CURSOR_KEY)).toBeNull(); // SABnzbd's cursor is its own
  });

  it('first run with a lookback takes older finished jobs as already read', async () => {
    const w = await world();
    w.sim.fillOldHistory(30); // completed in 2023
    w.sim.finish({ status: 'Failed', nzoId: 'SABnzbd_nzo_recent' }); // completed "now" (fixture time)
    const s = await w.poller({ firstRunLookbackMs: 24 * 3600_000 }).pollNow();
    expect(s.newFailures).toBe(1);
    expect(w.of('download.failed').map((e) => e.payload.nzoId)).toEqual(['SABnzbd_nzo_recent']);
  });

  it('a first run with a lookback that finds nothing recent still never announces the old history later', async () => {
    const w = await world();
    w.sim.fillOldHistory(30); // completed in 2023, 10 of them failed-looking or not: none may ever be announced
    const p = w.poller({ firstRunLookbackMs: 24 * 3600_000 });
    expect((await p.pollNow()).newFailures).toBe(0);
    w.sim.finish({ status: 'Failed', nzoId: 'SABnzbd_nzo_after' }); // the history changes
    const s = await p.pollNow();
    expect(s.newFailures).toBe(1);
    expect(w.of('download.failed').map((e) => e.payload.nzoId)).toEqual(['SABnzbd_nzo_after']);
  });
});

describe('Poller: state changes and stalls', () => {
  it('reports queue and post-processing status changes, oldest first', async () => {
    const w = await world();
    w.sim.enqueue('SABnzbd_nzo_q1', 'Queued', 500);
    const p = w.poller();
    await p.pollNow(); // baseline
    expect(w.of('queue.state_changed')).toHaveLength(0);

    w.sim.enqueue('SABnzbd_nzo_q1', 'Downloading', 400);
    await p.pollNow();
    w.sim.postProcessing('SABnzbd_nzo_q1', 'Running');
    await p.pollNow();
    w.sim.finishPostProcessing('SABnzbd_nzo_q1', 'Failed', 'Script exit code is 1');
    await p.pollNow();

    const changes = w.of('queue.state_changed').map((e) => [e.payload.from, e.payload.to]);
    expect(changes).toEqual([
      ['Queued', 'Downloading'],
      ['Downloading', 'Running'],
      ['Running', 'Failed'],
    ]);
    const failed = w.of('download.failed');
    expect(failed.map((e) => e.payload.kind)).toEqual(['post_processing_failed']);
    // After the failure is tracked, its status events carry the download's correlation id.
    w.store.update('SABnzbd_nzo_q1', { trackedNzoId: 'SABnzbd_nzo_q2' }, w.clock.now());
    w.sim.enqueue('SABnzbd_nzo_q2', 'Downloading', 10);
    await p.pollNow();
    expect(w.of('queue.state_changed').at(-1)!).toMatchObject({
      correlationId: failed[0]!.correlationId,
      payload: { nzoId: 'SABnzbd_nzo_q2', from: null, to: 'Downloading' },
    });
  });

  it('reports a stalled Downloading job once, after stallMinutes of no progress', async () => {
    const w = await world();
    w.settings.monitoring.pollIntervalSeconds = 300;
    w.settings.monitoring.stallMinutes = 30;
    w.sim.enqueue('SABnzbd_nzo_s', 'Downloading', 250);
    w.sim.enqueue('SABnzbd_nzo_p', 'Propagating', 250);
    const p = w.poller();
    await p.start();
    for (let i = 0; i < 12; i++) await tick(w, p, 300_000); // one hour, one poll every 5 minutes
    const stalls = w.of('queue.state_changed').filter((e) => e.payload.stalled);
    expect(stalls).toHaveLength(1);
    expect(stalls[0]!.payload).toMatchObject({ nzoId: 'SABnzbd_nzo_s', from: 'Downloading', to: 'Downloading', stalledForMs: 30 * 60_000 });
    expect(stalls[0]!.timestamp - w.of('monitoring.started')[0]!.timestamp).toBe(30 * 60_000);
    await p.stop();
  });
});

describe('Poller: lifecycle and errors', () => {
  it('start/pause/resume/stop emit monitoring events and keep the schedule on the clock', async () => {
    const w = await world();
    w.settings.monitoring.pollIntervalSeconds = 120;
    const p = w.poller();
    await p.start();
    expect(w.of('monitoring.started')[0]!.payload).toEqual({ intervalSeconds: 120 });
    expect(w.of('queue.polled')).toHaveLength(1);
    expect(p.status()).toMatchObject({ running: true, paused: false, nextPollAt: w.clock.now() + 120_000 });

    await tick(w, p, 120_000);
    expect(w.of('queue.polled')).toHaveLength(2);

    await p.pause();
    expect(w.of('monitoring.stopped').map((e) => e.payload.reason)).toEqual(['paused']);
    expect(w.clock.pending()).toBe(0);
    w.clock.advance(600_000);
    expect(w.of('queue.polled')).toHaveLength(2);

    await p.resume();
    expect(w.of('monitoring.started')).toHaveLength(2);
    expect(w.of('queue.polled')).toHaveLength(3);

    await p.stop();
    expect(w.of('monitoring.stopped').map((e) => e.payload.reason)).toEqual(['paused', 'shutdown']);
    expect(w.clock.pending()).toBe(0);
    expect(p.status().running).toBe(false);
  });

  it('backs off on consecutive errors (interval × 2^n, capped at 15 min) and says when SABnzbd answers again', async () => {
    const w = await world();
    w.settings.monitoring.pollIntervalSeconds = 120;
    const p = w.poller();
    await p.start();
    w.sim.fault = fixtureAnswer('error-apikey-wrong.json');

    const delays: number[] = [];
    let expected = 120_000;
    for (let n = 1; n <= 5; n++) {
      await tick(w, p, expected);
      const next = p.status().nextPollAt! - w.clock.now();
      delays.push(next);
      expected = next;
    }
    expect(delays).toEqual([240_000, 480_000, 900_000, 900_000, 900_000]);

    const errors = w.of('service.error');
    expect(errors.map((e) => e.payload.consecutiveFailures)).toEqual([1, 2, 3, 4, 5]);
    expect(errors[0]!.payload).toMatchObject({ service: 'sabnzbd', code: 'bad_api_key', recovered: false, nextRetryAt: errors[0]!.timestamp + 240_000 });
    expect(errors[0]!.payload.message).toMatch(/rejected the API key — copy it from SABnzbd → Config → General/);
    expect(new Set(errors.map((e) => e.correlationId)).size).toBe(1);
    expect(p.status().lastError?.code).toBe('bad_api_key');

    w.sim.fault = null;
    await tick(w, p, expected);
    const notice = w.of('service.error').at(-1)!;
    expect(notice.payload).toMatchObject({ service: 'sabnzbd', code: 'recovered', recovered: true, consecutiveFailures: 5 });
    expect(notice.payload.message).toContain(`SABnzbd at ${w.server.url} answers again (after 5 failed polls)`);
    expect(notice.correlationId).toBe(errors[0]!.correlationId);
    expect(p.status().nextPollAt! - w.clock.now()).toBe(120_000);
    expect(p.status()).toMatchObject({ consecutiveFailures: 0, lastError: null });
    await p.stop();
  });

  it('a SABnzbd that is down or hangs becomes a service.error in plain words', async () => {
    const w = await world();
    const p = w.poller();

    w.conn.url = `http://127.0.0.1:${await closedPort()}`;
    expect((await p.pollNow()).error?.code).toBe('unreachable');
    expect(w.of('service.error')[0]!.payload.message).toMatch(/cannot be reached \(connection refused\)/);

    w.conn.url = w.server.url;
    w.conn.timeoutMs = 200;
    w.sim.fault = 'hang';
    expect((await p.pollNow()).error?.code).toBe('timeout');
    expect(w.of('service.error')[1]!.payload).toMatchObject({ code: 'timeout', consecutiveFailures: 2 });
    expect(w.of('queue.polled')).toHaveLength(0);
  });

  it('a database error is a core service.error, backed off, and the failure is announced once it works again', async () => {
    const w = await world();
    w.sim.finish({ status: 'Failed', nzoId: 'SABnzbd_nzo_db' });
    let broken = true;
    const real = w.store;
    const store = Object.create(real) as typeof real;
    store.insertFailureIfNew = (f, now) => {
      if (broken) throw new Error('SQLITE_FULL: database or disk is full');
      return real.insertFailureIfNew(f, now);
    };
    const p = w.poller({ store });
    const failed = await p.pollNow();
    expect(failed.error).toEqual({ code: 'poll_failed', message: 'Monitoring could not finish a poll: SQLITE_FULL: database or disk is full' });
    expect(w.of('service.error')[0]!.payload).toMatchObject({ service: 'core', code: 'poll_failed', consecutiveFailures: 1 });
    expect(w.state.get(HISTORY_CURSOR_KEY)).toBeNull(); // nothing marked read

    broken = false;
    const ok = await p.pollNow();
    expect(ok).toMatchObject({ ok: true, newFailures: 1 });
    expect(w.of('download.failed').map((e) => e.payload.nzoId)).toEqual(['SABnzbd_nzo_db']);
    expect(w.of('service.error')[1]!.payload).toMatchObject({ service: 'core', recovered: true, message: 'Monitoring polls complete again (after 1 failed poll).' });
  });

  it('pollNow during a cycle joins it instead of starting another', async () => {
    const w = await world();
    w.sim.finish({ status: 'Failed' });
    const p = w.poller();
    const [a, b] = await Promise.all([p.pollNow(), p.pollNow()]);
    expect(a).toBe(b);
    expect(w.of('queue.polled')).toHaveLength(1);
  });
});
