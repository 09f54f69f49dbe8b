// The last N published events, kept in a fixed array used as a ring so that
// recording one costs a store and an index bump, never a shift or a resize.
import type { AnyBusEvent, EventType } from '../../../shared/events';

export interface HistoryQuery {
  type?: EventType;
  correlationId?: string;
  /** The most recent `limit` matches; all matches when omitted. */
  limit?: number;
}

export class EventHistory {
  private readonly slots: (AnyBusEvent | undefined)[];
  private next = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`history size must be a non-negative integer, got ${capacity}`);
    this.slots = new Array<AnyBusEvent | undefined>(capacity).fill(undefined);
  }

  get length(): number {
    return this.size;
  }

  record(event: AnyBusEvent): void {
    const capacity = this.capacity;
    if (capacity === 0) return;
    this.slots[this.next] = event;
    this.next = this.next + 1 === capacity ? 0 : this.next + 1;
    if (this.size < capacity) this.size++;
  }

  /** Matching events, oldest first. */
  query(query: HistoryQuery = {}): AnyBusEvent[] {
    const { type, correlationId } = query;
    const limit = query.limit ?? Infinity;
    const out: AnyBusEvent[] = [];
    if (limit <= 0) return out;
    // Walk newest to oldest so the limit keeps the most recent, then restore order.
    for (let i = 0; i < this.size && out.length < limit; i++) {
      const index = (this.next - 1 - i + this.capacity) % this.capacity;
      const event = this.slots[index];
      if (event === undefined) continue;
      if (type !== undefined && event.type !== type) continue;
      if (correlationId !== undefined && event.correlationId !== correlationId) continue;
      out.push(event);
    }
    return out.reverse();
  }

  clear(): void {
    this.slots.fill(undefined);
    this.next = 0;
    this.size = 0;
  }
}
