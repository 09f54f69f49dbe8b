// Library and releases the arr tests seed into the fake apps. Qualities are
// the apps' real definitions (ids, sources and resolutions from Quality.cs).
import type { FakeQuality, SeedRelease } from '../../fakes/fake-arr-model';
import type { SeedSeries } from '../../fakes/fake-sonarr';
import type { SeedMovie } from '../../fakes/fake-radarr';
import { LIDARR_Q, type SeedAlbum } from '../../fakes/fake-lidarr';
import { READARR_Q, type SeedBook } from '../../fakes/fake-readarr';

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

// Lidarr and Readarr (API v1): qualities are only {id, name}, from their Quality.cs.
export function lidarrLibrary(): SeedAlbum[] {
  return [
    {
      id: 21,
      artistId: 2,
      artistName: 'Radiohead',
      title: 'OK Computer',
      releaseDate: '1997-05-21T00:00:00Z',
      releases: [
        release('guid-a21-mp3', 'Radiohead-OK_Computer-(MP3-320)-1997-GRP', LIDARR_Q.mp3_320, { size: 150_000_000 }),
        release('guid-a21-flac', 'Radiohead-OK_Computer-(FLAC)-1997-GRP', LIDARR_Q.flac, { size: 450_000_000 }),
        release('guid-a21-v0', 'Radiohead-OK_Computer-(MP3-V0)-1997-DRG', LIDARR_Q.mp3_v0, { indexer: 'DrunkenSlug', indexerId: 4, size: 120_000_000 }),
      ],
    },
    { id: 22, artistId: 2, artistName: 'Radiohead', title: 'Kid A', releaseDate: '2000-10-02T00:00:00Z' },
    { id: 23, artistId: 2, artistName: 'Radiohead', title: 'The Bends', releaseDate: '1995-03-13T00:00:00Z', hasFile: true },
    { id: 31, artistId: 3, artistName: 'Portishead', title: 'Dummy', releaseDate: '1994-08-22T00:00:00Z', monitored: false },
  ];
}

export function readarrLibrary(): SeedBook[] {
  return [
    {
      id: 41,
      authorId: 4,
      authorName: 'Ursula K. Le Guin',
      title: 'The Dispossessed',
      releaseDate: '1974-05-01T00:00:00Z',
      releases: [
        release('guid-b41-pdf', 'Ursula K. Le Guin - The Dispossessed (retail) (pdf)', READARR_Q.pdf, { size: 9_000_000 }),
        release('guid-b41-epub', 'Ursula K. Le Guin - The Dispossessed (retail) (epub)', READARR_Q.epub, { size: 2_000_000 }),
        release('guid-b41-azw3', 'Ursula K. Le Guin - The Dispossessed (azw3)', READARR_Q.azw3, { indexer: 'DrunkenSlug', indexerId: 4, size: 3_000_000 }),
      ],
    },
    { id: 42, authorId: 4, authorName: 'Ursula K. Le Guin', title: 'The Left Hand of Darkness', releaseDate: '1969-03-01T00:00:00Z' },
    { id: 43, authorId: 4, authorName: 'Ursula K. Le Guin', title: 'A Wizard of Earthsea', releaseDate: '1968-11-01T00:00:00Z', hasFile: true },
  ];
}
