// Sonarr API v3 (also v4, which keeps the v3 API). Episodes are the unit of a
// search and of history; a release can cover several episodes.
import { z } from 'zod';
import type { ArrItemRef } from '../../../shared/domain';
import { createArrCommonApi, startCommand, type ArrCommonApi, type PageRequest } from './arr-common-api';
import { itemByDownloadId } from './item-by-download-id';
import { createArrHttp, type ArrHttpOptions } from './arr-http';
import type { ArrLookupPort } from './arr-lookup-port';
import { ItemPageSchema, type ItemPage } from './item-page';
import { ArrRequestError, type ArrResult } from './arr-result';
import {
  EpisodeSchema,
  HistoryRecordSchema,
  pagingSchema,
  ReleaseSchema,
  type Command,
  type Episode,
  type HistoryRecord,
  type Paged,
  type Release,
} from './arr-schemas';
import { SONARR_HISTORY_EVENT, type SonarrHistoryEvent } from './history-event-type';

export interface SonarrClient extends ArrCommonApi<SonarrHistoryEvent>, ArrLookupPort {
  /** `GET /history?episodeId=` (paged; Sonarr has no /history/episode). */
  historyForEpisode(episodeId: number, opts?: { eventTypes?: readonly SonarrHistoryEvent[] } & PageRequest): Promise<ArrResult<Paged<HistoryRecord>>>;
  historyForSeries(seriesId: number, opts?: { seasonNumber?: number; eventType?: SonarrHistoryEvent }): Promise<ArrResult<HistoryRecord[]>>;
  /** Interactive search: every release the indexers have, with Sonarr's rejections. */
  searchReleases(episodeId: number): Promise<ArrResult<Release[]>>;
  /** `EpisodeSearch` command: Sonarr picks and grabs the best acceptable release itself. */
  searchEpisodes(episodeIds: readonly number[]): Promise<ArrResult<Command>>;
  wantedMissing(req?: PageRequest & { monitored?: boolean }): Promise<ArrResult<Paged<Episode>>>;
  /** findByDownloadId as a value: null when Sonarr does not know the download. */
  lookupByDownloadId(nzoId: string): Promise<ArrResult<ArrItemRef | null>>;
  /** `GET /series/{id}`: its title and the slug of its page in Sonarr (`/series/{titleSlug}`). */
  series(seriesId: number): Promise<ArrResult<ItemPage>>;
}

export type SonarrClientOptions = Omit<ArrHttpOptions, 'app'>;

export function createSonarrClient(opts: SonarrClientOptions): SonarrClient {
  const http = createArrHttp({ ...opts, app: 'Sonarr' });
  const common = createArrCommonApi(http, SONARR_HISTORY_EVENT);

  const lookupByDownloadId = (downloadId: string) => itemByDownloadId('sonarr', common, downloadId);

  return {
    ...common,
    historyForEpisode(episodeId, o) {
      return http.json('GET', '/history', pagingSchema(HistoryRecordSchema), {
        query: {
          episodeId,
          eventType: o?.eventTypes?.map((e) => SONARR_HISTORY_EVENT[e]),
          page: o?.page ?? 1,
          pageSize: o?.pageSize ?? 50,
          sortKey: o?.sortKey ?? 'date',
          sortDirection: o?.sortDirection ?? 'descending',
        },
      });
    },
    historyForSeries(seriesId, o) {
      return http.json('GET', '/history/series', z.array(HistoryRecordSchema), {
        query: {
          seriesId,
          seasonNumber: o?.seasonNumber,
          eventType: o?.eventType === undefined ? undefined : SONARR_HISTORY_EVENT[o.eventType],
        },
      });
    },
    searchReleases(episodeId) {
      return http.json('GET', '/release', z.array(ReleaseSchema), { query: { episodeId } });
    },
    searchEpisodes(episodeIds) {
      return startCommand(http, { name: 'EpisodeSearch', episodeIds: [...episodeIds] });
    },
    wantedMissing(req) {
      return http.json('GET', '/wanted/missing', pagingSchema(EpisodeSchema), {
        query: {
          page: req?.page ?? 1,
          pageSize: req?.pageSize ?? 50,
          sortKey: req?.sortKey ?? 'airDateUtc',
          sortDirection: req?.sortDirection ?? 'descending',
          monitored: req?.monitored ?? true,
          includeSeries: true,
        },
      });
    },
    lookupByDownloadId,
    series(seriesId) {
      return http.json('GET', `/series/${seriesId}`, ItemPageSchema);
    },
    async findByDownloadId(nzoId) {
      const r = await lookupByDownloadId(nzoId);
      if (!r.ok) throw new ArrRequestError(r.error);
      return r.value;
    },
  };
}
