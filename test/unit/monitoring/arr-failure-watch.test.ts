// The *arr failure watch with the poller, on a real SQLite file, the fake
// Sonarr/Radarr over loopback HTTP and the in-process SABnzbd simulator: the
// *arr grabs into the simulator, sees the job fail, records downloadFailed and
// (Remove Failed) deletes it from SABnzbd's history before our poll.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnyBusEvent, BusEvent, EventType } from '../../../shared/events';
import { defaultSettings } from '../../../shared/settings';
import { openDatabase, type DatabaseHandle } from '../../../main/core/activity/database';
import { DownloadMonitoringRepository } from '../../../main/core/activity/download-monitoring-repository';
import { SqliteStateStore } from '../../../main/core/activity/state-store';
import { createRadarrClient } from '../../../main/core/arr/radarr-client';
import { createSonarrClient } from '../../../main/core/arr/sonarr-client';
import { EventBus } from '../../../main/core/events/event-bus';
import { arrFailureCursorKey } from '../../../main/core/monitoring/arr-failure-cursor';
import { ArrFailureWatch, type ArrFailureSource } from '../../../main/core/monitoring/arr-failure-watch';
import { earlierJobOwner } from '../../../main/core/monitoring/earlier-job-owner';
import { Poller } from '../../../main/core/monitoring/poller';
import { SabnzbdClient } from '../../../main/core/sabnzbd/sabnzbd-client';
import type { FakeArr } from '../../fakes/fake-arr-server';
import { startFakeRadarr } from '../../fakes/fake-radarr';
import { startFakeSonarr } from '../../fakes/fake-sonarr';
import { FakeClock } from '../../support/fake-clock';
import { RADARR_Q, radarrLibrary, release as seedRelease, SONARR_Q, sonarrLibrary } from '../arr/arr-seeds';
import { closedPort, startSabServer, type FakeSabServer } from '../sabnzbd/sabnzbd-fixtures';
import { FakeSabScenario } from './fake-sab-scenario';

const MIGRATIONS = fileURLToPath(new URL('../../../main/core/activity/migrations', import.meta.url));
const MISSING = 'Aborted, cannot be completed - https://sabnzbd.org/not-complete';
const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function world(opts: { radarr?: boolean } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoarr-arrwatch-'));
  const file = path.join(dir, 'autoarr.db');
  let handle: DatabaseHandle = openDatabase({ file, migrationsFolder: MIGRATIONS });
  cleanups.push(() => {
    handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const clock = new FakeClock();
  const sim = new FakeSabScenario(() => clock.now());
  const server: FakeSabServer = await startSabServer(sim.answer);
  cleanups.push(() => server.close());
  // The *arr puts its grab into "SABnzbd" (the simulator's queue) and gets its nzo_id back.
  const onGrab = ({ release, category }: { release: { title: string }; category: string }) => {
    const id = sim.nextId(category);
    sim.enqueue(id, 'Downloading', 100, release.title);
    return id;
  };
  const sonarr = await startFakeSonarr({ clock, series: sonarrLibrary(), onGrab, autoRedownloadFailed: false });
  cleanups.push(() => sonarr.close());
  const radarr = opts.radarr ? await startFakeRadarr({ clock, movies: radarrLibrary(), onGrab, autoRedownloadFailed: false }) : null;
  if (radarr) cleanups.push(() => radarr.close());

  const bus = new EventBus({ clock, validatePayloads: true });
  const events: AnyBusEvent[] = [];
  bus.subscribe('*', (e) => void events.push(e), { name: 'recorder', priority: Number.MAX_SAFE_INTEGER });
  const settings = defaultSettings();
  const sab = new SabnzbdClient({ connection: () => ({ url: server.url, apiKey: 'key', timeoutMs: 2000 }) });
  const arrUrl = { sonarr: sonarr.url, radarr: radarr?.url ?? '' };

  const w = {
    sim,
    clock,
    bus,
    sonarr,
    radarr,
    events,
    arrUrl,
    store: new DownloadMonitoringRepository(handle.db),
    state: new SqliteStateStore(handle.db),
    get db() {
      return handle.db;
    },
    categoryAsks: 0,
    sources(): ArrFailureSource[] {
      const out: ArrFailureSource[] = [{ app: 'sonarr', reader: createSonarrClient({ baseUrl: arrUrl.sonarr, apiKey: sonarr.apiKey, timeoutMs: 2000 }) }];
      if (radarr) out.push({ app: 'radarr', reader: createRadarrClient({ baseUrl: arrUrl.radarr, apiKey: radarr.apiKey, timeoutMs: 2000 }) });
      return out;
    },
    /** Poller + watch wired as the core wires them (one announcer, the watch at the end of each cycle). */
    build() {
      const sonarrClient = createSonarrClient({ baseUrl: sonarr.url, apiKey: sonarr.apiKey, timeoutMs: 2000 });
      const poller: Poller = new Poller({
        sabnzbd: sab,
        bus,
        store: w.store,
        state: w.state,
        clock,
        settings: () => settings,
        lookups: () => [{ app: 'sonarr', findByDownloadId: (id) => sonarrClient.findByDownloadId(id) }],
        earlierJobOwner: earlierJobOwner(handle.db),
        afterCycle: async () => {
          await watch.check();
        },
      });
      const watch = new ArrFailureWatch({
        sources: () => w.sources(),
        announcer: poller.announcer,
        bus,
        state: w.state,
        clock,
        categoryOf: async (app) => {
          w.categoryAsks++;
          return app === 'sonarr' ? 'tv' : 'movies';
        },
      });
      return { poller, watch };
    },
    /** A restarted app: the same database file, opened again. */
    restart() {
      handle.close();
      handle = openDatabase({ file, migrationsFolder: MIGRATIONS });
      w.store = new DownloadMonitoringRepository(handle.db);
      w.state = new SqliteStateStore(handle.db);
    },
    of<K extends EventType>(type: K): BusEvent<K>[] {
      return events.filter((e): e is AnyBusEvent & BusEvent<K> => e.type === type);
    },
  };
  return w;
}

type World = Awaited<ReturnType<typeof world>>;

/** The *arr grabbed a release of `itemId`; SABnzbd fails it; the *arr handles it; with Remove Failed the slot is gone. */
let releaseSeq = 0;
async function arrSeesFailure(w: World, arr: FakeArr, itemId: number, opts: { removed: boolean; message?: string }): Promise<string> {
  const n = ++releaseSeq;
  const sonarr = arr === w.sonarr;
  const release = seedRelease(`guid-${itemId}-${n}`, `${sonarr ? 'The.Expanse.S01E0' : 'Arrival.2016.'}${itemId}.720p-REL${n}`, sonarr ? SONARR_Q.webdl720 : RADARR_Q.webdl720);
  arr.addRelease(itemId, release);
  const td = await arr.core.grab(itemId, release, 'Search');
  w.clock.advance(60_000);
  w.sim.finish({ nzoId: td.downloadId, name: release.title, status: 'Failed', failMessage: opts.message ?? MISSING });
  await arr.reportDownload(td.downloadId, 'Failed', opts.message ?? MISSING);
  if (opts.removed) {
    w.sim.model.removeFromHistory(td.downloadId);
  }
  return td.downloadId;
}

const failedFor = (w: World, nzoId: string) => w.of('download.failed').filter((e) => e.payload.nzoId === nzoId);

describe('ArrFailureWatch: failures the *arr removed from SABnzbd', () => {
  it('a failure removed from SABnzbd before our poll is still announced once, classified, with its item', async () => {
    const w = await world();
    const { poller } = w.build();
    await poller.pollNow(); // baseline: nothing failed yet
    const nzoId = await arrSeesFailure(w, w.sonarr, 101, { removed: true });
    expect(w.sim.historyIds()).not.toContain(nzoId);

    const summary = await poller.pollNow();
    expect(summary.newFailures).toBe(0); // SABnzbd itself no longer shows it

    const [failed, ...more] = failedFor(w, nzoId);
    expect(more).toHaveLength(0);
    const title = w.sonarr.grabs()[0]!.release.title;
    expect(failed!.payload).toMatchObject({
      nzoId,
      name: title,
      category: 'tv',
      failMessage: MISSING,
      kind: 'missing_articles',
      severity: 'high',
      sourceApp: 'sonarr',
      item: { seriesId: 10, episodeIds: [101] },
      replacesNzoId: null,
    });
    expect(failed!.source).toBe('monitoring');
    const record = w.store.get(nzoId)!;
    expect(record).toMatchObject({ status: 'failed', kind: 'missing_articles', sourceApp: 'sonarr', correlationId: failed!.correlationId });
    const sonarrFailedAt = w.sonarr.core.history.find((h) => h.eventType === 'downloadFailed')!.date;
    expect(record.metadata).toMatchObject({ reportedBy: 'sonarr', identifiedVia: 'arr_history', sabnzbdCanRetry: false, failedAt: sonarrFailedAt });
    expect(typeof record.metadata.announcedAt).toBe('number');

    // Later polls read nothing new.
    await poller.pollNow();
    await poller.pollNow();
    expect(failedFor(w, nzoId)).toHaveLength(1);
    expect(w.categoryAsks).toBe(1);
  });

  it('seen by both SABnzbd and the *arr: announced once, whichever reads first (also at the same time)', async () => {
    const w = await world();
    const { poller, watch } = w.build();
    await poller.pollNow();

    // SABnzbd's history first (the poll), then the watch in the same cycle and again alone.
    const a = await arrSeesFailure(w, w.sonarr, 101, { removed: false });
    expect((await poller.pollNow()).newFailures).toBe(1);
    await watch.check();
    expect(failedFor(w, a)).toHaveLength(1);
    expect(w.store.get(a)!.metadata.reportedBy).toBe('sabnzbd');

    // The watch first, then SABnzbd's history.
    const b = await arrSeesFailure(w, w.sonarr, 102, { removed: false });
    const [first] = await watch.check();
    expect(first).toMatchObject({ app: 'sonarr', ok: true, announced: 1 });
    expect((await poller.pollNow()).newFailures).toBe(0);
    expect(failedFor(w, b)).toHaveLength(1);
    expect(w.store.get(b)!.metadata.reportedBy).toBe('sonarr');

    // Both at once: one announcer, so one insert and one event — even while a slow subscriber (a busy disk) holds each publish.
    w.bus.subscribe('download.failed', () => new Promise<void>((r) => setTimeout(r, 150)), { name: 'slow-disk' });
    const c = await arrSeesFailure(w, w.sonarr, 102, { removed: false });
    const standalone = new ArrFailureWatch({ sources: () => w.sources(), announcer: poller.announcer, bus: w.bus, state: w.state, clock: w.clock });
    await Promise.all([standalone.check(), poller.pollNow(), watch.check()]);
    expect(failedFor(w, c)).toHaveLength(1);
    expect(w.of('download.failed')).toHaveLength(3);
  });

  it('a restart does not announce again, and reads on from its cursor', async () => {
    const w = await world();
    let { poller } = w.build();
    await poller.pollNow();
    const first = await arrSeesFailure(w, w.sonarr, 101, { removed: true });
    await poller.pollNow();
    expect(failedFor(w, first)).toHaveLength(1);
    const cursor = JSON.parse(w.state.get(arrFailureCursorKey('sonarr'))!) as { newestMs: number; idsAtNewest: number[] };
    expect(cursor.newestMs).toBe(w.sonarr.core.history.find((h) => h.downloadId === first && h.eventType === 'downloadFailed')!.date);

    await poller.stop();
    w.restart();
    ({ poller } = w.build());
    const callsBefore = w.sonarr.calls.length;
    await poller.pollNow();
    expect(failedFor(w, first)).toHaveLength(1);
    // It asked from the saved cursor, not from the first-run lookback.
    const since = w.sonarr.calls.slice(callsBefore).find((c) => c.path === '/history/since')!;
    expect(Date.parse(String(since.query.date))).toBe(cursor.newestMs);

    const second = await arrSeesFailure(w, w.sonarr, 102, { removed: true });
    await poller.pollNow();
    expect(failedFor(w, second)).toHaveLength(1);
    expect(w.of('download.failed')).toHaveLength(2);
  });

  it('the *arr down: a service.error, nothing lost; picked up (once) when it answers again', async () => {
    const w = await world();
    const { poller } = w.build();
    await poller.pollNow();
    const up = w.arrUrl.sonarr;
    w.arrUrl.sonarr = `http://127.0.0.1:${await closedPort()}`;
    const nzoId = await arrSeesFailure(w, w.sonarr, 101, { removed: true });

    const down1 = await poller.pollNow();
    await poller.pollNow();
    await poller.pollNow();
    expect(down1.ok).toBe(true); // SABnzbd is fine: only Sonarr is down
    expect(failedFor(w, nzoId)).toHaveLength(0);
    // Once per outage, not once per failed poll cycle.
    const errors = w.of('service.error').filter((e) => e.payload.service === 'sonarr');
    expect(errors.map((e) => [e.payload.code, e.payload.consecutiveFailures, e.payload.recovered])).toEqual([['unreachable', 1, false]]);
    expect(errors[0]!.payload.message).toMatch(/^Sonarr could not be asked which downloads failed: /);

    w.arrUrl.sonarr = up;
    await poller.pollNow();
    const after = w.of('service.error').filter((e) => e.payload.service === 'sonarr');
    expect(after).toHaveLength(2);
    expect(after[1]!.payload).toMatchObject({ code: 'recovered', recovered: true, consecutiveFailures: 3 });
    expect(after[1]!.correlationId).toBe(errors[0]!.correlationId);
    const [failed, ...more] = failedFor(w, nzoId);
    expect(more).toHaveLength(0);
    expect(failed!.payload).toMatchObject({ kind: 'missing_articles', sourceApp: 'sonarr', item: { episodeIds: [101] } });
    await poller.pollNow();
    expect(failedFor(w, nzoId)).toHaveLength(1);
  });

  it('each outage is told once and ended once; a second outage is a new story (new correlation id)', async () => {
    const w = await world();
    const { watch } = w.build();
    const up = w.arrUrl.sonarr;
    const down = `http://127.0.0.1:${await closedPort()}`;
    const sonarrErrors = () => w.of('service.error').filter((e) => e.payload.service === 'sonarr');
    for (const _outage of [1, 2]) {
      w.arrUrl.sonarr = down;
      for (let i = 0; i < 4; i++) expect((await watch.check())[0]).toMatchObject({ app: 'sonarr', ok: false });
      w.arrUrl.sonarr = up;
      await watch.check();
      await watch.check();
    }
    const errors = sonarrErrors();
    expect(errors.map((e) => [e.payload.recovered, e.payload.consecutiveFailures])).toEqual([
      [false, 1],
      [true, 4],
      [false, 1],
      [true, 4],
    ]);
    expect(errors[1]!.correlationId).toBe(errors[0]!.correlationId);
    expect(errors[3]!.correlationId).toBe(errors[2]!.correlationId);
    expect(errors[2]!.correlationId).not.toBe(errors[0]!.correlationId);
  });

  it('the failure of a tracked replacement continues that download (same correlation, replacesNzoId)', async () => {
    const w = await world();
    const { poller } = w.build();
    await poller.pollNow();
    const original = await arrSeesFailure(w, w.sonarr, 101, { removed: false });
    await poller.pollNow();
    const record = w.store.get(original)!;

    // Recovery's replacement is the *arr's next grab; it fails and the *arr removes it.
    const replacement = await arrSeesFailure(w, w.sonarr, 101, { removed: true });
    w.store.update(original, { status: 'awaiting_replacement', trackedNzoId: replacement }, w.clock.now());
    await poller.pollNow();
    const failed = failedFor(w, replacement);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.payload).toMatchObject({ replacesNzoId: original, kind: 'missing_articles', item: { episodeIds: [101] } });
    expect(failed[0]!.correlationId).toBe(record.correlationId);
    expect(w.store.get(replacement)).toBeNull();
    await poller.pollNow();
    expect(failedFor(w, replacement)).toHaveLength(1);
  });

  it('a job an earlier attempt tracked (the ladder moved on) is not a new download; its failure, never told, is told once in its download’s story', async () => {
    const w = await world();
    const { poller } = w.build();
    await poller.pollNow();
    const original = await arrSeesFailure(w, w.sonarr, 101, { removed: false });
    await poller.pollNow();
    // Attempt 1 grabbed `earlier`; recovery counted its failure (the replacement tracker read it by id) and attempt 2
    // now tracks another job, all before any source reported it.
    const release = w.sonarr.core.search(101)[0]!.release;
    const earlier = (await w.sonarr.core.grab(101, release, 'InteractiveSearch')).downloadId;
    const now = w.clock.now();
    w.store.startAttempt(original, { attempt: 1, strategy: 'alternative_release', manual: false, dryRun: false, startedAt: now, oldNzoId: original, newNzoId: earlier, releaseGuid: release.guid, releaseTitle: release.title, quality: null }, now);
    w.store.finishAttempt(original, 1, { outcome: 'failed', error: 'the replacement failed' }, now);
    w.store.update(original, { status: 'awaiting_replacement', trackedNzoId: 'SABnzbd_nzo_attempt2' }, now);
    w.clock.advance(1000);
    await w.sonarr.reportDownload(earlier, 'Failed', MISSING);

    await poller.pollNow();
    const failed = failedFor(w, earlier);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.payload).toMatchObject({ replacesNzoId: original });
    expect(failed[0]!.correlationId).toBe(w.store.get(original)!.correlationId);
    expect(w.store.get(earlier)).toBeNull();
    expect(w.of('download.failed')).toHaveLength(2);
    // Told once: read again (the watch's cursor moved, but SABnzbd's history or a restart may bring it back), nothing more.
    await w.sonarr.reportDownload(earlier, 'Failed', MISSING);
    await poller.pollNow();
    expect(failedFor(w, earlier)).toHaveLength(1);
  });

  it('a job an earlier attempt tracked whose failure was told while it was tracked is not told again', async () => {
    const w = await world();
    const { poller } = w.build();
    await poller.pollNow();
    const original = await arrSeesFailure(w, w.sonarr, 101, { removed: false });
    await poller.pollNow();
    const release = w.sonarr.core.search(101)[0]!.release;
    const earlier = (await w.sonarr.core.grab(101, release, 'InteractiveSearch')).downloadId;
    const now = w.clock.now();
    w.store.startAttempt(original, { attempt: 1, strategy: 'alternative_release', manual: false, dryRun: false, startedAt: now, oldNzoId: original, newNzoId: earlier, releaseGuid: release.guid, releaseTitle: release.title, quality: null }, now);
    w.store.update(original, { status: 'awaiting_replacement', trackedNzoId: earlier }, now);
    // SABnzbd's history tells it while it is the tracked replacement…
    w.clock.advance(1000);
    w.sim.finish({ nzoId: earlier, name: release.title, status: 'Failed', failMessage: MISSING });
    await poller.pollNow();
    expect(failedFor(w, earlier)).toHaveLength(1);
    // …the ladder moves on, and the *arr's history reports it a poll later.
    w.store.finishAttempt(original, 1, { outcome: 'failed', error: 'the replacement failed' }, w.clock.now());
    w.store.update(original, { status: 'awaiting_replacement', trackedNzoId: 'SABnzbd_nzo_attempt2' }, w.clock.now());
    w.clock.advance(1000);
    await w.sonarr.reportDownload(earlier, 'Failed', MISSING);
    await poller.pollNow();
    expect(failedFor(w, earlier)).toHaveLength(1);
    expect(w.store.get(earlier)).toBeNull();
  });

  it('Radarr: a movie failure carries its movieId; Sonarr and Radarr are both read each cycle', async () => {
    const w = await world({ radarr: true });
    const { poller } = w.build();
    await poller.pollNow();
    const movie = await arrSeesFailure(w, w.radarr!, 7, { removed: true, message: 'Unpacking failed, archive requires a password' });
    const episode = await arrSeesFailure(w, w.sonarr, 101, { removed: true });
    await poller.pollNow();
    expect(failedFor(w, movie)[0]!.payload).toMatchObject({
      sourceApp: 'radarr',
      category: 'movies',
      kind: 'encrypted',
      item: { movieId: 7 },
    });
    expect(failedFor(w, episode)[0]!.payload).toMatchObject({ sourceApp: 'sonarr', item: { seriesId: 10, episodeIds: [101] } });
    expect(w.of('download.failed')).toHaveLength(2);
  });

  it('every instance is read (Radarr and Radarr 4K), each with its own cursor; the first Radarr keeps its old one', async () => {
    const w = await world({ radarr: true });
    const { poller } = w.build();
    await poller.pollNow();
    // Before instances: the first Radarr read as the app, its cursor under the key it always had.
    const hdOld = await arrSeesFailure(w, w.radarr!, 7, { removed: true });
    await poller.pollNow();
    expect(failedFor(w, hdOld)).toHaveLength(1);
    const oldCursor = w.state.get(arrFailureCursorKey('radarr'));
    expect(oldCursor).not.toBeNull();

    // Now the list: Sonarr, Radarr (same ids) and a Radarr 4K with its own SABnzbd category.
    const uhd = await startFakeRadarr({
      clock: w.clock,
      movies: radarrLibrary(),
      autoRedownloadFailed: false,
      onGrab: ({ release, category }) => {
        const id = w.sim.nextId(category);
        w.sim.enqueue(id, 'Downloading', 100, release.title);
        return id;
      },
    });
    cleanups.push(() => uhd.close());
    let uhdUrl = uhd.url;
    const radarrOf = (url: string, apiKey: string) => createRadarrClient({ baseUrl: url, apiKey, timeoutMs: 2000 });
    w.sources = () => [
      { app: 'sonarr', instanceId: 'sonarr', label: 'Sonarr', category: 'tv', reader: createSonarrClient({ baseUrl: w.arrUrl.sonarr, apiKey: w.sonarr.apiKey, timeoutMs: 2000 }) },
      { app: 'radarr', instanceId: 'radarr', label: 'Radarr', category: 'movies', reader: radarrOf(w.arrUrl.radarr, w.radarr!.apiKey) },
      { app: 'radarr', instanceId: 'radarr-2', label: 'Radarr 4K', category: 'movies-4k', reader: radarrOf(uhdUrl, uhd.apiKey) },
    ];
    const hdCalls = w.radarr!.calls.length;
    await poller.pollNow();
    // Nothing re-announced: the first Radarr read on from its old cursor.
    expect(failedFor(w, hdOld)).toHaveLength(1);
    const since = w.radarr!.calls.slice(hdCalls).find((c) => c.path === '/history/since')!;
    expect(Date.parse(String(since.query.date))).toBe((JSON.parse(oldCursor!) as { newestMs: number }).newestMs);

    // The 4K's failure: announced once, as the 4K's (recovery acts through it), with the 4K's category.
    const uhdFailed = await arrSeesFailure(w, uhd, 7, { removed: true, message: 'Unpacking failed, archive requires a password' });
    await poller.pollNow();
    await poller.pollNow();
    const [failed, ...more] = failedFor(w, uhdFailed);
    expect(more).toHaveLength(0);
    expect(failed!.payload).toMatchObject({ sourceApp: 'radarr', category: 'movies-4k', kind: 'encrypted', item: { movieId: 7 } });
    expect(w.store.get(uhdFailed)!.metadata).toMatchObject({ arrInstance: 'radarr-2', reportedBy: 'radarr' });
    expect(w.state.get(arrFailureCursorKey('radarr', 'radarr-2'))).not.toBeNull();
    expect(arrFailureCursorKey('radarr', 'radarr-2')).not.toBe(arrFailureCursorKey('radarr'));
    expect(arrFailureCursorKey('radarr', 'radarr')).toBe(arrFailureCursorKey('radarr'));
    expect(w.state.get(arrFailureCursorKey('radarr'))).toBe(oldCursor);

    // The 4K down while the HD Radarr answers: told once as the 4K's; the HD's failures are still read.
    uhdUrl = `http://127.0.0.1:${await closedPort()}`;
    const hdNew = await arrSeesFailure(w, w.radarr!, 7, { removed: true });
    for (let i = 0; i < 3; i++) await poller.pollNow();
    expect(failedFor(w, hdNew)).toHaveLength(1);
    expect(w.store.get(hdNew)!.metadata.arrInstance).toBe('radarr');
    const radarrErrors = () => w.of('service.error').filter((e) => e.payload.service === 'radarr');
    expect(radarrErrors().map((e) => [e.payload.instance ?? null, e.payload.recovered, e.payload.consecutiveFailures])).toEqual([['radarr-2', false, 1]]);
    expect(radarrErrors()[0]!.payload.message).toMatch(/^Radarr 4K could not be asked which downloads failed: /);
    uhdUrl = uhd.url;
    await poller.pollNow();
    expect(radarrErrors().map((e) => [e.payload.instance ?? null, e.payload.recovered, e.payload.consecutiveFailures])).toEqual([
      ['radarr-2', false, 1],
      ['radarr-2', true, 3],
    ]);
  });

  it('a download a person marked failed in the *arr is not a SABnzbd failure: not announced', async () => {
    const w = await world();
    const { poller } = w.build();
    await poller.pollNow();
    const release = w.sonarr.core.search(101)[0]!.release;
    const td = await w.sonarr.core.grab(101, release, 'Search');
    const client = createSonarrClient({ baseUrl: w.sonarr.url, apiKey: w.sonarr.apiKey });
    const queued = await client.findQueueItemByDownloadId(td.downloadId);
    expect(queued.ok && queued.value).toBeTruthy();
    if (!queued.ok || !queued.value) return;
    expect((await client.removeFromQueue(queued.value.id, { blocklist: true, skipRedownload: true })).ok).toBe(true);
    expect(w.sonarr.core.history.some((h) => h.eventType === 'downloadFailed' && h.downloadId === td.downloadId)).toBe(true);
    await poller.pollNow();
    expect(w.of('download.failed')).toHaveLength(0);
  });
});
