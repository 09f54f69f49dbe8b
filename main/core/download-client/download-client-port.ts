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
  /** The client can run this job again (SABnzbd's `retry` flag; NZBGet can redownload any job in its history). */
  canRetry: boolean;
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

/** Jobs looked up wherever they are, however old: by id (the client's or the *arr's) and/or by name. */
export interface JobLookup {
  /** A job's `id` or its `downloadId`. */
  ids?: readonly string[];
  /** Part of the job's name, any letter case. */
  name?: string;
  /** Most history jobs to answer (newest first). */
  limit?: number;
}

export interface FoundJobs {
  queue: QueueJob[];
  history: HistoryJob[];
}

/** The client's settings that turn single failures into failure loops (what the audit checks). */
export interface FailureSettings {
  /** Stops a job as soon as it cannot complete (SABnzbd "Abort jobs that cannot be completed", NZBGet HealthCheck). */
  abortsHopelessJobs: boolean;
  /** Minutes a fresh post waits before it downloads (both clients call it propagation delay). */
  propagationDelayMinutes: number;
}

export interface DownloadClientPort {
  readonly kind: DownloadClientKind;
  /** The address errors name (never a key or password). */
  readonly address: string;
  /** Retry keeps a job's ids (NZBGet's NZBID and the *arr's downloadId) rather than giving it new ones (SABnzbd). */
  readonly retryKeepsIds: boolean;
  version(): Promise<DownloadClientResult<string>>;
  queue(): Promise<DownloadClientResult<ClientQueue>>;
  /** What is new in the history since `cursor` (null: first read). */
  readNewHistory(cursor: HistoryCursor | null, options: HistoryReadOptions): Promise<DownloadClientResult<HistoryRead>>;
  /** Jobs in the queue and the history by id or name (a replacement, a retried job, an interrupted attempt's). */
  findJobs(lookup: JobLookup): Promise<DownloadClientResult<FoundJobs>>;
  /**
   * Run a failed job again (`id`: its id or its downloadId). Answers the ids it runs under now:
   * SABnzbd gives new ones, NZBGet keeps its NZBID and the *arr's downloadId.
   */
  retry(id: string): Promise<DownloadClientResult<{ id: string; downloadId: string }>>;
  /** Take a job out of the queue (SABnzbd: gone; NZBGet: into history as DELETED/MANUAL). `id`: its id or downloadId. */
  removeFromQueue(id: string, options: { deleteFiles: boolean }): Promise<DownloadClientResult<true>>;
  removeFromHistory(id: string, options: { deleteFiles: boolean }): Promise<DownloadClientResult<true>>;
  failureSettings(): Promise<DownloadClientResult<FailureSettings>>;
  /** Pause / resume downloading of the whole queue. */
  pause(): Promise<DownloadClientResult<true>>;
  resume(): Promise<DownloadClientResult<true>>;
  diskSpace(): Promise<DownloadClientResult<FolderSpace[]>>;
  categories(): Promise<DownloadClientResult<ClientCategory[]>>;
}
