// The one fake Sonarr v4 (API v3), for the tests and the demo: series and episodes
// in memory, one search unit = one episode, eventType numbers from
// EpisodeHistoryEventType. The fake *arr modules live in main/demo/ because the
// shipped demo (dist/main/demo.js) runs them; tests import them from test/fakes/.
import { systemClock } from '../core/clock';
import type { ArrFlavor } from './fake-arr-core';
import type { SeedRelease } from './fake-arr-model';
import { badRequest, historyResourceOf, intList, intParam, isAnswer, startFakeArr, type ArrResources, type FakeArr, type FakeArrServerOptions } from './fake-arr-server';

export interface SeedEpisode {
  id: number;
  seasonNumber: number;
  episodeNumber: number;
  title?: string;
  hasFile?: boolean;
  monitored?: boolean;
  airDateUtc?: string;
  releases?: SeedRelease[];
}

export interface SeedSeries {
  id: number;
  title: string;
  tvdbId?: number;
  episodes: SeedEpisode[];
}

export interface FakeSonarrOptions extends FakeArrServerOptions {
  series?: SeedSeries[];
}

export const SONARR_EVENTS = {
  unknown: 0,
  grabbed: 1,
  seriesFolderImported: 2,
  downloadFolderImported: 3,
  downloadFailed: 4,
  episodeFileDeleted: 5,
  episodeFileRenamed: 6,
  downloadIgnored: 7,
} as const;

/** The fake Sonarr, and a library that can grow while it runs (the demo adds episodes as they "air"). */
export interface FakeSonarr extends FakeArr {
  addSeries(series: SeedSeries): void;
  addEpisode(seriesId: number, episode: SeedEpisode): void;
}

export async function startFakeSonarr(opts: FakeSonarrOptions = {}): Promise<FakeSonarr> {
  const clock = opts.clock ?? systemClock;
  const series = new Map<number, SeedSeries>();
  const episodes = new Map<number, SeedEpisode & { seriesId: number; hasFile: boolean; monitored: boolean }>();
  for (const s of opts.series ?? []) {
    series.set(s.id, s);
    for (const e of s.episodes) episodes.set(e.id, { ...e, seriesId: s.id, hasFile: e.hasFile ?? false, monitored: e.monitored ?? true });
  }
  const ep = (id: number) => {
    const e = episodes.get(id);
    if (!e) throw new Error(`fake Sonarr: no episode ${id}`);
    return e;
  };

  const flavor: ArrFlavor = {
    appName: 'Sonarr',
    version: '4.0.19.2979',
    defaultCategory: 'tv',
    searchCommand: { name: 'EpisodeSearch', commandName: 'Episode Search', idsKey: 'episodeIds' },
    hasItem: (id) => episodes.has(id),
    hasFile: (id) => ep(id).hasFile,
    setHasFile: (id, v) => {
      ep(id).hasFile = v;
    },
  };

  const episodeResource = (id: number, withSeries: boolean) => {
    const e = ep(id);
    const s = series.get(e.seriesId)!;
    const air = e.airDateUtc ?? '2026-01-01T01:00:00Z';
    return {
      seriesId: e.seriesId,
      tvdbId: 1000 + e.id,
      episodeFileId: e.hasFile ? e.id : 0,
      seasonNumber: e.seasonNumber,
      episodeNumber: e.episodeNumber,
      title: e.title ?? `Episode ${e.episodeNumber}`,
      airDate: air.slice(0, 10),
      airDateUtc: air,
      runtime: 45,
      hasFile: e.hasFile,
      monitored: e.monitored,
      unverifiedSceneNumbering: false,
      ...(withSeries ? { series: { title: s.title, tvdbId: s.tvdbId ?? 70000 + s.id, id: s.id, monitored: true } } : {}),
      id: e.id,
    };
  };

  const res: ArrResources = {
    events: SONARR_EVENTS,
    quality: (q) => ({ id: q.id, name: q.name, source: q.source, resolution: q.resolution }),
    historyFields: (id) => ({ episodeId: id, seriesId: ep(id).seriesId }),
    historyFilter: (query) => {
      const episodeId = intParam(query, 'episodeId');
      if (isAnswer(episodeId)) return episodeId;
      const seriesIds = intList(query, 'seriesIds');
      if (isAnswer(seriesIds)) return seriesIds;
      return (id) => (episodeId === undefined || id === episodeId) && (seriesIds.length === 0 || seriesIds.includes(ep(id).seriesId));
    },
    queueFields: (id) => ({ seriesId: ep(id).seriesId, episodeId: id, seasonNumber: ep(id).seasonNumber, episodeHasFile: ep(id).hasFile }),
    queueFilter: (query) => {
      const seriesIds = intList(query, 'seriesIds');
      if (isAnswer(seriesIds)) return seriesIds;
      return (id) => seriesIds.length === 0 || seriesIds.includes(ep(id).seriesId);
    },
    blocklistFields: (id) => ({ seriesId: ep(id).seriesId, episodeIds: [id] }),
    releaseFields: (id) => {
      const e = ep(id);
      const s = series.get(e.seriesId)!;
      return {
        fullSeason: false,
        seasonNumber: e.seasonNumber,
        languageWeight: 0,
        seriesTitle: s.title,
        episodeNumbers: [e.episodeNumber],
        absoluteEpisodeNumbers: [],
        mappedSeasonNumber: e.seasonNumber,
        mappedEpisodeNumbers: [e.episodeNumber],
        mappedAbsoluteEpisodeNumbers: [],
        mappedSeriesId: s.id,
        mappedEpisodeInfo: [{ id: e.id, seasonNumber: e.seasonNumber, episodeNumber: e.episodeNumber, title: e.title ?? `Episode ${e.episodeNumber}` }],
        tvdbId: s.tvdbId ?? 70000 + s.id,
        tvRageId: 0,
        episodeRequested: true,
        indexerFlags: 0,
        isDaily: false,
        isAbsoluteNumbering: false,
        isPossibleSpecialEpisode: false,
        special: false,
      };
    },
    releaseItem: (query) => {
      const episodeId = intParam(query, 'episodeId');
      if (isAnswer(episodeId)) return episodeId;
      if (episodeId === undefined) return badRequest('episodeId', 'Interactive search in this fake needs an episodeId.');
      if (!episodes.has(episodeId)) return { status: 404, body: { message: 'NotFound' } };
      return episodeId;
    },
    missing: (monitored) =>
      [...episodes.values()]
        .filter((e) => !e.hasFile && e.monitored === monitored && Date.parse(e.airDateUtc ?? '2026-01-01T01:00:00Z') <= clock.now())
        .map((e) => ({ sort: Date.parse(e.airDateUtc ?? '2026-01-01T01:00:00Z'), tie: e.id, resource: episodeResource(e.id, true) })),
    missingSortKey: 'episodes.airDateUtc',
    systemExtra: { branch: 'main', sqliteVersion: '3.46.1', packageVersion: '4.0.19.2979' },
    routes: [
      {
        // SeriesResource (spec: /api/v3/series/{id}); the web UI routes a series by its titleSlug.
        method: 'GET',
        path: /^\/series\/(\d+)$/,
        handle: ({ params }) => {
          const s = series.get(Number(params[0]));
          if (!s) return { status: 404, body: { message: 'NotFound' } };
          const slug = s.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
          return {
            status: 200,
            body: {
              id: s.id,
              title: s.title,
              sortTitle: s.title.toLowerCase(),
              status: 'continuing',
              ended: false,
              year: 2026,
              path: `/tv/${s.title}`,
              qualityProfileId: 1,
              seasonFolder: true,
              monitored: true,
              monitorNewItems: 'all',
              useSceneNumbering: false,
              runtime: 45,
              tvdbId: s.tvdbId ?? 70000 + s.id,
              seriesType: 'standard',
              cleanTitle: slug.replace(/-/g, ''),
              titleSlug: slug,
              genres: [],
              tags: [],
              added: '2025-01-01T00:00:00Z',
              seasons: [...new Set(s.episodes.map((e) => e.seasonNumber))].map((n) => ({ seasonNumber: n, monitored: true })),
            },
          };
        },
      },
      {
        method: 'GET',
        path: /^\/history\/series$/,
        handle: ({ core, query }) => {
          const seriesId = intParam(query, 'seriesId');
          if (isAnswer(seriesId)) return seriesId;
          const season = intParam(query, 'seasonNumber');
          if (isAnswer(season)) return season;
          const rawType = query.get('eventType');
          const type = rawType === null ? undefined : Object.entries(SONARR_EVENTS).find(([k, n]) => String(n) === rawType || k.toLowerCase() === rawType.toLowerCase())?.[0];
          if (rawType !== null && !type) return badRequest('eventType', `The value '${rawType}' is not valid.`);
          const rows = core.history
            .filter((h) => ep(h.itemId).seriesId === seriesId && (season === undefined || ep(h.itemId).seasonNumber === season) && (!type || h.eventType === type))
            .sort((a, b) => b.date - a.date || b.id - a.id)
            .map((h) => historyResourceOf(res, h));
          return { status: 200, body: rows };
        },
      },
    ],
  };

  const fake = await startFakeArr(flavor, res, opts, clock);
  for (const e of episodes.values()) for (const r of e.releases ?? []) fake.addRelease(e.id, r);
  const addEpisode = (seriesId: number, e: SeedEpisode) => {
    const s = series.get(seriesId);
    if (!s) throw new Error(`fake Sonarr: no series ${seriesId}`);
    if (episodes.has(e.id)) throw new Error(`fake Sonarr: episode ${e.id} exists already`);
    series.set(seriesId, { ...s, episodes: [...s.episodes, e] });
    episodes.set(e.id, { ...e, seriesId, hasFile: e.hasFile ?? false, monitored: e.monitored ?? true });
    for (const r of e.releases ?? []) fake.addRelease(e.id, r);
  };
  return {
    ...fake,
    addSeries: (s) => {
      if (series.has(s.id)) throw new Error(`fake Sonarr: series ${s.id} exists already`);
      series.set(s.id, { ...s, episodes: [] });
      for (const e of s.episodes) addEpisode(s.id, e);
    },
    addEpisode,
  };
}
