// The live event push, shaped like the seed's WebSocket message so its
// consumers keep working: {type:'event', data:{event_type, payload,
// correlation_id, timestamp, timestamp_iso}} plus event and causation ids.
// `timestamp` is epoch SECONDS as a float (the seed's Python time.time());
// `timestamp_iso` is the same instant as an ISO-8601 UTC string.
// Pushes travel in batches with a per-connection sequence number: a gap in
// `seq`, or `resync: true`, means events were dropped and the window must
// re-fetch its views instead of applying the batch incrementally.
import { z } from 'zod';
import { EventPayloadSchemas, EventTypeSchema, type AnyBusEvent } from './events';

export const LiveEventDataSchema = z
  .object({
    event_id: z.string(),
    event_type: EventTypeSchema,
    payload: z.unknown(),
    source: z.string(),
    correlation_id: z.string(),
    causation_id: z.string().nullable(),
    timestamp: z.number(),
    timestamp_iso: z.string(),
  })
  .superRefine((ev, ctx) => {
    const r = EventPayloadSchemas[ev.event_type].safeParse(ev.payload);
    if (!r.success) ctx.addIssue({ code: 'custom', message: `payload of ${ev.event_type}: ${r.error.message}` });
  });
export type LiveEventData = z.infer<typeof LiveEventDataSchema>;

export const LiveEventMessageSchema = z.object({ type: z.literal('event'), data: LiveEventDataSchema });
export type LiveEventMessage = z.infer<typeof LiveEventMessageSchema>;

export const EventBatchSchema = z.object({
  type: z.literal('batch'),
  /** 1, 2, 3… per subscriber; restarts at 1 on a new connection. */
  seq: z.number().int().min(1),
  /** True when events were dropped before this batch (window hidden, queue overflow): re-fetch. */
  resync: z.boolean(),
  events: z.array(LiveEventDataSchema),
});
export type EventBatch = z.infer<typeof EventBatchSchema>;

/** Every message the server pushes over the WebSocket / the IPC event channel. */
export const ServerPushSchema = z.discriminatedUnion('type', [EventBatchSchema, LiveEventMessageSchema]);
export type ServerPush = z.infer<typeof ServerPushSchema>;

export function toLiveEvent(event: AnyBusEvent): LiveEventData {
  return {
    event_id: event.id,
    event_type: event.type,
    payload: event.payload,
    source: event.source,
    correlation_id: event.correlationId,
    causation_id: event.causationId,
    timestamp: event.timestamp / 1000,
    timestamp_iso: new Date(event.timestamp).toISOString(),
  };
}

export type Unsubscribe = () => void;

/** How the window listens to pushes, whatever the transport (IPC or WebSocket). */
export interface EventStream {
  subscribe(listener: (batch: EventBatch) => void): Unsubscribe;
}

/**
 * What a browser window may send over the WebSocket besides the text `ping`
 * (answered with the text `pong`): whether it is visible, so a hidden tab gets
 * nothing queued and a resync when it comes back.
 */
export const ClientMessageSchema = z.object({ type: z.literal('visibility'), visible: z.boolean() });
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

/** IPC channel the main process sends batches on (window side: ipcRenderer.on). */
export const EVENT_PUSH_CHANNEL = 'events.batch';
