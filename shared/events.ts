// The seed's 16 event types and their payloads: one discriminated union that
// the bus, the activity log, the contract and the window all agree on.
// Payload schemas are zod so that events can be validated where they cross a
// process boundary (IPC, WebSocket) and rejected at run time when unknown.
import { z } from 'zod';
import {
  ArrAppSchema,
  ArrItemRefSchema,
  AuditFindingSchema,
  FailureKindSchema,
  SeveritySchema,
  SourceAppSchema,
  ServiceNameSchema,
  StrategySchema,
} from './domain';

export const EventType = {
  DownloadFailed: 'download.failed',
  DownloadRecovered: 'download.recovered',
  DownloadRetryStarted: 'download.retry_started',
  DownloadRetryFailed: 'download.retry_failed',
  DownloadMovedToDlq: 'download.moved_to_dlq',
  QueuePolled: 'queue.polled',
  QueueStateChanged: 'queue.state_changed',
  WantedItemDetected: 'wanted.item_detected',
  WantedItemResolved: 'wanted.item_resolved',
  ConfigApplied: 'config.applied',
  AuditStarted: 'audit.started',
  AuditCompleted: 'audit.completed',
  AuditFailed: 'audit.failed',
  MonitoringStarted: 'monitoring.started',
  MonitoringStopped: 'monitoring.stopped',
  ServiceError: 'service.error',
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];
export const EVENT_TYPES = Object.values(EventType) as [EventType, ...EventType[]];
export const EventTypeSchema = z.enum(EVENT_TYPES);
export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

export const EventPayloadSchemas = {
  'download.failed': z.object({
    nzoId: z.string(),
    name: z.string(),
    category: z.string().nullable(),
    failMessage: z.string(),
    kind: FailureKindSchema,
    severity: SeveritySchema,
    retryable: z.boolean(),
    explanation: z.string(),
    sourceApp: SourceAppSchema,
    item: ArrItemRefSchema.nullable(),
    sizeBytes: z.number().nullable(),
    /** Set when this failure is a replacement of an earlier one (same correlation). */
    replacesNzoId: z.string().nullable().optional(),
  }),
  'download.recovered': z.object({
    nzoId: z.string(),
    /** The nzo_id of the download that completed (after retry or a replacement grab). */
    completedNzoId: z.string(),
    name: z.string(),
    strategy: StrategySchema,
    attempts: z.number().int(),
    durationMs: z.number(),
    via: z.enum(['sabnzbd', ...ArrAppSchema.options]),
  }),
  'download.retry_started': z.object({
    nzoId: z.string(),
    name: z.string(),
    attempt: z.number().int(),
    maxAttempts: z.number().int(),
    strategy: StrategySchema,
    manual: z.boolean(),
    dryRun: z.boolean(),
  }),
  'download.retry_failed': z.object({
    nzoId: z.string(),
    name: z.string(),
    attempt: z.number().int(),
    strategy: StrategySchema,
    error: z.string(),
    willRetry: z.boolean(),
    nextAttemptAt: z.number().nullable(),
  }),
  'download.moved_to_dlq': z.object({
    nzoId: z.string(),
    name: z.string(),
    reason: z.string(),
    attempts: z.number().int(),
    strategiesTried: z.array(StrategySchema),
  }),
  'queue.polled': z.object({
    queueCount: z.number().int(),
    historyCount: z.number().int(),
    newFailures: z.number().int(),
    downloading: z.number().int(),
    paused: z.boolean(),
    durationMs: z.number(),
    historyChanged: z.boolean(),
    /** Which download client was polled (absent in events from before NZBGet: SABnzbd). */
    client: z.enum(['sabnzbd', 'nzbget']).optional(),
  }),
  'queue.state_changed': z.object({
    nzoId: z.string(),
    name: z.string(),
    from: z.string().nullable(),
    to: z.string(),
    /** True when the stall watch reports a Downloading job whose remaining size has not moved. */
    stalled: z.boolean().optional(),
    stalledForMs: z.number().optional(),
    /** Why recovery changed the job itself (e.g. took the second of two grabs out of SABnzbd's queue, and which one it kept). */
    note: z.string().optional(),
  }),
  'wanted.item_detected': z.object({
    app: ArrAppSchema,
    itemId: z.number().int(),
    title: z.string(),
    seriesId: z.number().int().nullable().optional(),
    movieId: z.number().int().nullable().optional(),
  }),
  'wanted.item_resolved': z.object({
    app: ArrAppSchema,
    itemId: z.number().int(),
    title: z.string(),
  }),
  'config.applied': z.object({
    changedKeys: z.array(z.string()),
    /** At start: environment or settings-file values adjusted into range or ignored, one line each. */
    warnings: z.array(z.string()).optional(),
  }),
  'audit.started': z.object({
    trigger: z.enum(['startup', 'manual', 'schedule']),
  }),
  'audit.completed': z.object({
    findings: z.array(AuditFindingSchema),
    durationMs: z.number(),
  }),
  'audit.failed': z.object({
    error: z.string(),
  }),
  'monitoring.started': z.object({
    intervalSeconds: z.number(),
  }),
  'monitoring.stopped': z.object({
    reason: z.enum(['paused', 'shutdown', 'error']),
  }),
  'service.error': z.object({
    service: ServiceNameSchema,
    code: z.string(),
    message: z.string(),
    consecutiveFailures: z.number().int(),
    /** True on the notice that a service answers again after errors. */
    recovered: z.boolean(),
    nextRetryAt: z.number().nullable().optional(),
    /**
     * The *arr instance (settings' arrInstances id) when it is not the first of its kind: "Radarr 4K"
     * down is `{ service: 'radarr', instance: 'radarr-2' }`, never the first Radarr's outage.
     */
    instance: z.string().min(1).optional(),
  }),
} as const satisfies Record<EventType, z.ZodTypeAny>;

export type EventPayloadMap = { [K in EventType]: z.infer<(typeof EventPayloadSchemas)[K]> };
export type EventPayload<K extends EventType = EventType> = EventPayloadMap[K];

/** One event as it travels the bus and is stored: the envelope plus a typed payload. */
export interface BusEvent<K extends EventType = EventType> {
  readonly id: string;
  readonly type: K;
  readonly payload: Readonly<EventPayloadMap[K]>;
  readonly source: string;
  /** Epoch milliseconds, from the injected clock. */
  readonly timestamp: number;
  readonly correlationId: string;
  readonly causationId: string | null;
}

/** The discriminated union of every concrete event. */
export type AnyBusEvent = { [K in EventType]: BusEvent<K> }[EventType];

export const BusEventSchema = z
  .object({
    id: z.string().min(1),
    type: EventTypeSchema,
    payload: z.unknown(),
    source: z.string(),
    timestamp: z.number(),
    correlationId: z.string().min(1),
    causationId: z.string().nullable(),
  })
  .superRefine((ev, ctx) => {
    const r = EventPayloadSchemas[ev.type].safeParse(ev.payload);
    if (!r.success) ctx.addIssue({ code: 'custom', message: `payload of ${ev.type}: ${r.error.message}` });
  });

export function parseBusEvent(value: unknown): AnyBusEvent {
  return BusEventSchema.parse(value) as AnyBusEvent;
}
