// Every call the window makes, one object keyed by call name, each with a zod
// input and output schema. The IPC binding, the HTTP binding (browser mode),
// the preload and the renderer's api adapters are all derived from this object,
// so a call exists in one place only. Inputs are validated where they arrive;
// every call answers Result<output> (see contract-result.ts).
import { z } from 'zod';
import { FailureKindSchema, SourceAppSchema } from './domain';
import { DownloadRecordSchema } from './downloads';
import { EventTypeSchema } from './events';
import { SettingsPatchSchema } from './settings';
import type { Result } from './contract-result';
import {
  ActivityPageSchema,
  ActivitySeveritySchema,
  ActivityStatsSchema,
  ActivityStatusSchema,
  AppInfoSchema,
  AuditReportSchema,
  BucketedStatsSchema,
  BusEventListSchema,
  BusOverviewSchema,
  DeadLetterViewSchema,
  DownloadLinksSchema,
  ReplayOutcomeSchema,
  ConnectionServiceSchema,
  ConnectionTestResultSchema,
  CorrelationTimelineSchema,
  DownloadPageSchema,
  DownloadTimelineSchema,
  MonitoringStatusSchema,
  RecoveryStatusSchema,
  RetryResultSchema,
  SettingsUpdateResultSchema,
  SettingsViewSchema,
} from './contract-views';
import { WebhookTestInputSchema, WebhookTestResultSchema, WebhooksSaveInputSchema, WebhooksViewSchema } from './contract-webhooks';

export * from './contract-result';
export * from './contract-views';
export * from './contract-events';
export * from './contract-routes';
export * from './contract-webhooks';

const NoInput = z.object({});
const nzoId = z.string().trim().min(1, 'nzo_id is required').max(200);

export const FailedDownloadsInputSchema = z.object({
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).default(0),
  /** The seed's `exclude_dlq`: hide rows already parked in the dead-letter queue. */
  excludeDlq: z.boolean().default(false),
  kind: FailureKindSchema.optional(),
  app: SourceAppSchema.optional(),
});

export const ActivityQueryInputSchema = z
  .object({
    eventType: EventTypeSchema.optional(),
    source: z.string().optional(),
    status: ActivityStatusSchema.optional(),
    downloadId: z.string().optional(),
    application: z.string().optional(),
    severity: ActivitySeveritySchema.optional(),
    /** Epoch ms, inclusive. */
    since: z.number().optional(),
    /** Epoch ms, inclusive. */
    until: z.number().optional(),
    /** Case-insensitive substring of the message. */
    text: z.string().max(200).optional(),
    /** 1-based. */
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(500).default(50),
  })
  .refine((q) => q.since === undefined || q.until === undefined || q.since <= q.until, {
    message: 'since must not be after until',
    path: ['since'],
  });

function call<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string) {
  return { input, output, summary };
}

export const CONTRACT = {
  'app.info': call(NoInput, AppInfoSchema, 'Version, mode, data dir, secret storage'),
  'monitoring.status': call(NoInput, MonitoringStatusSchema, 'Poller state, service health and counts'),
  'monitoring.pollNow': call(NoInput, MonitoringStatusSchema, 'Poll SABnzbd now; answers the status after the poll'),
  'monitoring.pause': call(NoInput, MonitoringStatusSchema, 'Stop polling until resumed'),
  'monitoring.resume': call(NoInput, MonitoringStatusSchema, 'Start polling again'),
  'recovery.status': call(NoInput, RecoveryStatusSchema, 'Pending attempts, outcome counts, success rate'),
  'downloads.failed': call(FailedDownloadsInputSchema, DownloadPageSchema, 'Failed downloads, newest first'),
  'downloads.dlq': call(
    z.object({ limit: z.number().int().min(1).max(500).default(50), offset: z.number().int().min(0).default(0) }),
    DownloadPageSchema,
    'Dead-letter queue',
  ),
  'downloads.retry': call(z.object({ nzoId }), RetryResultSchema, 'Manual retry (also out of the DLQ)'),
  'downloads.retryAll': call(
    NoInput,
    z.object({ started: z.number().int(), refused: z.number().int(), message: z.string() }),
    'Retry every failed download now (tray: Retry all failed)',
  ),
  'downloads.dismiss': call(z.object({ nzoId }), DownloadRecordSchema, 'Mark a failure as "leave it"'),
  'downloads.timeline': call(
    z.object({ downloadId: z.string().trim().min(1) }),
    DownloadTimelineSchema,
    'A download with its attempts and activity rows',
  ),
  'activity.query': call(ActivityQueryInputSchema, ActivityPageSchema, 'Filtered, paged activity log'),
  'activity.correlation': call(
    z.object({ correlationId: z.string().trim().min(1) }),
    CorrelationTimelineSchema,
    'Every row of one correlation, oldest first',
  ),
  'activity.stats': call(
    z.object({ since: z.number().optional() }),
    ActivityStatsSchema,
    'Counts by type, status, severity, source',
  ),
  'activity.statsBucketed': call(
    z.object({ days: z.number().int().min(1).max(366).default(14) }),
    BucketedStatsSchema,
    'Failures, recoveries and needs-attention per UTC day and kind for the last N days, with recovery rate and time to recover (from the daily rollup)',
  ),
  'settings.get': call(NoInput, SettingsViewSchema, 'Settings without secrets'),
  'settings.update': call(SettingsPatchSchema, SettingsUpdateResultSchema, 'Apply a patch; emits config.applied'),
  'settings.testConnection': call(
    z.object({
      service: ConnectionServiceSchema,
      /** An *arr instance (settings' arrInstances id): its saved address and key, or the form's; `service` is its kind. */
      instanceId: z.string().optional(),
      /** Test these instead of the saved ones (the Settings form before saving). */
      url: z.string().optional(),
      apiKey: z.string().optional(),
      /** NZBGet only: the username to test with (its password travels as `apiKey`). */
      username: z.string().optional(),
    }),
    ConnectionTestResultSchema,
    'Reach SABnzbd/NZBGet/Sonarr/Radarr/Lidarr/Readarr and report app name + version',
  ),
  'audit.run': call(NoInput, AuditReportSchema, 'Check the stack configuration'),
  'downloads.links': call(
    z.object({ nzoId }),
    DownloadLinksSchema,
    "Where to open a download: its item in Sonarr/Radarr and the chosen download client (SABnzbd or NZBGet), at the saved URLs",
  ),
  'diagnostics.events': call(
    z.object({
      type: EventTypeSchema.optional(),
      correlationId: z.string().trim().min(1).max(200).optional(),
      limit: z.number().int().min(1).max(5000).default(200),
    }),
    BusEventListSchema,
    "The bus's recent events (its history ring), filtered by type and correlation",
  ),
  'diagnostics.bus': call(NoInput, BusOverviewSchema, 'Bus counters and every handler with its deliveries and failures'),
  'diagnostics.deadLetters': call(NoInput, z.object({ items: z.array(DeadLetterViewSchema) }), 'Handler deliveries that failed, oldest first'),
  'diagnostics.replay': call(
    z.object({ id: z.string().trim().min(1).max(200) }),
    ReplayOutcomeSchema,
    'Deliver a dead letter again to the handler that failed it, and only to it',
  ),
  'webhooks.get': call(NoInput, WebhooksViewSchema, 'Webhook targets with delivery status, never their URLs'),
  'webhooks.save': call(WebhooksSaveInputSchema, WebhooksViewSchema, 'Replace the webhook targets; URLs go to the secret store'),
  'webhooks.test': call(WebhookTestInputSchema, WebhookTestResultSchema, 'Send one test notification to a webhook (saved or typed), no retries'),
} as const;

export type Contract = typeof CONTRACT;
export type CallName = keyof Contract;
export const CONTRACT_CALLS = Object.keys(CONTRACT) as [CallName, ...CallName[]];
export const CallNameSchema = z.enum(CONTRACT_CALLS);

/** What a caller passes (defaults may be omitted). */
export type In<K extends CallName> = z.input<Contract[K]['input']>;
/** What a handler receives after validation (defaults filled in). */
export type ParsedIn<K extends CallName> = z.output<Contract[K]['input']>;
export type Out<K extends CallName> = z.output<Contract[K]['output']>;

/** The window's view of the core: one async function per call, errors as values. */
export type ContractApi = { [K in CallName]: (input: In<K>) => Promise<Result<Out<K>>> };

/** The core's side: handlers get validated input; they may answer synchronously. */
export type ContractHandlers = {
  [K in CallName]: (input: ParsedIn<K>) => Promise<Result<Out<K>>> | Result<Out<K>>;
};

export function isCallName(value: unknown): value is CallName {
  return typeof value === 'string' && Object.hasOwn(CONTRACT, value);
}
