import { afterEach, describe, expect, it } from 'vitest';
import type { AnyBusEvent } from '../../../shared/events';
import { GRAB_LANDING_MS } from '../../../main/core/recovery/interrupted-attempt';
import { EP, Q, failedGrab, makeWorld, release, settle, untilDue, type World } from './engine-world';

let w: World | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const grabsPosted = (world: World) => world.sonarr.calls.filter((c) => c.method === 'POST' && c.path === '/release').length;

function timeline(world: World, correlationId: string): AnyBusEvent[] {
  return world.rb.events.filter((e) => e.correlationId === correlationId && e.type.startsWith('download.'));
}

describe('RecoveryEngine with a fake Sonarr and a real SQLite file', () => {
  it('missing articles: blocklisted release replaced by another of the same rung; recovered only when it is imported', async () => {
    const bad = release('bad', Q.fhd, 'BAD');
    const other = release('good', Q.fhd, 'GOOD');
    w = await makeWorld({ releases: [bad, other, release('low', Q.hd)] });
    w.engine.start();
    const failedId = await failedGrab(w, bad);
    const failedAt = w.rb.clock.now();
    await w.announcer.announce(w.sab.slot(failedId));
    await settle(w);
    // The first attempt waits one base period (5 min) after the failure.
    expect(w.store.get(failedId)).toMatchObject({ status: 'failed', nextAttemptAt: failedAt + 300_000 });
    expect(w.store.attempts(failedId)).toEqual([]);
    await untilDue(w, failedId);

    const rec = w.store.get(failedId)!;
    expect(rec.status).toBe('awaiting_replacement');
    const [attempt] = w.store.attempts(failedId);
    expect(attempt).toMatchObject({ attempt: 1, strategy: 'alternative_release', outcome: 'waiting', oldNzoId: failedId, releaseGuid: 'good' });
    expect(rec.trackedNzoId).toBe(attempt!.newNzoId);
    expect(rec.releasesTried).toEqual(expect.arrayContaining(['bad', 'good']));
    expect(w.sonarr.grabs().map((g) => g.release.guid)).toEqual(['bad', 'good']);
    expect(w.rb.ofType('download.recovered')).toHaveLength(0);

    await w.sonarr.reportDownload(rec.trackedNzoId!, 'Completed');
    await w.engine.checkReplacements();
    const recovered = w.rb.ofType('download.recovered');
    expect(recovered).toHaveLength(1);
    expect(recovered[0]!.payload).toMatchObject({ nzoId: failedId, completedNzoId: rec.trackedNzoId, strategy: 'alternative_release', attempts: 1, via: 'sonarr' });
    expect(w.store.get(failedId)).toMatchObject({ status: 'recovered' });
    expect(w.store.attempts(failedId)[0]!.outcome).toBe('succeeded');

    // One correlation timeline, each event caused by the one before it.
    const t = timeline(w, rec.correlationId);
    expect(t.map((e) => e.type)).toEqual(['download.failed', 'download.retry_started', 'download.recovered']);
    expect(t[1]!.causationId).toBe(t[0]!.id);
  });

  it('the *arr’s own redownload is adopted: no second grab', async () => {
    const bad = release('bad', Q.fhd);
    w = await makeWorld({ releases: [bad, release('alt', Q.fhd)], autoRedownload: true });
    w.engine.start();
    const failedId = await failedGrab(w, bad);
    expect(w.sonarr.grabs()).toHaveLength(2); // the failed one + Sonarr's own redownload
    await w.announcer.announce(w.sab.slot(failedId));
    await untilDue(w, failedId);

    expect(grabsPosted(w)).toBe(0);
    expect(w.sonarr.grabs()).toHaveLength(2);
    const arrGrab = w.sonarr.grabs()[1]!;
    expect(w.store.get(failedId)).toMatchObject({ status: 'awaiting_replacement', trackedNzoId: arrGrab.downloadId, currentStrategy: 'arr_redownload' });
    expect(w.rb.ofType('download.retry_started')[0]!.payload).toMatchObject({ strategy: 'arr_redownload', attempt: 1 });

    w.rb.clock.advance(10_000);
    await w.rb.bus.publish('queue.state_changed', { nzoId: arrGrab.downloadId, name: arrGrab.release.title, from: 'Downloading', to: 'Completed' });
    await settle(w);
    expect(w.rb.ofType('download.recovered')[0]!.payload).toMatchObject({ strategy: 'arr_redownload', via: 'sabnzbd', completedNzoId: arrGrab.downloadId });
  });

  it('Sonarr searched and found nothing: the ladder climbs with waits of 5, 10 and 20 min into Needs attention; a manual retry runs at once', async () => {
    const bad = release('bad', Q.fhd);
    w = await makeWorld({ releases: [bad], autoRedownload: true, settings: { baseBackoffSeconds: 300 } });
    w.engine.start();
    const failedId = await failedGrab(w, bad); // Sonarr searches but finds only the blocklisted release
    const t0 = w.rb.clock.now();
    await w.announcer.announce(w.sab.slot(failedId));
    await settle(w);
    expect(w.sonarr.core.commands.map((c) => [c.name, c.status, c.message])).toEqual([['EpisodeSearch', 'completed', 'Completed. No reports found']]);
    expect(w.store.attempts(failedId)).toHaveLength(0);
    expect(w.store.get(failedId)!.nextAttemptAt).toBe(t0 + 300_000);

    const failedEvents = () => w!.rb.ofType('download.retry_failed');
    await untilDue(w, failedId);
    expect(failedEvents()).toHaveLength(1);
    expect(failedEvents()[0]!.payload).toMatchObject({ attempt: 1, strategy: 'alternative_release', willRetry: true, nextAttemptAt: t0 + 300_000 + 600_000 });

    await untilDue(w, failedId);
    expect(failedEvents()).toHaveLength(2);
    expect(failedEvents()[1]!.payload).toMatchObject({ attempt: 2, strategy: 'quality_fallback', nextAttemptAt: t0 + 900_000 + 1_200_000 });

    await untilDue(w, failedId);
    expect(failedEvents()[2]!.payload).toMatchObject({ attempt: 3, strategy: 'alternative_release', willRetry: false, nextAttemptAt: null });
    const dlq = w.rb.ofType('download.moved_to_dlq');
    expect(dlq).toHaveLength(1);
    expect(dlq[0]!.payload).toMatchObject({ attempts: 3, strategiesTried: ['alternative_release', 'quality_fallback', 'alternative_release'] });
    expect(w.store.get(failedId)).toMatchObject({ status: 'dlq', inDlq: true });
    expect(grabsPosted(w)).toBe(0);
    // The attempts ran at their due times: 5, 10 and 20 minutes after the failure before each.
    expect(w.rb.ofType('download.retry_started').map((e) => e.timestamp - t0)).toEqual([300_000, 900_000, 2_100_000]);

    // A new release shows up; a person retries from the DLQ.
    w.sonarr.addRelease(EP, release('fresh', Q.fhd));
    const r = await w.engine.retryNow(failedId);
    expect(r.ok).toBe(true);
    const started = w.rb.ofType('download.retry_started').at(-1)!.payload;
    expect(started).toMatchObject({ attempt: 4, maxAttempts: 4, manual: true, strategy: 'alternative_release' });
    expect(w.store.get(failedId)).toMatchObject({ status: 'awaiting_replacement', inDlq: false });
    expect(grabsPosted(w)).toBe(1);
  });

  it('quality fallback grabs one rung down and never a tried release', async () => {
    const bad = release('bad', Q.uhd);
    w = await makeWorld({ releases: [bad, release('fhd', Q.fhd), release('hd', Q.hd)] });
    w.engine.start();
    const failedId = await failedGrab(w, bad, 'Some weird thing');
    await w.announcer.announce(w.sab.slot(failedId)); // unknown → retry first
    await untilDue(w, failedId);
    // The *arr removed nothing here, so SABnzbd's retry works: attempt 1 is a retry.
    expect(w.store.attempts(failedId)[0]).toMatchObject({ strategy: 'retry_download', outcome: 'waiting' });
    const retried = w.store.get(failedId)!.trackedNzoId!;
    const slot = w.sab.finish(retried, 'Failed', 'Some weird thing again');
    await w.announcer.announce(slot);
    await settle(w);
    expect(w.rb.ofType('download.retry_failed')[0]!.payload).toMatchObject({ attempt: 1, willRetry: true, nextAttemptAt: w.rb.clock.now() + 600_000 });
    await untilDue(w, failedId);
    const second = w.store.attempts(failedId)[1]!;
    expect(second).toMatchObject({ strategy: 'quality_fallback', outcome: 'waiting', releaseGuid: 'fhd', oldNzoId: retried });
    expect(w.store.get(failedId)!.qualitiesTried).toEqual(expect.arrayContaining(['2160p', '1080p']));
  });

  it('dry run decides and records but sends nothing', async () => {
    const bad = release('bad', Q.fhd);
    w = await makeWorld({ releases: [bad, release('alt', Q.fhd)], settings: { dryRun: true } });
    w.engine.start();
    const failedId = await failedGrab(w, bad);
    await w.announcer.announce(w.sab.slot(failedId));
    await untilDue(w, failedId);
    expect(w.rb.ofType('download.retry_started')[0]!.payload).toMatchObject({ dryRun: true, strategy: 'alternative_release' });
    expect(w.store.attempts(failedId)).toEqual([expect.objectContaining({ outcome: 'skipped', dryRun: true })]);
    expect(grabsPosted(w)).toBe(0);
    expect(w.sonarr.calls.some((c) => c.method === 'DELETE')).toBe(false);
    expect(w.store.get(failedId)).toMatchObject({ status: 'failed', nextAttemptAt: null });
    expect(w.engine.status()).toMatchObject({ dryRun: true, countsByStrategyOutcome: { alternative_release: { skipped: 1 } } });
  });

  it('a restart mid-backoff runs the due attempt exactly once', async () => {
    const bad = release('bad', Q.fhd);
    w = await makeWorld({ releases: [bad] });
    w.engine.start();
    const failedId = await failedGrab(w, bad);
    await w.announcer.announce(w.sab.slot(failedId));
    await untilDue(w, failedId);
    const due = w.store.get(failedId)!.nextAttemptAt!;
    expect(w.store.attempts(failedId)).toHaveLength(1);

    await w.engine.stop();
    w.reopen();
    w.sonarr.addRelease(EP, release('late', Q.hd));
    w.rb.clock.advance(due - w.rb.clock.now());
    const second = w.newEngine();
    const third = w.newEngine();
    w.engine = second;
    second.start();
    third.start(); // two engines on one file: the claim still lets attempt 2 run once
    await settle(w);
    await third.idle();
    await third.stop();
    const attempts = w.store.attempts(failedId);
    expect(attempts.map((a) => [a.attempt, a.strategy])).toEqual([
      [1, 'alternative_release'],
      [2, 'quality_fallback'],
    ]);
    expect(grabsPosted(w)).toBe(1);
  });

  it('a replacement that fails continues the ladder with backoff', async () => {
    const bad = release('bad', Q.fhd);
    w = await makeWorld({ releases: [bad, release('alt', Q.fhd), release('hd', Q.hd)] });
    w.engine.start();
    const failedId = await failedGrab(w, bad);
    await w.announcer.announce(w.sab.slot(failedId));
    await untilDue(w, failedId);
    const replacement = w.store.get(failedId)!.trackedNzoId!;
    const slot = w.sab.finish(replacement, 'Failed', 'Repair failed, not enough repair blocks (3 short)');
    await w.sonarr.reportDownload(replacement, 'Failed', slot.fail_message);
    await w.announcer.announce(slot);
    await settle(w);
    const failed = w.rb.ofType('download.failed');
    expect(failed[1]!.payload).toMatchObject({ nzoId: replacement, replacesNzoId: failedId });
    const rf = w.rb.ofType('download.retry_failed')[0]!;
    expect(rf.payload).toMatchObject({ attempt: 1, willRetry: true, nextAttemptAt: w.rb.clock.now() + 600_000 });
    expect(rf.causationId).toBe(failed[1]!.id);
    expect(w.store.attempts(failedId)[0]).toMatchObject({ outcome: 'failed', newNzoId: replacement });
    expect(w.store.get(failedId)).toMatchObject({ status: 'retrying', trackedNzoId: replacement });
  });

  it('an interrupted attempt is looked up, not resent: no grab after it started → failed as interrupted', async () => {
    const bad = release('bad', Q.fhd);
    w = await makeWorld({ releases: [bad, release('alt', Q.fhd)] });
    const failedId = await failedGrab(w, bad);
    await w.announcer.announce(w.sab.slot(failedId));
    const now = w.rb.clock.now();
    w.store.startAttempt(failedId, { attempt: 1, strategy: 'alternative_release', manual: false, dryRun: false, startedAt: now, oldNzoId: failedId, newNzoId: null, releaseGuid: null, releaseTitle: null, quality: null }, now);
    w.store.update(failedId, { status: 'retrying', nextAttemptAt: null }, now);
    w.engine.start();
    await settle(w);
    // No grab in Sonarr's history yet: looked for again once a grab sent just before the stop would show there.
    expect(w.store.attempts(failedId)[0]).toMatchObject({ outcome: 'started' });
    expect(w.store.get(failedId)).toMatchObject({ status: 'retrying', nextAttemptAt: now + GRAB_LANDING_MS });
    await untilDue(w, failedId);
    expect(w.store.attempts(failedId)[0]).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/^interrupted/) });
    expect(grabsPosted(w)).toBe(0);
    // Attempt 1 failed: attempt 2 waits 10 min (base × 2).
    expect(w.store.get(failedId)!.nextAttemptAt).toBe(now + GRAB_LANDING_MS + 600_000);
  });

  it('an interrupted grab that reaches Sonarr’s history only after the restart looked for it is still that attempt’s (not Sonarr’s own redownload, no try spent twice)', async () => {
    const bad = release('bad', Q.fhd);
    const alt = release('alt', Q.fhd);
    w = await makeWorld({ releases: [bad, alt, release('hd', Q.hd)] });
    const failedId = await failedGrab(w, bad);
    await w.announcer.announce(w.sab.slot(failedId));
    const now = w.rb.clock.now();
    // Attempt 1 was claimed and its grab sent; the app stopped before Sonarr had recorded it (it fetches the NZB and
    // hands it to SABnzbd first).
    w.store.startAttempt(failedId, { attempt: 1, strategy: 'alternative_release', manual: false, dryRun: false, startedAt: now, oldNzoId: failedId, newNzoId: null, releaseGuid: null, releaseTitle: null, quality: null }, now);
    w.store.update(failedId, { status: 'retrying', nextAttemptAt: null }, now);
    w.engine.start();
    await settle(w);
    w.rb.clock.advance(3_000);
    const grabbed = (await w.sonarr.core.grab(EP, alt, 'InteractiveSearch')).downloadId;
    await untilDue(w, failedId);
    expect(w.store.attempts(failedId).map((a) => [a.attempt, a.strategy, a.outcome, a.newNzoId])).toEqual([[1, 'alternative_release', 'waiting', grabbed]]);
    expect(w.store.get(failedId)).toMatchObject({ status: 'awaiting_replacement', trackedNzoId: grabbed, attempts: 1 });
    expect(grabsPosted(w)).toBe(0);
  });

  it('manual jobs: a transient kind is retried in SABnzbd and recovered on completion; an incomplete post goes to the DLQ', async () => {
    w = await makeWorld({ releases: [] });
    w.engine.start();
    const id = w.sab.add('Home.Video.2020', 'misc');
    const slot = w.sab.finish(id, 'Failed', 'Script exit code is 1');
    await w.announcer.announce(slot);
    await untilDue(w, id);
    const rec = w.store.get(id)!;
    expect(rec).toMatchObject({ sourceApp: 'manual', status: 'awaiting_replacement' });
    expect(w.sab.retries).toEqual([id]);
    await w.rb.bus.publish('queue.state_changed', { nzoId: rec.trackedNzoId!, name: rec.name, from: 'Downloading', to: 'Completed' });
    await settle(w);
    expect(w.rb.ofType('download.recovered')[0]!.payload).toMatchObject({ strategy: 'retry_download', via: 'sabnzbd' });

    const id2 = w.sab.add('Home.Video.2021', 'misc');
    await w.announcer.announce(w.sab.finish(id2, 'Failed', 'Aborted, cannot be completed - https://sabnzbd.org/not-complete'));
    await settle(w);
    expect(w.store.get(id2)).toMatchObject({ status: 'dlq' });
    expect(w.rb.ofType('download.moved_to_dlq')[0]!.payload).toMatchObject({ nzoId: id2, attempts: 0, reason: expect.stringMatching(/No Sonarr\/Radarr item/) });
  });

  it('disk full: no retry until the folder has room for the job again (no attempt spent meanwhile)', async () => {
    w = await makeWorld({ releases: [] });
    w.sab.freeGb = 1e-7; // ~107 bytes; the job is 1000
    w.engine.start();
    const id = w.sab.add('Home.Video.2022', 'misc');
    await w.announcer.announce(w.sab.finish(id, 'Failed', 'Unpacking failed, write error or disk is full?'));
    await untilDue(w, id);
    expect(w.sab.retries).toEqual([]);
    expect(w.store.attempts(id)).toEqual([]);
    expect(w.store.get(id)!.lastError).toMatch(/free disk space: .* has 0\.000 GB free, the job needs/);
    w.sab.freeGb = 50;
    await untilDue(w, id);
    expect(w.sab.retries).toEqual([id]);
  });

  it('status: pending attempts with due times, success rate', async () => {
    const bad = release('bad', Q.fhd);
    w = await makeWorld({ releases: [bad] });
    w.engine.start();
    const failedId = await failedGrab(w, bad);
    await w.announcer.announce(w.sab.slot(failedId));
    await untilDue(w, failedId);
    const s = w.engine.status();
    expect(s.running).toBe(true);
    expect(s.pending).toEqual([{ nzoId: failedId, name: expect.any(String), strategy: 'quality_fallback', attempt: 2, dueAt: w.store.get(failedId)!.nextAttemptAt }]);
    expect(s.countsByStrategyOutcome).toEqual({ alternative_release: { failed: 1 } });
    expect(s.successRate).toBeNull();
    expect((await w.engine.dismiss(failedId)).ok).toBe(true);
    expect(w.engine.status().pending).toEqual([]);
  });
});
