/**
 * Several *arr instances side by side, end to end: two Radarr (HD, category `movies`, and 4K,
 * category `movies-4k`, the SAME movie id in both libraries, as people run them) and one Sonarr,
 * all the faithful fakes (test/fakes) sending their NZBs to the REAL SABnzbd 3.7.1 + NNTP
 * harness. The whole core (createCore, the conf SettingsStore with the instance list, a memory
 * secret store) polls SABnzbd, identifies whose each failure is, and recovers it. Each failed
 * grab must be recovered on its own instance: the HD movie's replacement grabbed by the HD
 * Radarr, the 4K one's by the 4K Radarr, nothing of either on the other.
 * The core reaches the 4K Radarr through a TCP gate, so the 4K instance can go down while the
 * HD one answers: its outage is its own (health, notices, deferrals), never the first Radarr's.
 * Fails (never skips) when SABnzbd is not installed: SabnzbdInstance.start() throws.
 */
import Conf from 'conf';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app';
import { systemClock } from '../../main/core/clock';
import { MemorySecretStore } from '../../main/core/settings/secret-store';
import { SettingsStore, type ConfConstructor } from '../../main/core/settings/settings-store';
import type { AnyBusEvent, BusEvent, EventType } from '../../shared/events';
import type { FakeQuality, SeedRelease } from '../fakes/fake-arr-model';
import type { FakeArr } from '../fakes/fake-arr-server';
import { startFakeRadarr } from '../fakes/fake-radarr';
import { startFakeSonarr } from '../fakes/fake-sonarr';
import { buildPost } from './harness/nzb-builder';
import { NntpServer } from './harness/nntp-server';
import { pseudoRandomBytes } from './harness/payloads';
import { SabnzbdInstance } from './harness/sabnzbd-instance';
import { startTestCore, type TestCore } from './harness/real-stack-core';
import { TcpGate } from '../reliability/faults-tcp-gate';

const BLURAY_1080: FakeQuality = { id: 7, name: 'Bluray-1080p', source: 'bluray', resolution: 1080 };
const BLURAY_2160: FakeQuality = { id: 19, name: 'Bluray-2160p', source: 'bluray', resolution: 2160 };
const WEB_1080: FakeQuality = { id: 3, name: 'WEBDL-1080p', source: 'web', resolution: 1080 };
const KEYS = { hd: 'hdradarr0123456789abcdef01234567', uhd: 'uhdradarr0123456789abcdef0123456', sonarr: 'sonarr0123456789abcdef0123456789' };

let nntp: NntpServer;
let sab: SabnzbdInstance;
let hd: FakeArr;
let uhd: FakeArr;
/** The 4K Radarr as the core reaches it: down() refuses connections as a stopped Radarr does. */
let uhdGate: TcpGate;
let sonarr: FakeArr;
let dir: string;
let core: Core;
let events: AnyBusEvent[] = [];
let stack: TestCore;

function seed(guid: string, quality: FakeQuality, good: boolean, show = false): SeedRelease {
  const title = show ? `Instances.Show.S01E01.${quality.name}-${guid.toUpperCase()}` : `Instances.Movie.2024.${quality.name}-${guid.toUpperCase()}`;
  const post = buildPost({ files: [{ name: `${title}.mkv`, data: pseudoRandomBytes(guid, 96 * 1024) }], withhold: () => !good });
  if (good) nntp.addArticles(post.articles);
  return { guid, title, quality, releaseGroup: guid.toUpperCase(), nzb: post.nzbXml };
}

const ofType = <K extends EventType>(type: K, nzoId?: string): BusEvent<K>[] => stack.ofType(type, nzoId);
const until = <T>(what: string, probe: () => T | undefined | null | false, timeoutMs?: number): Promise<T> => stack.until(what, probe, timeoutMs);

const postedGuids = (arr: FakeArr) => arr.grabs().map((g) => g.release.guid);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoarr-arr-instances-'));
  nntp = await NntpServer.start();
  sab = await SabnzbdInstance.start({ nntp, tinyBytes: 0, extraCategories: ['movies-4k'] });
  const sabFor = (category: string) => ({ url: `${sab.url}/sabnzbd`, apiKey: sab.apiKey, category });
  const fake = { clock: systemClock, autoRedownloadFailed: false, removeFailedDownloads: false, checkIntervalMs: 1_000 };
  // The same movie (id 1) in both Radarr libraries: only the instance tells the two failures apart.
  const movies = [
    { id: 1, title: 'Instances Movie', year: 2024 },
    { id: 2, title: 'Outage Movie', year: 2025 },
  ];
  hd = await startFakeRadarr({ ...fake, apiKey: KEYS.hd, sabnzbd: sabFor('movies'), movies });
  uhd = await startFakeRadarr({ ...fake, apiKey: KEYS.uhd, sabnzbd: sabFor('movies-4k'), movies });
  uhdGate = await TcpGate.open(Number(new URL(uhd.url).port));
  sonarr = await startFakeSonarr({
    ...fake,
    apiKey: KEYS.sonarr,
    sabnzbd: sabFor('tv'),
    series: [{ id: 1, title: 'Instances Show', episodes: [{ id: 101, seasonNumber: 1, episodeNumber: 1 }] }],
  });

  const secrets = new MemorySecretStore();
  const store = new SettingsStore({ dir, Conf: Conf as unknown as ConfConstructor, secrets });
  const saved = store.update({
    sabnzbd: { url: `${sab.url}/sabnzbd` },
    apiKeys: { sabnzbd: sab.apiKey },
    monitoring: { pollIntervalSeconds: 5, baseBackoffSeconds: 1, maxRetries: 3 },
    arrInstances: [
      { id: 'sonarr', kind: 'sonarr', name: 'Sonarr', url: sonarr.url, enabled: true, category: 'tv' },
      { id: 'radarr', kind: 'radarr', name: 'Radarr', url: hd.url, enabled: true, category: 'movies' },
      { id: 'radarr-2', kind: 'radarr', name: 'Radarr 4K', url: `http://127.0.0.1:${uhdGate.port}`, enabled: true, category: 'movies-4k' },
    ],
    instanceApiKeys: { sonarr: KEYS.sonarr, radarr: KEYS.hd, 'radarr-2': KEYS.uhd },
  });
  if (!saved.ok) throw new Error(saved.error.message);
  stack = await startTestCore({ dataDir: dir, settingsStore: store, secretStore: secrets });
  ({ core, events } = stack);
}, 120_000);

afterAll(async () => {
  await core?.stop();
  await uhdGate?.down();
  await Promise.all([hd?.close(), uhd?.close(), sonarr?.close()]);
  await sab?.stop();
  await nntp?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('two Radarr (HD, 4K) and one Sonarr against a real SABnzbd', () => {
  it('recovers a failure on each instance through that instance only', async () => {
    const hdBad = seed('hdbad', BLURAY_1080, false);
    const uhdBad = seed('uhdbad', BLURAY_2160, false);
    const tvBad = seed('tvbad', WEB_1080, false, true);
    hd.addRelease(1, hdBad);
    hd.addRelease(1, seed('hdgood', BLURAY_1080, true));
    uhd.addRelease(1, uhdBad);
    uhd.addRelease(1, seed('uhdgood', BLURAY_2160, true));
    sonarr.addRelease(101, tvBad);
    sonarr.addRelease(101, seed('tvgood', WEB_1080, true, true));

    // Each app grabbed the bad release by itself earlier: the jobs that are going to fail.
    const hdFailed = (await hd.core.grab(1, hdBad, 'Search')).downloadId;
    const uhdFailed = (await uhd.core.grab(1, uhdBad, 'Search')).downloadId;
    const tvFailed = (await sonarr.core.grab(101, tvBad, 'Search')).downloadId;

    for (const id of [hdFailed, uhdFailed, tvFailed]) await until(`download.recovered ${id}`, () => ofType('download.recovered', id)[0]);

    const store = core.internals.store;
    expect(store.get(hdFailed)).toMatchObject({ sourceApp: 'radarr', status: 'recovered', item: expect.objectContaining({ movieId: 1 }) });
    expect(store.get(uhdFailed)).toMatchObject({ sourceApp: 'radarr', status: 'recovered', item: expect.objectContaining({ movieId: 1 }) });
    expect(store.get(tvFailed)).toMatchObject({ sourceApp: 'sonarr', status: 'recovered' });
    expect(store.get(hdFailed)!.metadata.arrInstance).toBe('radarr');
    expect(store.get(uhdFailed)!.metadata.arrInstance).toBe('radarr-2');
    expect(store.get(tvFailed)!.metadata.arrInstance).toBe('sonarr');

    // Each replacement was grabbed by the instance that owns the failure, with its category; nothing crossed over.
    expect(postedGuids(hd)).toEqual(['hdbad', 'hdgood']);
    expect(postedGuids(uhd)).toEqual(['uhdbad', 'uhdgood']);
    expect(postedGuids(sonarr)).toEqual(['tvbad', 'tvgood']);
    expect(uhd.grabs().map((g) => g.category)).toEqual(['movies-4k', 'movies-4k']);
    const [hdAttempt] = store.attempts(hdFailed);
    const [uhdAttempt] = store.attempts(uhdFailed);
    expect(hdAttempt).toMatchObject({ strategy: 'alternative_release', outcome: 'succeeded', releaseGuid: 'hdgood' });
    expect(uhdAttempt).toMatchObject({ strategy: 'alternative_release', outcome: 'succeeded', releaseGuid: 'uhdgood' });
    // The HD Radarr was never asked to grab anything of the 4K library, nor the other way round.
    const grabPosts = (arr: FakeArr) => arr.calls.filter((c) => c.method === 'POST' && c.path === '/release').length;
    expect(grabPosts(hd)).toBe(1);
    expect(grabPosts(uhd)).toBe(1);

    // "Open in Radarr" opens each download in its own instance.
    const links = async (nzoId: string) => {
      const r = await core.handlers['downloads.links']({ nzoId });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.arr?.url ?? null;
    };
    expect(await links(uhdFailed)).toMatch(new RegExp(`^http://127.0.0.1:${uhdGate.port}/movie/`));
    expect(await links(hdFailed)).toMatch(new RegExp(`^${hd.url}/movie/`));
  }, 180_000);

  it('Radarr 4K down while the HD Radarr answers: the 4K outage is its own (health, one notice per streak, deferrals), HD recovers undisturbed', async () => {
    const store = core.internals.store;
    const from = events.length;
    const radarrErrors = () =>
      events.slice(from).filter((e): e is BusEvent<'service.error'> => e.type === 'service.error' && e.payload.service === 'radarr');
    const status = async () => {
      const r = await core.handlers['monitoring.status']({});
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    const instanceHealth = async (id: string) => (await status()).instances?.find((i) => i.id === id)?.health.state;

    const uhdBad = seed('uhdout', BLURAY_2160, false);
    uhd.addRelease(2, uhdBad);
    uhd.addRelease(2, seed('uhdback', BLURAY_2160, true));
    const hdBad = seed('hdout', BLURAY_1080, false);
    hd.addRelease(2, hdBad);
    hd.addRelease(2, seed('hdalt', BLURAY_1080, true));

    await uhdGate.down();
    // The 4K Radarr grabbed the bad release before it went down: its failure shows up while it is down.
    const uhdFailed = (await uhd.core.grab(2, uhdBad, 'Search')).downloadId;
    const uhdDeferred = await until('the 4K download waiting for Radarr 4K', () => {
      const r = store.get(uhdFailed);
      return r?.status === 'retrying' && r.deferredBy === 'radarr' ? r : null;
    });
    expect(uhdDeferred.metadata.arrInstance).toBe('radarr-2');
    expect(uhdDeferred.lastError).toMatch(/^Radarr 4K did not answer/);

    // The HD Radarr answers all along: its failure is recovered meanwhile, never deferred.
    const hdFailed = (await hd.core.grab(2, hdBad, 'Search')).downloadId;
    let hdEverDeferred = false;
    await until(`download.recovered ${hdFailed}`, () => {
      const r = store.get(hdFailed);
      if (r?.deferredBy) hdEverDeferred = true;
      return ofType('download.recovered', hdFailed)[0];
    });
    expect(hdEverDeferred).toBe(false);
    expect(store.attempts(hdFailed).map((a) => a.outcome)).toEqual(['succeeded']);
    expect(postedGuids(hd).slice(-2)).toEqual(['hdout', 'hdalt']);

    // While the 4K is still down: the first Radarr's health is ok, the 4K's is error; one notice, naming the instance.
    expect(store.get(uhdFailed)).toMatchObject({ status: 'retrying', deferredBy: 'radarr' });
    expect((await status()).services.radarr.state).toBe('ok');
    expect(await instanceHealth('radarr')).toBe('ok');
    expect(await instanceHealth('radarr-2')).toBe('error');
    expect(radarrErrors().map((e) => [e.payload.instance ?? null, e.payload.recovered])).toEqual([['radarr-2', false]]);
    // Whoever met it first tells it (recovery, or the failure watch reading the 4K's history): named as the 4K.
    expect(radarrErrors()[0]!.payload.message).toMatch(/^Radarr 4K (cannot be reached|could not be asked which downloads failed)/);

    // The 4K Radarr is back: its download is recovered through it, one "answers again" closes the same story.
    await uhdGate.up(Number(new URL(uhd.url).port));
    await until(`download.recovered ${uhdFailed}`, () => ofType('download.recovered', uhdFailed)[0], 120_000);
    expect(postedGuids(uhd).slice(-2)).toEqual(['uhdout', 'uhdback']);
    const told = radarrErrors();
    expect(told.map((e) => [e.payload.instance ?? null, e.payload.recovered])).toEqual([
      ['radarr-2', false],
      ['radarr-2', true],
    ]);
    expect(told[1]!.correlationId).toBe(told[0]!.correlationId);
    expect(await instanceHealth('radarr-2')).toBe('ok');
    expect((await status()).services.radarr.state).toBe('ok');
  }, 240_000);
});
