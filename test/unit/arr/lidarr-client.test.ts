// The Lidarr client against the fake Lidarr (API v1) over real HTTP, with the
// grabs going to the fake SABnzbd on loopback.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLidarrClient, type LidarrClient } from '../../../main/core/arr/lidarr-client';
import { createReadarrClient } from '../../../main/core/arr/readarr-client';
import { createSonarrClient } from '../../../main/core/arr/sonarr-client';
import { startFakeLidarr } from '../../fakes/fake-lidarr';
import type { FakeArr } from '../../fakes/fake-arr-server';
import { FakeSabnzbdModel, startFakeSabnzbd, type FakeSabnzbdServer } from '../../fakes/fake-sabnzbd';
import { FakeClock } from '../../support/fake-clock';
import { lidarrLibrary } from './arr-seeds';

let clock: FakeClock;
let sab: FakeSabnzbdServer;
let fake: FakeArr;
let lidarr: LidarrClient;

beforeEach(async () => {
  clock = new FakeClock();
  // Jobs stay in the queue until a test finishes them.
  sab = await startFakeSabnzbd({ model: new FakeSabnzbdModel({ now: () => clock.now(), defaultDurationMs: Infinity }), apiKey: 'fakesab0123456789abcdef01234567' });
  fake = await startFakeLidarr({ clock, albums: lidarrLibrary(), sabnzbd: { url: sab.url, apiKey: sab.apiKey }, urlBase: '/lidarr' });
  lidarr = createLidarrClient({ baseUrl: `${fake.url}/`, apiKey: fake.apiKey, timeoutMs: 5000 });
});
afterEach(async () => {
  await fake.close();
  await sab.close();
});

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

async function grab(albumId: number, pick: (guid: string) => boolean = () => true) {
  const releases = unwrap(await lidarr.searchReleases(albumId));
  const chosen = releases.find((r) => pick(r.guid))!;
  unwrap(await lidarr.grabRelease({ guid: chosen.guid, indexerId: chosen.indexerId }));
  return { chosen, downloadId: fake.grabs().at(-1)!.downloadId };
}

describe('Lidarr client against the fake Lidarr (API v1, with a URL base)', () => {
  it('status is Lidarr under /api/v1; a Sonarr or Readarr client pointed here is told it has the wrong app', async () => {
    const s = unwrap(await lidarr.systemStatus());
    expect(s).toMatchObject({ appName: 'Lidarr' });
    expect(s.version).toMatch(/^2\./);
    expect(fake.calls.at(-1)).toMatchObject({ method: 'GET', path: '/system/status' });
    for (const [client, expected] of [
      [createSonarrClient({ baseUrl: fake.url, apiKey: fake.apiKey }), 'Sonarr'],
      [createReadarrClient({ baseUrl: fake.url, apiKey: fake.apiKey }), 'Readarr'],
    ] as const) {
      const r = await client.systemStatus();
      // Sonarr asks /api/v3, which Lidarr does not serve: 404, not a status.
      if (expected === 'Sonarr') expect(!r.ok && r.error.code).toBe('not_found');
      else {
        expect(!r.ok && r.error.code).toBe('wrong_app');
        expect(!r.ok && r.error.message).toMatch(/answers as Lidarr, not Readarr\. Did you swap the Lidarr and Readarr addresses\?/);
      }
    }
  });

  it('a wrong API key is 401 → bad_api_key; an unknown route is 404 → not_found; a pasted …/api/v1 address works', async () => {
    const wrong = await createLidarrClient({ baseUrl: fake.url, apiKey: 'nope' }).systemStatus();
    expect(!wrong.ok && wrong.error).toMatchObject({ code: 'bad_api_key', status: 401 });
    const raw = await fetch(`${fake.url}/api/v1/system/status`);
    expect(raw.status).toBe(401);
    expect(await raw.text()).toBe('');
    const nope = await fetch(`${fake.url}/api/v1/series/1`, { headers: { 'X-Api-Key': fake.apiKey } });
    expect(nope.status).toBe(404);
    const noArtist = await lidarr.artist(999);
    expect(!noArtist.ok && noArtist.error.code).toBe('not_found');
    const pasted = createLidarrClient({ baseUrl: `${fake.url}/api/v1/`, apiKey: fake.apiKey });
    expect(unwrap(await pasted.systemStatus()).appName).toBe('Lidarr');
  });

  it('interactive search per album: {id, name} qualities, FLAC first, then MP3-320, then V0; artist and album names', async () => {
    const releases = unwrap(await lidarr.searchReleases(21));
    expect(releases.map((r) => r.quality.quality.name)).toEqual(['FLAC', 'MP3-320', 'MP3-VBR-V0']);
    expect(releases[0]!.quality.quality).toMatchObject({ id: 6, name: 'FLAC' });
    expect(releases[1]!.quality.quality.id).toBe(4);
    expect(releases[0]).toMatchObject({ artistName: 'Radiohead', albumTitle: 'OK Computer', rejected: false, indexerId: 3 });
    expect(fake.calls.at(-1)).toMatchObject({ path: '/release', query: { albumId: '21' } });
    const nf = await lidarr.searchReleases(999);
    expect(!nf.ok && nf.error.code).toBe('not_found');
  });

  it('a grab goes to SABnzbd with category music; lookupByDownloadId maps it to {artistId, albumId, title}', async () => {
    const { chosen, downloadId } = await grab(21, (g) => g === 'guid-a21-mp3');
    const add = sab.requests.find((q) => q.mode === 'addfile');
    expect(add?.params).toMatchObject({ cat: 'music' });
    expect(sab.model.jobs.map((j) => j.nzoId)).toEqual([downloadId]);
    expect(unwrap(await lidarr.lookupByDownloadId(downloadId))).toEqual({ artistId: 2, albumId: 21, title: chosen.title });
    expect(await lidarr.findByDownloadId(downloadId)).toEqual({ artistId: 2, albumId: 21, title: chosen.title });
    expect(unwrap(await lidarr.lookupByDownloadId('SABnzbd_nzo_unknown'))).toBeNull();
    const h = unwrap(await lidarr.historyByDownloadId(downloadId));
    expect(h[0]).toMatchObject({ eventType: 'grabbed', artistId: 2, albumId: 21, quality: { quality: { id: 4, name: 'MP3-320' } } });
    // Grabbed history gone (cleaned up): the queue still knows the download.
    fake.core.history.splice(0);
    expect(unwrap(await lidarr.lookupByDownloadId(downloadId))).toEqual({ artistId: 2, albumId: 21, title: chosen.title });
  });

  it('album history uses Lidarr’s own numbers (downloadFailed = 4); the failure is blocklisted with albumIds', async () => {
    fake.setAutoRedownload(false);
    const { chosen, downloadId } = await grab(21);
    clock.advance(1000);
    sab.model.fail(downloadId, 'Unpacking failed, CRC error');
    await fake.checkDownloads();
    const all = unwrap(await lidarr.historyForAlbum(2, 21));
    expect(all.map((h) => h.eventType)).toEqual(['downloadFailed', 'grabbed']);
    expect(all[0]).toMatchObject({ artistId: 2, albumId: 21, data: { message: 'Unpacking failed, CRC error' } });
    expect(fake.calls.at(-1)).toMatchObject({ path: '/history/artist', query: { artistId: '2', albumId: '21' } });
    expect(unwrap(await lidarr.historyForAlbum(2, 21, { eventType: 'downloadFailed' }))).toHaveLength(1);
    expect(fake.calls.at(-1)?.query.eventType).toBe('4');
    expect(unwrap(await lidarr.historyForAlbum(2, 22))).toEqual([]);
    const failed = unwrap(await lidarr.historyByDownloadId(downloadId, { eventTypes: ['downloadFailed'] }));
    expect(failed).toHaveLength(1);
    expect(fake.calls.at(-1)?.query.eventType).toBe('4');
    const bl = unwrap(await lidarr.blocklistPage());
    expect(bl.records[0]).toMatchObject({ artistId: 2, albumIds: [21], sourceTitle: chosen.title });
    // Searched again, the failed release is rejected.
    const again = unwrap(await lidarr.searchReleases(21));
    expect(again.find((r) => r.guid === chosen.guid)).toMatchObject({ rejected: true, rejections: ['Release is blocklisted'] });
  });

  it('queueWhere filters by artistIds; removeFromQueue with blocklist deletes the SABnzbd job and starts no search when told not to', async () => {
    const { downloadId } = await grab(21);
    expect(unwrap(await lidarr.queueWhere({ artistIds: [2] })).map((q) => q.albumId)).toEqual([21]);
    expect(fake.calls.at(-1)?.query.artistIds).toBe('2');
    expect(unwrap(await lidarr.queueWhere({ artistIds: [3] }))).toEqual([]);
    expect(unwrap(await lidarr.queueWhere({ artistIds: [2] }, (q) => q.albumId === 22))).toEqual([]);
    // Compile-time only: Lidarr's /queue has no albumIds filter (only /queue/details has).
    // @ts-expect-error LidarrQueueFilter has only artistIds
    const typeOnly = () => lidarr.queueWhere({ albumIds: [21] });
    expect(typeof typeOnly).toBe('function');
    const item = unwrap(await lidarr.findQueueItemByDownloadId(downloadId))!;
    expect(item).toMatchObject({ artistId: 2, albumId: 21, downloadId });
    unwrap(await lidarr.removeFromQueue(item.id, { blocklist: true, skipRedownload: true }));
    expect(sab.requests.some((q) => q.mode === 'queue' && q.params.name === 'delete' && q.params.value === downloadId)).toBe(true);
    expect(unwrap(await lidarr.queuePage()).totalRecords).toBe(0);
    expect(fake.grabs()).toHaveLength(1);
    expect(unwrap(await lidarr.historyByDownloadId(downloadId)).map((h) => h.eventType)).toEqual(['downloadFailed', 'grabbed']);
    const gone = await lidarr.removeFromQueue(item.id);
    expect(!gone.ok && gone.error.code).toBe('not_found');
  });

  it('AlbumSearch grabs the best release; the import writes trackFileImported (3) and downloadImported (8) and leaves wanted/missing', async () => {
    const before = unwrap(await lidarr.wantedMissing());
    // Newest release date first; The Bends has its files, Dummy is unmonitored.
    expect(before.records.map((a) => [a.id, a.title, a.artistId, a.artist?.artistName])).toEqual([
      [22, 'Kid A', 2, 'Radiohead'],
      [21, 'OK Computer', 2, 'Radiohead'],
    ]);
    expect(unwrap(await lidarr.wantedMissing({ monitored: false })).records.map((a) => a.id)).toEqual([31]);
    const cmd = unwrap(await lidarr.searchAlbums([21]));
    expect(cmd).toMatchObject({ name: 'AlbumSearch', commandName: 'Album Search', status: 'queued', body: { albumIds: [21] } });
    await fake.idle();
    expect(unwrap(await lidarr.commandStatus(cmd.id)).status).toBe('completed');
    const g = fake.grabs()[0]!;
    expect(g.release.guid).toBe('guid-a21-flac');
    sab.model.complete(g.downloadId);
    await fake.checkDownloads();
    expect(unwrap(await lidarr.wantedMissing()).records.map((a) => a.id)).toEqual([22]);
    expect(unwrap(await lidarr.historyByDownloadId(g.downloadId)).map((h) => h.eventType)).toEqual(['downloadImported', 'trackFileImported', 'grabbed']);
    expect(unwrap(await lidarr.historyByDownloadId(g.downloadId, { eventTypes: ['trackFileImported', 'downloadImported'] }))).toHaveLength(2);
    expect(fake.calls.at(-1)?.query.eventType).toEqual(['3', '8']);
    const cfg = unwrap(await lidarr.downloadClientConfig());
    expect(cfg).toMatchObject({ autoRedownloadFailed: true, enableCompletedDownloadHandling: true });
    expect(cfg.checkForFinishedDownloadInterval).toBeUndefined();
  });

  it('autoRedownloadFailed: a failed FLAC is blocklisted and the next search grabs the MP3-320', async () => {
    const { downloadId } = await grab(21, (g) => g === 'guid-a21-flac');
    sab.model.fail(downloadId, 'Aborted, cannot be completed - https://sabnzbd.org/not-complete');
    await fake.checkDownloads();
    const grabs = fake.grabs();
    expect(grabs.map((x) => x.release.quality.name)).toEqual(['FLAC', 'MP3-320']);
    expect(grabs[1]).toMatchObject({ source: 'Search', category: 'music' });
    expect(unwrap(await lidarr.commands()).map((c) => c.name)).toEqual(['AlbumSearch']);
  });

  it('artist(id) gives the artist page: name and the foreignArtistId Lidarr’s web UI routes by', async () => {
    const page = unwrap(await lidarr.artist(2));
    expect(page).toEqual({ id: 2, title: 'Radiohead', titleSlug: 'a0000000-0000-4000-8000-000000000002' });
  });

  it('GET /downloadclient lists its client with Lidarr’s category field musicCategory (SABnzbd default music, NZBGet Music)', async () => {
    const list = async (f: FakeArr) =>
      (await (await fetch(`${f.url}/api/v1/downloadclient`, { headers: { 'X-Api-Key': f.apiKey } })).json()) as { implementation: string; fields: { name: string; value: string }[] }[];
    const [sabClient] = await list(fake);
    expect(sabClient).toMatchObject({ implementation: 'Sabnzbd' });
    expect(sabClient!.fields).toContainEqual({ name: 'musicCategory', value: 'music' });
    const withNzbget = await startFakeLidarr({ clock, albums: lidarrLibrary(), nzbget: { url: 'http://127.0.0.1:1', username: 'nzbget', password: 'tegbzn6789' } });
    try {
      const [nzbClient] = await list(withNzbget);
      expect(nzbClient).toMatchObject({ implementation: 'Nzbget' });
      expect(nzbClient!.fields).toContainEqual({ name: 'musicCategory', value: 'Music' });
    } finally {
      await withNzbget.close();
    }
  });
});
