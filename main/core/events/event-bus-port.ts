// The bus as the rest of the core sees it. Services depend on this interface,
// not on the implementation, so a test can hand them a recording bus.
import type { AnyBusEvent, BusEvent, EventPayloadMap, EventType } from '../../../shared/events';

export interface PublishOptions {
  source?: string;
  /** Generated when missing: one correlation id per download lifecycle. */
  correlationId?: string;
  causationId?: string | null;
}

/** `download.failed` | `download.*` (prefix) | `*` (everything). */
export type EventPattern = EventType | `${string}.*` | '*';

export type EventHandler<E extends AnyBusEvent = AnyBusEvent> = (event: E) => void | Promise<void>;

export interface SubscribeOptions<E extends AnyBusEvent = AnyBusEvent> {
  /** Shown in the dead-letter list and stats; defaults to the function's name. */
  name?: string;
  /** Higher runs first; equal priority keeps registration order. */
  priority?: number;
  filter?: (event: E) => boolean;
}

export interface Subscription {
  readonly id: string;
  unsubscribe(): void;
}

/** Narrow a pattern to the events it can deliver. */
export type EventsFor<P extends EventPattern> = P extends EventType
  ? BusEvent<P>
  : AnyBusEvent;

/**
 * What publish gives back once every handler has finished: the event itself
 * when they all returned synchronously (the common case, and no promise is
 * allocated for it), else a promise of the event. `await` works on both.
 */
export type Published<K extends EventType> = BusEvent<K> | Promise<BusEvent<K>>;

export interface EventBusPort {
  publish<K extends EventType>(type: K, payload: EventPayloadMap[K], options?: PublishOptions): Published<K>;
  /** Publish an event caused by `cause`: inherits its correlation id, causation id = cause.id. */
  publishCausedBy<K extends EventType>(
    cause: Pick<AnyBusEvent, 'id' | 'correlationId'>,
    type: K,
    payload: EventPayloadMap[K],
    options?: Omit<PublishOptions, 'correlationId' | 'causationId'>,
  ): Published<K>;
  subscribe<P extends EventPattern>(
    pattern: P,
    handler: EventHandler<EventsFor<P>>,
    options?: SubscribeOptions<EventsFor<P>>,
  ): Subscription;
}
