// SABnzbd behind the download-client port: an adapter over SabnzbdClient.
// History is read incrementally the way the poller reads it today
// (monitoring/history-scan.ts: last_history_update, then pages down to the
// first job already read), with one difference: SABnzbd stamps `completed`
// before its database insert, and inserts wait on each other (and on history
// reads), so a job can enter history AFTER one with a later `completed`
// (seen for real: a failure stamped one second before a completion that was
// committed first, then never read). So the scan goes back
// LATE_INSERT_MARGIN_S below the newest job read, and the jobs already handed
// on within that margin are remembered in the cursor and not handed on twice.
import { advanceCursor, HistoryCursorSchema, lookbackCursor, type HistoryCursor as SabHistoryCursor } from '../monitoring/history-cursor';
import { scanNewHistory, type HistoryReader } from '../monitoring/history-scan';
import { classifyFailure } from '../monitoring/failure-classifier';
import { clientOk, type DownloadClientResult } from '../download-client/download-client-error';
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
import type { SabnzbdClient } from './sabnzbd-client';
import type { SabnzbdResult } from './sabnzbd-error';
import { isFinalHistoryStatus, type SabHistorySlot, type SabQueue, type SabQueueSlot } from './sabnzbd-schemas';

const GB = 1024 ** 3;
const MB = 1024 ** 2;

export interface SabnzbdDownloadClientOptions {
  /** History slots per request (default 50). */
  pageSize?: number;
}

export function sabQueueState(status: string): QueueJobState {
  switch (status) {
    case 'Downloading':
      return 'downloading';
    case 'Paused':
      return 'paused';
    case 'Fetching':
    case 'Grabbing':
      return 'fetching';
    default:
      // Queued, Propagating, Checking…: waiting its turn.
      return 'queued';
  }
}

export function sabQueueJob(s: SabQueueSlot): QueueJob {
  return {
    id: s.nzo_id,
    downloadId: s.nzo_id,
    name: s.filename,
    category: s.cat,
    status: s.status,
    state: sabQueueState(s.status),
    sizeBytes: Math.round(s.mb * MB),
    remainingBytes: Math.round(s.mbleft * MB),
  };
}

export function sabHistoryJob(s: SabHistorySlot): HistoryJob {
  const outcome = s.status === 'Completed' ? 'completed' : s.status === 'Failed' ? 'failed' : 'post_processing';
  return {
    id: s.nzo_id,
    downloadId: s.nzo_id,
    name: s.name,
    category: s.category,
    status: s.status,
    outcome,
    failMessage: outcome === 'failed' ? s.fail_message : '',
    classification: outcome === 'failed' ? classifyFailure(s) : null,
    canRetry: s.retry,
    finishedAt: outcome === 'post_processing' || !s.completed ? null : s.completed * 1000,
    sizeBytes: s.bytes,
    path: s.storage,
  };
}

/** How much earlier than the newest job read a late-inserted job's `completed` may be. */
export const LATE_INSERT_MARGIN_S = 600;

/** Finished jobs handed on whose `completed` lies within the margin: [nzo_id, completed]. */
type Recent = [string, number][];

function tagged(cursor: SabHistoryCursor, recent: Recent): HistoryCursor {
  return { client: 'sabnzbd', ...cursor, recent };
}

function recentOf(raw: HistoryCursor | null): Recent {
  const r = raw?.recent;
  return Array.isArray(r) ? r.filter((e): e is [string, number] => Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'number') : [];
}

function untagged(raw: HistoryCursor | null): SabHistoryCursor | null {
  // A cursor saved before the port (no `client`) is SABnzbd's too: the poller read only SABnzbd then.
  if (raw === null || (raw.client !== 'sabnzbd' && raw.client !== undefined)) return null;
  const r = HistoryCursorSchema.safeParse(raw);
  return r.success ? r.data : null;
}

function gbToBytes(gb: number | null): number | null {
  return gb === null ? null : Math.round(gb * GB);
}

/** A category folder as SABnzbd resolves it: absolute, or relative to the complete folder. */
function categoryPath(dir: string, completeDir: string): string | null {
  if (dir === '') return completeDir === '' ? null : completeDir;
  if (dir.startsWith('/') || /^[A-Za-z]:[\\/]/.test(dir) || completeDir === '') return dir;
  return `${completeDir.replace(/[\\/]+$/, '')}/${dir}`;
}

export class SabnzbdDownloadClient implements DownloadClientPort {
  readonly kind = 'sabnzbd' as const;
  readonly retryKeepsIds = false;

  constructor(
    private readonly client: SabnzbdClient,
    private readonly options: SabnzbdDownloadClientOptions = {},
  ) {}

  get address(): string {
    return this.client.address;
  }

  version(): Promise<DownloadClientResult<string>> {
    return this.client.version();
  }

  async queue(): Promise<DownloadClientResult<ClientQueue>> {
    const r = await this.client.queue();
    return r.ok ? clientOk({ paused: r.value.paused, jobs: r.value.slots.map(sabQueueJob) }) : r;
  }

  readNewHistory(raw: HistoryCursor | null, options: HistoryReadOptions): Promise<DownloadClientResult<HistoryRead>> {
    return readSabnzbdHistory(this.client, raw, options, this.options.pageSize ?? 50);
  }

  async findJobs(lookup: JobLookup): Promise<DownloadClientResult<FoundJobs>> {
    const narrow = { ...(lookup.ids ? { nzoIds: lookup.ids } : {}), ...(lookup.name !== undefined ? { search: lookup.name } : {}) };
    if (lookup.ids?.length === 0) return clientOk({ queue: [], history: [] });
    const [queue, history] = await Promise.all([this.client.queue(narrow), this.client.history({ ...narrow, limit: lookup.limit ?? 50 })]);
    if (!queue.ok) return queue;
    if (!history.ok) return history;
    return clientOk({ queue: queue.value.slots.map(sabQueueJob), history: (history.value?.slots ?? []).map(sabHistoryJob) });
  }

  async failureSettings(): Promise<DownloadClientResult<FailureSettings>> {
    const r = await this.client.failureConfig();
    return r.ok ? clientOk({ abortsHopelessJobs: r.value.fail_hopeless_jobs, propagationDelayMinutes: r.value.propagation_delay }) : r;
  }

  async retry(id: string): Promise<DownloadClientResult<{ id: string; downloadId: string }>> {
    const r = await this.client.retry(id);
    return r.ok ? clientOk({ id: r.value, downloadId: r.value }) : r;
  }

  removeFromQueue(id: string, options: { deleteFiles: boolean }): Promise<DownloadClientResult<true>> {
    return this.client.deleteFromQueue(id, options);
  }

  removeFromHistory(id: string, options: { deleteFiles: boolean }): Promise<DownloadClientResult<true>> {
    return this.client.deleteFromHistory(id, options);
  }

  pause(): Promise<DownloadClientResult<true>> {
    return this.client.pauseQueue();
  }

  resume(): Promise<DownloadClientResult<true>> {
    return this.client.resumeQueue();
  }

  /** SABnzbd measures its download folder (diskspace1) and complete folder (diskspace2). */
  async diskSpace(): Promise<DownloadClientResult<FolderSpace[]>> {
    const [queue, folders, categories] = await Promise.all([this.client.queue(), this.client.folders(), this.client.categoryFolders()]);
    if (!queue.ok) return queue;
    if (!folders.ok) return folders;
    if (!categories.ok) return categories;
    const { downloadDir, completeDir } = folders.value;
    const completeFree = gbToBytes(queue.value.diskspace2);
    const spaces: FolderSpace[] = [
      { role: 'incomplete', category: null, path: downloadDir || null, freeBytes: gbToBytes(queue.value.diskspace1) },
      { role: 'complete', category: null, path: completeDir || null, freeBytes: completeFree },
    ];
    for (const c of categories.value) {
      const path = categoryPath(c.dir, completeDir);
      // Only a category completing into the complete folder itself is known to share its disk.
      spaces.push({ role: 'category', category: c.name, path, freeBytes: c.dir === '' ? completeFree : null });
    }
    return clientOk(spaces);
  }

  async categories(): Promise<DownloadClientResult<ClientCategory[]>> {
    const [folders, categories] = await Promise.all([this.client.folders(), this.client.categoryFolders()]);
    if (!folders.ok) return folders;
    if (!categories.ok) return categories;
    return clientOk(categories.value.map((c) => ({ name: c.name, path: categoryPath(c.dir, folders.value.completeDir) })));
  }
}

/** SABnzbd's history read incrementally (see the top of this file); also the poller's for a bare SABnzbd reader. */
export async function readSabnzbdHistory(
  reader: HistoryReader,
  raw: HistoryCursor | null,
  options: HistoryReadOptions,
  pageSize: number,
): Promise<DownloadClientResult<HistoryRead>> {
  const cursor = untagged(raw);
  const recent = recentOf(raw);
  const handedOn = new Set(recent.map(([id]) => id));
  const widened = cursor === null ? null : { ...cursor, newestCompleted: cursor.newestCompleted - LATE_INSERT_MARGIN_S, idsAtNewest: [] };
  const scan = await scanNewHistory(reader, widened, {
    pageSize,
    now: options.now,
    firstRunLookbackMs: options.firstRunLookbackMs,
  });
  if (!scan.ok) return scan;
  const s = scan.value;
  if (!s.changed) {
    // Unchanged only comes back with a cursor (last_history_update was sent).
    return clientOk({ changed: false, requests: s.pagesFetched, cursor: raw ?? tagged(lookbackCursor(options.now), []) });
  }
  const fresh = s.slots.filter((slot) => !(isFinalHistoryStatus(slot.status) && handedOn.has(slot.nzo_id)));
  const base = cursor ?? (options.firstRunLookbackMs !== null ? lookbackCursor(options.now - options.firstRunLookbackMs) : null);
  const next = advanceCursor(base, fresh, s.lastHistoryUpdate, s.noofslots);
  const floor = next.newestCompleted - LATE_INSERT_MARGIN_S;
  const finished: Recent = fresh.filter((slot) => isFinalHistoryStatus(slot.status)).map((slot) => [slot.nzo_id, slot.completed ?? 0]);
  const kept = [...recent.filter(([id]) => !finished.some(([f]) => f === id)), ...finished].filter(([, completed]) => completed >= floor);
  return clientOk({ changed: true, jobs: fresh.map(sabHistoryJob), total: s.noofslots, requests: s.pagesFetched, cursor: tagged(next, kept) });
}

/** What the poller needs of SABnzbd (SabnzbdClient fits; benchmarks and tests pass simulators). */
export interface SabnzbdReader extends HistoryReader {
  readonly address: string;
  queue(): Promise<SabnzbdResult<SabQueue>>;
}

/** The reading half of the port over a bare SABnzbd reader: its queue and its history, incrementally. */
export function sabnzbdReadingPort(reader: SabnzbdReader, pageSize = 50): Pick<DownloadClientPort, 'kind' | 'address' | 'queue' | 'readNewHistory'> {
  return {
    kind: 'sabnzbd',
    get address() {
      return reader.address;
    },
    async queue() {
      const r = await reader.queue();
      return r.ok ? clientOk({ paused: r.value.paused, jobs: r.value.slots.map(sabQueueJob) }) : r;
    },
    readNewHistory: (cursor, options) => readSabnzbdHistory(reader, cursor, options, pageSize),
  };
}
