import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRadarrClient, type RadarrClient } from '../../../main/core/arr/radarr-client';
import { createSonarrClient } from '../../../main/core/arr/sonarr-client';
import { startFakeRadarr } from '../../fakes/fake-radarr';
import type { FakeArr } from '../../fakes/fake-arr-server';
import { FakeClock } from '../../support/fake-clock';
import { radarrLibrary } from './arr-seeds';

let clock: FakeClock;
let fake: FakeArr;
let radarr: RadarrClient;

beforeEach(async () => {
  clock = new FakeClock();
  fake = await startFakeRadarr({ clock, movies: radarrLibrary(), urlBase: '/radarr' });
  radarr = createRadarrClient({ baseUrl: `${fake.url}/`, apiKey: fake.apiKey });
});
afterEach(async () => {
  await fake.close();
});

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

describe('Radarr client against the fake Radarr (with a URL base)', () => {
  it('status is Radarr; a Sonarr client pointed here is told it has the wrong app', async () => {
    expect(unwrap(await radarr.systemStatus())).toMatchObject({ appName: 'Radarr' });
    const swapped = createSonarrClient({ baseUrl: fake.url, apiKey: fake.apiKey });
    const r = await swapped.systemStatus();
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('wrong_app');
      expect(r.error.message).toMatch(/answers as Radarr, not Sonarr.*swap/);
    }
  });

  it('the API key also works as the apikey query parameter; without it: 401', async () => {
    const ok = await fetch(`${fake.url}/api/v3/system/status?apikey=${fake.apiKey}`);
    expect(ok.status).toBe(200);
    const no = await fetch(`${fake.url}/api/v3/system/status`);
    expect(no.status).toBe(401);
    expect(await no.text()).toBe('');
    const unknownRoute = await fetch(`${fake.url}/api/v3/nope`, { headers: { 'X-Api-Key': fake.apiKey } });
    expect(unknownRoute.status).toBe(404);
  });

  it('search, grab and map the download back to the movie; Radarr qualities keep their modifier', async () => {
    const releases = unwrap(await radarr.searchReleases(7));
    expect(releases.map((r) => r.quality.quality.name)).toEqual(['Bluray-1080p', 'WEBDL-720p', 'DVD']);
    expect(releases[2]!.quality.quality).toEqual({ id: 2, name: 'DVD', source: 'dvd', resolution: 0, modifier: 'none' });
    expect(releases[0]).toMatchObject({ mappedMovieId: 7, rejected: false });
    unwrap(await radarr.grabRelease({ guid: releases[1]!.guid, indexerId: releases[1]!.indexerId }));
    const grab = fake.grabs()[0]!;
    expect(grab).toMatchObject({ category: 'movies', itemId: 7 });
    expect(await radarr.findByDownloadId(grab.downloadId)).toEqual({ movieId: 7, title: 'Arrival.2016.720p.WEB-DL.DD5.1.H264-FGT' });
    const q = unwrap(await radarr.findQueueItemByDownloadId(grab.downloadId));
    expect(q).toMatchObject({ movieId: 7, downloadId: grab.downloadId, title: 'Arrival.2016.720p.WEB-DL.DD5.1.H264-FGT' });
  });

  it('movie history and filters use Radarr’s own event numbers (downloadFailed = 4)', async () => {
    const [best] = unwrap(await radarr.searchReleases(7));
    unwrap(await radarr.grabRelease({ guid: best!.guid, indexerId: best!.indexerId }));
    fake.setAutoRedownload(false);
    await fake.reportDownload(fake.grabs()[0]!.downloadId, 'Failed', 'Unpacking failed, CRC error');
    const all = unwrap(await radarr.historyForMovie(7));
    expect(all.map((h) => h.eventType)).toEqual(['downloadFailed', 'grabbed']);
    expect(all[0]).toMatchObject({ movieId: 7, data: { message: 'Unpacking failed, CRC error' } });
    const failed = unwrap(await radarr.historyForMovie(7, { eventType: 'downloadFailed' }));
    expect(failed).toHaveLength(1);
    expect(fake.calls.at(-1)?.query.eventType).toBe('4');
    expect(fake.grabs()).toHaveLength(1);
    const bl = unwrap(await radarr.blocklistPage());
    expect(bl.records[0]).toMatchObject({ movieId: 7, sourceTitle: best!.title, indexer: 'NZBgeek (Prowlarr)' });
  });

  it('MoviesSearch grabs the best non-blocklisted release; an import (event 3) removes the movie from wanted/missing', async () => {
    const before = unwrap(await radarr.wantedMissing());
    expect(before.records.map((m) => m.id).sort()).toEqual([7, 9]);
    const cmd = unwrap(await radarr.searchMovies([7]));
    expect(cmd).toMatchObject({ name: 'MoviesSearch', commandName: 'Movies Search', status: 'queued' });
    await fake.idle();
    expect(unwrap(await radarr.commandStatus(cmd.id)).status).toBe('completed');
    const grab = fake.grabs()[0]!;
    expect(grab.release.guid).toBe('guid-m7-1080');
    await fake.reportDownload(grab.downloadId, 'Completed');
    expect(unwrap(await radarr.wantedMissing()).records.map((m) => m.id)).toEqual([9]);
    expect(unwrap(await radarr.historyForMovie(7, { eventType: 'downloadFolderImported' }))).toHaveLength(1);
    expect(fake.calls.at(-1)?.query.eventType).toBe('3');
    const cfg = unwrap(await radarr.downloadClientConfig());
    expect(cfg).toMatchObject({ autoRedownloadFailed: true, checkForFinishedDownloadInterval: 1 });
    expect(unwrap(await radarr.queuePage()).totalRecords).toBe(0);
  });
});

describe('fake Radarr without SABnzbd', () => {
  it('hands each grab to onGrab and uses the nzo_id it returns', async () => {
    const seen: { category: string; nzb: string; itemId: number }[] = [];
    const f = await startFakeRadarr({
      movies: radarrLibrary(),
      onGrab: (g) => {
        seen.push({ category: g.category, nzb: g.nzb, itemId: g.itemId });
        return `SABnzbd_nzo_cb${seen.length}`;
      },
    });
    try {
      const client = createRadarrClient({ baseUrl: f.url, apiKey: f.apiKey });
      const [r] = unwrap(await client.searchReleases(9));
      expect(r).toBeUndefined(); // Sicario has no releases seeded
      f.addRelease(9, { guid: 's1', title: 'Sicario.2015.1080p.BluRay.x264-DRONES', quality: { id: 7, name: 'Bluray-1080p', source: 'bluray', resolution: 1080 }, nzb: () => '<nzb>custom</nzb>' });
      const [s] = unwrap(await client.searchReleases(9));
      unwrap(await client.grabRelease({ guid: s!.guid, indexerId: s!.indexerId }));
      expect(seen).toEqual([{ category: 'movies', nzb: '<nzb>custom</nzb>', itemId: 9 }]);
      expect(await client.findByDownloadId('SABnzbd_nzo_cb1')).toEqual({ movieId: 9, title: 'Sicario.2015.1080p.BluRay.x264-DRONES' });
    } finally {
      await f.close();
    }
  });
});
