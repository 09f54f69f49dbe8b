// The fake apps' failed-download handling against the fake SABnzbd on loopback:
// the NZB really goes to SABnzbd with the app's category, and the app reads
// SABnzbd's history (fixture-shaped slots) to fail, blocklist and redownload.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSonarrClient } from '../../../main/core/arr/sonarr-client';
import { createRadarrClient } from '../../../main/core/arr/radarr-client';
import { startFakeSonarr } from '../../fakes/fake-sonarr';
import { startFakeRadarr } from '../../fakes/fake-radarr';
import type { FakeArr } from '../../fakes/fake-arr-server';
import { FakeSabnzbdModel, startFakeSabnzbd, type FakeSabnzbdServer } from '../../fakes/fake-sabnzbd';
import { FakeClock } from '../../support/fake-clock';
import { radarrLibrary, sonarrLibrary } from './arr-seeds';

let sab: FakeSabnzbdServer;
let clock: FakeClock;
const fakes: FakeArr[] = [];

beforeEach(async () => {
  clock = new FakeClock();
  // Jobs stay in the queue until a test finishes them.
  sab = await startFakeSabnzbd({ model: new FakeSabnzbdModel({ now: () => clock.now(), defaultDurationMs: Infinity }), apiKey: 'fakesab0123456789abcdef01234567' });
});
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close();
  await sab.close();
});

async function sonarrWithSab(opts: { autoRedownloadFailed?: boolean; removeFailedDownloads?: boolean } = {}) {
  const fake = await startFakeSonarr({ clock, series: sonarrLibrary(), sabnzbd: { url: sab.url, apiKey: sab.apiKey }, ...opts });
  fakes.push(fake);
  const client = createSonarrClient({ baseUrl: fake.url, apiKey: fake.apiKey });
  return { fake, client };
}

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

describe('fake Sonarr failed-download handling with a real HTTP SABnzbd', () => {
  it('a grab POSTs the NZB to SABnzbd (addfile, field name, cat=tv) and keeps the nzo_id SABnzbd returned', async () => {
    const { fake, client } = await sonarrWithSab();
    const [r] = unwrap(await client.searchReleases(101));
    unwrap(await client.grabRelease({ guid: r!.guid, indexerId: r!.indexerId }));
    const add = sab.requests.find((q) => q.mode === 'addfile');
    expect(add?.params).toMatchObject({ cat: 'tv', priority: '-100', output: 'json', apikey: sab.apiKey });
    const [job] = sab.model.jobs;
    expect(job).toMatchObject({ name: r!.title, category: 'tv', status: 'Queued' });
    expect(job!.nzb).toContain('<nzb xmlns="http://www.newzbin.com/DTD/2003/nzb">');
    expect(fake.grabs()[0]!.downloadId).toBe(job!.nzoId);
    expect(unwrap(await client.findQueueItemByDownloadId(job!.nzoId))).toMatchObject({ episodeId: 101 });
  });

  it('autoRedownloadFailed on: Failed in SABnzbd history → downloadFailed, blocklist, next release grabbed into SABnzbd', async () => {
    const { fake, client } = await sonarrWithSab();
    const [r] = unwrap(await client.searchReleases(101));
    unwrap(await client.grabRelease({ guid: r!.guid, indexerId: r!.indexerId }));
    const first = fake.grabs()[0]!.downloadId;

    await fake.checkDownloads(); // still queued: nothing happens
    expect(unwrap(await client.historyByDownloadId(first)).map((h) => h.eventType)).toEqual(['grabbed']);

    sab.model.fail(first, 'Aborted, cannot be completed - https://sabnzbd.org/not-complete');
    await fake.checkDownloads();

    const h = unwrap(await client.historyByDownloadId(first));
    expect(h.map((e) => e.eventType)).toEqual(['downloadFailed', 'grabbed']);
    expect(h[0]!.data).toMatchObject({ message: 'Aborted, cannot be completed - https://sabnzbd.org/not-complete', downloadClient: 'SABnzbd' });
    const bl = unwrap(await client.blocklistPage());
    expect(bl.records.map((b) => b.sourceTitle)).toEqual([r!.title]);
    // "Remove Failed" (default on) deleted the job from SABnzbd's history
    expect(sab.requests.some((q) => q.mode === 'history' && q.params.name === 'delete' && q.params.value === first && q.params.del_files === '1')).toBe(true);
    expect(sab.model.find(first) !== undefined).toBe(false);
    // the redownload: an EpisodeSearch command, a second grab of a different release, a real new SABnzbd job
    const grabs = fake.grabs();
    expect(grabs).toHaveLength(2);
    expect(grabs[1]!.release.guid).not.toBe(r!.guid);
    expect(grabs[1]!.source).toBe('Search');
    expect(sab.model.find(grabs[1]!.downloadId)).toMatchObject({ category: 'tv', name: grabs[1]!.release.title });
    const cmds = fake.core.commands;
    expect(cmds.map((c) => [c.name, c.trigger, c.status])).toEqual([['EpisodeSearch', 'unspecified', 'completed']]);
    expect(await client.findByDownloadId(grabs[1]!.downloadId)).toEqual({ seriesId: 10, episodeIds: [101], title: grabs[1]!.release.title });
  });

  it('autoRedownloadFailed off: failed and blocklisted, but no new grab; removeFailed off leaves the SABnzbd job', async () => {
    const { fake, client } = await sonarrWithSab({ autoRedownloadFailed: false, removeFailedDownloads: false });
    expect(unwrap(await client.downloadClientConfig()).autoRedownloadFailed).toBe(false);
    const [r] = unwrap(await client.searchReleases(101));
    unwrap(await client.grabRelease({ guid: r!.guid, indexerId: r!.indexerId }));
    const id = fake.grabs()[0]!.downloadId;
    sab.model.fail(id, 'Repair failed, not enough repair blocks (18 short)');
    await fake.checkDownloads();
    expect(unwrap(await client.historyByDownloadId(id, { eventTypes: ['downloadFailed'] }))).toHaveLength(1);
    expect(unwrap(await client.blocklistPage()).totalRecords).toBe(1);
    expect(fake.grabs()).toHaveLength(1);
    expect(fake.core.commands).toHaveLength(0);
    expect(sab.model.find(id)?.status).toBe('Failed');
    expect(unwrap(await client.queuePage()).totalRecords).toBe(0);
    // A second pass does not fail it twice.
    await fake.checkDownloads();
    expect(unwrap(await client.historyByDownloadId(id, { eventTypes: ['downloadFailed'] }))).toHaveLength(1);
  });

  it('interactive grabs are not redownloaded when autoRedownloadFailedFromInteractiveSearch is off', async () => {
    const { fake, client } = await sonarrWithSab();
    const put = await fetch(`${fake.url}/api/v3/config/downloadclient/1`, {
      method: 'PUT',
      headers: { 'X-Api-Key': fake.apiKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 1, autoRedownloadFailed: true, autoRedownloadFailedFromInteractiveSearch: false, enableCompletedDownloadHandling: true }),
    });
    expect(put.status).toBe(202);
    const [r] = unwrap(await client.searchReleases(101));
    unwrap(await client.grabRelease({ guid: r!.guid, indexerId: r!.indexerId }));
    sab.model.fail(fake.grabs()[0]!.downloadId, 'Aborted, encryption detected');
    await fake.checkDownloads();
    expect(fake.grabs()).toHaveLength(1);
  });

  it('Completed in SABnzbd history → downloadFolderImported, the episode has its file, gone from wanted/missing', async () => {
    const { fake, client } = await sonarrWithSab();
    const [r] = unwrap(await client.searchReleases(101));
    unwrap(await client.grabRelease({ guid: r!.guid, indexerId: r!.indexerId }));
    const id = fake.grabs()[0]!.downloadId;
    sab.model.complete(id);
    await fake.checkDownloads();
    expect(unwrap(await client.historyByDownloadId(id)).map((e) => e.eventType)).toEqual(['downloadFolderImported', 'grabbed']);
    expect(unwrap(await client.wantedMissing()).records.map((e) => e.id)).toEqual([102]);
    expect(unwrap(await client.queuePage()).totalRecords).toBe(0);
    expect(unwrap(await client.blocklistPage()).totalRecords).toBe(0);
  });

  it('DELETE /queue with removeFromClient deletes the SABnzbd job', async () => {
    const { fake, client } = await sonarrWithSab();
    const [r] = unwrap(await client.searchReleases(101));
    unwrap(await client.grabRelease({ guid: r!.guid, indexerId: r!.indexerId }));
    const id = fake.grabs()[0]!.downloadId;
    const q = unwrap(await client.findQueueItemByDownloadId(id))!;
    unwrap(await client.removeFromQueue(q.id, { removeFromClient: true }));
    expect(sab.requests.at(-1)?.params).toMatchObject({ mode: 'queue', name: 'delete', value: id, del_files: '1' });
    expect(sab.model.find(id) !== undefined).toBe(false);
    expect(fake.grabs()).toHaveLength(1);
  });

  it('checks on an interval of the injected clock', async () => {
    const fake = await startFakeSonarr({ clock, series: sonarrLibrary(), sabnzbd: { url: sab.url, apiKey: sab.apiKey }, checkIntervalMs: 60_000 });
    fakes.push(fake);
    const client = createSonarrClient({ baseUrl: fake.url, apiKey: fake.apiKey });
    const [r] = unwrap(await client.searchReleases(101));
    unwrap(await client.grabRelease({ guid: r!.guid, indexerId: r!.indexerId }));
    sab.model.fail(fake.grabs()[0]!.downloadId, 'Download failed - Not on your server(s) - https://sabnzbd.org/not-complete');
    expect(sab.requests.some((q) => q.mode === 'history')).toBe(false);
    clock.advance(60_000);
    await fake.idle();
    expect(fake.grabs()).toHaveLength(2);
  });
});

describe('fake Radarr with SABnzbd', () => {
  it('sends NZBs with cat=movies and redownloads a failed movie', async () => {
    const fake = await startFakeRadarr({ clock, movies: radarrLibrary(), sabnzbd: { url: sab.url, apiKey: sab.apiKey } });
    fakes.push(fake);
    const client = createRadarrClient({ baseUrl: fake.url, apiKey: fake.apiKey });
    unwrap(await client.searchMovies([7]));
    await fake.idle();
    const first = fake.grabs()[0]!;
    expect(sab.model.find(first.downloadId)?.category).toBe('movies');
    sab.model.fail(first.downloadId, 'Unpacking failed, CRC error');
    await fake.checkDownloads();
    const second = fake.grabs()[1]!;
    expect(second.release.guid).toBe('guid-m7-720');
    expect(sab.model.find(second.downloadId)?.category).toBe('movies');
    expect(unwrap(await client.historyForMovie(7)).map((h) => h.eventType)).toEqual(['grabbed', 'downloadFailed', 'grabbed']);
  });
});
