// Sonarr down (or not answering) during a recovery step: the step waits and
// runs later, spends none of the download's attempts, is never sent twice, and
// the window hears "Sonarr cannot be reached" once per outage and "answers
// again" when it does. Real pieces: the recovery engine on a real SQLite file,
// the real Sonarr client over loopback to the faithful fake Sonarr, behind a
// TCP gate that refuses connections (down) or swallows requests (hold).
import { afterEach, describe, expect, it } from 'vitest';
import { createSonarrClient } from '../../main/core/arr/sonarr-client';
import { arrErr } from '../../main/core/arr/arr-result';
import { DownloadMonitoringRepository } from '../../main/core/activity/download-monitoring-repository';
import { systemClock } from '../../main/core/clock';
import { ServiceHealthTracker } from '../../main/core/health/service-health';
import { newId } from '../../main/core/ids';
import { FailureAnnouncer } from '../../main/core/monitoring/failure-announcer';
import { spentAttempts } from '../../main/core/recovery/attempt-bookkeeping';
import { sonarrGateway } from '../../main/core/recovery/arr-gateway';
import { RecoveryEngine } from '../../main/core/recovery/recovery-engine';
import type { RecoveryArr } from '../../main/core/recovery/recovery-ports';
import { defaultSettings, type Settings } from '../../shared/settings';
import type { FakeArr } from '../fakes/fake-arr-server';
import type { SeedRelease } from '../fakes/fake-arr-model';
import { startFakeSonarr } from '../fakes/fake-sonarr';
import { createRecordingBus, type RecordingBus } from '../support/recording-bus';
import { openTempDatabase, type TempDatabase } from '../unit/activity/temp-database';
import { EP, MemorySab, Q, release } from '../unit/recovery/engine-world';
import { TcpGate } from './faults-tcp-gate';
import { startTempCore, type TempCore } from './faults-temp-core';

interface ArrDownWorld {
  rb: RecordingBus;
  db: TempDatabase;
  store: DownloadMonitoringRepository;
  sab: MemorySab;
  sonarr: FakeArr;
  gate: TcpGate;
  health: ServiceHealthTracker;
  engine: RecoveryEngine;
  announcer: FailureAnnouncer;
  /** Sonarr as recovery sees it (through the gate); tests may wrap single calls. */
  faults: Partial<RecoveryArr>;
  close(): Promise<void>;
}

let w: ArrDownWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const BASE_BACKOFF_S = 300;

const EP2 = 102;
const ep2Release = (guid: string): SeedRelease => ({ guid, title: `Show.S01E02.WEBDL-1080p-${guid.toUpperCase()}`, quality: Q.fhd, releaseGroup: guid.toUpperCase() });

async function makeWorld(releases: SeedRelease[]): Promise<ArrDownWorld> {
  const rb = createRecordingBus();
  const clock = rb.clock;
  const db = openTempDatabase();
  const store = new DownloadMonitoringRepository(db.db);
  const sab = new MemorySab(clock);
  const sonarr = await startFakeSonarr({
    clock,
    autoRedownloadFailed: false,
    onGrab: ({ release: r }) => sab.add(r.title),
    series: [
      {
        id: 1,
        title: 'Show',
        episodes: [
          { id: EP, seasonNumber: 1, episodeNumber: 1, releases },
          { id: EP2, seasonNumber: 1, episodeNumber: 2, releases: [ep2Release('bad2'), ep2Release('good2')] },
        ],
      },
    ],
  });
  const gate = await TcpGate.open(Number(new URL(sonarr.url).port));
  // Recovery reaches Sonarr only through the gate; a short timeout so a held request times out quickly.
  const gated = createSonarrClient({ baseUrl: `http://127.0.0.1:${gate.port}`, apiKey: sonarr.apiKey, clock: systemClock, timeoutMs: 400 });
  // The failure was linked to its episode before Sonarr went away (the announcer asks Sonarr directly).
  const direct = createSonarrClient({ baseUrl: sonarr.url, apiKey: sonarr.apiKey, clock: systemClock });
  const faults: Partial<RecoveryArr> = {};
  const real = sonarrGateway(gated);
  const arr: RecoveryArr = new Proxy(real, {
    get: (target, key: keyof RecoveryArr) => faults[key] ?? target[key],
  });
  const base = defaultSettings();
  const settings: Settings = { ...base, monitoring: { ...base.monitoring, baseBackoffSeconds: BASE_BACKOFF_S, maxRetries: 3 } };
  const health = new ServiceHealthTracker(clock, () => true);
  rb.bus.subscribe('*', (e) => health.observe(e), { name: 'service-health', priority: 100 });
  const engine = new RecoveryEngine({
    bus: rb.bus,
    store,
    sab,
    arrs: { sonarr: arr },
    clock,
    settings: () => settings,
    options: { pause: async () => undefined, auditOnStart: false, outcomeCheckMs: 3_600_000 },
  });
  const announcer = new FailureAnnouncer({
    store,
    bus: rb.bus,
    clock,
    newId,
    lookups: () => [{ app: 'sonarr', findByDownloadId: (id) => direct.findByDownloadId(id) }],
    settings: () => ({ categoryMap: settings.categoryMap, maxRetries: settings.monitoring.maxRetries }),
  });
  return {
    rb,
    db,
    store,
    sab,
    sonarr,
    gate,
    health,
    engine,
    announcer,
    faults,
    async close() {
      await engine.stop();
      await gate.down();
      await sonarr.close();
      db.close();
    },
  };
}

/** Sonarr grabbed `r` (its own search) and SABnzbd failed it. */
async function failedGrab(world: ArrDownWorld, r: SeedRelease, episode = EP): Promise<string> {
  const td = await world.sonarr.core.grab(episode, r, 'Search');
  world.sab.finish(td.downloadId, 'Failed', 'Aborted, cannot be completed - https://sabnzbd.org/not-complete');
  await world.sonarr.reportDownload(td.downloadId, 'Failed', 'Aborted, cannot be completed - https://sabnzbd.org/not-complete');
  return td.downloadId;
}

async function settle(world: ArrDownWorld): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await world.engine.idle();
    await world.sonarr.idle();
  }
}

/** Let time pass until the rows are due, and let their steps run. */
async function runWhenDue(world: ArrDownWorld, ...nzoIds: string[]): Promise<void> {
  const dues = nzoIds.map((id) => world.store.get(id)!.nextAttemptAt);
  expect(dues).not.toContain(null);
  const last = Math.max(...(dues as number[]));
  await world.rb.clock.advanceAsync(Math.max(0, last - world.rb.clock.now()) + 1_000, 30_000);
  await settle(world);
  // Real HTTP outlives a fake-clock step: a run that ended after the last step re-armed the scheduler for a
  // moment later, so nudge the clock until no row is still due.
  for (let i = 0; i < 20; i++) {
    const now = world.rb.clock.now();
    if (!nzoIds.some((id) => (world.store.get(id)!.nextAttemptAt ?? Infinity) <= now)) break;
    await world.rb.clock.advanceAsync(1_000);
    await settle(world);
  }
}

const grabsPosted = (world: ArrDownWorld) => world.sonarr.calls.filter((c) => c.method === 'POST' && c.path === '/release').length;
const sonarrErrors = (world: ArrDownWorld) => world.rb.ofType('service.error').filter((e) => e.payload.service === 'sonarr');

describe('Sonarr down during a recovery step', () => {
  it('spends no attempt, says so once per outage, and runs the step (one grab) when Sonarr answers again', async () => {
    w = await makeWorld([release('bad', Q.fhd, 'BAD'), release('good', Q.fhd, 'GOOD')]);
    w.engine.start();
    const failedId = await failedGrab(w, release('bad', Q.fhd, 'BAD'));
    const otherId = await failedGrab(w, ep2Release('bad2'), EP2);
    await w.gate.down();
    await w.announcer.announce(w.sab.slot(failedId));
    await w.announcer.announce(w.sab.slot(otherId));
    await runWhenDue(w, failedId, otherId); // the first attempt waits one base period after the failure

    // Nothing was claimed, nothing spent; the same step waits a short while (min(base, 60 s)), not a backoff period.
    const t0 = w.rb.clock.now();
    for (const id of [failedId, otherId]) {
      expect(w.store.attempts(id)).toEqual([]);
      const rec = w.store.get(id)!;
      expect(rec).toMatchObject({ status: 'retrying', attempts: 0, inDlq: false });
      expect(rec.nextAttemptAt! - t0).toBeLessThanOrEqual(60_000);
      expect(rec.lastError).toMatch(/Sonarr did not answer/);
    }
    // Once for the outage, not once per download.
    expect(sonarrErrors(w)).toHaveLength(1);
    expect(sonarrErrors(w)[0]!.payload).toMatchObject({ service: 'sonarr', code: 'unreachable', recovered: false, consecutiveFailures: 1 });
    expect(sonarrErrors(w)[0]!.payload.message).toMatch(/Sonarr cannot be reached/);
    expect(w.health.get('sonarr')).toMatchObject({ state: 'error' });

    // A long outage: far more due runs than the download has attempts; none spent, no DLQ, still one notice.
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const due = w.store.get(failedId)!.nextAttemptAt!;
      await runWhenDue(w, failedId);
      waits.push(w.store.get(failedId)!.nextAttemptAt! - due);
    }
    expect(w.store.attempts(failedId)).toEqual([]);
    expect(w.store.get(failedId)).toMatchObject({ status: 'retrying', inDlq: false });
    expect(w.rb.ofType('download.moved_to_dlq')).toHaveLength(0);
    expect(w.rb.ofType('download.retry_failed')).toHaveLength(0);
    expect(sonarrErrors(w)).toHaveLength(1);
    // The wait grows while the outage lasts, and stays capped.
    expect(waits.at(-1)!).toBeGreaterThan(waits[0]!);
    expect(Math.max(...waits)).toBeLessThanOrEqual(10 * 60_000 + 31_000); // + how late after its due time the test's clock steps ran it
    expect(grabsPosted(w)).toBe(0);

    // Sonarr is back: the step runs, one grab per download, and the window hears it answers again.
    await w.gate.up(Number(new URL(w.sonarr.url).port));
    await runWhenDue(w, failedId, otherId);
    expect(sonarrErrors(w)).toHaveLength(2);
    expect(sonarrErrors(w)[1]!.payload).toMatchObject({ recovered: true, code: 'recovered' });
    expect(w.health.get('sonarr')).toMatchObject({ state: 'ok' });
    expect(grabsPosted(w)).toBe(2);
    const attempts = w.store.attempts(failedId);
    expect(attempts).toEqual([expect.objectContaining({ attempt: 1, strategy: 'alternative_release', outcome: 'waiting', releaseGuid: 'good' })]);
    const rec = w.store.get(failedId)!;
    expect(rec).toMatchObject({ status: 'awaiting_replacement', attempts: 1 });

    await w.sonarr.reportDownload(rec.trackedNzoId!, 'Completed');
    await w.engine.checkReplacements();
    const recovered = w.rb.ofType('download.recovered').filter((e) => e.payload.nzoId === failedId);
    expect(recovered).toHaveLength(1);
    expect(recovered[0]!.payload).toMatchObject({ attempts: 1, strategy: 'alternative_release' });
  });

  it('when Sonarr answers again, the steps that waited for it run now, not at the end of their wait', async () => {
    w = await makeWorld([release('bad', Q.fhd, 'BAD'), release('good', Q.fhd, 'GOOD')]);
    w.engine.start();
    const failedId = await failedGrab(w, release('bad', Q.fhd, 'BAD'));
    const otherId = await failedGrab(w, ep2Release('bad2'), EP2);
    await w.gate.down();
    await w.announcer.announce(w.sab.slot(failedId));
    await w.announcer.announce(w.sab.slot(otherId));
    await runWhenDue(w, failedId, otherId);
    for (let i = 0; i < 4; i++) await runWhenDue(w, failedId, otherId);
    const otherDue = w.store.get(otherId)!.nextAttemptAt!;
    expect(otherDue - w.rb.clock.now()).toBeGreaterThan(60_000);

    await w.gate.up(Number(new URL(w.sonarr.url).port));
    const manual = await w.engine.retryNow(failedId); // a person retries one: Sonarr answers
    expect(manual.ok).toBe(true);
    await settle(w);
    expect(w.rb.clock.now()).toBeLessThan(otherDue);
    expect(w.store.get(otherId)).toMatchObject({ status: 'awaiting_replacement', attempts: 1 });
    expect(w.store.attempts(otherId)).toEqual([expect.objectContaining({ attempt: 1, outcome: 'waiting', releaseGuid: 'good2' })]);
    expect(grabsPosted(w)).toBe(2);
    expect(sonarrErrors(w).map((e) => e.payload.recovered)).toEqual([false, true]);
  });

  it('Sonarr going away in the middle of a step: the claimed attempt is deferred, the ladder does not climb', async () => {
    w = await makeWorld([release('bad', Q.fhd, 'BAD'), release('good', Q.fhd, 'GOOD')]);
    const world = w;
    let searches = 0;
    world.faults.searchReleases = async (item) => {
      searches++;
      if (searches === 1) await world.gate.down(); // the coordinator's reads worked; the search meets a closed port
      return sonarrGateway(createSonarrClient({ baseUrl: `http://127.0.0.1:${world.gate.port}`, apiKey: world.sonarr.apiKey, clock: systemClock })).searchReleases(item);
    };
    world.engine.start();
    const failedId = await failedGrab(world, release('bad', Q.fhd, 'BAD'));
    await world.announcer.announce(world.sab.slot(failedId));
    await runWhenDue(world, failedId);

    const [first] = world.store.attempts(failedId);
    expect(first).toMatchObject({ attempt: 1, strategy: 'alternative_release', outcome: 'deferred' });
    expect(first!.error).toMatch(/no attempt was used/);
    expect(spentAttempts(world.store.attempts(failedId))).toBe(0);
    expect(world.store.get(failedId)).toMatchObject({ status: 'retrying', attempts: 0 });
    expect(sonarrErrors(world).map((e) => e.payload.recovered)).toEqual([false]);

    await world.gate.up(Number(new URL(world.sonarr.url).port));
    await runWhenDue(world, failedId);
    const attempts = world.store.attempts(failedId);
    // Same rung again (alternative_release, not quality_fallback), under a new attempt number.
    expect(attempts.map((a) => [a.attempt, a.strategy, a.outcome])).toEqual([
      [1, 'alternative_release', 'deferred'],
      [2, 'alternative_release', 'waiting'],
    ]);
    expect(grabsPosted(world)).toBe(1);
    expect(world.store.get(failedId)).toMatchObject({ status: 'awaiting_replacement', attempts: 1 });
    const started = world.rb.ofType('download.retry_started').map((e) => e.payload.attempt);
    expect(started).toEqual([1, 1]); // the same step, announced again when it really ran
  });

  it('a grab whose request is held until it times out is looked up, not resent: it never arrived, so it is sent once', async () => {
    w = await makeWorld([release('bad', Q.fhd, 'BAD'), release('good', Q.fhd, 'GOOD')]);
    const world = w;
    const real = sonarrGateway(createSonarrClient({ baseUrl: `http://127.0.0.1:${world.gate.port}`, apiKey: world.sonarr.apiKey, clock: systemClock, timeoutMs: 400 }));
    let grabs = 0;
    world.faults.grabRelease = async (r) => {
      grabs++;
      if (grabs > 1) return real.grabRelease(r);
      world.gate.hold();
      const answer = await real.grabRelease(r);
      // Sonarr restarts before the held request reaches it: it is lost, as in a real restart.
      await world.gate.down();
      await world.gate.up(Number(new URL(world.sonarr.url).port));
      return answer;
    };
    world.engine.start();
    const failedId = await failedGrab(world, release('bad', Q.fhd, 'BAD'));
    await world.announcer.announce(world.sab.slot(failedId));
    await runWhenDue(world, failedId);

    // Timed out: the attempt stays open (it may have been sent), nothing spent, Sonarr reported as not answering.
    const [open] = world.store.attempts(failedId);
    expect(open).toMatchObject({ attempt: 1, outcome: 'started', releaseGuid: 'good' });
    expect(spentAttempts(world.store.attempts(failedId))).toBe(0);
    expect(world.store.get(failedId)).toMatchObject({ status: 'retrying', attempts: 0 });
    expect(sonarrErrors(world)[0]!.payload).toMatchObject({ code: 'timeout', recovered: false });
    expect(grabsPosted(world)).toBe(0); // the held request died with its connection

    await runWhenDue(world, failedId);
    // Looked up in Sonarr's history first: no grab there, so the step ran again, once.
    expect(world.store.attempts(failedId).map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'deferred'],
      [2, 'waiting'],
    ]);
    expect(grabs).toBe(2);
    expect(grabsPosted(world)).toBe(1);
    expect(world.sonarr.grabs().map((g) => g.release.guid)).toEqual(['bad', 'good']);
    expect(world.store.get(failedId)).toMatchObject({ status: 'awaiting_replacement', attempts: 1 });
  });

  it('a grab Sonarr made but whose answer never came back is found in its history and adopted: no second grab', async () => {
    w = await makeWorld([release('bad', Q.fhd, 'BAD'), release('good', Q.fhd, 'GOOD')]);
    const world = w;
    const real = sonarrGateway(createSonarrClient({ baseUrl: `http://127.0.0.1:${world.gate.port}`, apiKey: world.sonarr.apiKey, clock: systemClock }));
    world.faults.grabRelease = async (r) => {
      const answer = await real.grabRelease(r);
      expect(answer.ok).toBe(true);
      return arrErr('timeout', 'Sonarr did not answer within 0.4 s (POST /release). Is it busy or stuck?');
    };
    world.engine.start();
    const failedId = await failedGrab(world, release('bad', Q.fhd, 'BAD'));
    await world.announcer.announce(world.sab.slot(failedId));
    await runWhenDue(world, failedId);
    expect(world.store.attempts(failedId)).toEqual([expect.objectContaining({ attempt: 1, outcome: 'started' })]);
    expect(grabsPosted(world)).toBe(1);

    await runWhenDue(world, failedId);
    const grabbed = world.sonarr.grabs().at(-1)!;
    expect(grabsPosted(world)).toBe(1);
    expect(world.store.attempts(failedId)).toEqual([expect.objectContaining({ attempt: 1, outcome: 'waiting', newNzoId: grabbed.downloadId })]);
    expect(world.store.get(failedId)).toMatchObject({ status: 'awaiting_replacement', trackedNzoId: grabbed.downloadId, attempts: 1 });
    // Sonarr answered the lookup: the outage is over.
    expect(sonarrErrors(world).map((e) => e.payload.recovered)).toEqual([false, true]);

    await world.sonarr.reportDownload(grabbed.downloadId, 'Completed');
    await world.engine.checkReplacements();
    expect(world.rb.ofType('download.recovered').map((e) => e.payload.completedNzoId)).toEqual([grabbed.downloadId]);
  });
});

describe('SABnzbd not answering a retry', () => {
  it('refused: deferred without spending an attempt (the poller, not recovery, reports SABnzbd down); timed out but done: found, not retried twice', async () => {
    w = await makeWorld([release('bad', Q.fhd, 'BAD')]);
    const world = w;
    const realRetry = world.sab.retry;
    let calls = 0;
    world.sab.retry = async (nzoId) => {
      calls++;
      if (calls === 1) return { ok: false, error: { code: 'unreachable', message: 'SABnzbd at http://127.0.0.1:1 cannot be reached (connection refused).' } };
      // The retry happened, but its answer was lost.
      const done = await realRetry(nzoId);
      expect(done.ok).toBe(true);
      return { ok: false, error: { code: 'timeout', message: 'SABnzbd at http://127.0.0.1:1 did not answer within 0.4 s.' } };
    };
    world.engine.start();
    const failedId = await failedGrab(world, release('bad', Q.fhd, 'BAD'));
    world.sab.finish(failedId, 'Failed', 'Some weird thing'); // kind unknown → a plain retry first
    await world.announcer.announce(world.sab.slot(failedId));
    await runWhenDue(world, failedId);

    expect(world.store.attempts(failedId)).toEqual([expect.objectContaining({ attempt: 1, strategy: 'retry_download', outcome: 'deferred' })]);
    expect(world.store.get(failedId)).toMatchObject({ status: 'retrying', attempts: 0 });
    expect(world.rb.ofType('service.error')).toHaveLength(0);

    await runWhenDue(world, failedId);
    // Attempt 2 timed out: left open, nothing spent.
    expect(world.store.attempts(failedId).map((a) => [a.attempt, a.strategy, a.outcome])).toEqual([
      [1, 'retry_download', 'deferred'],
      [2, 'retry_download', 'started'],
    ]);
    expect(spentAttempts(world.store.attempts(failedId))).toBe(0);

    await runWhenDue(world, failedId);
    // Looked up in SABnzbd: the retried job is there, so it is tracked; SABnzbd was asked to retry exactly once.
    expect(world.sab.retries).toEqual([failedId]);
    expect(calls).toBe(2);
    const rec = world.store.get(failedId)!;
    expect(rec).toMatchObject({ status: 'awaiting_replacement', attempts: 1 });
    expect(world.store.attempts(failedId).at(-1)).toMatchObject({ attempt: 2, outcome: 'waiting', newNzoId: rec.trackedNzoId });
  });
});

describe('the whole core: the window sees Sonarr down while recovery waits for it', () => {
  let t: TempCore | null = null;
  let sonarr: FakeArr | null = null;
  let gate: TcpGate | null = null;
  afterEach(async () => {
    await t?.dispose();
    await gate?.down();
    await sonarr?.close();
    t = null;
    gate = null;
    sonarr = null;
  });

  it('monitoring.status shows services.sonarr = error with what recovery met, and ok once a retry reaches it', async () => {
    sonarr = await startFakeSonarr({
      autoRedownloadFailed: false,
      series: [{ id: 1, title: 'Show', episodes: [{ id: EP, seasonNumber: 1, episodeNumber: 1, releases: [release('bad', Q.fhd, 'BAD'), release('good', Q.fhd, 'GOOD')] }] }],
    });
    gate = await TcpGate.open(Number(new URL(sonarr.url).port));
    t = await startTempCore({ patch: { sonarr: { url: `http://127.0.0.1:${gate.port}` }, apiKeys: { sonarr: sonarr.apiKey } } });
    const core = t.core;
    const status = async () => {
      const r = await core.handlers['monitoring.status']({});
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    // The core's own connection check at start answers first (it would otherwise race the outage below).
    for (let i = 0; i < 100 && (await status()).services.sonarr.state !== 'ok'; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await status()).services.sonarr.state).toBe('ok');
    const td = await sonarr.core.grab(EP, release('bad', Q.fhd, 'BAD'), 'Search');
    const now = Date.now();
    const { record } = core.internals.store.insertFailureIfNew(
      {
        nzoId: td.downloadId,
        name: 'Show.S01E01.WEBDL-1080p-BAD',
        category: 'tv',
        sourceApp: 'sonarr',
        item: { seriesId: 1, episodeIds: [EP] },
        kind: 'missing_articles',
        severity: 'high',
        failMessage: 'Aborted, cannot be completed - https://sabnzbd.org/not-complete',
        status: 'failed',
        correlationId: newId(),
        maxAttempts: 3,
        nextAttemptAt: null,
        metadata: { announcedAt: now, failedAt: now - 3_600_000 },
      },
      now,
    );

    await gate.down();
    const deferred = await core.handlers['downloads.retry']({ nzoId: record.nzoId });
    expect(deferred.ok && deferred.value.message).toMatch(/Sonarr did not answer .*no attempt was used/);
    expect(core.internals.store.attempts(record.nzoId)).toEqual([]);
    const down = await status();
    expect(down.services.sonarr.state).toBe('error');
    expect(down.services.sonarr.message).toMatch(/Sonarr cannot be reached/);

    await gate.up(Number(new URL(sonarr.url).port));
    const ran = await core.handlers['downloads.retry']({ nzoId: record.nzoId });
    expect(ran.ok).toBe(true);
    expect(core.internals.store.get(record.nzoId)).toMatchObject({ status: 'awaiting_replacement', attempts: 1 });
    expect(sonarr.calls.filter((c) => c.method === 'POST' && c.path === '/release')).toHaveLength(1);
    expect((await status()).services.sonarr.state).toBe('ok');
  });
});

describe('a failure first seen while Sonarr was down (category map: sonarr, but no item)', () => {
  /** The poller's view: its lookup goes through the gate too, so with Sonarr down only the category answers. */
  function gatedAnnouncer(world: ArrDownWorld): FailureAnnouncer {
    const client = createSonarrClient({ baseUrl: `http://127.0.0.1:${world.gate.port}`, apiKey: world.sonarr.apiKey, clock: systemClock, timeoutMs: 400 });
    const settings = defaultSettings();
    return new FailureAnnouncer({
      store: world.store,
      bus: world.rb.bus,
      clock: world.rb.clock,
      newId,
      lookups: () => [{ app: 'sonarr', findByDownloadId: (id) => client.findByDownloadId(id) }],
      settings: () => ({ categoryMap: settings.categoryMap, maxRetries: 3 }),
    });
  }
  const downloadIdLookups = (world: ArrDownWorld, nzoId: string) =>
    world.sonarr.calls.filter((c) => c.method === 'GET' && c.path === '/history' && c.query.downloadId === nzoId).length;

  it('waits while Sonarr is down (no attempt, no DLQ), then links the item and recovers it with one grab', async () => {
    w = await makeWorld([release('bad', Q.fhd, 'BAD'), release('good', Q.fhd, 'GOOD')]);
    const world = w;
    world.engine.start();
    const failedId = await failedGrab(world, release('bad', Q.fhd, 'BAD'));
    await world.gate.down();
    await gatedAnnouncer(world).announce(world.sab.slot(failedId));
    await runWhenDue(world, failedId);
    expect(world.store.get(failedId)).toMatchObject({ sourceApp: 'sonarr', item: null });

    for (let i = 0; i < 5; i++) await runWhenDue(world, failedId);
    expect(world.store.attempts(failedId)).toEqual([]);
    const waiting = world.store.get(failedId)!;
    expect(waiting).toMatchObject({ status: 'retrying', attempts: 0, inDlq: false, item: null });
    expect(waiting.lastError).toMatch(/Sonarr did not answer .*no attempt was used/);
    expect(world.rb.ofType('download.moved_to_dlq')).toHaveLength(0);
    expect(world.rb.ofType('download.retry_failed')).toHaveLength(0);
    expect(sonarrErrors(world).map((e) => e.payload.recovered)).toEqual([false]);

    await world.gate.up(Number(new URL(world.sonarr.url).port));
    await runWhenDue(world, failedId);
    const linked = world.store.get(failedId)!;
    expect(linked.item).toMatchObject({ seriesId: 1, episodeIds: [EP] });
    expect(linked.metadata.sourceNotes).toEqual(expect.arrayContaining([expect.stringMatching(/Sonarr was asked again/)]));
    expect(linked).toMatchObject({ status: 'awaiting_replacement', attempts: 1, inDlq: false });
    expect(world.store.attempts(failedId)).toEqual([expect.objectContaining({ attempt: 1, strategy: 'alternative_release', outcome: 'waiting', releaseGuid: 'good' })]);
    expect(grabsPosted(world)).toBe(1);
    expect(downloadIdLookups(world, failedId)).toBeGreaterThanOrEqual(1);
    expect(sonarrErrors(world).map((e) => e.payload.recovered)).toEqual([false, true]);

    await world.sonarr.reportDownload(linked.trackedNzoId!, 'Completed');
    await world.engine.checkReplacements();
    expect(world.rb.ofType('download.recovered').map((e) => e.payload.nzoId)).toEqual([failedId]);
  });

  it('a manual retry links it too; a download Sonarr does not know is handled as before (no item, no grab)', async () => {
    w = await makeWorld([release('bad', Q.fhd, 'BAD'), release('good', Q.fhd, 'GOOD')]);
    const world = w;
    world.engine.start();
    const failedId = await failedGrab(world, release('bad', Q.fhd, 'BAD'));
    // A job someone added to SABnzbd by hand under the tv category: Sonarr never grabbed it.
    const strangerId = world.sab.add('Home.Video.2024');
    world.sab.finish(strangerId, 'Failed', 'Aborted, cannot be completed - https://sabnzbd.org/not-complete');
    await world.gate.down();
    const announcer = gatedAnnouncer(world);
    await announcer.announce(world.sab.slot(failedId));
    await announcer.announce(world.sab.slot(strangerId));
    await settle(world);
    await world.gate.up(Number(new URL(world.sonarr.url).port));

    const retried = await world.engine.retryNow(failedId);
    expect(retried.ok).toBe(true);
    await settle(world);
    expect(world.store.get(failedId)).toMatchObject({ item: { seriesId: 1, episodeIds: [EP] }, status: 'awaiting_replacement', attempts: 1 });
    expect(world.store.attempts(failedId)).toEqual([expect.objectContaining({ manual: true, strategy: 'alternative_release', releaseGuid: 'good' })]);

    // Sonarr answering the retry woke what waited for it, so the stranger may have run already.
    if (world.store.get(strangerId)!.nextAttemptAt !== null) await runWhenDue(world, strangerId);
    expect(downloadIdLookups(world, strangerId)).toBeGreaterThanOrEqual(1);
    const stranger = world.store.get(strangerId)!;
    // Sonarr answered "not mine": the same decision as before this fix (an incomplete post no *arr owns cannot be helped).
    expect(stranger).toMatchObject({ item: null, inDlq: true });
    expect(stranger.dlqReason).toMatch(/No Sonarr\/Radarr item is linked/);
    expect(grabsPosted(world)).toBe(1);
  });
});
