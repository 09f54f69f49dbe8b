// Lidarr API v1. An album is the unit of a search and of history (Lidarr
// writes one grabbed record per album of the release); the artist is what its
// web UI links to. GET /queue filters by artistIds: queueWhere({ artistIds: [id] }).
import { z } from 'zod';
import type { ArrItemRef } from '../../../shared/domain';
import { createArrCommonApi, startCommand, type ArrCommonApi, type PageRequest } from './arr-common-api';
import { itemByDownloadId } from './item-by-download-id';
import { createArrHttp, type ArrHttpOptions } from './arr-http';
import type { ArrLookupPort } from './arr-lookup-port';
import { ArrRequestError, type ArrResult } from './arr-result';
import {
  AlbumSchema,
  HistoryRecordSchema,
  pagingSchema,
  ReleaseSchema,
  type Album,
  type Command,
  type HistoryRecord,
  type Paged,
  type QueueRecord,
  type Release,
} from './arr-schemas';
import { LIDARR_HISTORY_EVENT, type LidarrHistoryEvent } from './history-event-type';
import type { ItemPage } from './item-page';

/** What Lidarr's GET /queue filters by (QueueController: artistIds; no albumIds — narrow with `match`). */
export interface LidarrQueueFilter {
  artistIds?: readonly number[];
}

export interface LidarrClient extends ArrCommonApi<LidarrHistoryEvent>, ArrLookupPort {
  /** Every queue entry of these artists, all pages; `match` narrows (e.g. to one album). */
  queueWhere(filter: LidarrQueueFilter, match?: (q: QueueRecord) => boolean): Promise<ArrResult<QueueRecord[]>>;
  /** `GET /history/artist?artistId=&albumId=`: the album's history, newest first (not paged). */
  historyForAlbum(artistId: number, albumId: number, opts?: { eventType?: LidarrHistoryEvent }): Promise<ArrResult<HistoryRecord[]>>;
  /** Interactive search (`GET /release?albumId=`): every release the indexers have, with Lidarr's rejections. */
  searchReleases(albumId: number): Promise<ArrResult<Release[]>>;
  /** `AlbumSearch` command: Lidarr picks and grabs the best acceptable release itself. */
  searchAlbums(albumIds: readonly number[]): Promise<ArrResult<Command>>;
  /** Monitored albums (of monitored artists) without files; each with its artist. */
  wantedMissing(req?: PageRequest & { monitored?: boolean }): Promise<ArrResult<Paged<Album>>>;
  /** findByDownloadId as a value: `{artistId, albumId, title}`, null when Lidarr does not know the download. */
  lookupByDownloadId(downloadId: string): Promise<ArrResult<ArrItemRef | null>>;
  /** `GET /artist/{id}`: its name, and its page's slug (`/artist/{foreignArtistId}` in Lidarr's web UI). */
  artist(artistId: number): Promise<ArrResult<ItemPage>>;
}

export type LidarrClientOptions = Omit<ArrHttpOptions, 'app' | 'apiVersion'>;

const ArtistPageSchema = z
  .object({ id: z.number().int(), artistName: z.string().default(''), foreignArtistId: z.string().min(1) })
  .transform((a): ItemPage => ({ id: a.id, title: a.artistName, titleSlug: a.foreignArtistId }));

export function createLidarrClient(opts: LidarrClientOptions): LidarrClient {
  const http = createArrHttp({ ...opts, app: 'Lidarr', apiVersion: 'v1' });
  const common = createArrCommonApi(http, LIDARR_HISTORY_EVENT);

  const lookupByDownloadId = (downloadId: string) => itemByDownloadId('lidarr', common, downloadId);

  return {
    ...common,
    historyForAlbum(artistId, albumId, o) {
      return http.json('GET', '/history/artist', z.array(HistoryRecordSchema), {
        query: { artistId, albumId, eventType: o?.eventType === undefined ? undefined : LIDARR_HISTORY_EVENT[o.eventType] },
      });
    },
    searchReleases(albumId) {
      return http.json('GET', '/release', z.array(ReleaseSchema), { query: { albumId } });
    },
    searchAlbums(albumIds) {
      return startCommand(http, { name: 'AlbumSearch', albumIds: [...albumIds] });
    },
    wantedMissing(req) {
      return http.json('GET', '/wanted/missing', pagingSchema(AlbumSchema), {
        query: {
          page: req?.page ?? 1,
          pageSize: req?.pageSize ?? 50,
          sortKey: req?.sortKey ?? 'releaseDate',
          sortDirection: req?.sortDirection ?? 'descending',
          monitored: req?.monitored ?? true,
          includeArtist: true,
        },
      });
    },
    lookupByDownloadId,
    artist(artistId) {
      return http.json('GET', `/artist/${artistId}`, ArtistPageSchema);
    },
    async findByDownloadId(downloadId) {
      const r = await lookupByDownloadId(downloadId);
      if (!r.ok) throw new ArrRequestError(r.error);
      return r.value;
    },
  };
}
