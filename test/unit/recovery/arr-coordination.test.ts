// Never a second grab, whatever Sonarr's timing: its own redownload arriving
// after 3, 5 or 10 minutes, a failure it handles late, a search that finds
// nothing, and the races around our own grab. The faithful fake Sonarr runs on
// the same fake clock as the engine; its automatic search takes as long as the
// test says (searchDurationMs), showing as a started command meanwhile.
import { afterEach, describe, expect, it } from 'vitest';
import { sonarrGateway } from '../../../main/core/recovery/arr-gateway';
import type { RecoveryArr } from '../../../main/core/recovery/recovery-ports';
import { RecoveryEngine } from '../../../main/core/recovery/recovery-engine';
import { createSonarrClient } from '../../../main/core/arr/sonarr-client';
import { systemClock } from '../../../main/core/clock';
import type { SeedRelease } from '../../fakes/fake-arr-model';
import { EP, Q, makeWorld, release, settle, type World } from './engine-world';

let w: World | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const MIN = 60_000;
const NOT_COMPLETE = 'Aborted, cannot be completed - https://sabnzbd.org/not-complete';
const grabsPosted = (world: World) => world.sonarr.calls.filter((c) => c.method === 'POST' && c.path === '/release').length;
const arrOwnGrabs = (world: World) => world.sonarr.grabs().filter((g) => g.source !== 'InteractiveSearch');

/** Let `ms` pass on the shared clock in steps, letting the engine and the fake work at each. */
async function pass(world: World, ms: number, step = 15_000): Promise<void> {
  for (let left = ms; left > 0; left -= step) {
    await world.rb.clock.advanceAsync(Math.min(step, left));
    await settle(world);
  }
}

/** Sonarr grabbed `bad` itself and SABnzbd failed it; `handledAfterMs`: when Sonarr's failed-download handling gets to it. */
async function sonarrFailure(world: World, bad: SeedRelease, handledAfterMs = 0): Promise<string> {
  const td = await world.sonarr.core.grab(EP, bad, 'Search');
  const slot = world.sab.finish(td.downloadId, 'Failed', NOT_COMPLETE);
  await world.announcer.announce(slot);
  await settle(world);
  if (handledAfterMs > 0) await pass(world, handledAfterMs);
  await world.sonarr.reportDownload(td.downloadId, 'Failed', NOT_COMPLETE);
  await settle(world);
  return td.downloadId;
}

describe('Sonarr’s own redownload arrives late: recovery waits for it and adopts it, never grabs a second', () => {
  it.each([3, 5, 10])('its search takes %i minutes', async (minutes) => {
    const bad = release('bad', Q.fhd, 'BAD');
    w = await makeWorld({ releases: [bad, release('good', Q.fhd, 'GOOD')], autoRedownload: true });
    w.sonarr.setSearchDuration(minutes * MIN);
    w.engine.start();
    const failedId = await sonarrFailure(w, bad);
    // While the search runs, Sonarr's command queue shows it started.
    expect(w.sonarr.core.commands.map((c) => [c.name, c.status])).toEqual([['EpisodeSearch', 'started']]);

    await pass(w, 30 * MIN);
    expect(grabsPosted(w)).toBe(0);
    expect(arrOwnGrabs(w).map((g) => g.release.guid)).toEqual(['bad', 'good']);
    const rec = w.store.get(failedId)!;
    const arrGrab = arrOwnGrabs(w)[1]!;
    expect(rec).toMatchObject({ status: 'awaiting_replacement', currentStrategy: 'arr_redownload', trackedNzoId: arrGrab.downloadId });
    expect(w.store.attempts(failedId)).toEqual([expect.objectContaining({ attempt: 1, strategy: 'arr_redownload', outcome: 'waiting', newNzoId: arrGrab.downloadId })]);
    // Nothing was sent meanwhile: no attempt spent on waiting.
    expect(w.rb.ofType('download.retry_failed')).toHaveLength(0);

    w.sab.finish(arrGrab.downloadId, 'Completed');
    await w.engine.checkReplacements();
    expect(w.rb.ofType('download.recovered')[0]!.payload).toMatchObject({ nzoId: failedId, strategy: 'arr_redownload', completedNzoId: arrGrab.downloadId });
  });

  it('Sonarr handles the failure only 7 minutes later (then searches 3 minutes): recovery waits for it, past its own 5-minute turn', async () => {
    const bad = release('bad', Q.fhd, 'BAD');
    w = await makeWorld({ releases: [bad, release('good', Q.fhd, 'GOOD')], autoRedownload: true });
    w.sonarr.setSearchDuration(3 * MIN);
    w.engine.start();
    const failedId = await sonarrFailure(w, bad, 7 * MIN);
    expect(w.store.attempts(failedId)).toEqual([]); // at 5 min Sonarr had not handled it: nothing done
    await pass(w, 20 * MIN);
    expect(grabsPosted(w)).toBe(0);
    expect(w.store.get(failedId)).toMatchObject({ status: 'awaiting_replacement', currentStrategy: 'arr_redownload' });
  });
});

describe('Sonarr searches but finds nothing: recovery still recovers, with one grab', () => {
  it.each([0, 10])('its search takes %i minutes and grabs nothing; then the ladder grabs the release Sonarr would not take', async (minutes) => {
    const bad = release('bad', Q.fhd, 'BAD');
    // Sonarr's automatic search rejects the other release (too big for the profile); an interactive grab may still take it.
    const big: SeedRelease = { ...release('big', Q.fhd, 'BIG'), rejections: ['Size (45.2 GiB) is greater than maximum allowed size (40.0 GiB)'] };
    w = await makeWorld({ releases: [bad, big], autoRedownload: true });
    w.sonarr.setSearchDuration(minutes * MIN);
    w.engine.start();
    const failedId = await sonarrFailure(w, bad);
    await pass(w, 30 * MIN);
    expect(w.sonarr.core.commands.map((c) => [c.name, c.status, c.message])).toEqual([['EpisodeSearch', 'completed', 'Completed. No reports found']]);
    expect(grabsPosted(w)).toBe(1);
    expect(w.sonarr.grabs().map((g) => [g.release.guid, g.source])).toEqual([
      ['bad', 'Search'],
      ['big', 'InteractiveSearch'],
    ]);
    const started = w.rb.ofType('download.retry_started')[0]!;
    // Not before Sonarr's search had finished.
    const searchEnded = w.sonarr.core.commands[0]!.ended!;
    expect(started.timestamp).toBeGreaterThanOrEqual(searchEnded);
    const rec = w.store.get(failedId)!;
    expect(rec).toMatchObject({ status: 'awaiting_replacement', currentStrategy: 'alternative_release' });
    w.sab.finish(rec.trackedNzoId!, 'Completed');
    await w.engine.checkReplacements();
    expect(w.store.get(failedId)).toMatchObject({ status: 'recovered' });
  });
});

describe('races around our own grab', () => {
  /** A world whose Sonarr, as recovery sees it, can be wrapped call by call. */
  async function wrappedWorld(releases: SeedRelease[], wrap: (real: RecoveryArr, world: World) => Partial<RecoveryArr>): Promise<World> {
    const world = await makeWorld({ releases, autoRedownload: true });
    const client = createSonarrClient({ baseUrl: world.sonarr.url, apiKey: world.sonarr.apiKey, clock: systemClock });
    const real = sonarrGateway(client);
    const faults = wrap(real, world);
    const arr: RecoveryArr = new Proxy(real, { get: (t, k: keyof RecoveryArr) => faults[k] ?? t[k] });
    world.engine = new RecoveryEngine({
      bus: world.rb.bus,
      store: world.store,
      sab: world.sab,
      arrs: { sonarr: arr },
      clock: world.rb.clock,
      settings: () => world.settings,
      options: { pause: async () => undefined, auditOnStart: false, outcomeCheckMs: 3_600_000 },
    });
    return world;
  }

  it('Sonarr starts its own search while ours runs: the last look before the grab holds it back; its grab is adopted', async () => {
    const bad = release('bad', Q.fhd, 'BAD');
    let searches = 0;
    w = await wrappedWorld([bad, release('good', Q.fhd, 'GOOD')], (real, world) => ({
      searchReleases: async (item) => {
        const r = await real.searchReleases(item);
        // Sonarr's RSS sync / a person's search starts for this episode while we look at the results.
        if (++searches === 1) world.sonarr.core.startCommand('EpisodeSearch', { episodeIds: [EP] }, 'manual');
        await world.sonarr.idle();
        return r;
      },
    }));
    w.sonarr.setAutoRedownload(false); // Sonarr itself does not redownload: only the racing search is its own
    w.sonarr.setSearchDuration(2 * MIN);
    w.engine.start();
    const failedId = await sonarrFailure(w, bad);
    await pass(w, 6 * MIN);
    expect(grabsPosted(w)).toBe(0);
    const [held] = w.store.attempts(failedId);
    expect(held).toMatchObject({ attempt: 1, strategy: 'alternative_release', outcome: 'deferred', error: expect.stringMatching(/^Not sent: Sonarr is searching for it/) });
    await pass(w, 10 * MIN);
    expect(grabsPosted(w)).toBe(0);
    expect(w.sonarr.grabs().map((g) => g.release.guid)).toEqual(['bad', 'good']);
    expect(w.store.get(failedId)).toMatchObject({ status: 'awaiting_replacement', currentStrategy: 'arr_redownload' });
  });

  it('Sonarr grabs for the item right after our grab: one of the two is taken out of SABnzbd’s queue, and the timeline says which and why', async () => {
    const bad = release('bad', Q.fhd, 'BAD');
    const other = release('other', Q.fhd, 'OTHER');
    w = await wrappedWorld([bad, release('good', Q.fhd, 'GOOD')], (real, world) => ({
      grabRelease: async (r) => {
        const answer = await real.grabRelease(r);
        // Sonarr's RSS sync grabs another release for the episode a moment after ours.
        await world.sonarr.core.grab(EP, other, 'Search');
        return answer;
      },
    }));
    w.sonarr.setAutoRedownload(false);
    w.engine.start();
    const failedId = await sonarrFailure(w, bad);
    await pass(w, 6 * MIN);
    const ours = w.sonarr.grabs().find((g) => g.release.guid === 'good')!;
    const theirs = w.sonarr.grabs().find((g) => g.release.guid === 'other')!;
    expect(grabsPosted(w)).toBe(1);
    // Both had only just started: ours is kept (recovery already tracks it), Sonarr's is taken out of the queue.
    expect(w.sab.deleted).toEqual([theirs.downloadId]);
    expect(w.store.get(failedId)).toMatchObject({ status: 'awaiting_replacement', trackedNzoId: ours.downloadId });
    const note = w.rb.ofType('queue.state_changed').find((e) => e.payload.nzoId === theirs.downloadId)!;
    expect(note.correlationId).toBe(w.store.get(failedId)!.correlationId);
    expect(note.payload).toMatchObject({ to: 'Deleted', note: expect.stringMatching(/Sonarr also grabbed "Show\.S01E01\.WEBDL-1080p-OTHER".*kept .*because both had only just started/) });
    // Checked again later: not a duplicate any more.
    await w.engine.checkReplacements();
    expect(w.sab.deleted).toHaveLength(1);
  });

  it('Sonarr grabs again while our replacement downloads and its job gets further: ours goes, its job is tracked and completes the download', async () => {
    const bad = release('bad', Q.fhd, 'BAD');
    w = await makeWorld({ releases: [bad, release('good', Q.fhd, 'GOOD')], autoRedownload: false });
    w.engine.start();
    const failedId = await sonarrFailure(w, bad);
    await pass(w, 6 * MIN);
    const ours = w.store.get(failedId)!.trackedNzoId!;
    w.sab.progress(ours, 0.1);
    // Twenty minutes later Sonarr's RSS sync grabs a proper for the episode; it downloads faster.
    await pass(w, 20 * MIN, 60_000);
    const late = await w.sonarr.core.grab(EP, release('proper', Q.fhd, 'PROPER'), 'Search');
    w.sab.progress(late.downloadId, 0.6);
    await w.engine.checkReplacements();
    expect(w.sab.deleted).toEqual([ours]);
    expect(w.store.get(failedId)).toMatchObject({ status: 'awaiting_replacement', trackedNzoId: late.downloadId });
    const note = w.rb.ofType('queue.state_changed').find((e) => e.payload.nzoId === ours)!;
    expect(note.payload.note).toMatch(/kept .* because it was further along \(60% against 10%\)/);
    w.sab.finish(late.downloadId, 'Completed');
    await w.engine.checkReplacements();
    expect(w.rb.ofType('download.recovered')[0]!.payload).toMatchObject({ nzoId: failedId, completedNzoId: late.downloadId });
    expect(grabsPosted(w)).toBe(1);
  });
});
