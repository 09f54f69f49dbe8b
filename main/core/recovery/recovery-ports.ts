// What recovery needs from the outside, as small ports: the download client
// (SABnzbd today, see sabnzbd/sabnzbd-recovery-port.ts) and the Sonarr/Radarr
// clients (see arr-gateway.ts). Recovery never reaches a client directly, so
// another download client plugs in behind RecoverySabnzbd; tests may hand in
// anything with the same shape.
import type { ArrApp, ArrItemRef } from '../../../shared/domain';
import type { GrabRequest, PageRequest, RemoveFromQueueOptions } from '../arr/arr-common-api';
import type { ArrResult } from '../arr/arr-result';
import type { BlocklistRecord, Command, DownloadClientConfig, HistoryRecord, Paged, QueueRecord, Release } from '../arr/arr-schemas';
import type { HistoryQuery, QueueQuery } from '../sabnzbd/sabnzbd-client';
import type { SabnzbdResult } from '../sabnzbd/sabnzbd-error';
import type { SabFailureConfig, SabHistory, SabQueue } from '../sabnzbd/sabnzbd-schemas';

/** The download client as recovery (and the audit) use it. */
export interface RecoverySabnzbd {
  /** Re-queue a failed job; answers the retried job's NEW id. */
  retry(nzoId: string): Promise<SabnzbdResult<string>>;
  /** The download queue (`nzoIds` / `search` narrow it to those jobs). */
  queue(query?: QueueQuery): Promise<SabnzbdResult<SabQueue>>;
  /** History, newest first (`nzoIds` / `search` narrow it); null when nothing changed since `lastHistoryUpdate`. */
  history(query?: HistoryQuery): Promise<SabnzbdResult<SabHistory | null>>;
  /** Take a job out of the download queue (a replacement given up on, or the second of two grabs). */
  deleteFromQueue(nzoId: string, options: { deleteFiles: boolean }): Promise<SabnzbdResult<true>>;
  /** Free space in the folder jobs of `category` are unpacked to (see FolderSpace). */
  folderSpace(category: string | null): Promise<SabnzbdResult<FolderSpace>>;
  failureConfig(): Promise<SabnzbdResult<SabFailureConfig>>;
  categories(): Promise<SabnzbdResult<string[]>>;
}

/** Where a category's jobs are unpacked, and how much room is there. */
export interface FolderSpace {
  /** The folder (SABnzbd's completed-download folder, or the category's own). */
  folder: string | null;
  /** Free bytes there; null when nobody can tell (a category folder elsewhere on a SABnzbd on another computer). */
  freeBytes: number | null;
  /** Who measured it: SABnzbd (its complete folder) or this computer (a local SABnzbd's category folder). */
  measuredBy: 'sabnzbd' | 'this_computer' | null;
  /** Free bytes in SABnzbd's download (incomplete) folder. */
  downloadFreeBytes: number | null;
}

/** One *arr app seen from recovery: item-level search, grab, history and failed-download handling. */
export interface RecoveryArr {
  readonly app: ArrApp;
  /** Interactive search for the item (Sonarr: its first episode; Radarr: the movie). */
  searchReleases(item: ArrItemRef): Promise<ArrResult<Release[]>>;
  grabRelease(release: GrabRequest): Promise<ArrResult<null>>;
  /** The item's history, newest first. */
  itemHistory(item: ArrItemRef): Promise<ArrResult<HistoryRecord[]>>;
  /** The app's download queue entries for the item. */
  itemQueue(item: ArrItemRef): Promise<ArrResult<QueueRecord[]>>;
  /** The app's command queue (queued, running and recently finished commands, all items). */
  commands(): Promise<ArrResult<Command[]>>;
  findQueueItemByDownloadId(downloadId: string): Promise<ArrResult<QueueRecord | null>>;
  removeFromQueue(id: number, opts: RemoveFromQueueOptions): Promise<ArrResult<null>>;
  blocklistPage(req?: PageRequest): Promise<ArrResult<Paged<BlocklistRecord>>>;
  downloadClientConfig(): Promise<ArrResult<DownloadClientConfig>>;
  /** Every monitored item the app is missing (wanted/missing, all pages). */
  missingItems(): Promise<ArrResult<MissingItem[]>>;
  /** Which item a download (its SABnzbd nzo_id) belongs to: null when the app does not know it. */
  itemByDownloadId(nzoId: string): Promise<ArrResult<ArrItemRef | null>>;
}

/** One entry of an *arr's wanted/missing list: an episode (Sonarr) or a movie (Radarr). */
export interface MissingItem {
  itemId: number;
  title: string;
  seriesId: number | null;
  movieId: number | null;
}

/**
 * The first configured Sonarr and Radarr under their app's name, and every
 * configured instance (the first ones included) by its settings id, so a
 * download recorded for "Radarr 4K" is recovered through that one only
 * (arr-of-download.ts).
 */
export type RecoveryArrs = Partial<Record<ArrApp, RecoveryArr>> & {
  readonly instances?: Readonly<Record<string, RecoveryArr>>;
};

export interface RecoveryLogger {
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export const silentLogger: RecoveryLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A pause between looks at the *arr's history; real time by default, a test may make it instant. */
export type Pause = (ms: number) => Promise<void>;
export const realPause: Pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref?.());
