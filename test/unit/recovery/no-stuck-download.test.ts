// No download stuck forever: a replacement has a deadline; a grab whose job
// disappears is found missing (or found by its release when its id never
// showed); a person's Retry works from every state but recovered; dry run off
// schedules what it decided; Dismiss waits behind a running attempt and stays;
// a new maximum of attempts reaches downloads still in the ladder; a pre-queue
// script's failure is told once and not counted for ever.
import { afterEach, describe, expect, it } from 'vitest';
import { createSonarrClient } from '../../../main/core/arr/sonarr-client';
import { systemClock } from '../../../main/core/clock';
import { trayStateOf } from '../../../main/core/health/tray-state';
import { sonarrGateway } from '../../../main/core/recovery/arr-gateway';
import { RecoveryEngine } from '../../../main/core/recovery/recovery-engine';
import type { RecoveryArr } from '../../../main/core/recovery/recovery-ports';
import type { SeedRelease } from '../../fakes/fake-arr-model';
import { Q, failedGrab, makeWorld, release, settle, untilDue, type World } from './engine-world';

let w: World | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const HOUR = 3_600_000;
const grabsPosted = (world: World) => world.sonarr.calls.filter((c) => c.method === 'POST' && c.path === '/release').length;

async function pass(world: World, ms: number, step = 60_000): Promise<void> {
  for (let left = ms; left > 0; left -= step) {
    await world.rb.clock.advanceAsync(Math.min(step, left));
    await settle(world);
  }
}

/** A failure whose first attempt grabbed a replacement that is now downloading. */
async function awaiting(world: World): Promise<{ failedId: string; job: string }> {
  const failedId = await failedGrab(world, release('bad', Q.fhd, 'BAD'));
  await world.announcer.announce(world.sab.slot(failedId));
  await untilDue(world, failedId);
  const rec = world.store.get(failedId)!;
  expect(rec.status).toBe('awaiting_replacement');
  return { failedId, job: rec.trackedNzoId! };
}

const twoReleases = (): SeedRelease[] => [release('bad', Q.fhd, 'BAD'), release('good', Q.fhd, 'GOOD'), release('low', Q.hd, 'LOW')];

describe('awaiting_replacement has a deadline', () => {
  it('a replacement still downloading after 6 h (the default) is taken out of SABnzbd’s queue and the next step runs', async () => {
    w = await makeWorld({ releases: twoReleases() });
    w.engine.start();
    const { failedId, job } = await awaiting(w);
    await pass(w, 5 * HOUR + 59 * 60_000, 30 * 60_000);
    await w.engine.checkReplacements();
    expect(w.store.get(failedId)!.status).toBe('awaiting_replacement');
    await pass(w, 60_000);
    await w.engine.checkReplacements();
    const rec = w.store.get(failedId)!;
    expect(rec).toMatchObject({ status: 'retrying', attempts: 1 });
    expect(rec.lastError).toMatch(/did not complete within 6 h; it was taken out of SABnzbd’s queue/);
    expect(w.sab.deleted).toEqual([job]);
    expect(w.store.attempts(failedId)[0]).toMatchObject({ outcome: 'failed', newNzoId: job });
    await untilDue(w, failedId);
    expect(w.store.get(failedId)).toMatchObject({ status: 'awaiting_replacement', currentStrategy: 'quality_fallback' });
  });

  it('the deadline is a setting', async () => {
    w = await makeWorld({ releases: twoReleases(), settings: { replacementDeadlineHours: 1 } });
    w.engine.start();
    const { failedId } = await awaiting(w);
    await pass(w, HOUR, 30 * 60_000);
    await w.engine.checkReplacements();
    expect(w.store.get(failedId)!.lastError).toMatch(/did not complete within 1 h/);
  });
});

describe('a grab whose job never shows up', () => {
  it('dropped by SABnzbd and by Sonarr: found missing everywhere, and after 15 min the ladder moves on', async () => {
    w = await makeWorld({ releases: twoReleases() });
    w.engine.start();
    const { failedId, job } = await awaiting(w);
    // SABnzbd loses the job and Sonarr stops tracking it (it left the client).
    w.sab.drop(job);
    const td = w.sonarr.core.downloads.find((d) => d.downloadId === job)!;
    await w.sonarr.core.removeQueueItem(td.queueId, { removeFromClient: false, blocklist: false, skipRedownload: true });
    await w.engine.checkReplacements();
    expect(w.store.get(failedId)!.status).toBe('awaiting_replacement'); // missing for a moment is not lost
    await pass(w, 15 * 60_000, 5 * 60_000);
    await w.engine.checkReplacements();
    const rec = w.store.get(failedId)!;
    expect(rec).toMatchObject({ status: 'retrying' });
    expect(rec.lastError).toMatch(/neither SABnzbd nor Sonarr has it any more/);
  });

  it('still in Sonarr’s queue (or SABnzbd’s) it is not lost, however long it takes', async () => {
    w = await makeWorld({ releases: twoReleases() });
    w.engine.start();
    const { failedId, job } = await awaiting(w);
    w.sab.drop(job); // SABnzbd no longer lists it, but Sonarr still tracks it as downloading
    await pass(w, 60 * 60_000, 10 * 60_000);
    await w.engine.checkReplacements();
    expect(w.store.get(failedId)!.status).toBe('awaiting_replacement');
  });

  it('a grab whose id Sonarr’s history never showed is found in SABnzbd by its release name, not only in the last 300 history slots', async () => {
    w = await makeWorld({ releases: twoReleases() });
    const world = w;
    const client = createSonarrClient({ baseUrl: world.sonarr.url, apiKey: world.sonarr.apiKey, clock: systemClock });
    const real = sonarrGateway(client);
    let hideGrabs = true;
    const arr: RecoveryArr = new Proxy(real, {
      get: (t, k: keyof RecoveryArr) =>
        k === 'itemHistory'
          ? async (item: Parameters<RecoveryArr['itemHistory']>[0]) => {
              const h = await real.itemHistory(item);
              // A history cleaned up (or lagging) shows no grab of ours; the job is there all the same.
              return h.ok && hideGrabs ? { ok: true as const, value: h.value.filter((r) => !(r.eventType === 'grabbed' && r.data.guid === 'good')) } : h;
            }
          : t[k],
    });
    world.engine = new RecoveryEngine({ bus: world.rb.bus, store: world.store, sab: world.sab, arrs: { sonarr: arr }, clock: world.rb.clock, settings: () => world.settings, options: { pause: async () => undefined, auditOnStart: false, outcomeCheckMs: 3_600_000 } });
    world.engine.start();
    // 400 other jobs finished since: the grab is far beyond SABnzbd's last 300 history slots.
    for (let i = 0; i < 400; i++) world.sab.finish(world.sab.add(`Other.Job.${i}`), 'Completed');
    const failedId = await failedGrab(world, release('bad', Q.fhd, 'BAD'));
    await world.announcer.announce(world.sab.slot(failedId));
    await untilDue(world, failedId);
    expect(world.store.get(failedId)).toMatchObject({ status: 'awaiting_replacement', trackedNzoId: null });
    await world.engine.checkReplacements();
    const ours = world.sonarr.grabs().find((g) => g.release.guid === 'good')!;
    expect(world.store.get(failedId)).toMatchObject({ status: 'awaiting_replacement', trackedNzoId: ours.downloadId });
    hideGrabs = false;
    world.sab.finish(ours.downloadId, 'Completed');
    await world.engine.checkReplacements();
    expect(world.store.get(failedId)).toMatchObject({ status: 'recovered' });
  });
});

describe('a person’s Retry works from every state but recovered', () => {
  it('awaiting_replacement: the replacement is given up (and leaves the queue), the next step runs now', async () => {
    w = await makeWorld({ releases: twoReleases() });
    w.engine.start();
    const { failedId, job } = await awaiting(w);
    const r = await w.engine.retryNow(failedId);
    expect(r.ok).toBe(true);
    expect(w.sab.deleted).toEqual([job]);
    expect(w.store.attempts(failedId).map((a) => [a.attempt, a.strategy, a.outcome, a.manual])).toEqual([
      [1, 'alternative_release', 'failed', false],
      [2, 'quality_fallback', 'waiting', true],
    ]);
    expect(w.store.get(failedId)).toMatchObject({ status: 'awaiting_replacement', attempts: 2 });
  });

  it('ignored (a duplicate), dismissed, Needs attention: each runs a step; recovered is refused', async () => {
    w = await makeWorld({ releases: [] });
    w.engine.start();
    const dupe = w.sab.add('Home.Video.Dupe', 'misc');
    await w.announcer.announce(w.sab.finish(dupe, 'Failed', 'Duplicate NZB'));
    await settle(w);
    expect(w.store.get(dupe)).toMatchObject({ status: 'ignored' });
    expect((await w.engine.retryNow(dupe)).ok).toBe(true);
    expect(w.sab.retries).toEqual([dupe]);

    const other = w.sab.add('Home.Video.Other', 'misc');
    await w.announcer.announce(w.sab.finish(other, 'Failed', 'Script exit code is 1'));
    await settle(w);
    expect((await w.engine.dismiss(other)).ok).toBe(true);
    expect((await w.engine.retryNow(other)).ok).toBe(true);
    expect(w.sab.retries).toEqual([dupe, other]);
    const rec = w.store.get(other)!;
    expect(rec.status).toBe('awaiting_replacement');
    w.sab.finish(rec.trackedNzoId!, 'Completed');
    await w.engine.checkReplacements();
    expect(w.store.get(other)!.status).toBe('recovered');
    const refused = await w.engine.retryNow(other);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/already been recovered/) });
  });
});

describe('dry run and settings reach the downloads already in the ladder', () => {
  it('turning dry run off schedules what dry run decided (and a restart with it off does too)', async () => {
    w = await makeWorld({ releases: twoReleases(), settings: { dryRun: true } });
    w.engine.start();
    const failedId = await failedGrab(w, release('bad', Q.fhd, 'BAD'));
    await w.announcer.announce(w.sab.slot(failedId));
    await untilDue(w, failedId);
    expect(w.store.get(failedId)).toMatchObject({ status: 'failed', nextAttemptAt: null });
    expect(grabsPosted(w)).toBe(0);
    w.settings = { ...w.settings, dryRun: false };
    await w.rb.bus.publish('config.applied', { changedKeys: ['dryRun'] });
    await settle(w);
    expect(grabsPosted(w)).toBe(1);
    expect(w.store.get(failedId)).toMatchObject({ status: 'awaiting_replacement', currentStrategy: 'alternative_release' });
  });

  it('dry run turned off while the app was stopped: the next start schedules it', async () => {
    w = await makeWorld({ releases: twoReleases(), settings: { dryRun: true } });
    w.engine.start();
    const failedId = await failedGrab(w, release('bad', Q.fhd, 'BAD'));
    await w.announcer.announce(w.sab.slot(failedId));
    await untilDue(w, failedId);
    await w.engine.stop();
    w.settings = { ...w.settings, dryRun: false };
    w.engine = w.newEngine();
    w.engine.start();
    await settle(w);
    expect(grabsPosted(w)).toBe(1);
  });

  it('a lower MONITORING_MAX_RETRIES moves a download that used them up to Needs attention; a higher one gives more attempts', async () => {
    const bad = release('bad', Q.fhd, 'BAD');
    w = await makeWorld({ releases: [bad] }); // nothing else to grab: every attempt fails
    w.engine.start();
    const failedId = await failedGrab(w, bad);
    await w.announcer.announce(w.sab.slot(failedId));
    await untilDue(w, failedId);
    await untilDue(w, failedId);
    expect(w.store.get(failedId)).toMatchObject({ status: 'retrying', attempts: 2, maxAttempts: 3 });
    w.settings = { ...w.settings, monitoring: { ...w.settings.monitoring, maxRetries: 5 } };
    await w.rb.bus.publish('config.applied', { changedKeys: ['monitoring.maxRetries'] });
    await settle(w);
    expect(w.store.get(failedId)).toMatchObject({ status: 'retrying', maxAttempts: 5 });
    await untilDue(w, failedId);
    expect(w.store.get(failedId)).toMatchObject({ status: 'retrying', attempts: 3 }); // the old maximum no longer ends it
    w.settings = { ...w.settings, monitoring: { ...w.settings.monitoring, maxRetries: 2 } };
    await w.rb.bus.publish('config.applied', { changedKeys: ['monitoring.maxRetries'] });
    await settle(w);
    expect(w.store.get(failedId)).toMatchObject({ status: 'dlq', maxAttempts: 2, dlqReason: 'All 3 attempts were used (the maximum is now 2).' });
  });
});

describe('Dismiss and a running attempt', () => {
  it('Dismiss waits its turn behind the running attempt, and the attempt cannot overwrite it', async () => {
    w = await makeWorld({ releases: twoReleases() });
    const world = w;
    const client = createSonarrClient({ baseUrl: world.sonarr.url, apiKey: world.sonarr.apiKey, clock: systemClock });
    const real = sonarrGateway(client);
    let releaseSearch: () => void = () => undefined;
    const searching = new Promise<void>((resolve) => (releaseSearch = resolve));
    let searchStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (searchStarted = resolve));
    const arr: RecoveryArr = new Proxy(real, {
      get: (t, k: keyof RecoveryArr) =>
        k === 'searchReleases'
          ? async (item: Parameters<RecoveryArr['searchReleases']>[0]) => {
              searchStarted();
              await searching;
              return real.searchReleases(item);
            }
          : t[k],
    });
    world.engine = new RecoveryEngine({ bus: world.rb.bus, store: world.store, sab: world.sab, arrs: { sonarr: arr }, clock: world.rb.clock, settings: () => world.settings, options: { pause: async () => undefined, auditOnStart: false, outcomeCheckMs: 3_600_000 } });
    world.engine.start();
    const failedId = await failedGrab(world, release('bad', Q.fhd, 'BAD'));
    await world.announcer.announce(world.sab.slot(failedId));
    await settle(world);
    const retry = world.engine.retryNow(failedId);
    await started; // the attempt is claimed and searching
    let dismissed = false;
    const dismiss = world.engine.dismiss(failedId).then((r) => {
      dismissed = true;
      return r;
    });
    await new Promise((r) => setImmediate(r));
    expect(dismissed).toBe(false); // it waits
    releaseSearch();
    expect((await retry).ok).toBe(true);
    const d = await dismiss;
    expect(d.ok && d.value.status).toBe('dismissed');
    expect(world.store.get(failedId)).toMatchObject({ status: 'dismissed' });
    // The attempt's own outcome is on record; its replacement finishing later changes nothing.
    const [attempt] = world.store.attempts(failedId);
    expect(attempt).toMatchObject({ outcome: 'waiting', releaseGuid: 'good' });
    world.sab.finish(world.sonarr.grabs().at(-1)!.downloadId, 'Completed');
    await world.engine.checkReplacements();
    expect(world.store.get(failedId)).toMatchObject({ status: 'dismissed' });
  });
});

describe('a pre-queue script’s failure', () => {
  it('is told once, recorded as ignored with its explanation, and does not stay counted in the tray', async () => {
    w = await makeWorld({ releases: [] });
    w.engine.start();
    const id = w.sab.add('Some.Prequeue-Fail.Job', 'misc');
    await w.announcer.announce(w.sab.finish(id, 'Failed', 'Pre-queue script marked job as failed'));
    await settle(w);
    expect(w.rb.ofType('download.failed')).toHaveLength(1);
    const rec = w.store.get(id)!;
    expect(rec).toMatchObject({ status: 'ignored', nextAttemptAt: null });
    expect(rec.lastError).toMatch(/pre-queue script rejected the job.*Retry it if that was not intended/);
    await w.rb.clock.advanceAsync(HOUR);
    await settle(w);
    expect(w.store.attempts(id)).toEqual([]);
    const tray = trayStateOf({ counts: w.store.counts(0), sabnzbd: { state: 'ok', message: null, checkedAt: null, version: null }, paused: false });
    expect(tray).toMatchObject({ state: 'ok', failedCount: 0 });
  });
});


describe('dry run sends nothing, deletes included', () => {
  it('a person’s Retry while Sonarr’s own grab downloads, in dry run: the grab stays in SABnzbd’s queue', async () => {
    w = await makeWorld({ releases: [release('bad', Q.fhd, 'BAD'), release('good', Q.fhd, 'GOOD')], autoRedownload: true, settings: { dryRun: true } });
    w.engine.start();
    const failedId = await failedGrab(w, release('bad', Q.fhd, 'BAD')); // Sonarr grabs 'good' itself at once
    await w.announcer.announce(w.sab.slot(failedId));
    await untilDue(w, failedId);
    expect(w.store.get(failedId)).toMatchObject({ status: 'awaiting_replacement', currentStrategy: 'arr_redownload' }); // adopting sends nothing
    expect((await w.engine.retryNow(failedId)).ok).toBe(true);
    expect(w.sab.deleted).toEqual([]);
    expect(grabsPosted(w)).toBe(0);
  });
});
