// One download client as the rest of the core sees it, whichever it is
// (SABnzbd or NZBGet): its queue, what is new in its history, retry, delete,
// pause/resume, free space per folder, categories, version. Each client keeps
// its own words in `status`; everything else is in one vocabulary, and a
// failed job already carries its classification (the same failure kinds for
// both clients, see monitoring/failure-classifier.ts and
// nzbget/nzbget-failure-table.ts).
//
// Ids: `id` is the client's own id of the job (SABnzbd nzo_id, NZBGet NZBID),
// the one retry/delete take. `downloadId` is what Sonarr/Radarr report for the
// job in their queue and history: the nzo_id for SABnzbd; for NZBGet the
// `drone` parameter the *arr put on the NZB when it sent it, else the NZBID.
import type { Classification } from '../../../shared/domain';
import type { DownloadClientResult } from './download-client-error';

export type DownloadClientKind = 'sabnzbd' | 'nzbget';

/** Where a queued job is, in one vocabulary (the client's own word is in `status`). */
export type QueueJobState = 'queued' | 'downloading' | 'paused' | 'fetching' | 'post_processing';

export interface QueueJob {
  id: string;
  downloadId: string;
  name: string;
  category: string | null;
  /** The client's own word: SABnzbd "Downloading", NZBGet "DOWNLOADING", "UNPACKING"… */
  status: string;
  state: QueueJobState;
  sizeBytes: number | null;
  remainingBytes: number | null;
}

export interface ClientQueue {
  /** The whole queue is paused (pause()). */
  paused: boolean;
  jobs: QueueJob[];
}

/** A job the client has finished with (SABnzbd: also one still in post-processing). */
export interface HistoryJob {
  id: string;
  downloadId: string;
  name: string;
  category: string | null;
  /** The client's own status: SABnzbd "Failed", NZBGet "FAILURE/HEALTH"… */
  status: string;
  outcome: 'completed' | 'failed' | 'deleted' | 'post_processing';
  /** The reason in one line (SABnzbd's fail_message; for NZBGet read from its status fields). '' unless failed. */
  failMessage: string;
  /** Set exactly when outcome is 'failed'. */
  classification: Classification | null;
  /** Epoch ms when it left the client's processing; null while still in it. */
  finishedAt: number | null;
  sizeBytes: number | null;
  /** Where its files are (or were to go), as the client's machine sees it. */
  path: string | null;
}

/**
 * The state of an incremental history read, kept by the caller between polls
 * (and across restarts: plain JSON). Opaque: only the client that wrote it reads it.
 */
export type HistoryCursor = { readonly client: DownloadClientKind; readonly [key: string]: unknown };

export interface HistoryReadOptions {
  /** Epoch ms (the caller's clock). */
  now: number;
  /** First read only (no cursor): finished jobs older than this count as already read. null: read them all. */
  firstRunLookbackMs: number | null;
  /** This poll's queue when the caller already has it: a client may use it to skip the history read. */
  queue?: ClientQueue;
}

export type HistoryRead =
  | { changed: false; requests: number; cursor: HistoryCursor }
  | {
      changed: true;
      /** Jobs not read before (finished ones, and any still in post-processing), newest first. */
      jobs: HistoryJob[];
      /** How many jobs the client's history holds now. */
      total: number;
      requests: number;
      /** Save this once the jobs are processed; hand it back on the next read. */
      cursor: HistoryCursor;
    };

export type FolderRole = 'incomplete' | 'complete' | 'category';

export interface FolderSpace {
  role: FolderRole;
  /** The category, for role 'category'. */
  category: string | null;
  path: string | null;
  /** null: the client does not measure this folder (NZBGet 21 measures only DestDir). */
  freeBytes: number | null;
}

export interface ClientCategory {
  name: string;
  /** The folder finished jobs of this category go to, when the client says. */
  path: string | null;
}

export interface DownloadClientPort {
  readonly kind: DownloadClientKind;
  /** The address errors name (never a key or password). */
  readonly address: string;
  version(): Promise<DownloadClientResult<string>>;
  queue(): Promise<DownloadClientResult<ClientQueue>>;
  /** What is new in the history since `cursor` (null: first read). */
  readNewHistory(cursor: HistoryCursor | null, options: HistoryReadOptions): Promise<DownloadClientResult<HistoryRead>>;
  /** Run a failed job again. Answers the id it runs under now: SABnzbd gives a new one, NZBGet keeps its NZBID. */
  retry(id: string): Promise<DownloadClientResult<{ id: string }>>;
  /** Take a job out of the queue (SABnzbd: gone; NZBGet: into history as DELETED/MANUAL). */
  removeFromQueue(id: string, options: { deleteFiles: boolean }): Promise<DownloadClientResult<true>>;
  removeFromHistory(id: string, options: { deleteFiles: boolean }): Promise<DownloadClientResult<true>>;
  /** Pause / resume downloading of the whole queue. */
  pause(): Promise<DownloadClientResult<true>>;
  resume(): Promise<DownloadClientResult<true>>;
  diskSpace(): Promise<DownloadClientResult<FolderSpace[]>>;
  categories(): Promise<DownloadClientResult<ClientCategory[]>>;
}
