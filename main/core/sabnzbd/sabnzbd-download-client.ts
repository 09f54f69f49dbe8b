// SABnzbd behind the download-client port: an adapter over SabnzbdClient.
// History is read incrementally the way the poller reads it today
// (monitoring/history-scan.ts: last_history_update, then pages down to the
// first job already read); the cursor is that scan's cursor, tagged.
import { advanceCursor, HistoryCursorSchema, lookbackCursor, type HistoryCursor as SabHistoryCursor } from '../monitoring/history-cursor';
import { scanNewHistory } from '../monitoring/history-scan';
import { classifyFailure } from '../monitoring/failure-classifier';
import { clientOk, type DownloadClientResult } from '../download-client/download-client-error';
import type {
  ClientCategory,
  ClientQueue,
  DownloadClientPort,
  FolderSpace,
  HistoryCursor,
  HistoryJob,
  HistoryRead,
  HistoryReadOptions,
  QueueJobState,
} from '../download-client/download-client-port';
import type { SabnzbdClient } from './sabnzbd-client';
import type { SabHistorySlot, SabQueueSlot } from './sabnzbd-schemas';

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

function queueJob(s: SabQueueSlot) {
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
    finishedAt: outcome === 'post_processing' || !s.completed ? null : s.completed * 1000,
    sizeBytes: s.bytes,
    path: s.storage,
  };
}

function tagged(cursor: SabHistoryCursor): HistoryCursor {
  return { client: 'sabnzbd', ...cursor };
}

function untagged(raw: HistoryCursor | null): SabHistoryCursor | null {
  if (raw === null || raw.client !== 'sabnzbd') return null;
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
    return r.ok ? clientOk({ paused: r.value.paused, jobs: r.value.slots.map(queueJob) }) : r;
  }

  async readNewHistory(raw: HistoryCursor | null, options: HistoryReadOptions): Promise<DownloadClientResult<HistoryRead>> {
    const cursor = untagged(raw);
    const scan = await scanNewHistory(this.client, cursor, {
      pageSize: this.options.pageSize ?? 50,
      now: options.now,
      firstRunLookbackMs: options.firstRunLookbackMs,
    });
    if (!scan.ok) return scan;
    const s = scan.value;
    if (!s.changed) {
      // Unchanged only comes back with a cursor (last_history_update was sent).
      return clientOk({ changed: false, requests: s.pagesFetched, cursor: raw ?? tagged(lookbackCursor(options.now)) });
    }
    const base = cursor ?? (options.firstRunLookbackMs !== null ? lookbackCursor(options.now - options.firstRunLookbackMs) : null);
    const next = advanceCursor(base, s.slots, s.lastHistoryUpdate, s.noofslots);
    return clientOk({ changed: true, jobs: s.slots.map(sabHistoryJob), total: s.noofslots, requests: s.pagesFetched, cursor: tagged(next) });
  }

  async retry(id: string): Promise<DownloadClientResult<{ id: string }>> {
    const r = await this.client.retry(id);
    return r.ok ? clientOk({ id: r.value }) : r;
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
