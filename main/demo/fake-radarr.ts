// The one fake Radarr v6 (API v3), for the tests and the demo: movies in memory,
// one search unit = one movie, eventType numbers from MovieHistoryEventType (no
// series values). Lives in main/demo/ (the shipped demo runs it); tests import it from test/fakes/.
import { systemClock } from '../core/clock';
import type { ArrFlavor } from './fake-arr-core';
import type { SeedRelease } from './fake-arr-model';
import { badRequest, historyResourceOf, intList, intParam, isAnswer, startFakeArr, type ArrResources, type FakeArr, type FakeArrServerOptions } from './fake-arr-server';

export interface SeedMovie {
  id: number;
  title: string;
  year?: number;
  tmdbId?: number;
  hasFile?: boolean;
  monitored?: boolean;
  releases?: SeedRelease[];
}

export interface FakeRadarrOptions extends FakeArrServerOptions {
  movies?: SeedMovie[];
}

export const RADARR_EVENTS = {
  unknown: 0,
  grabbed: 1,
  downloadFolderImported: 3,
  downloadFailed: 4,
  movieFileDeleted: 6,
  movieFolderImported: 7,
  movieFileRenamed: 8,
  downloadIgnored: 9,
} as const;

/** The fake Radarr, and a library that can grow while it runs (the demo adds movies as they come out). */
export interface FakeRadarr extends FakeArr {
  addMovie(movie: SeedMovie): void;
}

export async function startFakeRadarr(opts: FakeRadarrOptions = {}): Promise<FakeRadarr> {
  const clock = opts.clock ?? systemClock;
  const movies = new Map<number, SeedMovie & { hasFile: boolean; monitored: boolean }>();
  for (const m of opts.movies ?? []) movies.set(m.id, { ...m, hasFile: m.hasFile ?? false, monitored: m.monitored ?? true });
  const movie = (id: number) => {
    const m = movies.get(id);
    if (!m) throw new Error(`fake Radarr: no movie ${id}`);
    return m;
  };

  const flavor: ArrFlavor = {
    appName: 'Radarr',
    version: '6.0.4.10291',
    defaultCategory: 'movies',
    searchCommand: { name: 'MoviesSearch', commandName: 'Movies Search', idsKey: 'movieIds' },
    hasItem: (id) => movies.has(id),
    hasFile: (id) => movie(id).hasFile,
    setHasFile: (id, v) => {
      movie(id).hasFile = v;
    },
  };

  const movieResource = (id: number) => {
    const m = movie(id);
    return {
      id: m.id,
      title: m.title,
      originalTitle: m.title,
      sortTitle: m.title.toLowerCase(),
      sizeOnDisk: 0,
      status: 'released',
      year: m.year ?? 2020,
      hasFile: m.hasFile,
      movieFileId: m.hasFile ? m.id : 0,
      monitored: m.monitored,
      minimumAvailability: 'released',
      isAvailable: true,
      qualityProfileId: 1,
      runtime: 110,
      tmdbId: m.tmdbId ?? 500000 + m.id,
      titleSlug: m.title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      genres: [],
      tags: [],
      added: '2025-01-01T00:00:00Z',
      popularity: 1,
    };
  };

  const res: ArrResources = {
    events: RADARR_EVENTS,
    quality: (q) => ({ id: q.id, name: q.name, source: q.source, resolution: q.resolution, modifier: q.modifier ?? 'none' }),
    historyFields: (id) => ({ movieId: id }),
    historyFilter: (query) => {
      const movieIds = intList(query, 'movieIds');
      if (isAnswer(movieIds)) return movieIds;
      return (id) => movieIds.length === 0 || movieIds.includes(id);
    },
    queueFields: (id) => ({ movieId: id }),
    queueFilter: (query) => {
      const movieIds = intList(query, 'movieIds');
      if (isAnswer(movieIds)) return movieIds;
      return (id) => movieIds.length === 0 || movieIds.includes(id);
    },
    blocklistFields: (id) => ({ movieId: id }),
    releaseFields: (id) => {
      const m = movie(id);
      return { movieTitles: [m.title], mappedMovieId: m.id, tmdbId: m.tmdbId ?? 500000 + m.id, imdbId: 0, movieRequested: true };
    },
    releaseItem: (query) => {
      const movieId = intParam(query, 'movieId');
      if (isAnswer(movieId)) return movieId;
      if (movieId === undefined) return badRequest('movieId', 'Interactive search in this fake needs a movieId.');
      if (!movies.has(movieId)) return { status: 404, body: { message: 'NotFound' } };
      return movieId;
    },
    missing: (monitored) =>
      [...movies.values()].filter((m) => !m.hasFile && m.monitored === monitored).map((m) => ({ sort: m.id, resource: movieResource(m.id) })),
    missingSortKey: 'movieMetadata.sortTitle',
    systemExtra: { branch: 'master', packageVersion: '6.0.4.10291' },
    routes: [
      {
        // MovieResource (spec: /api/v3/movie/{id}); the web UI routes a movie by its titleSlug.
        method: 'GET',
        path: /^\/movie\/(\d+)$/,
        handle: ({ params }) => (movies.has(Number(params[0])) ? { status: 200, body: movieResource(Number(params[0])) } : { status: 404, body: { message: 'NotFound' } }),
      },
      {
        method: 'GET',
        path: /^\/history\/movie$/,
        handle: ({ core, query }) => {
          const movieId = intParam(query, 'movieId');
          if (isAnswer(movieId)) return movieId;
          const rawType = query.get('eventType');
          const type = rawType === null ? undefined : Object.entries(RADARR_EVENTS).find(([k, n]) => String(n) === rawType || k.toLowerCase() === rawType.toLowerCase())?.[0];
          if (rawType !== null && !type) return badRequest('eventType', `The value '${rawType}' is not valid.`);
          const rows = core.history
            .filter((h) => h.itemId === movieId && (!type || h.eventType === type))
            .sort((a, b) => b.date - a.date || b.id - a.id)
            .map((h) => historyResourceOf(res, h));
          return { status: 200, body: rows };
        },
      },
    ],
  };

  const fake = await startFakeArr(flavor, res, opts, clock);
  for (const m of movies.values()) for (const r of m.releases ?? []) fake.addRelease(m.id, r);
  return {
    ...fake,
    addMovie: (m) => {
      if (movies.has(m.id)) throw new Error(`fake Radarr: movie ${m.id} exists already`);
      movies.set(m.id, { ...m, hasFile: m.hasFile ?? false, monitored: m.monitored ?? true });
      for (const r of m.releases ?? []) fake.addRelease(m.id, r);
    },
  };
}
