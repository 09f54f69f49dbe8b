// Radarr API v3. A movie is the unit of a search and of history.
import { z } from 'zod';
import type { ArrItemRef } from '../../../shared/domain';
import { createArrCommonApi, startCommand, type ArrCommonApi, type PageRequest } from './arr-common-api';
import { itemByDownloadId } from './item-by-download-id';
import { createArrHttp, type ArrHttpOptions } from './arr-http';
import type { ArrLookupPort } from './arr-lookup-port';
import { ItemPageSchema, type ItemPage } from './item-page';
import { ArrRequestError, type ArrResult } from './arr-result';
import {
  HistoryRecordSchema,
  MovieSchema,
  pagingSchema,
  ReleaseSchema,
  type Command,
  type HistoryRecord,
  type Movie,
  type Paged,
  type Release,
} from './arr-schemas';
import { RADARR_HISTORY_EVENT, type RadarrHistoryEvent } from './history-event-type';

export interface RadarrClient extends ArrCommonApi<RadarrHistoryEvent>, ArrLookupPort {
  historyForMovie(movieId: number, opts?: { eventType?: RadarrHistoryEvent }): Promise<ArrResult<HistoryRecord[]>>;
  /** Interactive search: every release the indexers have, with Radarr's rejections. */
  searchReleases(movieId: number): Promise<ArrResult<Release[]>>;
  /** `MoviesSearch` command: Radarr picks and grabs the best acceptable release itself. */
  searchMovies(movieIds: readonly number[]): Promise<ArrResult<Command>>;
  wantedMissing(req?: PageRequest & { monitored?: boolean }): Promise<ArrResult<Paged<Movie>>>;
  /** findByDownloadId as a value: null when Radarr does not know the download. */
  lookupByDownloadId(nzoId: string): Promise<ArrResult<ArrItemRef | null>>;
  /** `GET /movie/{id}`: its title and the slug of its page in Radarr (`/movie/{titleSlug}`). */
  movie(movieId: number): Promise<ArrResult<ItemPage>>;
}

export type RadarrClientOptions = Omit<ArrHttpOptions, 'app'>;

export function createRadarrClient(opts: RadarrClientOptions): RadarrClient {
  const http = createArrHttp({ ...opts, app: 'Radarr' });
  const common = createArrCommonApi(http, RADARR_HISTORY_EVENT);

  const lookupByDownloadId = (downloadId: string) => itemByDownloadId('radarr', common, downloadId);

  return {
    ...common,
    historyForMovie(movieId, o) {
      return http.json('GET', '/history/movie', z.array(HistoryRecordSchema), {
        query: { movieId, eventType: o?.eventType === undefined ? undefined : RADARR_HISTORY_EVENT[o.eventType] },
      });
    },
    searchReleases(movieId) {
      return http.json('GET', '/release', z.array(ReleaseSchema), { query: { movieId } });
    },
    searchMovies(movieIds) {
      return startCommand(http, { name: 'MoviesSearch', movieIds: [...movieIds] });
    },
    wantedMissing(req) {
      return http.json('GET', '/wanted/missing', pagingSchema(MovieSchema), {
        query: {
          page: req?.page ?? 1,
          pageSize: req?.pageSize ?? 50,
          sortKey: req?.sortKey,
          sortDirection: req?.sortDirection,
          monitored: req?.monitored ?? true,
        },
      });
    },
    lookupByDownloadId,
    movie(movieId) {
      return http.json('GET', `/movie/${movieId}`, ItemPageSchema);
    },
    async findByDownloadId(nzoId) {
      const r = await lookupByDownloadId(nzoId);
      if (!r.ok) throw new ArrRequestError(r.error);
      return r.value;
    },
  };
}
