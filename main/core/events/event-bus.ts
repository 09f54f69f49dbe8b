// The in-process event bus: every service of the core talks through it. Its
// promises: a handler never breaks publish or another handler (errors and
// timeouts are isolated and dead-lettered), every handler sees the same frozen
// payload, and what `publish` returns is settled once every handler has
// finished (the event itself when all were synchronous, else a promise of it).
//
// The hot path is kept lean on purpose (a benchmark holds it against Node's
// EventEmitter): routes are cached per type, a publish whose handlers all
// return synchronously arms no timer and allocates no promise at all, the
// timestamp comes from a clock that reads the time once per synchronous run
// (run-cached-now.ts), and the history is a fixed ring.
import { performance } from 'node:perf_hooks';
import {
  EVENT_TYPES,
  EventPayloadSchemas,
  type AnyBusEvent,
  type BusEvent,
  type EventPayloadMap,
  type EventType,
} from '../../../shared/events';
import type { Clock } from '../clock';
import { sequentialIds, type IdFactory } from '../ids';
import { DeadLetterList, type DeadLetter } from './dead-letter-list';
import { deepFreeze } from './deep-freeze';
import type {
  EventBusPort,
  EventHandler,
  EventPattern,
  EventsFor,
  PublishOptions,
  Published,
  SubscribeOptions,
  Subscription,
} from './event-bus-port';
import { EventHistory, type HistoryQuery } from './event-history';
import { FLAT_PAYLOAD_TYPES } from './flat-payloads';
import { compilePattern, type PatternMatcher } from './event-pattern';

export interface HandlerFailure {
  readonly event: AnyBusEvent;
  readonly subscriptionId: string;
  readonly handlerName: string;
  readonly error: string;
  readonly timedOut: boolean;
  /** Set when the failure happened while replaying this dead letter. */
  readonly deadLetterId: string | null;
}

export interface EventBusOptions {
  clock: Clock;
  /** Events kept for `history()`; 0 keeps none. Default 1000. */
  historySize?: number;
  /** An async handler still running after this long is cut off and dead-lettered. Default 30 s. */
  handlerTimeoutMs?: number;
  /** Oldest entries are dropped beyond this. Default 1000. */
  deadLetterLimit?: number;
  newId?: IdFactory;
  /** Told about every failed delivery (for logging); its own errors are swallowed. */
  onHandlerError?: (failure: HandlerFailure) => void;
  /** `source` of events published without one. Default 'core'. */
  defaultSource?: string;
  /** Check every payload against its zod schema (debug aid; off by default for speed). */
  validatePayloads?: boolean;
  /**
   * Handler time is measured on every Nth publish (1 = every publish). Reading
   * a high-resolution clock costs as much as several handler calls, and a
   * sampled mean is still an unbiased mean. Default 8.
   */
  timingSampleEvery?: number;
}

export interface EventBusStats {
  readonly published: Readonly<Record<EventType, number>>;
  readonly publishedTotal: number;
  /** Handler invocations (a handler whose filter said no is not counted). */
  readonly deliveries: number;
  /** Throws, rejections and timeouts, including failed replays. */
  readonly handlerFailures: number;
  readonly handlerTimeouts: number;
  readonly subscribers: number;
  /** Mean time per handler call, in ms, over the sampled publishes. */
  readonly meanHandlerMs: number;
  readonly deadLetters: number;
  readonly historyLength: number;
  /** Events the history keeps (EVENT_BUS_HISTORY_SIZE / settings activity.eventBusHistorySize, read at start). */
  readonly historyCapacity: number;
}

/** One subscribed handler as the Diagnostics view shows it. */
export interface HandlerStats {
  readonly id: string;
  readonly name: string;
  readonly pattern: string;
  readonly priority: number;
  /** Calls, including replays. */
  readonly deliveries: number;
  /** Throws, rejections and timeouts, including failed replays. */
  readonly failures: number;
  readonly timeouts: number;
  readonly lastError: string | null;
  readonly lastFailedAt: number | null;
}

export type ReplayResult =
  | { ok: true; event: AnyBusEvent }
  | {
      ok: false;
      error: { code: 'not_found' | 'handler_gone' | 'handler_failed' | 'handler_timeout'; message: string };
    };

interface Subscriber {
  readonly id: string;
  readonly name: string;
  readonly pattern: string;
  readonly priority: number;
  readonly matches: PatternMatcher;
  readonly handler: (event: AnyBusEvent) => unknown;
  readonly filter: ((event: AnyBusEvent) => boolean) | undefined;
  active: boolean;
  // Per-handler counters for the Diagnostics view. The publish loop bumps
  // `deliveries` only for handlers with a filter (the others get every matching
  // event, so their count is derived from the per-type publish counters and
  // costs the hot path nothing); replays count here for all.
  deliveries: number;
  /** Sum of the per-type publish counters of the types it matches, when it subscribed. */
  readonly publishedBefore: number;
  failures: number;
  timeouts: number;
  lastError: string | null;
  lastFailedAt: number | null;
}

/** Everything publish needs about one type, found with a single lookup. */
interface TypeSlot {
  /** Matching subscribers, highest priority first; null until first needed after an (un)subscribe. */
  route: readonly Subscriber[] | null;
  published: number;
  /** The payload schema has primitive fields only: one Object.freeze makes it read-only. */
  readonly flat: boolean;
}

interface PendingHandler {
  readonly sub: Subscriber;
  readonly result: PromiseLike<unknown>;
}

/** Called once per async handler: null on success. */
type SettleCallback = (failure: { error: unknown; timedOut: boolean } | null) => void;

class HandlerTimeoutError extends Error {
  constructor(handlerName: string, ms: number) {
    super(`handler "${handlerName}" did not finish within ${ms} ms`);
    this.name = 'HandlerTimeoutError';
  }
}

export class EventBus implements EventBusPort {
  private readonly clock: Clock;
  private readonly newId: IdFactory;
  private readonly handlerTimeoutMs: number;
  private readonly defaultSource: string;
  private readonly validatePayloads: boolean;
  private readonly timingSampleEvery: number;
  private readonly onHandlerError: ((failure: HandlerFailure) => void) | undefined;

  /** Registration order; routes are derived from it. */
  private readonly subscribers: Subscriber[] = [];
  private readonly subscribersById = new Map<string, Subscriber>();
  /** One slot per known type: a miss means an unknown type. */
  private readonly slots: ReadonlyMap<string, TypeSlot>;
  private readonly eventHistory: EventHistory;
  private readonly deadLetterList: DeadLetterList;

  private anonymousHandlers = 0;
  private publishedTotal = 0;
  private deliveries = 0;
  private handlerFailures = 0;
  private handlerTimeouts = 0;
  private untilTimed = 0;
  private timedHandlerMs = 0;
  private timedDeliveries = 0;

  constructor(options: EventBusOptions) {
    this.clock = options.clock;
    this.newId = options.newId ?? sequentialIds();
    this.handlerTimeoutMs = positive('handlerTimeoutMs', options.handlerTimeoutMs ?? 30_000);
    this.defaultSource = options.defaultSource ?? 'core';
    this.validatePayloads = options.validatePayloads ?? false;
    this.timingSampleEvery = positive('timingSampleEvery', options.timingSampleEvery ?? 8);
    this.onHandlerError = options.onHandlerError;
    this.eventHistory = new EventHistory(options.historySize ?? 1000);
    this.deadLetterList = new DeadLetterList(options.deadLetterLimit ?? 1000);
    this.slots = new Map(EVENT_TYPES.map((t): [string, TypeSlot] => [t, { route: null, published: 0, flat: FLAT_PAYLOAD_TYPES.has(t) }]));
  }

  publish<K extends EventType>(type: K, payload: EventPayloadMap[K], options?: PublishOptions): Published<K> {
    const slot = this.slots.get(type);
    // Callers typed against EventType cannot get here with a bad type; IPC and plain JS can.
    // The slots are keyed by EVENT_TYPES, so this lookup is the isEventType check.
    if (slot === undefined) {
      return Promise.reject(new TypeError(`Unknown event type: ${JSON.stringify(type)}`));
    }
    if (this.validatePayloads) {
      const parsed = EventPayloadSchemas[type].safeParse(payload);
      if (!parsed.success) return Promise.reject(new TypeError(`Invalid payload for ${type}: ${parsed.error.message}`));
    }
    if (slot.flat) Object.freeze(payload);
    else deepFreeze(payload);
    const id = this.newId();
    const event: BusEvent<K> = {
      id,
      type,
      payload,
      source: options?.source ?? this.defaultSource,
      timestamp: this.clock.now(),
      // The first event of a chain starts its correlation; its own id is as unique as any.
      correlationId: options?.correlationId ?? id,
      causationId: options?.causationId ?? null,
    };
    const anyEvent = event as unknown as AnyBusEvent;
    this.eventHistory.record(anyEvent);
    slot.published++;
    this.publishedTotal++;
    const delivering = this.deliver(anyEvent, slot.route ?? this.buildRoute(type, slot));
    // Sync handlers only: the event itself, no promise (a bus benchmark found one per publish was a tenth of its cost).
    return delivering === undefined ? event : (delivering as Promise<unknown> as Promise<BusEvent<K>>);
  }

  publishCausedBy<K extends EventType>(
    cause: Pick<AnyBusEvent, 'id' | 'correlationId'>,
    type: K,
    payload: EventPayloadMap[K],
    options?: Omit<PublishOptions, 'correlationId' | 'causationId'>,
  ): Published<K> {
    return this.publish(type, payload, {
      source: options?.source,
      correlationId: cause.correlationId,
      causationId: cause.id,
    });
  }

  subscribe<P extends EventPattern>(
    pattern: P,
    handler: EventHandler<EventsFor<P>>,
    options: SubscribeOptions<EventsFor<P>> = {},
  ): Subscription {
    if (typeof handler !== 'function') throw new TypeError('subscribe needs a handler function');
    const matches = compilePattern(pattern);
    const priority = options.priority ?? 0;
    if (!Number.isFinite(priority)) throw new TypeError(`priority must be a finite number, got ${priority}`);
    const id = this.newId();
    const sub: Subscriber = {
      id,
      name: options.name ?? (handler.name || `handler#${++this.anonymousHandlers}`),
      pattern,
      priority,
      matches,
      // Variance: the pattern guarantees the handler only sees the events it was typed for.
      handler: handler as unknown as (event: AnyBusEvent) => unknown,
      filter: options.filter as ((event: AnyBusEvent) => boolean) | undefined,
      active: true,
      deliveries: 0,
      publishedBefore: this.publishedMatching(matches),
      failures: 0,
      timeouts: 0,
      lastError: null,
      lastFailedAt: null,
    };
    this.subscribers.push(sub);
    this.subscribersById.set(id, sub);
    this.invalidateRoutes();
    return { id, unsubscribe: () => this.unsubscribe(sub) };
  }

  history(query?: HistoryQuery): AnyBusEvent[] {
    return this.eventHistory.query(query);
  }

  deadLetters(): DeadLetter[] {
    return this.deadLetterList.list();
  }

  clearDeadLetters(): void {
    this.deadLetterList.clear();
  }

  /** Re-delivers a dead letter's event to the handler that failed it, and only to it. */
  replayDeadLetter(id: string): Promise<ReplayResult> {
    const entry = this.deadLetterList.get(id);
    if (entry === undefined) {
      return Promise.resolve({ ok: false, error: { code: 'not_found', message: `No dead letter with id ${id}` } });
    }
    const sub = this.subscribersById.get(entry.subscriptionId);
    if (sub === undefined) {
      return Promise.resolve({
        ok: false,
        error: { code: 'handler_gone', message: `Handler "${entry.handlerName}" has unsubscribed since the failure` },
      });
    }
    return new Promise<ReplayResult>((resolve) => {
      const finish: SettleCallback = (failure) => {
        if (failure === null) {
          this.deadLetterList.remove(id);
          resolve({ ok: true, event: entry.event });
          return;
        }
        const message = errorText(failure.error);
        this.deadLetterList.recordFailure(id, message, this.clock.now());
        this.countFailure(sub, entry.event, message, failure.timedOut, id);
        resolve({ ok: false, error: { code: failure.timedOut ? 'handler_timeout' : 'handler_failed', message } });
      };
      let result: unknown;
      try {
        this.deliveries++;
        sub.deliveries++;
        result = sub.handler(entry.event);
      } catch (error) {
        finish({ error, timedOut: false });
        return;
      }
      if (isThenable(result)) this.settle(sub, result, finish);
      else finish(null);
    });
  }

  /** Every subscribed handler with its own counts, in registration order. */
  handlers(): HandlerStats[] {
    return this.subscribers.map((s) => ({
      id: s.id,
      name: s.name,
      pattern: s.pattern,
      priority: s.priority,
      deliveries: s.deliveries + (s.filter === undefined ? this.publishedMatching(s.matches) - s.publishedBefore : 0),
      failures: s.failures,
      timeouts: s.timeouts,
      lastError: s.lastError,
      lastFailedAt: s.lastFailedAt,
    }));
  }

  stats(): EventBusStats {
    return {
      published: Object.fromEntries(EVENT_TYPES.map((t) => [t, this.slots.get(t)?.published ?? 0])) as Record<
        EventType,
        number
      >,
      publishedTotal: this.publishedTotal,
      deliveries: this.deliveries,
      handlerFailures: this.handlerFailures,
      handlerTimeouts: this.handlerTimeouts,
      subscribers: this.subscribers.length,
      meanHandlerMs: this.timedDeliveries === 0 ? 0 : this.timedHandlerMs / this.timedDeliveries,
      deadLetters: this.deadLetterList.size,
      historyLength: this.eventHistory.length,
      historyCapacity: this.eventHistory.capacity,
    };
  }

  private deliver(event: AnyBusEvent, route: readonly Subscriber[]): Promise<AnyBusEvent> | undefined {
    const timed = this.untilTimed-- === 0;
    if (timed) this.untilTimed = this.timingSampleEvery - 1;
    const startedAt = timed ? performance.now() : 0;
    let delivered = 0;
    let pending: PendingHandler[] | undefined;
    // `route` is never mutated (a subscribe builds a new one), so handlers that
    // (un)subscribe while we loop cannot disturb this delivery.
    for (let i = 0; i < route.length; i++) {
      const sub = route[i]!;
      // Unsubscribed by an earlier handler of this very delivery.
      if (!sub.active) continue;
      let result: unknown;
      try {
        if (sub.filter !== undefined) {
          if (!sub.filter(event)) continue;
          sub.deliveries++;
        }
        delivered++;
        result = sub.handler(event);
      } catch (error) {
        this.fail(sub, event, error, false);
        continue;
      }
      if (result !== undefined && isThenable(result)) (pending ??= []).push({ sub, result });
    }
    this.deliveries += delivered;
    if (timed) {
      this.timedHandlerMs += performance.now() - startedAt;
      this.timedDeliveries += delivered;
    }
    if (pending === undefined) return undefined;
    return this.awaitHandlers(event, pending, timed);
  }

  private awaitHandlers(event: AnyBusEvent, pending: PendingHandler[], timed: boolean): Promise<AnyBusEvent> {
    const waitStartedAt = timed ? performance.now() : 0;
    return new Promise((resolve) => {
      let left = pending.length;
      for (const { sub, result } of pending) {
        this.settle(sub, result, (failure) => {
          // Only the part after the synchronous loop: the loop was timed already.
          if (timed) this.timedHandlerMs += performance.now() - waitStartedAt;
          if (failure !== null) this.fail(sub, event, failure.error, failure.timedOut);
          if (--left === 0) resolve(event);
        });
      }
    });
  }

  /** Waits for one async handler, cut off after the timeout; `done` runs exactly once. */
  private settle(sub: Subscriber, result: PromiseLike<unknown>, done: SettleCallback): void {
    let finished = false;
    const timer = this.clock.setTimeout(() => {
      if (finished) return;
      finished = true;
      done({ error: new HandlerTimeoutError(sub.name, this.handlerTimeoutMs), timedOut: true });
    }, this.handlerTimeoutMs);
    // Promise.resolve adopts foreign thenables and turns a throwing `then` into a rejection.
    Promise.resolve(result).then(
      () => {
        if (finished) return;
        finished = true;
        this.clock.clearTimeout(timer);
        done(null);
      },
      (error: unknown) => {
        if (finished) return;
        finished = true;
        this.clock.clearTimeout(timer);
        done({ error, timedOut: false });
      },
    );
  }

  private fail(sub: Subscriber, event: AnyBusEvent, error: unknown, timedOut: boolean): void {
    const message = errorText(error);
    const now = this.clock.now();
    this.deadLetterList.add({
      id: this.newId(),
      event,
      subscriptionId: sub.id,
      handlerName: sub.name,
      error: message,
      attempts: 1,
      firstFailedAt: now,
      lastFailedAt: now,
    });
    this.countFailure(sub, event, message, timedOut, null);
  }

  private countFailure(sub: Subscriber, event: AnyBusEvent, message: string, timedOut: boolean, deadLetterId: string | null): void {
    this.handlerFailures++;
    if (timedOut) this.handlerTimeouts++;
    sub.failures++;
    if (timedOut) sub.timeouts++;
    sub.lastError = message;
    sub.lastFailedAt = this.clock.now();
    if (this.onHandlerError === undefined) return;
    try {
      this.onHandlerError({ event, subscriptionId: sub.id, handlerName: sub.name, error: message, timedOut, deadLetterId });
    } catch {
      // A broken error hook must not turn a handled failure into an escaped one.
    }
  }

  private unsubscribe(sub: Subscriber): void {
    if (!sub.active) return;
    sub.active = false;
    this.subscribersById.delete(sub.id);
    const index = this.subscribers.indexOf(sub);
    if (index !== -1) this.subscribers.splice(index, 1);
    this.invalidateRoutes();
  }

  private publishedMatching(matches: PatternMatcher): number {
    let n = 0;
    for (const [type, slot] of this.slots) if (matches(type as EventType)) n += slot.published;
    return n;
  }

  private buildRoute(type: EventType, slot: TypeSlot): readonly Subscriber[] {
    // sort is stable, and `subscribers` is in registration order.
    const route = this.subscribers.filter((s) => s.matches(type)).sort((a, b) => b.priority - a.priority);
    slot.route = route;
    return route;
  }

  private invalidateRoutes(): void {
    for (const slot of this.slots.values()) slot.route = null;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

function positive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}
