// Deliveries that failed (threw, rejected or timed out), kept so an operator
// can see them and replay them. Bounded: the oldest entry goes first.
import type { AnyBusEvent } from '../../../shared/events';

export interface DeadLetter {
  readonly id: string;
  readonly event: AnyBusEvent;
  readonly subscriptionId: string;
  readonly handlerName: string;
  readonly error: string;
  /** Deliveries tried so far: 1 after the original failure, +1 per failed replay. */
  readonly attempts: number;
  readonly firstFailedAt: number;
  readonly lastFailedAt: number;
}

export class DeadLetterList {
  // A Map keeps insertion order, so the first key is always the oldest entry.
  private readonly entries = new Map<string, DeadLetter>();

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`dead-letter limit must be a non-negative integer, got ${limit}`);
  }

  get size(): number {
    return this.entries.size;
  }

  add(entry: DeadLetter): void {
    if (this.limit === 0) return;
    this.entries.set(entry.id, entry);
    while (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }

  get(id: string): DeadLetter | undefined {
    return this.entries.get(id);
  }

  /** Records another failed attempt; the entry keeps its place in the list. */
  recordFailure(id: string, error: string, at: number): DeadLetter | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    const updated: DeadLetter = { ...entry, error, attempts: entry.attempts + 1, lastFailedAt: at };
    this.entries.set(id, updated);
    return updated;
  }

  remove(id: string): boolean {
    return this.entries.delete(id);
  }

  list(): DeadLetter[] {
    return [...this.entries.values()];
  }

  clear(): void {
    this.entries.clear();
  }
}
