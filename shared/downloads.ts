// A monitored download as the window and the contract see it (plain JSON).
import { z } from 'zod';
import {
  ArrAppSchema,
  ArrItemRefSchema,
  DownloadStatusSchema,
  FailureKindSchema,
  SeveritySchema,
  SourceAppSchema,
  StrategySchema,
} from './domain';

/** A service whose outage a download's next step can wait for: the download client or an *arr app. */
export const DeferralServiceSchema = z.enum(['sabnzbd', 'nzbget', ...ArrAppSchema.options]);
export type DeferralService = z.infer<typeof DeferralServiceSchema>;

export const AttemptOutcomeSchema = z.enum([
  'started', // running now (or the process died while it ran: see recovery)
  'waiting', // the action was sent; waiting for the replacement to complete
  'succeeded', // the replacement really completed
  'failed',
  'skipped', // dry run, or nothing to do
  'deferred', // Sonarr/Radarr/SABnzbd did not answer before anything was sent: the step runs again, no attempt used
]);
export type AttemptOutcome = z.infer<typeof AttemptOutcomeSchema>;

export const RecoveryAttemptSchema = z.object({
  attempt: z.number().int(),
  strategy: StrategySchema,
  outcome: AttemptOutcomeSchema,
  manual: z.boolean(),
  dryRun: z.boolean(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  error: z.string().nullable(),
  /** SABnzbd job before and after (retry gives a NEW nzo_id; a grab starts a new job). */
  oldNzoId: z.string().nullable(),
  newNzoId: z.string().nullable(),
  releaseGuid: z.string().nullable(),
  releaseTitle: z.string().nullable(),
  quality: z.string().nullable(),
  /** The request that acts (grab, retry) got no answer: it may have been sent, so it is looked up before anything is sent again. */
  unconfirmed: z.boolean().optional(),
});
export type RecoveryAttempt = z.infer<typeof RecoveryAttemptSchema>;

export const DownloadRecordSchema = z.object({
  id: z.number().int(),
  /** The nzo_id of the FIRST failed job: the download's stable identity. */
  nzoId: z.string(),
  /** The SABnzbd job currently being watched (after a retry or a replacement grab). */
  trackedNzoId: z.string().nullable(),
  name: z.string(),
  category: z.string().nullable(),
  sourceApp: SourceAppSchema,
  item: ArrItemRefSchema.nullable(),
  status: DownloadStatusSchema,
  kind: FailureKindSchema,
  severity: SeveritySchema,
  failMessage: z.string(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  currentStrategy: StrategySchema.nullable(),
  nextAttemptAt: z.number().nullable(),
  lastError: z.string().nullable(),
  /** The service whose outage the scheduled step waits for; it runs as soon as that service answers again. */
  deferredBy: DeferralServiceSchema.nullable().optional(),
  inDlq: z.boolean(),
  dlqReason: z.string().nullable(),
  correlationId: z.string(),
  qualitiesTried: z.array(z.string()),
  releasesTried: z.array(z.string()),
  createdAt: z.number(),
  updatedAt: z.number(),
  recoveredAt: z.number().nullable(),
  metadata: z.record(z.string(), z.unknown()),
});
export type DownloadRecord = z.infer<typeof DownloadRecordSchema>;
