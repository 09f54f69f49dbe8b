/**
 * NZBGet as the download client, end to end against the REAL NZBGet 21 + NNTP harness:
 * the fake Sonarr sends its NZBs to the real NZBGet the way Sonarr does (a `drone` GUID
 * parameter, which is the downloadId Sonarr reports), the real poller reads NZBGet through
 * the download-client port, classifies the failure with NZBGet's own status fields, links
 * it to Sonarr's episode by that GUID, and the real engine recovers it (an alternative
 * release that really completes in NZBGet). Fails (never skips) when NZBGet is not
 * installed: NzbgetInstance.start() throws.
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
import { testConnection } from '../../main/core/connections/connection-test';
import { Poller, historyCursorKey } from '../../main/core/monitoring/poller';
import { NzbgetClient } from '../../main/core/nzbget/nzbget-client';
import { NzbgetDownloadClient } from '../../main/core/nzbget/nzbget-download-client';
import { nzbgetRecoveryPort } from '../../main/core/nzbget/nzbget-recovery-port';
import { sonarrGateway } from '../../main/core/recovery/arr-gateway';
import { RecoveryEngine } from '../../main/core/recovery/recovery-engine';
import type { AnyBusEvent, BusEvent, EventType } from '../../shared/events';
import { defaultSettings, type Settings } from '../../shared/settings';
import type { FakeQuality, SeedRelease } from '../fakes/fake-arr-model';
import type { FakeArr } from '../fakes/fake-arr-server';
import { startFakeSonarr } from '../fakes/fake-sonarr';
import { buildPost } from './harness/nzb-builder';
import { NntpServer } from './harness/nntp-server';
import { NzbgetInstance } from './harness/nzbget-instance';
import { pseudoRandomBytes } from './harness/payloads';

const MIGRATIONS = path.resolve('main/core/activity/migrations');
const FHD: FakeQuality = { id: 3, name: 'WEBDL-1080p', source: 'web', resolution: 1080 };

let nntp: NntpServer;
let nzbget: NzbgetInstance;
let sonarr: FakeArr;
let client: SonarrClient;
let dir: string;
let handle: DatabaseHandle;
let store: DownloadMonitoringRepository;
let state: SqliteStateStore;
let bus: EventBus;
let poller: Poller;
let engine: RecoveryEngine;
const events: AnyBusEvent[] = [];
const settings: Settings = {
  ...defaultSettings(),
  downloadClient: 'nzbget',
  monitoring: { ...defaultSettings().monitoring, pollIntervalSeconds: 1, baseBackoffSeconds: 1, maxRetries: 3 },
};

/** A release whose NZB is a real post: served by the news server (good) or not (bad). */
function seed(guid: string, good: boolean): SeedRelease {
  const title = `Nzbget.Show.S01E01.${FHD.name}-${guid.toUpperCase()}`;
  const post = buildPost({ files: [{ name: `${title}.mkv`, data: pseudoRandomBytes(guid, 96 * 1024) }], withhold: () => !good });
  if (good) nntp.addArticles(post.articles);
  return { guid, title, quality: FHD, releaseGroup: guid.toUpperCase(), nzb: post.nzbXml };
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

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoarr-nzbget-recovery-'));
  nntp = await NntpServer.start();
  nzbget = await NzbgetInstance.start({ nntp });
  sonarr = await startFakeSonarr({
    clock: systemClock,
    autoRedownloadFailed: false,
    // "Remove Failed" off, so the poller always sees the failed job in NZBGet's history.
    removeFailedDownloads: false,
    checkIntervalMs: 1_000,
    nzbget: { url: nzbget.url, username: nzbget.username, password: nzbget.password, category: 'tv' },
    series: [{ id: 1, title: 'Nzbget Show', episodes: [{ id: 101, seasonNumber: 1, episodeNumber: 1 }] }],
  });
  client = createSonarrClient({ baseUrl: sonarr.url, apiKey: sonarr.apiKey });
  bus = new EventBus({ clock: systemClock, validatePayloads: true });
  bus.subscribe('*', (e) => void events.push(e), { name: 'recorder', priority: Number.MAX_SAFE_INTEGER });

  handle = openDatabase({ file: path.join(dir, 'autoarr.db'), migrationsFolder: MIGRATIONS });
  store = new DownloadMonitoringRepository(handle.db);
  state = new SqliteStateStore(handle.db);
  // The full-read period is left at its default (5 min): a job with every article missing fails within a
  // poll interval, so the queue never shows it; NZBGet's newest message ID tells the poller at once.
  const port = new NzbgetDownloadClient(
    new NzbgetClient({ connection: { url: nzbget.url, username: nzbget.username, password: nzbget.password, timeoutMs: 10_000 } }),
  );
  poller = new Poller({
    client: port,
    bus,
    store,
    state,
    clock: systemClock,
    settings: () => settings,
    lookups: () => [{ app: 'sonarr', findByDownloadId: (id) => client.findByDownloadId(id) }],
  });
  engine = new RecoveryEngine({
    bus,
    store,
    sab: nzbgetRecoveryPort(port),
    arrs: { sonarr: sonarrGateway(client) },
    clock: systemClock,
    settings: () => settings,
    options: { arrGraceMs: 4_000, outcomeCheckMs: 1_000, auditOnStart: false },
  });
  engine.start();
  void poller.start();
}, 120_000);

afterAll(async () => {
  await poller?.stop().catch(() => undefined);
  await engine?.stop().catch(() => undefined);
  handle?.close();
  await sonarr?.close();
  await nzbget?.stop();
  await nntp?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('recovery with a real NZBGet as the download client', () => {
  it('a missing-articles failure is classified, linked to its Sonarr episode by the drone GUID, and recovered by a release that completes', async () => {
    const bad = seed('ngbad1', false);
    sonarr.addRelease(101, bad);
    sonarr.addRelease(101, seed('nggood1', true));
    const failedId = (await sonarr.core.grab(101, bad, 'Search')).downloadId;
    // Sonarr's downloadId for NZBGet is its drone GUID, not the NZBID.
    expect(failedId).toMatch(/^[0-9a-f]{32}$/);

    const failed = await until('download.failed', () => ofType('download.failed', failedId)[0], 60_000);
    expect(failed.payload).toMatchObject({ kind: 'missing_articles', sourceApp: 'sonarr' });
    expect(store.get(failedId)).toMatchObject({ sourceApp: 'sonarr', item: { seriesId: 1, episodeIds: [101] } });

    const recovered = await until('download.recovered', () => ofType('download.recovered', failedId)[0], 90_000);
    expect(recovered.correlationId).toBe(failed.correlationId);
    const [attempt] = store.attempts(failedId);
    expect(attempt).toMatchObject({ outcome: 'succeeded', oldNzoId: failedId });
    expect(sonarr.grabs().map((g) => g.release.guid)).toEqual(['ngbad1', 'nggood1']);
    // The replacement really completed in NZBGet (Sonarr then takes it out of NZBGet's history) and Sonarr imported it under its own GUID.
    const replacement = attempt!.newNzoId!;
    expect(replacement).toMatch(/^[0-9a-f]{32}$/);
    await until('Sonarr import', () => sonarr.core.history.some((h) => h.eventType === 'downloadFolderImported' && h.downloadId === replacement), 30_000);
    expect(recovered.payload.completedNzoId).toBe(replacement);
    // The poller keeps NZBGet's own cursor, apart from SABnzbd's.
    expect(JSON.parse(state.get(historyCursorKey('nzbget'))!)).toMatchObject({ client: 'nzbget' });
  }, 150_000);

  it('Test connection reaches the real NZBGet with its username and password, and says so when the password is wrong', async () => {
    const deps = { clock: systemClock, timeoutMs: 10_000, username: nzbget.username };
    const good = await testConnection('nzbget', nzbget.url, nzbget.password, deps);
    expect(good).toMatchObject({ ok: true, value: { service: 'nzbget', appName: 'NZBGet', version: expect.stringMatching(/^21/) } });
    const bad = await testConnection('nzbget', nzbget.url, 'not-the-password', deps);
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_api_key' } });
  });
});
