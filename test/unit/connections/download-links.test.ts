import { afterEach, describe, expect, it } from 'vitest';
import { createRadarrClient } from '../../../main/core/arr/radarr-client';
import { createSonarrClient } from '../../../main/core/arr/sonarr-client';
import { DownloadLinkResolver } from '../../../main/core/connections/download-links';
import { startFakeRadarr } from '../../fakes/fake-radarr';
import { startFakeSonarr } from '../../fakes/fake-sonarr';
import type { FakeArr } from '../../fakes/fake-arr-server';
import { download } from '../renderer/fake-contract-api';

const fakes: FakeArr[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close();
});

describe('download links', () => {
  it('opens the series in Sonarr and the movie in Radarr by their titleSlug, under the saved base path', async () => {
    const sonarr = await startFakeSonarr({ series: [{ id: 7, title: 'The Expanse', episodes: [{ id: 71, seasonNumber: 3, episodeNumber: 5 }] }] });
    const radarr = await startFakeRadarr({ movies: [{ id: 4, title: 'Dune Part Two', year: 2024 }] });
    fakes.push(sonarr, radarr);
    const sonarrClient = createSonarrClient({ baseUrl: sonarr.url, apiKey: sonarr.apiKey, timeoutMs: 5_000 });
    const radarrClient = createRadarrClient({ baseUrl: radarr.url, apiKey: radarr.apiKey, timeoutMs: 5_000 });
    const urls: Record<string, string> = { sabnzbd: 'http://nas:8080/sabnzbd', sonarr: 'http://nas/sonarr/', radarr: 'http://nas:7878' };
    const resolver = new DownloadLinkResolver({
      serviceUrl: (s) => urls[s] ?? null,
      itemPage: (app, id) => (app === 'sonarr' ? sonarrClient.series(id) : radarrClient.movie(id)),
    });
    const tv = await resolver.linksFor(download('SABnzbd_nzo_1', { item: { seriesId: 7, episodeIds: [71] } }));
    expect(tv).toEqual({
      sabnzbd: { url: 'http://nas:8080/sabnzbd', nzoId: 'SABnzbd_nzo_1' },
      downloadClient: { kind: 'sabnzbd', name: 'SABnzbd', url: 'http://nas:8080/sabnzbd', jobId: 'SABnzbd_nzo_1', jobName: expect.any(String) },
      arr: { app: 'sonarr', url: 'http://nas/sonarr/series/the-expanse', title: 'The Expanse' },
      notes: [],
    });
    const movie = await resolver.linksFor(download('SABnzbd_nzo_2', { sourceApp: 'radarr', item: { movieId: 4 } }));
    expect(movie.arr).toEqual({ app: 'radarr', url: 'http://nas:7878/movie/dune-part-two', title: 'Dune Part Two' });
    // The slug is remembered: asking again does not call Sonarr.
    const asked = () => sonarr.calls.filter((c) => c.path.startsWith('/series/')).length;
    const before = asked();
    expect(before).toBe(1);
    await resolver.linksFor(download('SABnzbd_nzo_3', { item: { seriesId: 7 } }));
    expect(asked()).toBe(before);
  });

  it('with NZBGet chosen, links NZBGet\'s web interface (never SABnzbd\'s), and says so when NZBGet has no URL', async () => {
    const urls: Record<string, string | null> = { sabnzbd: 'http://nas:8080/sabnzbd', nzbget: 'http://nas:6789', sonarr: null, radarr: null };
    const resolver = new DownloadLinkResolver({ serviceUrl: (s) => urls[s] ?? null, itemPage: () => null, downloadClient: () => 'nzbget' });
    const drone = '0123456789abcdef0123456789abcdef';
    const r = await resolver.linksFor(download(drone, { sourceApp: 'manual', item: null }));
    expect(r.sabnzbd).toBeNull();
    expect(r.downloadClient).toEqual({ kind: 'nzbget', name: 'NZBGet', url: 'http://nas:6789', jobId: drone, jobName: expect.any(String) });
    urls.nzbget = null;
    const none = await resolver.linksFor(download(drone, { sourceApp: 'manual', item: null }));
    expect(none.downloadClient).toBeNull();
    expect(none.notes[0]).toBe('NZBGet has no URL in Settings.');
  });

  it('says why a link is missing instead of guessing one', async () => {
    const sonarr = await startFakeSonarr({ series: [] });
    fakes.push(sonarr);
    const client = createSonarrClient({ baseUrl: sonarr.url, apiKey: sonarr.apiKey, timeoutMs: 5_000 });
    const resolver = new DownloadLinkResolver({
      serviceUrl: (s) => (s === 'sonarr' ? sonarr.url : null),
      itemPage: (app, id) => (app === 'sonarr' ? client.series(id) : null),
    });
    const r = await resolver.linksFor(download('SABnzbd_nzo_9', { item: { seriesId: 99 } }));
    expect(r.sabnzbd).toBeNull();
    expect(r.arr).toBeNull();
    expect(r.notes[0]).toBe('SABnzbd has no URL in Settings.');
    expect(r.notes[1]).toMatch(/^Sonarr could not be asked for the page: /);
    const manual = await resolver.linksFor(download('SABnzbd_nzo_m', { sourceApp: 'manual', item: null }));
    expect(manual.notes).toContain('This download belongs to no *arr app (Sonarr, Radarr, Lidarr, Readarr).');
  });
});
