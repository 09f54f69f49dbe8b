// A fake Lidarr 2.x (API v1) for tests: artists and albums in memory, one
// search unit = one album (AlbumSearch, GET /release?albumId=), eventType
// numbers from Lidarr's EntityHistoryEventType, qualities `{id, name}` ranked
// by their default weights (Quality.cs), download client category `music`
// (SabnzbdSettings.MusicCategory's default). Built from Lidarr's openapi.json
// (src/Lidarr.Api.V1/openapi.json, develop 0501e61, file last changed 97ae317).
import { systemClock } from '../../main/core/clock';
import type { ArrFlavor } from './fake-arr-core';
import type { FakeQuality, SeedRelease } from './fake-arr-model';
import { badRequest, historyResourceOf, intList, intParam, isAnswer, startFakeArr, type ArrResources, type FakeArr, type FakeArrServerOptions } from './fake-arr-server';

export interface SeedArtist {
  id: number;
  artistName: string;
  /** MusicBrainz artist id; the web UI routes `/artist/{foreignArtistId}`. */
  foreignArtistId?: string;
  monitored?: boolean;
}

export interface SeedAlbum {
  id: number;
  artistId: number;
  title: string;
  /** When the artist is not in `artists`: its name (default `Artist {artistId}`). */
  artistName?: string;
  foreignAlbumId?: string;
  /** ISO date; default 2020-01-01. */
  releaseDate?: string;
  hasFile?: boolean;
  monitored?: boolean;
  releases?: SeedRelease[];
}

export interface FakeLidarrOptions extends FakeArrServerOptions {
  artists?: SeedArtist[];
  albums?: SeedAlbum[];
}

export const LIDARR_EVENTS = {
  unknown: 0,
  grabbed: 1,
  artistFolderImported: 2,
  trackFileImported: 3,
  downloadFailed: 4,
  trackFileDeleted: 5,
  trackFileRenamed: 6,
  albumImportIncomplete: 7,
  downloadImported: 8,
  trackFileRetagged: 9,
  downloadIgnored: 10,
} as const;

/** Lidarr's qualities (Quality.cs): id, name and the default definition's weight. */
export const LIDARR_QUALITIES: readonly { id: number; name: string; weight: number }[] = [
  { id: 0, name: 'Unknown', weight: 1 },
  { id: 32, name: 'MP3-8', weight: 2 },
  { id: 31, name: 'MP3-16', weight: 3 },
  { id: 30, name: 'MP3-24', weight: 4 },
  { id: 29, name: 'MP3-32', weight: 5 },
  { id: 28, name: 'MP3-40', weight: 6 },
  { id: 27, name: 'MP3-48', weight: 7 },
  { id: 26, name: 'MP3-56', weight: 8 },
  { id: 25, name: 'MP3-64', weight: 9 },
  { id: 24, name: 'MP3-80', weight: 10 },
  { id: 23, name: 'MP3-96', weight: 11 },
  { id: 33, name: 'MP3-112', weight: 12 },
  { id: 22, name: 'MP3-128', weight: 13 },
  { id: 19, name: 'OGG Vorbis Q5', weight: 14 },
  { id: 5, name: 'MP3-160', weight: 14 },
  { id: 1, name: 'MP3-192', weight: 15 },
  { id: 18, name: 'OGG Vorbis Q6', weight: 15 },
  { id: 9, name: 'AAC-192', weight: 15 },
  { id: 20, name: 'WMA', weight: 15 },
  { id: 34, name: 'MP3-224', weight: 16 },
  { id: 17, name: 'OGG Vorbis Q7', weight: 17 },
  { id: 8, name: 'MP3-VBR-V2', weight: 18 },
  { id: 3, name: 'MP3-256', weight: 18 },
  { id: 16, name: 'OGG Vorbis Q8', weight: 18 },
  { id: 10, name: 'AAC-256', weight: 18 },
  { id: 2, name: 'MP3-VBR-V0', weight: 19 },
  { id: 12, name: 'AAC-VBR', weight: 19 },
  { id: 4, name: 'MP3-320', weight: 20 },
  { id: 15, name: 'OGG Vorbis Q9', weight: 20 },
  { id: 11, name: 'AAC-320', weight: 20 },
  { id: 14, name: 'OGG Vorbis Q10', weight: 21 },
  { id: 6, name: 'FLAC', weight: 22 },
  { id: 7, name: 'ALAC', weight: 22 },
  { id: 35, name: 'APE', weight: 22 },
  { id: 36, name: 'WavPack', weight: 22 },
  { id: 21, name: 'FLAC 24bit', weight: 23 },
  { id: 37, name: 'ALAC 24bit', weight: 23 },
  { id: 13, name: 'WAV', weight: 24 },
];

/** The Lidarr qualities tests seed most. */
export const LIDARR_Q = {
  flac: { id: 6, name: 'FLAC' },
  flac24: { id: 21, name: 'FLAC 24bit' },
  mp3_320: { id: 4, name: 'MP3-320' },
  mp3_v0: { id: 2, name: 'MP3-VBR-V0' },
  mp3_256: { id: 3, name: 'MP3-256' },
  mp3_192: { id: 1, name: 'MP3-192' },
} satisfies Record<string, FakeQuality>;

const WEIGHT = new Map(LIDARR_QUALITIES.map((q) => [q.id, q.weight]));

export async function startFakeLidarr(opts: FakeLidarrOptions = {}): Promise<FakeArr> {
  const clock = opts.clock ?? systemClock;
  const artists = new Map<number, Required<Omit<SeedArtist, 'foreignArtistId'>> & { foreignArtistId: string }>();
  const addArtist = (a: SeedArtist) =>
    artists.set(a.id, { ...a, foreignArtistId: a.foreignArtistId ?? mbid('a', a.id), monitored: a.monitored ?? true });
  for (const a of opts.artists ?? []) addArtist(a);
  const albums = new Map<number, SeedAlbum & { hasFile: boolean; monitored: boolean }>();
  for (const a of opts.albums ?? []) {
    if (!artists.has(a.artistId)) addArtist({ id: a.artistId, artistName: a.artistName ?? `Artist ${a.artistId}` });
    albums.set(a.id, { ...a, hasFile: a.hasFile ?? false, monitored: a.monitored ?? true });
  }
  const album = (id: number) => {
    const a = albums.get(id);
    if (!a) throw new Error(`fake Lidarr: no album ${id}`);
    return a;
  };
  const artistOf = (albumId: number) => artists.get(album(albumId).artistId)!;

  const flavor: ArrFlavor = {
    appName: 'Lidarr',
    version: '2.14.5.4836',
    apiVersion: 'v1',
    defaultCategory: 'music',
    defaultNzbgetCategory: 'Music',
    categoryField: 'musicCategory',
    searchCommand: { name: 'AlbumSearch', commandName: 'Album Search', idsKey: 'albumIds' },
    qualityWeight: (q) => WEIGHT.get(q.id) ?? 0,
    importEvents: ['trackFileImported', 'downloadImported'],
    hasItem: (id) => albums.has(id),
    hasFile: (id) => album(id).hasFile,
    setHasFile: (id, v) => {
      album(id).hasFile = v;
    },
  };

  // ArtistResource (spec: /api/v1/artist/{id}): no titleSlug; the web UI routes by foreignArtistId.
  const artistResource = (id: number) => {
    const a = artists.get(id)!;
    return {
      id: a.id,
      status: 'continuing',
      ended: false,
      artistName: a.artistName,
      foreignArtistId: a.foreignArtistId,
      tadbId: 0,
      discogsId: 0,
      artistType: 'Group',
      links: [],
      images: [],
      path: `/music/${a.artistName}`,
      qualityProfileId: 1,
      metadataProfileId: 1,
      monitored: a.monitored,
      monitorNewItems: 'all',
      genres: [],
      cleanName: a.artistName.toLowerCase().replace(/[^a-z0-9]+/g, ''),
      sortName: a.artistName.toLowerCase(),
      tags: [],
      added: '2025-01-01T00:00:00Z',
      ratings: { votes: 0, value: 0 },
      statistics: { albumCount: [...albums.values()].filter((x) => x.artistId === id).length, trackFileCount: 0, trackCount: 10, totalTrackCount: 10, sizeOnDisk: 0, percentOfTracks: 0 },
    };
  };

  const albumResource = (id: number, withArtist: boolean) => {
    const a = album(id);
    return {
      id: a.id,
      title: a.title,
      artistId: a.artistId,
      foreignAlbumId: a.foreignAlbumId ?? mbid('r', a.id),
      monitored: a.monitored,
      anyReleaseOk: true,
      profileId: 1,
      duration: 2_400_000,
      albumType: 'Album',
      secondaryTypes: [],
      mediumCount: 1,
      ratings: { votes: 0, value: 0 },
      releaseDate: a.releaseDate ?? '2020-01-01T00:00:00Z',
      releases: [],
      genres: [],
      media: [],
      ...(withArtist ? { artist: artistResource(a.artistId) } : {}),
      images: [],
      links: [],
      statistics: { trackFileCount: a.hasFile ? 10 : 0, trackCount: 10, totalTrackCount: 10, sizeOnDisk: 0, percentOfTracks: a.hasFile ? 100 : 0 },
    };
  };

  const res: ArrResources = {
    events: LIDARR_EVENTS,
    languages: false,
    quality: (q) => ({ id: q.id, name: q.name }),
    // One record per album of the release; trackId only on track-file events (0 otherwise, the C# default).
    historyFields: (id) => ({ albumId: id, artistId: album(id).artistId, trackId: 0 }),
    historyFilter: (query) => {
      const albumId = intParam(query, 'albumId');
      if (isAnswer(albumId)) return albumId;
      const artistIds = intList(query, 'artistIds');
      if (isAnswer(artistIds)) return artistIds;
      return (id) => (albumId === undefined || id === albumId) && (artistIds.length === 0 || artistIds.includes(album(id).artistId));
    },
    queueFields: (id) => ({ artistId: album(id).artistId, albumId: id, trackFileCount: 0, trackHasFileCount: 0, downloadForced: false }),
    queueFilter: (query) => {
      const artistIds = intList(query, 'artistIds');
      if (isAnswer(artistIds)) return artistIds;
      return (id) => artistIds.length === 0 || artistIds.includes(album(id).artistId);
    },
    blocklistFields: (id) => ({ artistId: album(id).artistId, albumIds: [id] }),
    releaseFields: (id) => ({ discography: false, artistName: artistOf(id).artistName, albumTitle: album(id).title, indexerFlags: 0 }),
    releaseItem: (query) => {
      const albumId = intParam(query, 'albumId');
      if (isAnswer(albumId)) return albumId;
      if (albumId === undefined) return badRequest('albumId', 'Interactive search in this fake needs an albumId.');
      if (!albums.has(albumId)) return { status: 404, body: { message: 'NotFound' } };
      return albumId;
    },
    // MissingController: monitored means the album AND its artist are monitored.
    missing: (monitored, query) =>
      [...albums.values()]
        .filter((a) => !a.hasFile && (a.monitored && artists.get(a.artistId)!.monitored) === monitored)
        .map((a) => ({
          sort: Date.parse(a.releaseDate ?? '2020-01-01T00:00:00Z'),
          tie: a.id,
          resource: albumResource(a.id, (query.get('includeArtist') ?? '').toLowerCase() === 'true'),
        })),
    missingSortKey: 'releaseDate',
    systemExtra: { branch: 'master', packageVersion: '2.14.5.4836' },
    routes: [
      {
        method: 'GET',
        path: /^\/artist\/(\d+)$/,
        handle: ({ params }) => (artists.has(Number(params[0])) ? { status: 200, body: artistResource(Number(params[0])) } : { status: 404, body: { message: 'NotFound' } }),
      },
      {
        method: 'GET',
        path: /^\/album\/(\d+)$/,
        handle: ({ params }) => (albums.has(Number(params[0])) ? { status: 200, body: albumResource(Number(params[0]), true) } : { status: 404, body: { message: 'NotFound' } }),
      },
      {
        // HistoryController.GetArtistHistory: artistId, optional albumId and eventType; newest first, not paged.
        method: 'GET',
        path: /^\/history\/artist$/,
        handle: ({ core, query }) => {
          const artistId = intParam(query, 'artistId');
          if (isAnswer(artistId)) return artistId;
          const albumId = intParam(query, 'albumId');
          if (isAnswer(albumId)) return albumId;
          const rawType = query.get('eventType');
          const type = rawType === null ? undefined : Object.entries(LIDARR_EVENTS).find(([k, n]) => String(n) === rawType || k.toLowerCase() === rawType.toLowerCase())?.[0];
          if (rawType !== null && !type) return badRequest('eventType', `The value '${rawType}' is not valid.`);
          const rows = core.history
            .filter((h) => album(h.itemId).artistId === artistId && (albumId === undefined || h.itemId === albumId) && (!type || h.eventType === type))
            .sort((a, b) => b.date - a.date || b.id - a.id)
            .map((h) => historyResourceOf(res, h));
          return { status: 200, body: rows };
        },
      },
    ],
  };

  const fake = await startFakeArr(flavor, res, opts, clock);
  for (const a of albums.values()) for (const r of a.releases ?? []) fake.addRelease(a.id, r);
  return fake;
}

/** A MusicBrainz-shaped id (UUID) for a seeded item: stable, distinct per kind and id. */
function mbid(kind: 'a' | 'r', id: number): string {
  const hex = id.toString(16).padStart(12, '0');
  return `${kind === 'a' ? 'a0000000' : 'b0000000'}-0000-4000-8000-${hex}`;
}
