// Readarr API v1. A book is the unit of a search and of history; the author
// is what its web UI links to. Its GET /queue takes no item filter: queueWhere({}, (q) => q.bookId === id).
import { z } from 'zod';
import type { ArrItemRef } from '../../../shared/domain';
import { createArrCommonApi, startCommand, type ArrCommonApi, type PageRequest } from './arr-common-api';
import { itemByDownloadId } from './item-by-download-id';
import { createArrHttp, type ArrHttpOptions } from './arr-http';
import type { ArrLookupPort } from './arr-lookup-port';
import { ArrRequestError, type ArrResult } from './arr-result';
import {
  BookSchema,
  HistoryRecordSchema,
  pagingSchema,
  ReleaseSchema,
  type Book,
  type Command,
  type HistoryRecord,
  type Paged,
  type QueueRecord,
  type Release,
} from './arr-schemas';
import { READARR_HISTORY_EVENT, type ReadarrHistoryEvent } from './history-event-type';
import type { ItemPage } from './item-page';

/** Readarr's GET /queue takes no item filter (QueueController binds only paging and include* flags). */
export type ReadarrQueueFilter = Readonly<Record<string, never>>;

export interface ReadarrClient extends ArrCommonApi<ReadarrHistoryEvent>, ArrLookupPort {
  /** The whole queue, all pages, narrowed by `match` (e.g. `(q) => q.bookId === id`); the filter is `{}`. */
  queueWhere(filter: ReadarrQueueFilter, match?: (q: QueueRecord) => boolean): Promise<ArrResult<QueueRecord[]>>;
  /** `GET /history/author?authorId=&bookId=`: the book's history, newest first (not paged). */
  historyForBook(authorId: number, bookId: number, opts?: { eventType?: ReadarrHistoryEvent }): Promise<ArrResult<HistoryRecord[]>>;
  /** Interactive search (`GET /release?bookId=`): every release the indexers have, with Readarr's rejections. */
  searchReleases(bookId: number): Promise<ArrResult<Release[]>>;
  /** `BookSearch` command: Readarr picks and grabs the best acceptable release itself. */
  searchBooks(bookIds: readonly number[]): Promise<ArrResult<Command>>;
  /** Monitored books (of monitored authors) without files; each with its author. */
  wantedMissing(req?: PageRequest & { monitored?: boolean }): Promise<ArrResult<Paged<Book>>>;
  /** findByDownloadId as a value: `{authorId, bookId, title}`, null when Readarr does not know the download. */
  lookupByDownloadId(downloadId: string): Promise<ArrResult<ArrItemRef | null>>;
  /** `GET /author/{id}`: its name, and its page's slug (`/author/{titleSlug}` in Readarr's web UI). */
  author(authorId: number): Promise<ArrResult<ItemPage>>;
}

export type ReadarrClientOptions = Omit<ArrHttpOptions, 'app' | 'apiVersion'>;

const AuthorPageSchema = z
  .object({ id: z.number().int(), authorName: z.string().default(''), titleSlug: z.string().min(1) })
  .transform((a): ItemPage => ({ id: a.id, title: a.authorName, titleSlug: a.titleSlug }));

export function createReadarrClient(opts: ReadarrClientOptions): ReadarrClient {
  const http = createArrHttp({ ...opts, app: 'Readarr', apiVersion: 'v1' });
  const common = createArrCommonApi(http, READARR_HISTORY_EVENT);

  const lookupByDownloadId = (downloadId: string) => itemByDownloadId('readarr', common, downloadId);

  return {
    ...common,
    historyForBook(authorId, bookId, o) {
      return http.json('GET', '/history/author', z.array(HistoryRecordSchema), {
        query: { authorId, bookId, eventType: o?.eventType === undefined ? undefined : READARR_HISTORY_EVENT[o.eventType] },
      });
    },
    searchReleases(bookId) {
      return http.json('GET', '/release', z.array(ReleaseSchema), { query: { bookId } });
    },
    searchBooks(bookIds) {
      return startCommand(http, { name: 'BookSearch', bookIds: [...bookIds] });
    },
    wantedMissing(req) {
      return http.json('GET', '/wanted/missing', pagingSchema(BookSchema), {
        query: {
          page: req?.page ?? 1,
          pageSize: req?.pageSize ?? 50,
          sortKey: req?.sortKey ?? 'releaseDate',
          sortDirection: req?.sortDirection ?? 'descending',
          monitored: req?.monitored ?? true,
          includeAuthor: true,
        },
      });
    },
    lookupByDownloadId,
    author(authorId) {
      return http.json('GET', `/author/${authorId}`, AuthorPageSchema);
    },
    async findByDownloadId(downloadId) {
      const r = await lookupByDownloadId(downloadId);
      if (!r.ok) throw new ArrRequestError(r.error);
      return r.value;
    },
  };
}
