// What recovery needs from the outside, as small ports: the SABnzbd client and
// the Sonarr/Radarr clients satisfy them (see arr-gateway.ts), tests may hand
// in anything with the same shape.
import type { ArrApp, ArrItemRef } from '../../../shared/domain';
import type { GrabRequest, PageRequest, RemoveFromQueueOptions } from '../arr/arr-common-api';
import type { ArrResult } from '../arr/arr-result';
import type { BlocklistRecord, DownloadClientConfig, HistoryRecord, Paged, QueueRecord, Release } from '../arr/arr-schemas';
import type { SabnzbdClient } from '../sabnzbd/sabnzbd-client';

export type RecoverySabnzbd = Pick<SabnzbdClient, 'retry' | 'queue' | 'history' | 'failureConfig' | 'categories'>;

/** One *arr app seen from recovery: item-level search, grab, history and failed-download handling. */
export interface RecoveryArr {
  readonly app: ArrApp;
  /** Interactive search for the item (Sonarr: its first episode; Radarr: the movie). */
  searchReleases(item: ArrItemRef): Promise<ArrResult<Release[]>>;
  grabRelease(release: GrabRequest): Promise<ArrResult<null>>;
  /** The item's history, newest first. */
  itemHistory(item: ArrItemRef): Promise<ArrResult<HistoryRecord[]>>;
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

export type RecoveryArrs = Partial<Record<ArrApp, RecoveryArr>>;

export interface RecoveryLogger {
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export const silentLogger: RecoveryLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A pause between looks at the *arr's history; real time by default, a test may make it instant. */
export type Pause = (ms: number) => Promise<void>;
export const realPause: Pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref?.());
