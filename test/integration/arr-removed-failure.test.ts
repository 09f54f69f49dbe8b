/**
 * A failure Sonarr removes from the REAL SABnzbd 3.7.1 before our poll sees it ("Remove Failed"
 * on, the default), with Sonarr's own redownload on (also the default): the fake Sonarr sends its
 * NZB to the real SABnzbd and checks it every second, like Sonarr does; SABnzbd fails the job
 * (its articles are not on the news server); Sonarr records downloadFailed, blocklists, deletes
 * the job from SABnzbd's history and grabs the next release. Our poll then runs: SABnzbd shows
 * nothing, the *arr failure watch announces the failure once, and recovery adopts Sonarr's own
 * grab (arr_redownload) instead of grabbing a second time. Real SQLite file, system clock.
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
import { ArrFailureWatch } from '../../main/core/monitoring/arr-failure-watch';
import { earlierJobOwner } from '../../main/core/monitoring/earlier-job-owner';
import { Poller } from '../../main/core/monitoring/poller';
import { sonarrGateway } from '../../main/core/recovery/arr-gateway';
import { ARR_CLOCK_SKEW_MS } from '../../main/core/recovery/arr-history-reading';
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
const FHD: FakeQuality = { id: 3, name: 'WEBDL-1080p', source: 'web', resolution: 1080 };

let nntp: NntpServer;
let sab: SabnzbdInstance;
let sabClient: SabnzbdClient;
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
  // Our poll is slow next to Sonarr's 1 s check, as in real life (120 s vs ~60 s): the test drives it.
  monitoring: { ...defaultSettings().monitoring, pollIntervalSeconds: 3600, baseBackoffSeconds: 1, maxRetries: 3 },
};

function seed(guid: string, good: boolean): SeedRelease {
  const title = `Removed.Show.S01E01.${FHD.name}-${guid.toUpperCase()}`;
  const post = buildPost({ files: [{ name: `${title}.mkv`, data: pseudoRandomBytes(guid, 96 * 1024) }], withhold: () => !good });
  if (good) nntp.addArticles(post.articles);
  return { guid, title, quality: FHD, releaseGroup: guid.toUpperCase(), nzb: post.nzbXml };
}

function ofType<K extends EventType>(type: K, nzoId?: string): BusEvent<K>[] {
  return events.filter((e): e is AnyBusEvent & BusEvent<K> => e.type === type && (nzoId === undefined || (e.payload as { nzoId?: string }).nzoId === nzoId));
}

async function until<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; events: ${events.map((e) => e.type).join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function sabHistoryIds(): Promise<string[]> {
  const h = await sabClient.history({ start: 0, limit: 100 });
  if (!h.ok) throw new Error(h.error.message);
  return (h.value?.slots ?? []).map((s) => s.nzo_id);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoarr-arr-removed-'));
  nntp = await NntpServer.start();
  sab = await SabnzbdInstance.start({ nntp, tinyBytes: 0 });
  // Sonarr's defaults: Remove Failed on, automatic redownload on.
  sonarr = await startFakeSonarr({
    clock: systemClock,
    checkIntervalMs: 1_000,
    sabnzbd: { url: `${sab.url}/sabnzbd`, apiKey: sab.apiKey, category: 'tv' },
    series: [{ id: 1, title: 'Removed Show', episodes: [{ id: 101, seasonNumber: 1, episodeNumber: 1 }] }],
  });
  client = createSonarrClient({ baseUrl: sonarr.url, apiKey: sonarr.apiKey });
  bus = new EventBus({ clock: systemClock, validatePayloads: true });
  bus.subscribe('*', (e) => void events.push(e), { name: 'recorder', priority: Number.MAX_SAFE_INTEGER });

  handle = openDatabase({ file: path.join(dir, 'autoarr.db'), migrationsFolder: MIGRATIONS });
  store = new DownloadMonitoringRepository(handle.db);
  const state = new SqliteStateStore(handle.db);
  sabClient = new SabnzbdClient({ connection: { url: `${sab.url}/sabnzbd`, apiKey: sab.apiKey, timeoutMs: 10_000 } });
  poller = new Poller({
    sabnzbd: sabClient,
    bus,
    store,
    state,
    clock: systemClock,
    settings: () => settings,
    lookups: () => [{ app: 'sonarr', findByDownloadId: (id) => client.findByDownloadId(id) }],
    earlierJobOwner: earlierJobOwner(handle.db),
    afterCycle: async () => {
      await watch.check();
    },
  });
  const watch = new ArrFailureWatch({
    sources: () => [{ app: 'sonarr', reader: client }],
    announcer: poller.announcer,
    bus,
    state,
    clock: systemClock,
    categoryOf: async () => 'tv',
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
  await poller.start();
}, 120_000);

afterAll(async () => {
  await poller?.stop().catch(() => undefined);
  await engine?.stop().catch(() => undefined);
  handle?.close();
  await sonarr?.close();
  await sab?.stop();
  await nntp?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('a failure Sonarr removed from the real SABnzbd before our poll', () => {
  it('is announced once by the *arr failure watch, and recovery adopts Sonarr’s own redownload (no second grab)', async () => {
    const bad = seed('rmbad', false);
    sonarr.addRelease(101, bad);
    sonarr.addRelease(101, seed('rmgood', true));
    const postsBefore = sonarr.calls.filter((c) => c.method === 'POST' && c.path === '/release').length;
    const failedId = (await sonarr.core.grab(101, bad, 'Search')).downloadId;

    // Sonarr sees SABnzbd fail the job, removes it and grabs the next release — all before our next poll.
    await until('Sonarr downloadFailed', () => sonarr.core.history.some((h) => h.eventType === 'downloadFailed' && h.downloadId === failedId), 60_000);
    await until('Sonarr redownload', () => sonarr.grabs().length === 2 && sonarr.grabs()[1], 30_000);
    await until('failed job gone from SABnzbd history', async () => !(await sabHistoryIds()).includes(failedId), 30_000);
    expect(ofType('download.failed')).toHaveLength(0);
    // Our poll comes well after Sonarr's redownload (in real life up to 120 s): longer than the
    // clock-skew allowance, so recovery only adopts the grab if the failure keeps Sonarr's time.
    await new Promise((r) => setTimeout(r, ARR_CLOCK_SKEW_MS + 1_500));

    const summary = await poller.pollNow();
    expect(summary).toMatchObject({ ok: true, newFailures: 0 }); // SABnzbd's own history no longer shows it
    const failed = ofType('download.failed', failedId);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.payload).toMatchObject({
      name: bad.title,
      category: 'tv',
      failMessage: expect.stringMatching(/not on your server|cannot be completed|missing articles/i),
      kind: 'missing_articles',
      sourceApp: 'sonarr',
      item: { seriesId: 1, episodeIds: [101] },
      replacesNzoId: null,
    });

    const recovered = await until('download.recovered', () => ofType('download.recovered', failedId)[0], 90_000);
    expect(recovered.payload.strategy).toBe('arr_redownload');
    expect(recovered.correlationId).toBe(failed[0]!.correlationId);
    const replacement = sonarr.grabs()[1]!;
    expect(replacement.release.guid).toBe('rmgood');
    expect(recovered.payload.completedNzoId).toBe(replacement.downloadId);
    expect(store.attempts(failedId)).toEqual([
      expect.objectContaining({ strategy: 'arr_redownload', outcome: 'succeeded', oldNzoId: failedId, newNzoId: replacement.downloadId }),
    ]);
    // No second grab: Sonarr's two (bad, then its own redownload), none posted by recovery.
    expect(sonarr.grabs().map((g) => [g.release.guid, g.source])).toEqual([
      ['rmbad', 'Search'],
      ['rmgood', 'Search'],
    ]);
    expect(sonarr.calls.filter((c) => c.method === 'POST' && c.path === '/release').length).toBe(postsBefore);

    // More polls (SABnzbd's history and Sonarr's) never announce it again.
    await poller.pollNow();
    await poller.pollNow();
    expect(ofType('download.failed', failedId)).toHaveLength(1);
    expect(ofType('download.failed')).toHaveLength(1);
  }, 180_000);
});
