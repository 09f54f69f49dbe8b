/**
 * Recovery under real timing, against the REAL SABnzbd 3.7.1 + NNTP harness (issue 13, sections 1 and 2):
 * the fake Sonarr sends its grabs to the real SABnzbd and watches it like Sonarr does; its automatic
 * search takes as long as a test says (searchDurationMs), as a search over many indexers does.
 * Short windows keep it fast: the coordinator's settle window is 2 s, where Sonarr's redownload takes 8 s
 * (the old coordinator waited a fixed window, then grabbed a second release).
 * - no second grab when Sonarr's redownload arrives after the window, or when its search finds nothing;
 * - no download stuck: a replacement SABnzbd drops is found missing, one past its deadline is taken out of
 *   SABnzbd's queue, and a person's Retry works while a replacement is downloading.
 * Fails (never skips) when SABnzbd is not installed.
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
const EPISODES = [201, 202, 203, 204, 205];
const DEADLINE_MS = 8_000;

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

type Speed = 'bad' | 'good' | 'slow';
/** A release whose NZB is a real post: served (good), served slowly (each article 15 s: stays Downloading), or not at all (bad). */
function seed(episode: number, guid: string, quality: FakeQuality, speed: Speed, rejections?: string[]): SeedRelease {
  const title = `Timing.Show.S01E${String(episode - 200).padStart(2, '0')}.${quality.name}-${guid.toUpperCase()}`;
  const size = speed === 'slow' ? 256 * 1024 : 96 * 1024;
  const post = buildPost({ files: [{ name: `${title}.mkv`, data: pseudoRandomBytes(guid, size) }], withhold: () => speed === 'bad' });
  if (speed === 'good') nntp.addArticles(post.articles);
  if (speed === 'slow') nntp.addArticles(post.articles, { delayMs: 15_000 });
  return { guid, title, quality, releaseGroup: guid.toUpperCase(), nzb: post.nzbXml, ...(rejections ? { rejections } : {}) };
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

const grabsOf = (episode: number) => sonarr.grabs().filter((g) => g.itemId === episode);
const postedGrabs = () => sonarr.calls.filter((c) => c.method === 'POST' && c.path === '/release').length;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoarr-timing-real-'));
  nntp = await NntpServer.start();
  sab = await SabnzbdInstance.start({ nntp, tinyBytes: 0 });
  sonarr = await startFakeSonarr({
    clock: systemClock,
    autoRedownloadFailed: false,
    removeFailedDownloads: false,
    checkIntervalMs: 1_000,
    sabnzbd: { url: `${sab.url}/sabnzbd`, apiKey: sab.apiKey, category: 'tv' },
    series: [{ id: 2, title: 'Timing Show', episodes: EPISODES.map((id) => ({ id, seasonNumber: 1, episodeNumber: id - 200 })) }],
  });
  client = createSonarrClient({ baseUrl: sonarr.url, apiKey: sonarr.apiKey });
  bus = new EventBus({ clock: systemClock, validatePayloads: true });
  bus.subscribe('*', (e) => void events.push(e), { name: 'recorder', priority: Number.MAX_SAFE_INTEGER });
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
    options: {
      arrGraceMs: 2_000,
      arrRecheckMs: 1_000,
      outcomeCheckMs: 1_000,
      replacementLostMs: 3_000,
      replacementDeadlineMs: DEADLINE_MS,
      auditOnStart: false,
    },
  });
  engine.start();
  void poller.start();
}, 120_000);

afterAll(async () => {
  await poller?.stop();
  await engine?.stop();
  handle?.close();
  await sonarr?.close();
  await sab?.stop();
  await nntp?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('never a second grab, on the real stack', () => {
  it('(1) Sonarr’s own redownload arrives 8 s after the failure, well past the 2 s window: adopted, never grabbed twice', async () => {
    sonarr.setAutoRedownload(true);
    sonarr.setSearchDuration(8_000);
    try {
      const bad = seed(201, 'tbad1', FHD, 'bad');
      sonarr.addRelease(201, bad);
      sonarr.addRelease(201, seed(201, 'tgood1', FHD, 'good'));
      const before = postedGrabs();
      const failedId = (await sonarr.core.grab(201, bad, 'Search')).downloadId;
      const recovered = await until('download.recovered', () => ofType('download.recovered', failedId)[0], 90_000);
      expect(recovered.payload.strategy).toBe('arr_redownload');
      expect(postedGrabs()).toBe(before);
      expect(grabsOf(201).map((g) => [g.release.guid, g.source])).toEqual([
        ['tbad1', 'Search'],
        ['tgood1', 'Search'],
      ]);
      // It really waited for Sonarr's search: the adoption came after the search had run for 8 s.
      const search = sonarr.core.commands.find((c) => (c.body.episodeIds as number[] | undefined)?.includes(201))!;
      expect(search.ended! - search.started!).toBeGreaterThanOrEqual(8_000);
      const adopted = ofType('download.retry_started', failedId)[0]!;
      expect(adopted.payload).toMatchObject({ strategy: 'arr_redownload', attempt: 1 });
      expect(adopted.timestamp).toBeGreaterThanOrEqual(search.ended!);
    } finally {
      sonarr.setAutoRedownload(false);
      sonarr.setSearchDuration(0);
    }
  }, 120_000);

  it('(2) Sonarr searches for 3 s and finds nothing it will take: recovery grabs once, and the download really completes', async () => {
    sonarr.setAutoRedownload(true);
    sonarr.setSearchDuration(3_000);
    try {
      const bad = seed(202, 'tbad2', FHD, 'bad');
      sonarr.addRelease(202, bad);
      sonarr.addRelease(202, seed(202, 'tbig2', FHD, 'good', ['Size (45.2 GiB) is greater than maximum allowed size (40.0 GiB)']));
      const before = postedGrabs();
      const failedId = (await sonarr.core.grab(202, bad, 'Search')).downloadId;
      const recovered = await until('download.recovered', () => ofType('download.recovered', failedId)[0], 90_000);
      expect(recovered.payload).toMatchObject({ strategy: 'alternative_release', attempts: 1 });
      expect(postedGrabs()).toBe(before + 1);
      expect(grabsOf(202).map((g) => [g.release.guid, g.source])).toEqual([
        ['tbad2', 'Search'],
        ['tbig2', 'InteractiveSearch'],
      ]);
      const search = sonarr.core.commands.find((c) => (c.body.episodeIds as number[] | undefined)?.includes(202))!;
      expect(search.message).toBe('Completed. No reports found');
      expect(ofType('download.retry_started', failedId)[0]!.timestamp).toBeGreaterThanOrEqual(search.ended!);
    } finally {
      sonarr.setAutoRedownload(false);
      sonarr.setSearchDuration(0);
    }
  }, 120_000);
});

describe('no download stuck, on the real stack', () => {
  it('(3) a replacement deleted from SABnzbd behind our back is found missing (not awaited for ever) and the next step recovers it', async () => {
    const bad = seed(203, 'tbad3', FHD, 'bad');
    sonarr.addRelease(203, bad);
    sonarr.addRelease(203, seed(203, 'tslow3', FHD, 'slow'));
    sonarr.addRelease(203, seed(203, 'tgood3', HD, 'good'));
    const failedId = (await sonarr.core.grab(203, bad, 'Search')).downloadId;
    const waiting = await until('the slow replacement is downloading', () => {
      const r = store.get(failedId);
      return r?.status === 'awaiting_replacement' && r.trackedNzoId ? r : null;
    });
    const dropped = waiting.trackedNzoId!;
    await until('it is in SABnzbd’s queue', async () => (await sab.queue()).some((s) => s.nzo_id === dropped));
    await sab.api('queue', { name: 'delete', value: dropped, del_files: 1 }); // someone deletes it in SABnzbd
    const recovered = await until('recovered by the next step', () => ofType('download.recovered', failedId)[0], 90_000);
    expect(recovered.payload).toMatchObject({ strategy: 'quality_fallback', attempts: 2 });
    const [first] = store.attempts(failedId);
    expect(first).toMatchObject({ strategy: 'alternative_release', outcome: 'failed', newNzoId: dropped });
    expect(first!.error).toMatch(/neither SABnzbd nor Sonarr has it any more/);
  }, 120_000);

  it('(4) a person’s Retry while a replacement is downloading: that job leaves SABnzbd’s queue and the next step runs now', async () => {
    const bad = seed(204, 'tbad4', FHD, 'bad');
    sonarr.addRelease(204, bad);
    sonarr.addRelease(204, seed(204, 'tslow4', FHD, 'slow'));
    sonarr.addRelease(204, seed(204, 'tgood4', HD, 'good'));
    const failedId = (await sonarr.core.grab(204, bad, 'Search')).downloadId;
    const stuck = await until('the slow replacement is downloading', () => {
      const r = store.get(failedId);
      return r?.status === 'awaiting_replacement' && r.trackedNzoId ? r.trackedNzoId : null;
    });
    await until('it is in SABnzbd’s queue', async () => (await sab.queue()).some((s) => s.nzo_id === stuck));
    const r = await engine.retryNow(failedId);
    expect(r.ok).toBe(true);
    expect((await sab.queue()).some((s) => s.nzo_id === stuck)).toBe(false);
    const removed = ofType('queue.state_changed', stuck).find((e) => e.payload.to === 'Deleted')!;
    expect(removed.payload.note).toMatch(/a person asked for the next step instead/);
    expect(removed.correlationId).toBe(store.get(failedId)!.correlationId);
    const recovered = await until('recovered', () => ofType('download.recovered', failedId)[0], 90_000);
    expect(recovered.payload).toMatchObject({ strategy: 'quality_fallback', attempts: 2 });
    expect(ofType('download.retry_started', failedId).map((e) => [e.payload.attempt, e.payload.manual])).toEqual([
      [1, false],
      [2, true],
    ]);
  }, 120_000);

  it('(5) a replacement still downloading at its deadline is taken out of SABnzbd’s queue and the ladder moves on', async () => {
    const bad = seed(205, 'tbad5', FHD, 'bad');
    sonarr.addRelease(205, bad);
    sonarr.addRelease(205, seed(205, 'tslow5', FHD, 'slow'));
    sonarr.addRelease(205, seed(205, 'tgood5', HD, 'good'));
    const failedId = (await sonarr.core.grab(205, bad, 'Search')).downloadId;
    const slow = await until('the slow replacement is downloading', () => {
      const r = store.get(failedId);
      return r?.status === 'awaiting_replacement' && r.trackedNzoId ? r.trackedNzoId : null;
    });
    const recovered = await until('recovered after the deadline', () => ofType('download.recovered', failedId)[0], 90_000);
    expect(recovered.payload).toMatchObject({ strategy: 'quality_fallback', attempts: 2 });
    const [first] = store.attempts(failedId);
    expect(first).toMatchObject({ outcome: 'failed', newNzoId: slow });
    expect(first!.error).toMatch(/did not complete within/);
    expect(first!.finishedAt! - first!.startedAt).toBeGreaterThanOrEqual(DEADLINE_MS);
    expect((await sab.queue()).some((s) => s.nzo_id === slow)).toBe(false);
    expect(ofType('queue.state_changed', slow).some((e) => e.payload.to === 'Deleted')).toBe(true);
  }, 120_000);
});

describe('disk space as the disk-full wait reads it, from the real SABnzbd', () => {
  it('(6) its get_config folders: category tiny unpacks to its own folder (measured here, SABnzbd is local); tv to the complete folder', async () => {
    const port = sabnzbdRecoveryPort(new SabnzbdClient({ connection: { url: `${sab.url}/sabnzbd`, apiKey: sab.apiKey, timeoutMs: 10_000 } }));
    const tiny = await port.folderSpace('tiny');
    expect(tiny.ok && tiny.value).toMatchObject({ folder: sab.tinyDir, measuredBy: 'this_computer', freeBytes: expect.any(Number) });
    const tv = await port.folderSpace('tv');
    expect(tv.ok && tv.value.folder?.startsWith(sab.home)).toBe(true);
    expect(tv.ok && tv.value.folder).not.toBe(sab.tinyDir);
    expect(tv.ok && tv.value.downloadFreeBytes).toBeGreaterThan(0);
  });
});

