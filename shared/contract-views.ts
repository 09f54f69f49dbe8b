// The read models the window shows: plain JSON, times as epoch milliseconds
// (like the DTOs in downloads.ts), so values cross IPC and HTTP unchanged.
import { z } from 'zod';
import { AttemptOutcomeSchema, DownloadRecordSchema, RecoveryAttemptSchema } from './downloads';
import { ArrAppSchema, AuditFindingSchema, FailureKindSchema, StrategySchema } from './domain';
import { LiveEventDataSchema } from './contract-events';
import { EventTypeSchema } from './events';
import { DownloadClientKindSchema, SettingsSchema } from './settings';

const epochMs = z.number();

// ---------- activity log ----------

/** Outcome of the step an activity row records (chosen per event type by the core's event status table). */
export const ACTIVITY_STATUSES = ['info', 'in_progress', 'success', 'warning', 'failed', 'dlq', 'error'] as const;
export const ActivityStatusSchema = z.enum(ACTIVITY_STATUSES);
export type ActivityStatus = z.infer<typeof ActivityStatusSchema>;

/** Failure severities plus `info` for rows that are not a problem (polls, config, recoveries). */
export const ACTIVITY_SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export const ActivitySeveritySchema = z.enum(ACTIVITY_SEVERITIES);
export type ActivitySeverity = z.infer<typeof ActivitySeveritySchema>;

export const ActivityEntrySchema = z.object({
  id: z.number().int(),
  timestamp: epochMs,
  eventId: z.string(),
  eventType: EventTypeSchema,
  source: z.string(),
  status: ActivityStatusSchema,
  severity: ActivitySeveritySchema,
  message: z.string(),
  /** The download's stable nzo_id (DownloadRecord.nzoId), when the row is about one. */
  downloadId: z.string().nullable(),
  application: z.string().nullable(),
  correlationId: z.string(),
  causationId: z.string().nullable(),
  context: z.record(z.string(), z.unknown()),
});
export type ActivityEntry = z.infer<typeof ActivityEntrySchema>;

export const ActivityStatsSchema = z.object({
  total: z.number().int(),
  /** Rows at or after `since` (the call's input; default: last 24 h). */
  since: epochMs,
  recent: z.number().int(),
  byEventType: z.partialRecord(EventTypeSchema, z.number().int()),
  byStatus: z.partialRecord(ActivityStatusSchema, z.number().int()),
  bySeverity: z.partialRecord(ActivitySeveritySchema, z.number().int()),
  bySource: z.record(z.string(), z.number().int()),
  byApplication: z.record(z.string(), z.number().int()),
  oldestAt: epochMs.nullable(),
  newestAt: epochMs.nullable(),
});
export type ActivityStats = z.infer<typeof ActivityStatsSchema>;

/** How a failed download's story ended, as counted per day by the outcome rollup. */
export const DOWNLOAD_OUTCOMES = ['failed', 'recovered', 'dlq'] as const;
export const DownloadOutcomeSchema = z.enum(DOWNLOAD_OUTCOMES);
export type DownloadOutcome = z.infer<typeof DownloadOutcomeSchema>;

/** Times to recover, from the rollup's log-scale histogram: quantiles within 4.4 % (the mean of their bin), the mean exact. */
export const RecoveryTimesSchema = z.object({
  /** Recoveries with a known duration. */
  count: z.number().int(),
  medianMs: z.number().nullable(),
  p90Ms: z.number().nullable(),
  meanMs: z.number().nullable(),
});
export type RecoveryTimes = z.infer<typeof RecoveryTimesSchema>;

export const OutcomeBucketSchema = z.object({
  /** UTC day, YYYY-MM-DD. */
  day: z.string(),
  kind: FailureKindSchema,
  outcome: DownloadOutcomeSchema,
  count: z.number().int(),
});
export type OutcomeBucket = z.infer<typeof OutcomeBucketSchema>;

const outcomeTotals = {
  failed: z.number().int(),
  recovered: z.number().int(),
  dlq: z.number().int(),
  /** recovered / (recovered + dlq); null when nothing finished in the range. */
  recoveryRate: z.number().min(0).max(1).nullable(),
};

/** activity.statsBucketed: the last N UTC days from the outcome rollup, never from the log itself. */
export const BucketedStatsSchema = z.object({
  /** Every UTC day of the range (YYYY-MM-DD), oldest first, today last. */
  days: z.array(z.string()),
  /** Start of the first day, end of the last (exclusive), epoch ms. */
  from: epochMs,
  to: epochMs,
  /** Non-zero counts only. */
  buckets: z.array(OutcomeBucketSchema),
  totals: z.object(outcomeTotals),
  timeToRecover: RecoveryTimesSchema,
  /** Kinds that occur in the range, most failures first. */
  byKind: z.array(z.object({ kind: FailureKindSchema, ...outcomeTotals, medianRecoverMs: z.number().nullable() })),
});
export type BucketedStats = z.infer<typeof BucketedStatsSchema>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}

export const ActivityPageSchema = pageOf(ActivityEntrySchema).extend({
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ActivityPage = z.infer<typeof ActivityPageSchema>;

export const DownloadPageSchema = pageOf(DownloadRecordSchema);
export type DownloadPage = z.infer<typeof DownloadPageSchema>;

export const DownloadTimelineSchema = z.object({
  downloadId: z.string(),
  /** Null when only activity rows exist (e.g. an `ignored` or pruned download). */
  download: DownloadRecordSchema.nullable(),
  attempts: z.array(RecoveryAttemptSchema),
  entries: z.array(ActivityEntrySchema),
});
export type DownloadTimeline = z.infer<typeof DownloadTimelineSchema>;

export const CorrelationTimelineSchema = z.object({
  correlationId: z.string(),
  entries: z.array(ActivityEntrySchema),
});
export type CorrelationTimeline = z.infer<typeof CorrelationTimelineSchema>;

// ---------- monitoring & recovery ----------

export const SERVICE_HEALTH_STATES = ['ok', 'error', 'unconfigured', 'unknown'] as const;
export const ServiceHealthSchema = z.object({
  state: z.enum(SERVICE_HEALTH_STATES),
  message: z.string().nullable(),
  checkedAt: epochMs.nullable(),
  version: z.string().nullable().optional(),
});
export type ServiceHealth = z.infer<typeof ServiceHealthSchema>;

/** One *arr instance (settings' arrInstances) with its health, for the Overview. */
export const ArrInstanceHealthSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['sonarr', 'radarr', 'lidarr', 'readarr']),
  category: z.string(),
  health: ServiceHealthSchema,
});
export type ArrInstanceHealth = z.infer<typeof ArrInstanceHealthSchema>;

export const MonitoringStatusSchema = z.object({
  running: z.boolean(),
  paused: z.boolean(),
  dryRun: z.boolean(),
  intervalSeconds: z.number(),
  lastPollAt: epochMs.nullable(),
  nextPollAt: epochMs.nullable(),
  lastError: z.string().nullable(),
  services: z.object({ sabnzbd: ServiceHealthSchema, sonarr: ServiceHealthSchema, radarr: ServiceHealthSchema, nzbget: ServiceHealthSchema.optional() }),
  /** Every configured *arr instance (the first Sonarr/Radarr included) with its health. */
  instances: z.array(ArrInstanceHealthSchema).optional(),
  /** Download rows per status; `recovered` counts the last 24 h. */
  counts: z.object({
    failed: z.number().int(),
    retrying: z.number().int(),
    awaiting: z.number().int(),
    dlq: z.number().int(),
    recovered: z.number().int(),
    ignored: z.number().int(),
  }),
  /** The chosen download client's queue as of the last poll; null before the first successful poll. */
  queue: z
    .object({ count: z.number().int(), downloading: z.number().int(), paused: z.boolean() })
    .nullable(),
  /** The download client chosen in Settings (absent: SABnzbd). */
  downloadClient: DownloadClientKindSchema.optional(),
});
export type MonitoringStatus = z.infer<typeof MonitoringStatusSchema>;

export const PendingRecoverySchema = z.object({
  nzoId: z.string(),
  name: z.string(),
  strategy: StrategySchema.nullable(),
  attempt: z.number().int(),
  dueAt: epochMs.nullable(),
});
export type PendingRecovery = z.infer<typeof PendingRecoverySchema>;

export const RecoveryStatusSchema = z.object({
  running: z.boolean(),
  dryRun: z.boolean(),
  pending: z.array(PendingRecoverySchema),
  /** strategy → attempt outcome → count; missing keys are zero. */
  countsByStrategyOutcome: z.partialRecord(StrategySchema, z.partialRecord(AttemptOutcomeSchema, z.number().int())),
  /** recovered / (recovered + dlq), null when nothing has finished yet. */
  successRate: z.number().min(0).max(1).nullable(),
});
export type RecoveryStatus = z.infer<typeof RecoveryStatusSchema>;

export const RetryResultSchema = z.object({
  download: DownloadRecordSchema,
  /** True when an attempt was scheduled now; false in dry run. */
  scheduled: z.boolean(),
  message: z.string(),
});
export type RetryResult = z.infer<typeof RetryResultSchema>;

// ---------- settings ----------

export const SecretStorageKindSchema = z.enum(['os-keychain', 'plain-text', 'memory']);
export type SecretStorageKind = z.infer<typeof SecretStorageKindSchema>;

/** What settings.get returns: never an API key, only whether one is set. */
export const SettingsViewSchema = z.object({
  settings: SettingsSchema,
  hasApiKey: z.object({ sabnzbd: z.boolean(), sonarr: z.boolean(), radarr: z.boolean(), /** NZBGet's password is saved. */ nzbget: z.boolean().optional() }),
  /** Whether each *arr instance (by id) has a key saved or set by the environment. */
  hasInstanceApiKey: z.record(z.string(), z.boolean()).optional(),
  /** Dotted keys fixed by environment variables (the view shows them read-only). */
  lockedByEnv: z.array(z.string()),
  secretStorage: SecretStorageKindSchema,
  /** Values from the environment or the settings file that were adjusted (e.g. clamped into range) or ignored at start. */
  warnings: z.array(z.string()).optional(),
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

export const SettingsUpdateResultSchema = SettingsViewSchema.extend({
  /** Dotted paths that changed (`monitoring.pollIntervalSeconds`, `apiKeys.sonarr`); empty = nothing changed. */
  changedKeys: z.array(z.string()),
});
export type SettingsUpdateResult = z.infer<typeof SettingsUpdateResultSchema>;

export const ConnectionServiceSchema = z.enum(['sabnzbd', 'sonarr', 'radarr', 'nzbget', 'lidarr', 'readarr']);
export type ConnectionService = z.infer<typeof ConnectionServiceSchema>;

export const ConnectionTestResultSchema = z.object({
  service: ConnectionServiceSchema,
  /** What answered: "SABnzbd", "Sonarr", "Radarr" (a wrong app on that port is an error). */
  appName: z.string(),
  version: z.string(),
  latencyMs: z.number(),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResultSchema>;

// ---------- audit & app ----------

export const AuditReportSchema = z.object({
  findings: z.array(AuditFindingSchema),
  ranAt: epochMs,
  durationMs: z.number(),
});
export type AuditReport = z.infer<typeof AuditReportSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  demo: z.boolean(),
  dataDir: z.string(),
  secretStorage: SecretStorageKindSchema,
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

// ---------- diagnostics: the event bus ----------

export const BusHandlerSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** What it subscribed to: a type, `prefix.*` or `*`. */
  pattern: z.string(),
  priority: z.number(),
  deliveries: z.number().int(),
  failures: z.number().int(),
  timeouts: z.number().int(),
  lastError: z.string().nullable(),
  lastFailedAt: epochMs.nullable(),
});
export type BusHandler = z.infer<typeof BusHandlerSchema>;

export const BusOverviewSchema = z.object({
  stats: z.object({
    publishedTotal: z.number().int(),
    published: z.partialRecord(EventTypeSchema, z.number().int()),
    deliveries: z.number().int(),
    handlerFailures: z.number().int(),
    handlerTimeouts: z.number().int(),
    subscribers: z.number().int(),
    meanHandlerMs: z.number(),
    deadLetters: z.number().int(),
    historyLength: z.number().int(),
    /** EVENT_BUS_HISTORY_SIZE: how many recent events the bus keeps for this view. */
    historyCapacity: z.number().int(),
  }),
  handlers: z.array(BusHandlerSchema),
});
export type BusOverview = z.infer<typeof BusOverviewSchema>;

export const BusEventListSchema = z.object({
  /** Oldest first, the newest `limit` that match. */
  events: z.array(LiveEventDataSchema),
  historyCapacity: z.number().int(),
});
export type BusEventList = z.infer<typeof BusEventListSchema>;

export const DeadLetterViewSchema = z.object({
  id: z.string(),
  handlerName: z.string(),
  subscriptionId: z.string(),
  error: z.string(),
  /** Deliveries tried: 1 after the failure, +1 per failed replay. */
  attempts: z.number().int(),
  firstFailedAt: epochMs,
  lastFailedAt: epochMs,
  event: LiveEventDataSchema,
});
export type DeadLetterView = z.infer<typeof DeadLetterViewSchema>;

export const ReplayOutcomeSchema = z.object({
  /** Re-delivered to the failed handler only; `failed`/`timed_out` keep the dead letter (attempts + 1). */
  outcome: z.enum(['delivered', 'failed', 'timed_out']),
  message: z.string(),
  deadLetter: DeadLetterViewSchema.nullable(),
});
export type ReplayOutcome = z.infer<typeof ReplayOutcomeSchema>;

// ---------- link-outs ----------

export const DownloadLinksSchema = z.object({
  /** SABnzbd's web interface at the saved URL (it has no page per job: look for `nzoId` there). Null when NZBGet is the chosen client. */
  sabnzbd: z.object({ url: z.string(), nzoId: z.string() }).nullable(),
  /**
   * The chosen download client's web interface (SABnzbd or NZBGet) at the saved URL. Neither has a
   * page per job: look for `jobId` (the *arr's downloadId: SABnzbd's nzo_id, NZBGet's drone id) or `jobName`.
   */
  downloadClient: z
    .object({ kind: DownloadClientKindSchema, name: z.string(), url: z.string(), jobId: z.string(), jobName: z.string() })
    .nullable(),
  /** The series / movie page in Sonarr / Radarr at the saved URL. */
  arr: z.object({ app: ArrAppSchema, url: z.string(), title: z.string().nullable() }).nullable(),
  /** Why a link is missing (not configured, the *arr did not answer…). */
  notes: z.array(z.string()),
});
export type DownloadLinks = z.infer<typeof DownloadLinksSchema>;
