// Turns a stream of bus events into few, bounded pushes to a window (shape of
// Signal Desktop's batcher): the first event arms a short timer, a full batch
// goes out at once, stop() flushes. Each batch carries a sequence number so a
// gap is visible. While no window is visible nothing is queued; the loss is
// remembered and the next batch says `resync: true` so the window re-fetches.
import type { Clock, TimerHandle } from '../clock';
import type { AnyBusEvent } from '../../../shared/events';
import { toLiveEvent, type EventBatch, type LiveEventData } from '../../../shared/contract';

export interface EventBatcherOptions {
  clock: Clock;
  send: (batch: EventBatch) => void;
  /** Latency bound: a queued event waits at most this long. */
  delayMs?: number;
  /** Flush at once when this many are queued. */
  maxBatchSize?: number;
  /** Start visible (default) or hidden. */
  active?: boolean;
  /** Send an empty `resync` batch the moment the window becomes visible again. */
  resyncOnActivate?: boolean;
}

export const DEFAULT_BATCH_DELAY_MS = 150;
export const DEFAULT_MAX_BATCH_SIZE = 100;

export class EventBatcher {
  private readonly clock: Clock;
  private readonly sendBatch: (batch: EventBatch) => void;
  private readonly delayMs: number;
  private readonly maxBatchSize: number;
  private readonly resyncOnActivate: boolean;
  private queue: LiveEventData[] = [];
  private timer: TimerHandle | null = null;
  private seq = 0;
  private resyncNeeded = false;
  private isActive: boolean;
  private stopped = false;

  constructor(options: EventBatcherOptions) {
    this.clock = options.clock;
    this.sendBatch = options.send;
    this.delayMs = options.delayMs ?? DEFAULT_BATCH_DELAY_MS;
    this.maxBatchSize = Math.max(1, options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE);
    this.isActive = options.active ?? true;
    this.resyncOnActivate = options.resyncOnActivate ?? true;
  }

  get active(): boolean {
    return this.isActive;
  }

  /** Sequence number of the last batch sent (0 before the first). */
  get lastSeq(): number {
    return this.seq;
  }

  push(event: AnyBusEvent | LiveEventData): void {
    if (this.stopped) return;
    if (!this.isActive) {
      this.resyncNeeded = true;
      return;
    }
    this.queue.push('event_id' in event ? event : toLiveEvent(event));
    if (this.queue.length >= this.maxBatchSize) this.flush();
    else if (this.timer === null) this.timer = this.clock.setTimeout(() => this.flush(), this.delayMs);
  }

  /** The receiver could not keep up (e.g. socket buffer full): the next batch asks for a resync. */
  markResync(): void {
    this.resyncNeeded = true;
  }

  setActive(active: boolean): void {
    if (this.stopped || active === this.isActive) return;
    if (!active) {
      // What happened before the window was hidden is still delivered.
      this.flush();
      this.isActive = false;
      return;
    }
    this.isActive = true;
    if (this.resyncNeeded && this.resyncOnActivate) this.flush(true);
  }

  flush(force = false): void {
    if (this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.queue.length === 0 && !(force && this.resyncNeeded)) return;
    const events = this.queue;
    this.queue = [];
    const batch: EventBatch = { type: 'batch', seq: ++this.seq, resync: this.resyncNeeded, events };
    this.resyncNeeded = false;
    this.sendBatch(batch);
  }

  stop(): void {
    if (this.stopped) return;
    this.flush();
    this.stopped = true;
  }
}
