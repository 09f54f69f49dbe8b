// The calls Sonarr and Radarr (API v3) and Lidarr and Readarr (API v1) answer
// the same way: status, history by downloadId or date, queue, blocklist,
// commands, grabbing a release and the download-client settings. Each app's
// client adds what is specific to it. Checked against the four OpenAPI
// documents: the paths, query names and paging envelopes are the same; what
// differs is the item ids in the records, the eventType numbers (per-app
// tables) and the queue's filter keys (see queueWhere).
import { z } from 'zod';
import type { ArrHttp } from './arr-http';
import { arrErr, arrOk, type ArrResult } from './arr-result';
import {
  BlocklistRecordSchema,
  CommandSchema,
  DownloadClientConfigSchema,
  HistoryRecordSchema,
  pagingSchema,
  QueueRecordSchema,
  SystemStatusSchema,
  type BlocklistRecord,
  type Command,
  type DownloadClientConfig,
  type HistoryRecord,
  type Paged,
  type QueueRecord,
  type SystemStatus,
} from './arr-schemas';
import { collectFromPages } from './paged-walk';

export interface PageRequest {
  page?: number;
  pageSize?: number;
  sortKey?: string;
  sortDirection?: 'ascending' | 'descending';
}

export interface RemoveFromQueueOptions {
  /** Also delete the job from SABnzbd (the app's default is true). */
  removeFromClient?: boolean;
  /** Mark the release failed and blocklist it. */
  blocklist?: boolean;
  /** With blocklist: do not let the app search for a replacement. */
  skipRedownload?: boolean;
}

export interface GrabRequest {
  guid: string;
  indexerId: number;
}

export interface ArrCommonApi<E extends string> {
  /** Checks that the address really is this app: a swapped Sonarr/Radarr URL gives `wrong_app`. */
  systemStatus(): Promise<ArrResult<SystemStatus>>;
  historyByDownloadId(downloadId: string, opts?: { eventTypes?: readonly E[]; pageSize?: number }): Promise<ArrResult<HistoryRecord[]>>;
  historySince(date: Date | string, opts?: { eventType?: E }): Promise<ArrResult<HistoryRecord[]>>;
  queuePage(req?: PageRequest): Promise<ArrResult<Paged<QueueRecord>>>;
  /**
   * Every queue entry the app lists under `filter`, all pages. The keys GET /queue filters by:
   * Sonarr `seriesIds`, Radarr `movieIds`, Lidarr `artistIds`; Readarr's /queue has no item filter
   * (it ignores unknown keys, like every ASP.NET action), so pass `{}` and narrow with `match`
   * (e.g. `(q) => q.bookId === id`).
   */
  queueWhere(filter: Readonly<Record<string, readonly number[]>>, match?: (q: QueueRecord) => boolean): Promise<ArrResult<QueueRecord[]>>;
  findQueueItemsByDownloadId(downloadId: string, opts?: { pageSize?: number }): Promise<ArrResult<QueueRecord[]>>;
  findQueueItemByDownloadId(downloadId: string, opts?: { pageSize?: number }): Promise<ArrResult<QueueRecord | null>>;
  removeFromQueue(id: number, opts?: RemoveFromQueueOptions): Promise<ArrResult<null>>;
  blocklistPage(req?: PageRequest): Promise<ArrResult<Paged<BlocklistRecord>>>;
  removeFromBlocklist(id: number): Promise<ArrResult<null>>;
  commandStatus(id: number): Promise<ArrResult<Command>>;
  /** `GET /command`: the app's command queue (queued, running and recently finished commands). */
  commands(): Promise<ArrResult<Command[]>>;
  /** Valid for ~30 minutes after the search that returned the release; later: `not_found`. */
  grabRelease(release: GrabRequest): Promise<ArrResult<null>>;
  downloadClientConfig(): Promise<ArrResult<DownloadClientConfig>>;
}

const pagingQuery = (req: PageRequest | undefined, defaults: { pageSize: number }) => ({
  page: req?.page ?? 1,
  pageSize: req?.pageSize ?? defaults.pageSize,
  sortKey: req?.sortKey,
  sortDirection: req?.sortDirection,
});

export function createArrCommonApi<E extends string>(
  http: ArrHttp,
  eventNumbers: Readonly<Record<E, number>>,
): ArrCommonApi<E> {
  const HistoryPage = pagingSchema(HistoryRecordSchema);
  const QueuePage = pagingSchema(QueueRecordSchema);
  const BlocklistPage = pagingSchema(BlocklistRecordSchema);
  const expected = http.app;

  const queuePage = (req?: PageRequest) =>
    http.json('GET', '/queue', QueuePage, { query: pagingQuery(req, { pageSize: 50 }) });

  const api: ArrCommonApi<E> = {
    async systemStatus() {
      const r = await http.json('GET', '/system/status', SystemStatusSchema);
      if (!r.ok) return r;
      const name = r.value.appName ?? '';
      if (name.toLowerCase() !== expected.toLowerCase()) {
        const other = name ? `${name}` : 'another program';
        return arrErr('wrong_app', `This address answers as ${other}, not ${expected}. ${swapHint(name, expected)}`);
      }
      return r;
    },

    async historyByDownloadId(downloadId, opts) {
      const pageSize = opts?.pageSize ?? 100;
      const out: HistoryRecord[] = [];
      const query = {
        downloadId,
        eventType: opts?.eventTypes?.map((e) => eventNumbers[e]),
        pageSize,
        sortKey: 'date',
        sortDirection: 'descending',
      };
      // One download rarely has more than a page; a season pack can.
      for (let page = 1; page <= 20; page++) {
        const r = await http.json('GET', '/history', HistoryPage, { query: { ...query, page } });
        if (!r.ok) return r;
        out.push(...r.value.records);
        if (r.value.records.length < pageSize || out.length >= r.value.totalRecords) break;
      }
      return arrOk(out);
    },

    historySince(date, opts) {
      const iso = typeof date === 'string' ? date : date.toISOString();
      return http.json('GET', '/history/since', z.array(HistoryRecordSchema), {
        query: { date: iso, eventType: opts?.eventType === undefined ? undefined : eventNumbers[opts.eventType] },
      });
    },

    queuePage,

    queueWhere(filter, match = () => true) {
      const query = Object.fromEntries(Object.entries(filter).flatMap(([k, v]) => (v === undefined ? [] : [[k, [...v]]])));
      return collectFromPages(
        (page) => http.json('GET', '/queue', QueuePage, { query: { ...pagingQuery({ page, pageSize: 100 }, { pageSize: 100 }), ...query } }),
        match,
      );
    },

    findQueueItemsByDownloadId(downloadId, opts) {
      const pageSize = opts?.pageSize ?? 100;
      return collectFromPages((page) => queuePage({ page, pageSize }), (q) => q.downloadId === downloadId);
    },

    async findQueueItemByDownloadId(downloadId, opts) {
      const pageSize = opts?.pageSize ?? 100;
      const r = await collectFromPages((page) => queuePage({ page, pageSize }), (q) => q.downloadId === downloadId, {
        stopAtFirst: true,
      });
      return r.ok ? arrOk(r.value[0] ?? null) : r;
    },

    removeFromQueue(id, opts) {
      return http.send('DELETE', `/queue/${id}`, {
        query: {
          removeFromClient: opts?.removeFromClient ?? true,
          blocklist: opts?.blocklist ?? false,
          skipRedownload: opts?.skipRedownload ?? false,
        },
      });
    },

    blocklistPage(req) {
      return http.json('GET', '/blocklist', BlocklistPage, { query: pagingQuery(req, { pageSize: 50 }) });
    },

    removeFromBlocklist(id) {
      return http.send('DELETE', `/blocklist/${id}`);
    },

    commandStatus(id) {
      return http.json('GET', `/command/${id}`, CommandSchema);
    },

    commands() {
      return http.json('GET', '/command', z.array(CommandSchema));
    },

    async grabRelease(release) {
      const r = await http.send('POST', '/release', { body: { guid: release.guid, indexerId: release.indexerId } });
      if (!r.ok && r.error.code === 'not_found')
        return arrErr('not_found', `${expected} no longer has this release in its search cache (stale release: grabs are only valid ~30 minutes after the search). Search again.`, 404);
      return r;
    },

    downloadClientConfig() {
      return http.json('GET', '/config/downloadclient', DownloadClientConfigSchema);
    },
  };
  return api;
}

const ARR_APPS = ['Sonarr', 'Radarr', 'Lidarr', 'Readarr'] as const;

/** Two *arr apps: the addresses were probably swapped; anything else: the address is not this app's. */
function swapHint(answered: string, expected: string): string {
  const other = ARR_APPS.find((a) => a.toLowerCase() === answered.toLowerCase());
  if (!other) return expected === 'Sonarr' || expected === 'Radarr' ? 'Did you swap the Sonarr and Radarr addresses?' : `Is this ${expected}'s address?`;
  const [a, b] = [other, expected].sort((x, y) => ARR_APPS.indexOf(x as (typeof ARR_APPS)[number]) - ARR_APPS.indexOf(y as (typeof ARR_APPS)[number]));
  return `Did you swap the ${a} and ${b} addresses?`;
}

export async function startCommand(http: ArrHttp, body: Record<string, unknown>): Promise<ArrResult<Command>> {
  return http.json('POST', '/command', CommandSchema, { body });
}
