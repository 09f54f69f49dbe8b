// What recovery needs from the outside, as small ports: the download client
// (SABnzbd or NZBGet, through the download-client port; see
// sabnzbd/sabnzbd-recovery-port.ts and nzbget/nzbget-recovery-port.ts) and the
// Sonarr/Radarr clients (see arr-gateway.ts). Recovery never reaches a client
// directly; tests may hand in anything with the same shape.
import type { ArrApp, ArrItemRef } from '../../../shared/domain';
import type { GrabRequest, PageRequest, RemoveFromQueueOptions } from '../arr/arr-common-api';
import type { ArrResult } from '../arr/arr-result';
import type { BlocklistRecord, Command, DownloadClientConfig, HistoryRecord, Paged, QueueRecord, Release } from '../arr/arr-schemas';
import type { DownloadClientResult } from '../download-client/download-client-error';
import type { DownloadClientPort } from '../download-client/download-client-port';

/**
 * The download client as recovery (and the audit) use it: the port's calls, plus
 * where a category's jobs are unpacked and how much room is there. Ids are the
 * *arr's downloadIds (SABnzbd: nzo_ids), which every call accepts.
 */
export interface RecoveryDownloadClient
  extends Pick<DownloadClientPort, 'kind' | 'retryKeepsIds' | 'retry' | 'findJobs' | 'removeFromQueue' | 'failureSettings' | 'categories'> {
  /** Free space in the folder jobs of `category` are unpacked to (see FolderSpace). */
  folderSpace(category: string | null): Promise<DownloadClientResult<FolderSpace>>;
}

/** The name recovery's code knew the download client by before NZBGet; the same port. */
export type RecoverySabnzbd = RecoveryDownloadClient;

/** Where a category's jobs are unpacked, and how much room is there. */
export interface FolderSpace {
  /** The folder (SABnzbd's completed-download folder, or the category's own). */
  folder: string | null;
  /** Free bytes there; null when nobody can tell (a category folder elsewhere on a SABnzbd on another computer). */
  freeBytes: number | null;
  /** Who measured it: the download client (SABnzbd's complete folder, NZBGet's DestDir) or this computer (a local client's category folder). */
  measuredBy: 'sabnzbd' | 'nzbget' | 'this_computer' | null;
  /** Free bytes in the client's download (incomplete) folder. */
  downloadFreeBytes: number | null;
}

/** One *arr app seen from recovery: item-level search, grab, history and failed-download handling. */
export interface RecoveryArr {
  readonly app: ArrApp;
  /**
   * Which configured instance this is (settings' arrInstances id): its outages are its own
   * (ServiceOutages keys them by it). Absent, or the app's name, for the first of its app.
   */
  readonly instanceId?: string;
  /** How to name the instance to a person ("Radarr 4K"); the app's label when absent. */
  readonly label?: string;
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
