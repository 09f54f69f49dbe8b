// Ids for events, subscriptions and dead letters. They end up in the activity
// log, so they must stay unique across restarts, not just within one process.
import { randomUUID } from 'node:crypto';

export type IdFactory = () => string;

/** A random UUID (v4): for anything that is not on a hot path. */
export const newId: IdFactory = () => randomUUID();

const LOW_BITS = 12;
const LOW_COUNT = 1 << LOW_BITS;
const LOW_HEX: readonly string[] = Array.from({ length: LOW_COUNT }, (_, i) => i.toString(16).padStart(3, '0'));

/**
 * UUID-shaped ids for the event bus, which mints one per published event:
 * the first 80 bits come from one random UUID per factory (so ids stay unique
 * across restarts), the last 48 are a counter. Number-to-string conversion
 * costs more than the rest of an id, so it runs once per 4096 ids; in between
 * an id is one string concatenation with a precomputed suffix.
 */
export function sequentialIds(): IdFactory {
  const prefix = randomUUID().slice(0, 24);
  let high = 0;
  let low = 0;
  let base = prefix + '000000000';
  return () => {
    if (low === LOW_COUNT) {
      low = 0;
      high++;
      base = prefix + high.toString(16).padStart(9, '0');
    }
    return base + LOW_HEX[low++]!;
  };
}
