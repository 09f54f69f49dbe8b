// Library and releases the arr tests seed into the fake apps. Qualities are
// the apps' real definitions (ids, sources and resolutions from Quality.cs).
import type { FakeQuality, SeedRelease } from '../../fakes/fake-arr-model';
import type { SeedSeries } from '../../fakes/fake-sonarr';
import type { SeedMovie } from '../../fakes/fake-radarr';

export const SONARR_Q = {
  webdl1080: { id: 3, name: 'WEBDL-1080p', source: 'web', resolution: 1080 },
  hdtv720: { id: 4, name: 'HDTV-720p', source: 'television', resolution: 720 },
  webdl720: { id: 5, name: 'WEBDL-720p', source: 'web', resolution: 720 },
  sdtv: { id: 1, name: 'SDTV', source: 'television', resolution: 480 },
} satisfies Record<string, FakeQuality>;

export const RADARR_Q = {
  bluray1080: { id: 7, name: 'Bluray-1080p', source: 'bluray', resolution: 1080, modifier: 'none' },
  webdl720: { id: 5, name: 'WEBDL-720p', source: 'webdl', resolution: 720, modifier: 'none' },
  dvd: { id: 2, name: 'DVD', source: 'dvd', resolution: 0, modifier: 'none' },
} satisfies Record<string, FakeQuality>;

export const release = (guid: string, title: string, quality: FakeQuality, extra: Partial<SeedRelease> = {}): SeedRelease => ({
  guid,
  title,
  quality,
  releaseGroup: title.split('-').pop() ?? '',
  indexer: 'NZBgeek (Prowlarr)',
  indexerId: 3,
  size: 1_500_000_000,
  ...extra,
});

export function sonarrLibrary(): SeedSeries[] {
  return [
    {
      id: 10,
      title: 'The Expanse',
      tvdbId: 280619,
      episodes: [
        {
          id: 101,
          seasonNumber: 1,
          episodeNumber: 1,
          title: 'Dulcinea',
          airDateUtc: '2015-12-15T02:00:00Z',
          releases: [
            release('guid-e1-1080-a', 'The.Expanse.S01E01.1080p.WEB-DL.DD5.1.H.264-NTb', SONARR_Q.webdl1080),
            release('guid-e1-1080-b', 'The.Expanse.S01E01.1080p.AMZN.WEB-DL.DDP5.1.H.264-KiNGS', SONARR_Q.webdl1080),
            release('guid-e1-720', 'The.Expanse.S01E01.720p.HDTV.x264-KILLERS', SONARR_Q.hdtv720, { indexer: 'DrunkenSlug', indexerId: 4 }),
          ],
        },
        { id: 102, seasonNumber: 1, episodeNumber: 2, title: 'The Big Empty', airDateUtc: '2015-12-22T02:00:00Z' },
        { id: 103, seasonNumber: 1, episodeNumber: 3, title: 'Remember the Cant', airDateUtc: '2015-12-29T02:00:00Z', hasFile: true },
      ],
    },
  ];
}

export function radarrLibrary(): SeedMovie[] {
  return [
    {
      id: 7,
      title: 'Arrival',
      year: 2016,
      tmdbId: 329865,
      releases: [
        release('guid-m7-1080', 'Arrival.2016.1080p.BluRay.x264-SPARKS', RADARR_Q.bluray1080),
        release('guid-m7-720', 'Arrival.2016.720p.WEB-DL.DD5.1.H264-FGT', RADARR_Q.webdl720),
        release('guid-m7-dvd', 'Arrival.2016.DVDRip.x264-ROVERS', RADARR_Q.dvd),
      ],
    },
    { id: 8, title: 'Dune', year: 2021, hasFile: true },
    { id: 9, title: 'Sicario', year: 2015 },
  ];
}
