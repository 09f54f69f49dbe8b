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
  FailureSettings,
  FolderSpace,
  FoundJobs,
  HistoryCursor,
  HistoryJob,
  HistoryRead,
  HistoryReadOptions,
  JobLookup,
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
    // HistoryRedownload takes any job in the history (NZBGet 21 has no HistoryRetry).
    canRetry: reading.outcome === 'failed',
    finishedAt: item.historyTime * 1000,
    sizeBytes: item.sizeBytes,
    path: item.destDir === '' ? null : item.destDir,
  };
}

function nzbIdOf(id: string): number | null {
  return /^\d{1,9}$/.test(id) ? Number(id) : null;
}

/** NZBGet's HealthCheck: what happens when a job's health drops below critical ("none" downloads on regardless). */
function abortsHopeless(healthCheck: string | undefined): boolean {
  return (healthCheck ?? 'park').trim().toLowerCase() !== 'none';
}

export class NzbgetDownloadClient implements DownloadClientPort {
  readonly kind = 'nzbget' as const;
  readonly retryKeepsIds = true;

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
    // Looked at before the history is read, so a job entering history during the read moves it again.
    const message = await this.client.lastMessageId();
    requests++;
    if (!message.ok) return message;
    const messageId = message.value;
    const reason = historyReadReason(cursor, queueIds, options.now, this.options.fullReadEveryMs ?? DEFAULT_NZBGET_FULL_READ_EVERY_MS, messageId);
    if (cursor !== null && reason === null) return clientOk({ changed: false, requests, cursor: cursorAfterQueue(cursor, queueIds, messageId) });

    const history = await this.client.history();
    requests++;
    if (!history.ok) return history;
    const items = history.value;
    const lookbackFloor = cursor === null && options.firstRunLookbackMs !== null ? Math.floor((options.now - options.firstRunLookbackMs) / 1000) : 0;
    const isNew = (item: NzbgetHistoryItem) => (cursor ? !isAlreadyRead(item, cursor) : item.historyTime >= lookbackFloor);
    const fresh = items.filter(isNew);
    const next = cursorAfterRead(cursor, items, queueIds, options.now, lookbackFloor, messageId);
    return clientOk({ changed: true, jobs: fresh.map(nzbgetHistoryJob), total: items.length, requests, cursor: next });
  }

  /** By NZBID or by the *arr's downloadId: NZBGet has no search, so the queue and the whole history are read and narrowed here. */
  async findJobs(lookup: JobLookup): Promise<DownloadClientResult<FoundJobs>> {
    if (lookup.ids?.length === 0) return clientOk({ queue: [], history: [] });
    const [groups, history] = await Promise.all([this.client.listGroups(), this.client.history()]);
    if (!groups.ok) return groups;
    if (!history.ok) return history;
    const ids = lookup.ids ? new Set(lookup.ids) : null;
    const name = lookup.name?.toLowerCase();
    const wanted = (j: { id: string; downloadId: string; name: string }) =>
      (ids === null || ids.has(j.id) || ids.has(j.downloadId)) && (name === undefined || j.name.toLowerCase().includes(name));
    return clientOk({
      queue: groups.value.map(queueJob).filter(wanted),
      history: history.value.map(nzbgetHistoryJob).filter(wanted).slice(0, lookup.limit ?? 50),
    });
  }

  async failureSettings(): Promise<DownloadClientResult<FailureSettings>> {
    const config = await this.client.config();
    if (!config.ok) return config;
    const option = (name: string) => config.value.find((e) => e.Name.toLowerCase() === name.toLowerCase())?.Value;
    const delay = Number(option('PropagationDelay') ?? '0');
    return clientOk({ abortsHopelessJobs: abortsHopeless(option('HealthCheck')), propagationDelayMinutes: Number.isFinite(delay) ? delay : 0 });
  }

  async retry(id: string): Promise<DownloadClientResult<{ id: string; downloadId: string }>> {
    const job = await this.resolve(id, 'history');
    if (!job.ok) return job;
    const r = await this.client.editQueue('HistoryRedownload', [job.value.nzbId]);
    // HistoryRedownload keeps the NZBID and the job's parameters (the *arr's drone id with them).
    return r.ok ? clientOk({ id: String(job.value.nzbId), downloadId: job.value.downloadId }) : r;
  }

  async removeFromQueue(id: string): Promise<DownloadClientResult<true>> {
    const job = await this.resolve(id, 'queue');
    if (!job.ok) return job;
    return this.client.editQueue('GroupDelete', [job.value.nzbId]);
  }

  async removeFromHistory(id: string): Promise<DownloadClientResult<true>> {
    const job = await this.resolve(id, 'history');
    if (!job.ok) return job;
    return this.client.editQueue('HistoryDelete', [job.value.nzbId]);
  }

  /** An NZBID as it is; the *arr's downloadId (its `drone` id) looked up where the job should be. */
  private async resolve(id: string, where: 'queue' | 'history'): Promise<DownloadClientResult<{ nzbId: number; downloadId: string }>> {
    const nzbId = nzbIdOf(id);
    if (nzbId !== null) return clientOk({ nzbId, downloadId: id });
    if (id.trim() === '') return clientErr('api_error', 'No NZBGet job id was given.');
    const found = where === 'queue' ? await this.client.listGroups() : await this.client.history();
    if (!found.ok) return found;
    const job = found.value.find((j) => j.downloadId.toLowerCase() === id.toLowerCase());
    if (!job) return clientErr('api_error', `NZBGet at ${this.address} has no job with download id ${id} in its ${where}.`);
    return clientOk({ nzbId: job.nzbId, downloadId: job.downloadId });
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
