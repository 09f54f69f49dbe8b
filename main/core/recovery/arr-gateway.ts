// Sonarr and Radarr behind the one RecoveryArr port: the only place that knows
// Sonarr searches and keeps history per episode and Radarr per movie.
import type { ArrItemRef } from '../../../shared/domain';
import type { PageRequest } from '../arr/arr-common-api';
import { arrErr, arrOk, type ArrResult } from '../arr/arr-result';
import type { Paged } from '../arr/arr-schemas';
import type { RadarrClient } from '../arr/radarr-client';
import type { SonarrClient } from '../arr/sonarr-client';
import type { MissingItem, RecoveryArr } from './recovery-ports';

const MISSING_PAGE = 250;
const MISSING_MAX_PAGES = 40;

/** Walks wanted/missing page by page (a library rarely misses more than a few thousand items). */
async function allMissing<T>(
  fetchPage: (req: PageRequest) => Promise<ArrResult<Paged<T>>>,
  toItem: (row: T) => MissingItem,
): Promise<ArrResult<MissingItem[]>> {
  const out: MissingItem[] = [];
  for (let page = 1; page <= MISSING_MAX_PAGES; page++) {
    const r = await fetchPage({ page, pageSize: MISSING_PAGE });
    if (!r.ok) return r;
    out.push(...r.value.records.map(toItem));
    if (r.value.records.length < MISSING_PAGE || out.length >= r.value.totalRecords) break;
  }
  return arrOk(out);
}

const pad = (n: number) => String(n).padStart(2, '0');

const noItem = (app: string) => arrErr<never>('not_found', `This download is not linked to a ${app} item, so ${app} cannot be searched for it.`);

function episodeOf(item: ArrItemRef): number | null {
  return item.episodeIds?.[0] ?? null;
}

/** Which configured instance a gateway is (its outages are its own); absent for the first of its app. */
export interface GatewayInstance {
  id: string;
  label: string;
}

export function sonarrGateway(client: SonarrClient, instance?: GatewayInstance): RecoveryArr {
  return {
    app: 'sonarr',
    ...(instance ? { instanceId: instance.id, label: instance.label } : {}),
    searchReleases: (item) => {
      const ep = episodeOf(item);
      return ep === null ? Promise.resolve(noItem('Sonarr')) : client.searchReleases(ep);
    },
    grabRelease: (r) => client.grabRelease(r),
    async itemHistory(item) {
      const ep = episodeOf(item);
      if (ep === null) return noItem('Sonarr');
      const r = await client.historyForEpisode(ep, { pageSize: 100, sortKey: 'date', sortDirection: 'descending' });
      return r.ok ? arrOk(r.value.records) : r;
    },
    itemQueue(item) {
      const episodes = new Set(item.episodeIds ?? []);
      if (episodes.size === 0) return Promise.resolve(noItem('Sonarr'));
      const filter: Record<string, number[]> = item.seriesId !== undefined ? { seriesIds: [item.seriesId] } : {};
      return client.queueWhere(filter, (q) => q.episodeId !== undefined && episodes.has(q.episodeId));
    },
    commands: () => client.commands(),
    findQueueItemByDownloadId: (id) => client.findQueueItemByDownloadId(id),
    removeFromQueue: (id, opts) => client.removeFromQueue(id, opts),
    blocklistPage: (req) => client.blocklistPage(req),
    downloadClientConfig: () => client.downloadClientConfig(),
    itemByDownloadId: (nzoId) => client.lookupByDownloadId(nzoId),
    missingItems: () =>
      allMissing(
        (req) => client.wantedMissing(req),
        (e) => ({
          itemId: e.id,
          title: `${e.series?.title ?? `Series ${e.seriesId}`} S${pad(e.seasonNumber)}E${pad(e.episodeNumber)}${e.title ? ` - ${e.title}` : ''}`,
          seriesId: e.seriesId,
          movieId: null,
        }),
      ),
  };
}

export function radarrGateway(client: RadarrClient, instance?: GatewayInstance): RecoveryArr {
  return {
    app: 'radarr',
    ...(instance ? { instanceId: instance.id, label: instance.label } : {}),
    searchReleases: (item) => (item.movieId === undefined ? Promise.resolve(noItem('Radarr')) : client.searchReleases(item.movieId)),
    grabRelease: (r) => client.grabRelease(r),
    async itemHistory(item) {
      if (item.movieId === undefined) return noItem('Radarr');
      const r = await client.historyForMovie(item.movieId);
      if (!r.ok) return r;
      return arrOk([...r.value].sort((a, b) => Date.parse(b.date) - Date.parse(a.date) || b.id - a.id));
    },
    itemQueue(item) {
      const movieId = item.movieId;
      if (movieId === undefined) return Promise.resolve(noItem('Radarr'));
      return client.queueWhere({ movieIds: [movieId] }, (q) => q.movieId === movieId);
    },
    commands: () => client.commands(),
    findQueueItemByDownloadId: (id) => client.findQueueItemByDownloadId(id),
    removeFromQueue: (id, opts) => client.removeFromQueue(id, opts),
    blocklistPage: (req) => client.blocklistPage(req),
    downloadClientConfig: () => client.downloadClientConfig(),
    itemByDownloadId: (nzoId) => client.lookupByDownloadId(nzoId),
    missingItems: () =>
      allMissing(
        (req) => client.wantedMissing(req),
        (m) => ({ itemId: m.id, title: m.year ? `${m.title ?? `Movie ${m.id}`} (${m.year})` : (m.title ?? `Movie ${m.id}`), seriesId: null, movieId: m.id }),
      ),
  };
}
