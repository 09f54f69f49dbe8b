// Sonarr, Radarr, Lidarr and Readarr behind the one RecoveryArr port: the only
// place that knows Sonarr searches and keeps history per episode, Radarr per
// movie, Lidarr per album (of an artist) and Readarr per book (of an author).
import type { ArrItemRef } from '../../../shared/domain';
import type { ArrCommonApi, PageRequest } from '../arr/arr-common-api';
import { arrErr, arrOk, type ArrResult } from '../arr/arr-result';
import type { HistoryRecord, Paged, Release } from '../arr/arr-schemas';
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

/** What the Lidarr/Readarr gateways use of their clients (lidarr-client.ts, readarr-client.ts). */
type CommonCalls = Pick<
  ArrCommonApi<string>,
  'grabRelease' | 'commands' | 'findQueueItemByDownloadId' | 'removeFromQueue' | 'blocklistPage' | 'downloadClientConfig' | 'queueWhere'
>;

interface MediaRecordTitle {
  id: number;
  title?: string | undefined;
}

export interface LidarrGatewayClient extends CommonCalls {
  historyForAlbum(artistId: number, albumId: number): Promise<ArrResult<HistoryRecord[]>>;
  searchReleases(albumId: number): Promise<ArrResult<Release[]>>;
  wantedMissing(req?: PageRequest & { monitored?: boolean }): Promise<ArrResult<Paged<MediaRecordTitle & { artist?: { artistName?: string | undefined } | undefined }>>>;
  lookupByDownloadId(downloadId: string): Promise<ArrResult<ArrItemRef | null>>;
}

export interface ReadarrGatewayClient extends CommonCalls {
  historyForBook(authorId: number, bookId: number): Promise<ArrResult<HistoryRecord[]>>;
  searchReleases(bookId: number): Promise<ArrResult<Release[]>>;
  wantedMissing(req?: PageRequest & { monitored?: boolean }): Promise<ArrResult<Paged<MediaRecordTitle & { author?: { authorName?: string | undefined } | undefined }>>>;
  lookupByDownloadId(downloadId: string): Promise<ArrResult<ArrItemRef | null>>;
}

const newestFirst = (records: readonly HistoryRecord[]) => [...records].sort((a, b) => Date.parse(b.date) - Date.parse(a.date) || b.id - a.id);

/**
 * One album or book app: Lidarr grabs an album of an artist, Readarr a book of an author. Its history is
 * read per artist/author and album/book, its queue filtered by artist (Lidarr's /queue; Readarr's has no filter) and then by the item.
 */
function mediaGateway(
  app: 'lidarr' | 'readarr',
  client: CommonCalls & { searchReleases(id: number): Promise<ArrResult<Release[]>>; lookupByDownloadId(id: string): Promise<ArrResult<ArrItemRef | null>> },
  item: {
    ids: (ref: ArrItemRef) => { parent: number | undefined; unit: number | undefined };
    history: (parent: number, unit: number) => Promise<ArrResult<HistoryRecord[]>>;
    /** The v1 queue's filter by the parent (Lidarr: artistIds); Readarr's queue has none. */
    queueFilter: string | null;
    unitOf: (q: { albumId?: number | undefined; bookId?: number | undefined }) => number | undefined;
    missing: () => Promise<ArrResult<MissingItem[]>>;
  },
  instance: GatewayInstance,
): RecoveryArr {
  const label = app === 'lidarr' ? 'Lidarr' : 'Readarr';
  return {
    app,
    instanceId: instance.id,
    label: instance.label,
    searchReleases: (ref) => {
      const { unit } = item.ids(ref);
      return unit === undefined ? Promise.resolve(noItem(label)) : client.searchReleases(unit);
    },
    grabRelease: (r) => client.grabRelease(r),
    async itemHistory(ref) {
      const { parent, unit } = item.ids(ref);
      if (unit === undefined || parent === undefined) return noItem(label);
      const r = await item.history(parent, unit);
      return r.ok ? arrOk(newestFirst(r.value)) : r;
    },
    itemQueue(ref) {
      const { parent, unit } = item.ids(ref);
      if (unit === undefined) return Promise.resolve(noItem(label));
      const filter: Record<string, number[]> = parent !== undefined && item.queueFilter !== null ? { [item.queueFilter]: [parent] } : {};
      return client.queueWhere(filter, (q) => item.unitOf(q) === unit);
    },
    commands: () => client.commands(),
    findQueueItemByDownloadId: (id) => client.findQueueItemByDownloadId(id),
    removeFromQueue: (id, opts) => client.removeFromQueue(id, opts),
    blocklistPage: (req) => client.blocklistPage(req),
    downloadClientConfig: () => client.downloadClientConfig(),
    itemByDownloadId: (id) => client.lookupByDownloadId(id),
    missingItems: item.missing,
  };
}

/** Lidarr: always a named instance (Lidarr has no section of its own: its first instance is in the list too). */
export function lidarrGateway(client: LidarrGatewayClient, instance: GatewayInstance): RecoveryArr {
  return mediaGateway(
    'lidarr',
    client,
    {
      ids: (ref) => ({ parent: ref.artistId, unit: ref.albumId }),
      history: (artistId, albumId) => client.historyForAlbum(artistId, albumId),
      queueFilter: 'artistIds',
      unitOf: (q) => q.albumId,
      missing: () =>
        allMissing(
          (req) => client.wantedMissing(req),
          (a) => ({ itemId: a.id, title: a.artist?.artistName ? `${a.artist.artistName} - ${a.title ?? `Album ${a.id}`}` : (a.title ?? `Album ${a.id}`), seriesId: null, movieId: null }),
        ),
    },
    instance,
  );
}

/** Readarr: always a named instance, like Lidarr. */
export function readarrGateway(client: ReadarrGatewayClient, instance: GatewayInstance): RecoveryArr {
  return mediaGateway(
    'readarr',
    client,
    {
      ids: (ref) => ({ parent: ref.authorId, unit: ref.bookId }),
      history: (authorId, bookId) => client.historyForBook(authorId, bookId),
      queueFilter: null,
      unitOf: (q) => q.bookId,
      missing: () =>
        allMissing(
          (req) => client.wantedMissing(req),
          (b) => ({ itemId: b.id, title: b.author?.authorName ? `${b.author.authorName} - ${b.title ?? `Book ${b.id}`}` : (b.title ?? `Book ${b.id}`), seriesId: null, movieId: null }),
        ),
    },
    instance,
  );
}
