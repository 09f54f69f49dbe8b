/**
 * Lidarr and Readarr end to end: the faithful fakes (test/fakes/fake-lidarr.ts, fake-readarr.ts,
 * API v1 as their OpenAPI specs give it) send their NZBs to the REAL SABnzbd 3.7.1 + NNTP
 * harness; the whole core (createCore, the conf SettingsStore, a memory secret store) polls
 * SABnzbd, finds whose each failure is and recovers it through the same release strategies as
 * Sonarr/Radarr, on each app's own quality ladder:
 * - a failed FLAC album whose other FLAC fails too falls ONE rung, to MP3-320 (never V0);
 * - a failed EPUB book gets another EPUB, never an audiobook.
 * Lidarr is set up from the environment alone (LIDARR_URL / LIDARR_API_KEY), as a headless
 * install would be; Readarr from the instance list. Nothing of one lands on the other.
 * Fails (never skips) when SABnzbd is not installed: SabnzbdInstance.start() throws.
 */
import Conf from 'conf';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app';
import { systemClock } from '../../main/core/clock';
import { readEnvOverrides } from '../../main/core/settings/env-overrides';
import { MemorySecretStore } from '../../main/core/settings/secret-store';
import { SettingsStore, type ConfConstructor } from '../../main/core/settings/settings-store';
import type { BusEvent, EventType } from '../../shared/events';
import type { FakeQuality, SeedRelease } from '../fakes/fake-arr-model';
import type { FakeArr } from '../fakes/fake-arr-server';
import { LIDARR_Q, startFakeLidarr } from '../fakes/fake-lidarr';
import { READARR_Q, startFakeReadarr } from '../fakes/fake-readarr';
import { buildPost } from './harness/nzb-builder';
import { NntpServer } from './harness/nntp-server';
import { pseudoRandomBytes } from './harness/payloads';
import { SabnzbdInstance } from './harness/sabnzbd-instance';
import { startTestCore, type TestCore } from './harness/real-stack-core';

const KEYS = { lidarr: 'lidarr0123456789abcdef0123456789', readarr: 'readarr0123456789abcdef012345678' };

let nntp: NntpServer;
let sab: SabnzbdInstance;
let lidarr: FakeArr;
let readarr: FakeArr;
let dir: string;
let core: Core;
let stack: TestCore;

function seed(guid: string, quality: FakeQuality, good: boolean, kind: 'album' | 'book'): SeedRelease {
  const title = kind === 'album' ? `Some Artist - Some Album (2024) [${quality.name}]-${guid.toUpperCase()}` : `Some Author - Some Book (2024) [${quality.name}]-${guid.toUpperCase()}`;
  const ext = kind === 'album' ? (quality.name.startsWith('FLAC') ? 'flac' : 'mp3') : quality.name.toLowerCase();
  const post = buildPost({ files: [{ name: `${title}.${ext}`, data: pseudoRandomBytes(guid, 96 * 1024) }], withhold: () => !good });
  if (good) nntp.addArticles(post.articles);
  return { guid, title, quality, releaseGroup: guid.toUpperCase(), nzb: post.nzbXml };
}

const ofType = <K extends EventType>(type: K, nzoId?: string): BusEvent<K>[] => stack.ofType(type, nzoId);
const until = <T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 120_000): Promise<T> => stack.until(what, probe, timeoutMs);

/** Waits for the download's recovery; a download parked in the dead-letter queue fails at once, saying what each attempt met. */
async function recovered(nzoId: string, timeoutMs = 120_000): Promise<void> {
  await until(
    `download.recovered ${nzoId}`,
    () => {
      if (ofType('download.recovered', nzoId)[0]) return true;
      const r = core.internals.store.get(nzoId);
      if (r?.inDlq) {
        const tried = core.internals.store.attempts(nzoId).map((a) => `${a.strategy}: ${a.outcome} ${a.error ?? ''}`);
        throw new Error(`${nzoId} went to the dead-letter queue (${r.dlqReason}): ${tried.join(' | ')}`);
      }
      return false;
    },
    timeoutMs,
  );
}

const postedGuids = (arr: FakeArr) => arr.grabs().map((g) => g.release.guid);
const grabPosts = (arr: FakeArr) => arr.calls.filter((c) => c.method === 'POST' && c.path === '/release').length;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoarr-lidarr-readarr-'));
  nntp = await NntpServer.start();
  sab = await SabnzbdInstance.start({ nntp, tinyBytes: 0, extraCategories: ['music', 'readarr'] });
  const sabFor = (category: string) => ({ url: `${sab.url}/sabnzbd`, apiKey: sab.apiKey, category });
  const fake = { clock: systemClock, autoRedownloadFailed: false, removeFailedDownloads: false, checkIntervalMs: 1_000 };
  lidarr = await startFakeLidarr({
    ...fake,
    apiKey: KEYS.lidarr,
    sabnzbd: sabFor('music'),
    artists: [{ id: 5, artistName: 'Some Artist', foreignArtistId: 'a74b1b7f-71a5-4011-9441-d0b5e4122711' }],
    albums: [{ id: 40, artistId: 5, title: 'Some Album' }],
  });
  readarr = await startFakeReadarr({
    ...fake,
    apiKey: KEYS.readarr,
    sabnzbd: sabFor('readarr'),
    authors: [{ id: 9, authorName: 'Some Author', titleSlug: 'some-author' }],
    books: [{ id: 77, authorId: 9, title: 'Some Book' }],
  });

  const secrets = new MemorySecretStore();
  // Lidarr only from the environment (no instance saved), as a headless install sets it up.
  const env = readEnvOverrides({ LIDARR_URL: lidarr.url, LIDARR_API_KEY: KEYS.lidarr });
  const store = new SettingsStore({ dir, Conf: Conf as unknown as ConfConstructor, secrets, env });
  const saved = store.update({
    sabnzbd: { url: `${sab.url}/sabnzbd` },
    apiKeys: { sabnzbd: sab.apiKey },
    monitoring: { pollIntervalSeconds: 5, baseBackoffSeconds: 1, maxRetries: 3 },
    arrInstances: [{ id: 'readarr', kind: 'readarr', name: 'Readarr', url: readarr.url, enabled: true, category: 'readarr' }],
    instanceApiKeys: { readarr: KEYS.readarr },
  });
  if (!saved.ok) throw new Error(saved.error.message);
  stack = await startTestCore({ dataDir: dir, settingsStore: store, secretStore: secrets });
  core = stack.core;
}, 120_000);

afterAll(async () => {
  await core?.stop();
  await Promise.all([lidarr?.close(), readarr?.close()]);
  await sab?.stop();
  await nntp?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('Lidarr and Readarr against a real SABnzbd', () => {
  it('Lidarr: a failed FLAC album whose other FLAC fails too is recovered one rung down, with MP3-320, through Lidarr only', async () => {
    const flacBad = seed('flacbad', LIDARR_Q.flac, false, 'album');
    lidarr.addRelease(40, flacBad);
    lidarr.addRelease(40, seed('flacbad2', LIDARR_Q.flac, false, 'album'));
    lidarr.addRelease(40, seed('v0good', LIDARR_Q.mp3_v0, true, 'album'));
    lidarr.addRelease(40, seed('mp3good', LIDARR_Q.mp3_320, true, 'album'));

    // Lidarr grabbed the FLAC by itself earlier: the job that is going to fail.
    const failed = (await lidarr.core.grab(40, flacBad, 'Search')).downloadId;
    await recovered(failed, 180_000);

    const store = core.internals.store;
    expect(store.get(failed)).toMatchObject({ sourceApp: 'lidarr', status: 'recovered', item: expect.objectContaining({ artistId: 5, albumId: 40 }) });
    expect(store.get(failed)!.metadata.arrInstance).toBe('lidarr');
    // The ladder: another FLAC first (it fails too), then ONE rung down: MP3-320, not V0.
    expect(store.attempts(failed).map((a) => [a.strategy, a.outcome, a.releaseGuid])).toEqual([
      ['alternative_release', 'failed', 'flacbad2'],
      ['quality_fallback', 'succeeded', 'mp3good'],
    ]);
    expect(store.get(failed)!.qualitiesTried).toEqual(expect.arrayContaining(['Lossless', 'MP3-320']));
    expect(postedGuids(lidarr)).toEqual(['flacbad', 'flacbad2', 'mp3good']);
    expect(lidarr.grabs().map((g) => g.category)).toEqual(['music', 'music', 'music']);
    expect(grabPosts(readarr)).toBe(0);

    // "Open in Lidarr" opens the artist's page (Lidarr routes artists by their MusicBrainz id).
    const links = await core.handlers['downloads.links']({ nzoId: failed });
    if (!links.ok) throw new Error(links.error.message);
    expect(links.value.arr).toEqual({ app: 'lidarr', url: `${lidarr.url}/artist/a74b1b7f-71a5-4011-9441-d0b5e4122711`, title: 'Some Artist' });
  }, 240_000);

  it('Readarr: a failed EPUB is replaced by another EPUB (never an audiobook), through Readarr only; both instances show healthy', async () => {
    const epubBad = seed('epubbad', READARR_Q.epub, false, 'book');
    readarr.addRelease(77, epubBad);
    readarr.addRelease(77, seed('m4bgood', READARR_Q.m4b, true, 'book'));
    readarr.addRelease(77, seed('epubgood', READARR_Q.epub, true, 'book'));
    const lidarrGrabs = grabPosts(lidarr);

    const failed = (await readarr.core.grab(77, epubBad, 'Search')).downloadId;
    await recovered(failed);

    const store = core.internals.store;
    expect(store.get(failed)).toMatchObject({ sourceApp: 'readarr', status: 'recovered', item: expect.objectContaining({ authorId: 9, bookId: 77 }) });
    expect(store.get(failed)!.metadata.arrInstance).toBe('readarr');
    expect(store.attempts(failed).map((a) => [a.strategy, a.outcome, a.releaseGuid])).toEqual([['alternative_release', 'succeeded', 'epubgood']]);
    expect(postedGuids(readarr)).toEqual(['epubbad', 'epubgood']);
    expect(readarr.grabs().map((g) => g.category)).toEqual(['readarr', 'readarr']);
    expect(grabPosts(lidarr)).toBe(lidarrGrabs);

    const links = await core.handlers['downloads.links']({ nzoId: failed });
    if (!links.ok) throw new Error(links.error.message);
    expect(links.value.arr).toEqual({ app: 'readarr', url: `${readarr.url}/author/some-author`, title: 'Some Author' });

    const status = await core.handlers['monitoring.status']({});
    if (!status.ok) throw new Error(status.error.message);
    const health = Object.fromEntries((status.value.instances ?? []).map((i) => [i.id, [i.kind, i.health.state]]));
    expect(health).toEqual({ lidarr: ['lidarr', 'ok'], readarr: ['readarr', 'ok'] });

    // Test connection of each instance reaches the real app answer (name and version) — the first Lidarr from the environment.
    for (const [service, version] of [['lidarr', /^2\./], ['readarr', /^0\./]] as const) {
      const r = await core.handlers['settings.testConnection']({ service });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value).toMatchObject({ service, appName: service === 'lidarr' ? 'Lidarr' : 'Readarr' });
      expect(r.value.version).toMatch(version);
    }
  }, 240_000);
});
