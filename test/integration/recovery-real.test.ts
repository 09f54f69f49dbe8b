/**
 * Recovery end to end against the REAL SABnzbd 3.7.1 + NNTP harness: the fake Sonarr sends
 * its NZBs to the real SABnzbd (and watches it like Sonarr does), the real poller announces
 * failures, the real engine recovers them on a real SQLite file, with the system clock and
 * a 1 s backoff base. A "bad" release is a post whose articles the news server does not
 * have (SABnzbd fails it: "Not on your server(s)" = missing articles); a "good" one is served.
 * Fails (never skips) when SABnzbd is not installed: SabnzbdInstance.start() throws.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../main/core/activity/database';
import { DownloadMonitoringRepository } from '../../main/core/activity/download-monitoring-repository';
import { SqliteStateStore } from '../../main/core/activity/state-store';
import { createSonarrClient, type SonarrClient } from '../../main/core/arr/sonarr-client';
import { systemClock } from '../../main/core/clock';
import { EventBus } from '../../main/core/events/event-bus';
import { Poller } from '../../main/core/monitoring/poller';
import { sonarrGateway } from '../../main/core/recovery/arr-gateway';
import { RecoveryEngine } from '../../main/core/recovery/recovery-engine';
import { SabnzbdClient } from '../../main/core/sabnzbd/sabnzbd-client';
import { sabnzbdRecoveryPort } from '../../main/core/sabnzbd/sabnzbd-recovery-port';
import type { AnyBusEvent, BusEvent, EventType } from '../../shared/events';
import { defaultSettings, type Settings } from '../../shared/settings';
import type { FakeQuality, SeedRelease } from '../fakes/fake-arr-model';
import type { FakeArr } from '../fakes/fake-arr-server';
import { startFakeSonarr } from '../fakes/fake-sonarr';
import { buildPost } from './harness/nzb-builder';
import { NntpServer } from './harness/nntp-server';
import { pseudoRandomBytes } from './harness/payloads';
import { SabnzbdInstance } from './harness/sabnzbd-instance';

const MIGRATIONS = path.resolve('main/core/activity/migrations');
const HD: FakeQuality = { id: 4, name: 'HDTV-720p', source: 'television', resolution: 720 };
const FHD: FakeQuality = { id: 3, name: 'WEBDL-1080p', source: 'web', resolution: 1080 };
const EPISODES = [101, 102, 103, 104];

let nntp: NntpServer;
let sab: SabnzbdInstance;
let sonarr: FakeArr;
let client: SonarrClient;
let dir: string;
let handle: DatabaseHandle;
let store: DownloadMonitoringRepository;
let bus: EventBus;
let poller: Poller;
let engine: RecoveryEngine;
const events: AnyBusEvent[] = [];
const settings: Settings = {
  ...defaultSettings(),
  monitoring: { ...defaultSettings().monitoring, pollIntervalSeconds: 1, baseBackoffSeconds: 1, maxRetries: 3 },
};

/** A release whose NZB is a real post: served by the news server (good) or not (bad). */
function seed(guid: string, quality: FakeQuality, good: boolean): SeedRelease {
  const title = `Recovery.Show.S01E01.${quality.name}-${guid.toUpperCase()}`;
  const post = buildPost({ files: [{ name: `${title}.mkv`, data: pseudoRandomBytes(guid, 96 * 1024) }], withhold: () => !good });
  if (good) nntp.addArticles(post.articles);
  return { guid, title, quality, releaseGroup: guid.toUpperCase(), nzb: post.nzbXml };
}

function ofType<K extends EventType>(type: K, nzoId?: string): BusEvent<K>[] {
  return events.filter((e): e is AnyBusEvent & BusEvent<K> => e.type === type && (nzoId === undefined || (e.payload as { nzoId?: string }).nzoId === nzoId));
}

async function until<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; events: ${events.map((e) => e.type).join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function startCore(): void {
  handle = openDatabase({ file: path.join(dir, 'autoarr.db'), migrationsFolder: MIGRATIONS });
  store = new DownloadMonitoringRepository(handle.db);
  const sabClient = new SabnzbdClient({ connection: { url: `${sab.url}/sabnzbd`, apiKey: sab.apiKey, timeoutMs: 10_000 } });
  poller = new Poller({
    sabnzbd: sabClient,
    bus,
    store,
    state: new SqliteStateStore(handle.db),
    clock: systemClock,
    settings: () => settings,
    lookups: () => [{ app: 'sonarr', findByDownloadId: (id) => client.findByDownloadId(id) }],
  });
  engine = new RecoveryEngine({
    bus,
    store,
    sab: sabnzbdRecoveryPort(sabClient),
    arrs: { sonarr: sonarrGateway(client) },
    clock: systemClock,
    settings: () => settings,
    options: { arrGraceMs: 4_000, outcomeCheckMs: 1_000, auditOnStart: false },
  });
  engine.start();
  void poller.start();
}

async function stopCore(): Promise<void> {
  await poller.stop();
  await engine.stop();
  handle.close();
}

/** Sonarr grabbed `r` by itself earlier: the job that is going to fail. */
async function grabbedBySonarr(episode: number, r: SeedRelease): Promise<string> {
  const td = await sonarr.core.grab(episode, r, 'Search');
  return td.downloadId;
}

const grabsOf = (episode: number) => sonarr.grabs().filter((g) => g.itemId === episode);
const postedGrabs = () => sonarr.calls.filter((c) => c.method === 'POST' && c.path === '/release').length;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoarr-recovery-real-'));
  nntp = await NntpServer.start();
  sab = await SabnzbdInstance.start({ nntp, tinyBytes: 0 });
  sonarr = await startFakeSonarr({
    clock: systemClock,
    autoRedownloadFailed: false,
    // Sonarr's "Remove Failed" off, so the poller always sees the failed job in SABnzbd's history.
    removeFailedDownloads: false,
    checkIntervalMs: 1_000,
    sabnzbd: { url: `${sab.url}/sabnzbd`, apiKey: sab.apiKey, category: 'tv' },
    series: [{ id: 1, title: 'Recovery Show', episodes: EPISODES.map((id, i) => ({ id, seasonNumber: 1, episodeNumber: i + 1 })) }],
  });
  client = createSonarrClient({ baseUrl: sonarr.url, apiKey: sonarr.apiKey });
  bus = new EventBus({ clock: systemClock, validatePayloads: true });
  bus.subscribe('*', (e) => void events.push(e), { name: 'recorder', priority: Number.MAX_SAFE_INTEGER });
  startCore();
}, 120_000);

afterAll(async () => {
  await stopCore().catch(() => undefined);
  await sonarr?.close();
  await sab?.stop();
  await nntp?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('recovery against a real SABnzbd', () => {
  it('(1) a missing-articles failure is recovered by an alternative release that really completes', async () => {
    const bad = seed('bad1', FHD, false);
    sonarr.addRelease(101, bad);
    sonarr.addRelease(101, seed('good1', FHD, true));
    const failedId = await grabbedBySonarr(101, bad);
    const recovered = await until('download.recovered', () => ofType('download.recovered', failedId)[0]);
    const failed = ofType('download.failed', failedId)[0]!;
    expect(failed.payload).toMatchObject({ kind: 'missing_articles', sourceApp: 'sonarr' });
    expect(recovered.payload).toMatchObject({ strategy: 'alternative_release', attempts: 1 });
    expect(recovered.correlationId).toBe(failed.correlationId);
    const [attempt] = store.attempts(failedId);
    expect(attempt).toMatchObject({ strategy: 'alternative_release', outcome: 'succeeded', releaseGuid: 'good1', oldNzoId: failedId });
    expect(recovered.payload.completedNzoId).toBe(attempt!.newNzoId);
    expect(grabsOf(101).map((g) => g.release.guid)).toEqual(['bad1', 'good1']);
    // The replacement really completed: SABnzbd finished it and Sonarr imports it.
    await until('Sonarr import', () => sonarr.core.history.some((h) => h.eventType === 'downloadFolderImported' && h.downloadId === attempt!.newNzoId), 20_000);
  }, 90_000);

  it('(2) every release fails: three attempts with growing delays, then the DLQ; (3) a manual retry from the DLQ recovers it', async () => {
    const bad = seed('bad2a', FHD, false);
    sonarr.addRelease(102, bad);
    sonarr.addRelease(102, seed('bad2b', FHD, false));
    sonarr.addRelease(102, seed('bad2c', HD, false));
    const failedId = await grabbedBySonarr(102, bad);
    const dlq = await until('download.moved_to_dlq', () => ofType('download.moved_to_dlq', failedId)[0], 120_000);
    expect(dlq.payload).toMatchObject({ attempts: 3, strategiesTried: ['alternative_release', 'quality_fallback', 'alternative_release'] });
    const retryFailed = ofType('download.retry_failed', failedId);
    expect(retryFailed.map((e) => e.payload.willRetry)).toEqual([true, true, false]);
    const delays = retryFailed.slice(0, 2).map((e) => e.payload.nextAttemptAt! - e.timestamp);
    // Base 1 s: attempt 2 waits 2 s after attempt 1 failed, attempt 3 waits 4 s (attempt n waits base × 2^(n−1)).
    expect(delays[0]).toBeGreaterThanOrEqual(1_900);
    expect(delays[0]).toBeLessThan(2_500);
    expect(delays[1]).toBeGreaterThanOrEqual(3_900);
    expect(delays[1]).toBeLessThan(4_500);
    // The attempts really waited: each started no earlier than its due time.
    const started = ofType('download.retry_started', failedId);
    expect(started.map((e) => e.payload.attempt)).toEqual([1, 2, 3]);
    expect(started[1]!.timestamp).toBeGreaterThanOrEqual(retryFailed[0]!.payload.nextAttemptAt!);
    expect(started[2]!.timestamp).toBeGreaterThanOrEqual(retryFailed[1]!.payload.nextAttemptAt!);
    expect(store.get(failedId)).toMatchObject({ status: 'dlq', inDlq: true });
    expect(grabsOf(102).map((g) => g.release.guid)).toEqual(['bad2a', 'bad2b', 'bad2c']);

    // (3) a good release appears; a person retries from the DLQ.
    sonarr.addRelease(102, seed('good2', HD, true));
    const r = await engine.retryNow(failedId);
    expect(r.ok).toBe(true);
    const manual = ofType('download.retry_started', failedId).at(-1)!;
    expect(manual.payload).toMatchObject({ attempt: 4, maxAttempts: 4, manual: true, strategy: 'alternative_release' });
    const recovered = await until('recovered after manual retry', () => ofType('download.recovered', failedId)[0], 60_000);
    expect(recovered.payload).toMatchObject({ strategy: 'alternative_release', attempts: 4 });
    expect(store.get(failedId)).toMatchObject({ status: 'recovered', inDlq: false });
  }, 180_000);

  it('(4) Sonarr’s own redownload (autoRedownloadFailed on) is adopted: no second grab', async () => {
    sonarr.setAutoRedownload(true);
    try {
      const bad = seed('bad3', FHD, false);
      sonarr.addRelease(103, bad);
      sonarr.addRelease(103, seed('good3', FHD, true));
      const before = postedGrabs();
      const failedId = await grabbedBySonarr(103, bad);
      const recovered = await until('download.recovered', () => ofType('download.recovered', failedId)[0], 90_000);
      expect(recovered.payload.strategy).toBe('arr_redownload');
      expect(grabsOf(103).map((g) => [g.release.guid, g.source])).toEqual([
        ['bad3', 'Search'],
        ['good3', 'Search'],
      ]);
      expect(postedGrabs()).toBe(before);
      // The one attempt that counts is Sonarr's grab, adopted. A step the last look before a grab held back
      // (Sonarr's search was running) may precede it: deferred, nothing sent, nothing spent.
      const attempts = store.attempts(failedId);
      expect(attempts.filter((a) => a.outcome !== 'deferred'), JSON.stringify(attempts)).toEqual([expect.objectContaining({ strategy: 'arr_redownload', outcome: 'succeeded' })]);
    } finally {
      sonarr.setAutoRedownload(false);
    }
  }, 120_000);

  it('(5) a restart mid-backoff runs the due attempt exactly once', async () => {
    settings.monitoring.baseBackoffSeconds = 6;
    const bad = seed('bad4a', FHD, false);
    sonarr.addRelease(104, bad);
    sonarr.addRelease(104, seed('bad4b', FHD, false));
    sonarr.addRelease(104, seed('good4', HD, true));
    const failedId = await grabbedBySonarr(104, bad);
    const first = await until('attempt 1 failed', () => ofType('download.retry_failed', failedId)[0], 90_000);
    expect(first.payload).toMatchObject({ attempt: 1, willRetry: true });
    const due = first.payload.nextAttemptAt!;
    expect(Date.now()).toBeLessThan(due);

    await stopCore(); // mid-backoff: engine, poller and database go away
    startCore(); // reopen the same file, new poller and engine
    const recovered = await until('recovered after restart', () => ofType('download.recovered', failedId)[0], 90_000);
    expect(recovered.payload).toMatchObject({ strategy: 'quality_fallback', attempts: 2 });
    const second = ofType('download.retry_started', failedId).filter((e) => e.payload.attempt === 2);
    expect(second).toHaveLength(1);
    expect(second[0]!.timestamp).toBeGreaterThanOrEqual(due);
    expect(store.attempts(failedId).map((a) => [a.attempt, a.strategy, a.outcome])).toEqual([
      [1, 'alternative_release', 'failed'],
      [2, 'quality_fallback', 'succeeded'],
    ]);
    expect(grabsOf(104).map((g) => g.release.guid)).toEqual(['bad4a', 'bad4b', 'good4']);
  }, 150_000);
});
