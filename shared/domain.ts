// The vocabulary every process shares. Plain JSON only: ISO strings or epoch
// milliseconds for time, no classes, so values cross IPC and HTTP unchanged.
import { z } from 'zod';

/** What went wrong with a download, as understood from SABnzbd's fail_message. */
export const FAILURE_KINDS = [
  'missing_articles', // incomplete post, not on server, out of retention
  'encrypted', // password-protected or encrypted archive
  'unpack_failed', // CRC, corrupt/unusable RAR, missing volume, file join
  'verification_failed', // par2 repair failed, SFV / RAR verification failed
  'duplicate',
  'disk_full', // disk space or write error
  'file_too_large', // a file bigger than the destination file system allows (FAT32: 4 GB)
  'unwanted_content', // unwanted extension, virus
  'propagation_delay',
  'post_processing_failed', // user script failed, post-processing aborted, pre-queue script
  'fetch_failed', // addurl could not fetch the NZB
  'unknown',
] as const;
export const FailureKindSchema = z.enum(FAILURE_KINDS);
export type FailureKind = z.infer<typeof FailureKindSchema>;

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

/** Which *arr app a download belongs to; `manual` = neither, never acted on through an *arr. */
export const SOURCE_APPS = ['sonarr', 'radarr', 'lidarr', 'readarr', 'manual'] as const;
export const SourceAppSchema = z.enum(SOURCE_APPS);
export type SourceApp = z.infer<typeof SourceAppSchema>;

export const ArrAppSchema = z.enum(['sonarr', 'radarr', 'lidarr', 'readarr']);
export type ArrApp = z.infer<typeof ArrAppSchema>;
/** How an *arr app is named to a person. */
export const ARR_APP_LABEL = { sonarr: 'Sonarr', radarr: 'Radarr', lidarr: 'Lidarr', readarr: 'Readarr' } as const satisfies Record<ArrApp, string>;

export const SERVICES = ['sabnzbd', 'sonarr', 'radarr', 'database', 'notifier', 'core', 'nzbget', 'lidarr', 'readarr'] as const;
export const ServiceNameSchema = z.enum(SERVICES);
export type ServiceName = z.infer<typeof ServiceNameSchema>;

/** The recovery ladder's rungs, plus the *arr's own redownload that we only track. */
export const STRATEGIES = ['retry_download', 'quality_fallback', 'alternative_release', 'arr_redownload'] as const;
export const StrategySchema = z.enum(STRATEGIES);
export type Strategy = z.infer<typeof StrategySchema>;

/** What the classifier recommends doing first. */
export const FIRST_ACTIONS = [
  'alternative_release',
  'blocklist_and_alternative',
  'delayed_retry',
  'retry_download',
  'wait_for_disk_space',
  'record_only',
  'notify_user',
  'needs_attention', // nothing automatic can help: a person must change something first
] as const;
export const FirstActionSchema = z.enum(FIRST_ACTIONS);
export type FirstAction = z.infer<typeof FirstActionSchema>;

/** Lifecycle of one monitored download (one row in download_monitoring). */
export const DOWNLOAD_STATUSES = [
  'failed', // detected, nothing attempted yet
  'retrying', // an attempt is running or scheduled
  'awaiting_replacement', // a replacement was grabbed; waiting for it to complete
  'recovered',
  'dlq', // exhausted: needs a person
  'ignored', // e.g. duplicate: recorded, no action
  'dismissed', // a person said "leave it"
] as const;
export const DownloadStatusSchema = z.enum(DOWNLOAD_STATUSES);
export type DownloadStatus = z.infer<typeof DownloadStatusSchema>;

export const ArrItemRefSchema = z.object({
  seriesId: z.number().int().optional(),
  episodeIds: z.array(z.number().int()).optional(),
  movieId: z.number().int().optional(),
  /** Lidarr: a grab is for one album of one artist. */
  artistId: z.number().int().optional(),
  albumId: z.number().int().optional(),
  /** Readarr: a grab is for one book of one author. */
  authorId: z.number().int().optional(),
  bookId: z.number().int().optional(),
  title: z.string().optional(),
});
export type ArrItemRef = z.infer<typeof ArrItemRefSchema>;

export const ClassificationSchema = z.object({
  kind: FailureKindSchema,
  severity: SeveritySchema,
  retryable: z.boolean(),
  firstAction: FirstActionSchema,
  explanation: z.string(),
});
export type Classification = z.infer<typeof ClassificationSchema>;

export const AuditFindingSchema = z.object({
  id: z.string(),
  service: ServiceNameSchema,
  severity: SeveritySchema,
  title: z.string(),
  detail: z.string(),
  fix: z.string(),
});
export type AuditFinding = z.infer<typeof AuditFindingSchema>;
