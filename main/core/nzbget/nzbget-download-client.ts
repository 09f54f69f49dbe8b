// NZBGet behind the download-client port. Retry is HistoryRedownload (what
// Sonarr/Radarr send: the job starts over under the same NZBID); delete from
// the queue is GroupDelete (NZBGet keeps a DELETED/MANUAL record in history,
// read as outcome 'deleted', never as a failure); delete from history is
// HistoryDelete (NZBGet keeps it hidden for its duplicate check).
import { clientErr, clientOk, type DownloadClientResult } from '../download-client/download-client-error';
import type {
  ClientCategory,
  ClientQueue,
  DownloadClientPort,
  FolderSpace,
  HistoryCursor,
  HistoryJob,
  HistoryRead,
  HistoryReadOptions,
  QueueJob,
  QueueJobState,
} from '../download-client/download-client-port';
import type { NzbgetClient } from './nzbget-client';
import { nzbgetCategories, nzbgetFolders } from './nzbget-config-reading';
import { readNzbgetOutcome } from './nzbget-failure-table';
import {
  DEFAULT_NZBGET_FULL_READ_EVERY_MS,
  cursorAfterQueue,
  cursorAfterRead,
  historyReadReason,
  isAlreadyRead,
  parseNzbgetCursor,
} from './nzbget-history-cursor';
import type { NzbgetGroup, NzbgetHistoryItem } from './nzbget-schemas';

export interface NzbgetDownloadClientOptions {
  /** Read the whole history at least this often, whatever the queue shows (default 5 min). */
  fullReadEveryMs?: number;
}

const POST_PROCESSING = new Set([
  'PP_QUEUED',
  'LOADING_PARS',
  'VERIFYING_SOURCES',
  'REPAIRING',
  'VERIFYING_REPAIRED',
  'RENAMING',
  'UNPACKING',
  'MOVING',
  'EXECUTING_SCRIPT',
  'PP_FINISHED',
]);

export function nzbgetQueueState(status: string): QueueJobState {
  if (status === 'DOWNLOADING') return 'downloading';
  if (status === 'PAUSED') return 'paused';
  if (status === 'FETCHING') return 'fetching';
  if (POST_PROCESSING.has(status)) return 'post_processing';
  return 'queued';
}

function queueJob(g: NzbgetGroup): QueueJob {
  return {
    id: String(g.nzbId),
    downloadId: g.downloadId,
    name: g.name,
    category: g.category === '' ? null : g.category,
    status: g.status,
    state: nzbgetQueueState(g.status),
    sizeBytes: g.sizeBytes,
    remainingBytes: g.remainingBytes,
  };
}

export function nzbgetHistoryJob(item: NzbgetHistoryItem): HistoryJob {
  const reading = readNzbgetOutcome(item);
  return {
    id: String(item.nzbId),
    downloadId: item.downloadId,
    name: item.name,
    category: item.category === '' ? null : item.category,
    status: item.status,
    outcome: reading.outcome,
    failMessage: reading.failMessage,
    classification: reading.classification,
    finishedAt: item.historyTime * 1000,
    sizeBytes: item.sizeBytes,
    path: item.destDir === '' ? null : item.destDir,
  };
}

function nzbIdOf(id: string): number | null {
  return /^\d{1,9}$/.test(id) ? Number(id) : null;
}

export class NzbgetDownloadClient implements DownloadClientPort {
  readonly kind = 'nzbget' as const;

  constructor(
    private readonly client: NzbgetClient,
    private readonly options: NzbgetDownloadClientOptions = {},
  ) {}

  get address(): string {
    return this.client.address;
  }

  version(): Promise<DownloadClientResult<string>> {
    return this.client.version();
  }

  async queue(): Promise<DownloadClientResult<ClientQueue>> {
    const [status, groups] = await Promise.all([this.client.status(), this.client.listGroups()]);
    if (!status.ok) return status;
    if (!groups.ok) return groups;
    return clientOk({ paused: status.value.downloadPaused, jobs: groups.value.map(queueJob) });
  }

  async readNewHistory(raw: HistoryCursor | null, options: HistoryReadOptions): Promise<DownloadClientResult<HistoryRead>> {
    const cursor = raw === null ? null : parseNzbgetCursor(raw);
    let requests = 0;
    let queueIds: number[];
    if (options.queue) {
      queueIds = options.queue.jobs.map((j) => Number(j.id));
    } else {
      const groups = await this.client.listGroups();
      requests++;
      if (!groups.ok) return groups;
      queueIds = groups.value.map((g) => g.nzbId);
    }
    const reason = historyReadReason(cursor, queueIds, options.now, this.options.fullReadEveryMs ?? DEFAULT_NZBGET_FULL_READ_EVERY_MS);
    if (cursor !== null && reason === null) return clientOk({ changed: false, requests, cursor: cursorAfterQueue(cursor, queueIds) });

    const history = await this.client.history();
    requests++;
    if (!history.ok) return history;
    const items = history.value;
    const lookbackFloor = cursor === null && options.firstRunLookbackMs !== null ? Math.floor((options.now - options.firstRunLookbackMs) / 1000) : 0;
    const isNew = (item: NzbgetHistoryItem) => (cursor ? !isAlreadyRead(item, cursor) : item.historyTime >= lookbackFloor);
    const fresh = items.filter(isNew);
    const next = cursorAfterRead(cursor, items, queueIds, options.now, lookbackFloor);
    return clientOk({ changed: true, jobs: fresh.map(nzbgetHistoryJob), total: items.length, requests, cursor: next });
  }

  async retry(id: string): Promise<DownloadClientResult<{ id: string }>> {
    const nzbId = nzbIdOf(id);
    if (nzbId === null) return clientErr('api_error', `"${id}" is not an NZBGet job id (NZBID).`);
    const r = await this.client.editQueue('HistoryRedownload', [nzbId]);
    return r.ok ? clientOk({ id }) : r;
  }

  async removeFromQueue(id: string): Promise<DownloadClientResult<true>> {
    const nzbId = nzbIdOf(id);
    if (nzbId === null) return clientErr('api_error', `"${id}" is not an NZBGet job id (NZBID).`);
    return this.client.editQueue('GroupDelete', [nzbId]);
  }

  async removeFromHistory(id: string): Promise<DownloadClientResult<true>> {
    const nzbId = nzbIdOf(id);
    if (nzbId === null) return clientErr('api_error', `"${id}" is not an NZBGet job id (NZBID).`);
    return this.client.editQueue('HistoryDelete', [nzbId]);
  }

  pause(): Promise<DownloadClientResult<true>> {
    return this.client.pauseDownload();
  }

  resume(): Promise<DownloadClientResult<true>> {
    return this.client.resumeDownload();
  }

  /** NZBGet 21 measures only DestDir; InterDir (nzbget.com 22+ measures it) and category folders answer null. */
  async diskSpace(): Promise<DownloadClientResult<FolderSpace[]>> {
    const [status, config] = await Promise.all([this.client.status(), this.client.config()]);
    if (!status.ok) return status;
    if (!config.ok) return config;
    const folders = nzbgetFolders(config.value);
    const spaces: FolderSpace[] = [];
    if (folders.interDir !== null) spaces.push({ role: 'incomplete', category: null, path: folders.interDir, freeBytes: status.value.freeInterBytes });
    spaces.push({ role: 'complete', category: null, path: folders.destDir, freeBytes: status.value.freeDestBytes });
    for (const c of nzbgetCategories(config.value)) {
      // A category under DestDir shares its disk only if no mount sits between them, which NZBGet cannot tell us.
      spaces.push({ role: 'category', category: c.name, path: c.destDir, freeBytes: c.destDir === folders.destDir ? status.value.freeDestBytes : null });
    }
    return clientOk(spaces);
  }

  async categories(): Promise<DownloadClientResult<ClientCategory[]>> {
    const config = await this.client.config();
    if (!config.ok) return config;
    return clientOk(nzbgetCategories(config.value).map((c) => ({ name: c.name, path: c.destDir })));
  }
}
