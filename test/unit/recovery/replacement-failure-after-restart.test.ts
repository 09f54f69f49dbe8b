// A replacement that fails while the app is down (or killed), read again after
// the restart. Two readers meet it: the replacement tracker (it looks the job
// up by id in SABnzbd, and runs first at start) and the poller (SABnzbd's
// history from its saved cursor). Whoever is first, SABnzbd's failure gets
// exactly one download.failed line under its download's correlation, the
// attempt it ended is counted once, and the step that follows is not undone
// by a late report. The core's wiring: a real Poller (cursor in the state
// store), the activity log as the announcer's FailureLog, earlierJobOwner,
// one recovery engine; SQLite files reopened for each "restart"; FakeClock.
import { afterEach, describe, expect, it } from 'vitest';
import { ActivityLogService } from '../../../main/core/activity/activity-log-service';
import { ActivityRepository } from '../../../main/core/activity/activity-repository';
import { SqliteStateStore } from '../../../main/core/activity/state-store';
import { createSonarrClient } from '../../../main/core/arr/sonarr-client';
import { systemClock } from '../../../main/core/clock';
import { earlierJobOwner, interruptedGrabOwner } from '../../../main/core/monitoring/earlier-job-owner';
import { Poller } from '../../../main/core/monitoring/poller';
import { EP, Q, failedGrab, makeWorld, release, settle, untilDue, type World } from './engine-world';

const NOT_ON_SERVER = 'Download failed - Not on your server(s) - https://sabnzbd.org/not-complete';

let w: World | null = null;
let app: App | null = null;
afterEach(async () => {
  await app?.stop();
  app = null;
  await w?.close();
  w = null;
});

/** What a start of the core adds around the engine: the activity log and the poller, on the world's current database file. */
interface App {
  activity: ActivityLogService;
  poller: Poller;
  /** download.failed lines on disk for this job. */
  failedLines(nzoId: string): { correlation_id: string; context: string }[];
  stop(): Promise<void>;
}

function startApp(world: World): App {
  const { bus, clock } = world.rb;
  const activity = new ActivityLogService({ bus, repository: new ActivityRepository(world.db.sqlite), clock });
  activity.start();
  const sonarr = createSonarrClient({ baseUrl: world.sonarr.url, apiKey: world.sonarr.apiKey, clock: systemClock });
  const poller = new Poller({
    sabnzbd: world.sab.reader(),
    bus,
    store: world.store,
    state: new SqliteStateStore(world.db.db),
    clock,
    settings: () => ({ monitoring: world.settings.monitoring, categoryMap: world.settings.categoryMap }),
    lookups: () => [{ app: 'sonarr', findByDownloadId: (id) => sonarr.findByDownloadId(id) }],
    failureLog: activity,
    earlierJobOwner: earlierJobOwner(world.db.db),
    interruptedGrabOwner: interruptedGrabOwner(world.db.db),
  });
  const sqlite = world.db.sqlite;
  return {
    activity,
    poller,
    failedLines: (nzoId) => {
      activity.flush();
      return sqlite.prepare(`SELECT correlation_id, context FROM activity_log WHERE event_type = 'download.failed' AND download_id = ?`).all(nzoId) as {
        correlation_id: string;
        context: string;
      }[];
    },
    stop: () => activity.stop(),
  };
}

/** The app goes away between two of its writes (its state is what is on disk), and starts again on the same files. */
async function restart(world: World, before: App): Promise<App> {
  await world.engine.stop();
  await before.stop();
  world.reopen();
  world.engine = world.newEngine();
  return startApp(world);
}

/** The original failure, announced by the poller; attempt 1 has grabbed its replacement, which is downloading. */
async function replacementDownloading(world: World, a: App): Promise<{ original: string; replacement: string }> {
  world.engine.start();
  await a.poller.pollNow();
  const original = await failedGrab(world, release('bad', Q.fhd));
  await a.poller.pollNow();
  expect(a.failedLines(original)).toHaveLength(1);
  await untilDue(world, original);
  const replacement = world.store.get(original)!.trackedNzoId!;
  expect(world.store.get(original)).toMatchObject({ status: 'awaiting_replacement', trackedNzoId: replacement });
  await a.poller.pollNow();
  return { original, replacement };
}

describe('a replacement that failed while the app was down', () => {
  it('the tracker counts it and the next attempt is sent before the poller reads it: still announced once, and the next attempt is not ended by it', async () => {
    w = await makeWorld({ releases: [release('bad', Q.fhd), release('alt', Q.fhd), release('hd', Q.hd)] });
    app = startApp(w);
    const { original, replacement } = await replacementDownloading(w, app);
    const correlationId = w.store.get(original)!.correlationId;

    // Killed here; SABnzbd fails the replacement meanwhile. At the next start the tracker reads it first…
    w.sab.finish(replacement, 'Failed', NOT_ON_SERVER);
    app = await restart(w, app);
    w.engine.start();
    await w.engine.checkReplacements();
    expect(w.store.attempts(original)[0]).toMatchObject({ attempt: 1, outcome: 'failed', newNzoId: replacement });
    // …and the ladder moves on before the poller's first read comes back.
    await untilDue(w, original);
    const next = w.store.get(original)!.trackedNzoId!;
    expect(next).not.toBe(replacement);
    expect(w.store.get(original)).toMatchObject({ status: 'awaiting_replacement' });
    expect(w.store.attempts(original)[1]).toMatchObject({ attempt: 2, outcome: 'waiting', newNzoId: next });

    await app.poller.pollNow();
    await settle(w);
    // SABnzbd's failure is told, once, in its download's story (not as a new download).
    const lines = app.failedLines(replacement);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.correlation_id).toBe(correlationId);
    expect(w.store.get(replacement)).toBeNull();
    const told = w.rb.ofType('download.failed').filter((e) => e.payload.nzoId === replacement);
    expect(told.map((e) => e.payload.replacesNzoId)).toEqual([original]);
    // The late report does not end attempt 2: it is still awaited.
    expect(w.store.get(original)).toMatchObject({ status: 'awaiting_replacement', trackedNzoId: next, attempts: 2 });
    expect(w.store.attempts(original).map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'failed'],
      [2, 'waiting'],
    ]);

    // Read again (another poll, another restart): nothing more.
    await app.poller.pollNow();
    app = await restart(w, app);
    w.engine.start();
    await app.poller.pollNow();
    await settle(w);
    expect(app.failedLines(replacement)).toHaveLength(1);

    // Attempt 2's job completes: recovered, with attempt 1 counted once.
    w.sab.finish(next, 'Completed');
    await app.poller.pollNow();
    await settle(w);
    expect(w.store.get(original)).toMatchObject({ status: 'recovered', attempts: 2 });
    expect(w.store.attempts(original).map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'failed'],
      [2, 'succeeded'],
    ]);
  });

  it('its grab was sent but not recorded (killed right after it): the poller reads its failure before recovery looks the attempt up — not a new download, told once, the attempt counted once', async () => {
    w = await makeWorld({ releases: [release('bad', Q.fhd), release('alt', Q.fhd), release('hd', Q.hd)] });
    app = startApp(w);
    w.engine.start();
    await app.poller.pollNow();
    const original = await failedGrab(w, release('bad', Q.fhd));
    await app.poller.pollNow();
    await settle(w);
    const correlationId = w.store.get(original)!.correlationId;
    // Attempt 1 is claimed and its grab reaches Sonarr; the app is killed before it records the grab.
    await w.engine.stop();
    w.rb.clock.advance(w.store.get(original)!.nextAttemptAt! - w.rb.clock.now());
    const now = w.rb.clock.now();
    w.store.startAttempt(original, { attempt: 1, strategy: 'alternative_release', manual: false, dryRun: false, startedAt: now, oldNzoId: original, newNzoId: null, releaseGuid: null, releaseTitle: null, quality: null }, now);
    w.store.update(original, { status: 'retrying', nextAttemptAt: null, currentStrategy: 'alternative_release' }, now);
    const alt = w.sonarr.core.search(EP).find((h) => h.release.guid === 'alt')!.release;
    const grabbed = (await w.sonarr.core.grab(EP, alt, 'InteractiveSearch')).downloadId;
    w.rb.clock.advance(2_000);
    w.sab.finish(grabbed, 'Failed', NOT_ON_SERVER);

    app = await restart(w, app);
    // The poller's first read comes back before recovery has looked up what the last run left.
    await app.poller.pollNow();
    w.engine.start();
    await settle(w);
    await w.engine.checkReplacements();
    await settle(w);
    await app.poller.pollNow();
    await settle(w);

    expect(w.store.get(grabbed)).toBeNull();
    const lines = app.failedLines(grabbed);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.correlation_id).toBe(correlationId);
    expect(w.store.attempts(original).map((a) => [a.attempt, a.outcome, a.newNzoId])).toEqual([[1, 'failed', grabbed]]);
    expect(w.store.get(original)).toMatchObject({ status: 'retrying', attempts: 1 });
  });

  it('the tracker counts the last attempt’s failure (Needs attention) and the app stops before the poller reads it: the next start announces it once', async () => {
    w = await makeWorld({ releases: [release('bad', Q.fhd), release('alt', Q.fhd)], settings: { maxRetries: 1 } });
    app = startApp(w);
    const { original, replacement } = await replacementDownloading(w, app);
    const correlationId = w.store.get(original)!.correlationId;

    w.sab.finish(replacement, 'Failed', NOT_ON_SERVER);
    await w.engine.checkReplacements();
    await settle(w);
    expect(w.store.get(original)).toMatchObject({ status: 'dlq', trackedNzoId: replacement });
    // Stopped before a poll read the failure: its line is owed, and SABnzbd's history still holds it past the cursor.
    expect(app.failedLines(replacement)).toHaveLength(0);

    app = await restart(w, app);
    w.engine.start();
    await app.poller.pollNow();
    await settle(w);
    const lines = app.failedLines(replacement);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.correlation_id).toBe(correlationId);
    expect(w.store.get(replacement)).toBeNull();
    expect(w.store.get(original)).toMatchObject({ status: 'dlq', attempts: 1 });
    expect(w.store.attempts(original).map((a) => [a.attempt, a.outcome])).toEqual([[1, 'failed']]);
    await app.poller.pollNow();
    expect(app.failedLines(replacement)).toHaveLength(1);
  });
});
