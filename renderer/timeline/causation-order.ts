// Orders a download's activity rows oldest first and works out, from each
// row's causation id, which earlier row led to it and how deep in the chain
// it sits — so the timeline can indent "what led to what".
import type { ActivityEntry } from '../../shared/contract';

export interface CausedEntry {
  entry: ActivityEntry;
  depth: number;
  cause: ActivityEntry | null;
}

const MAX_DEPTH = 8;

export function causationOrder(entries: readonly ActivityEntry[]): CausedEntry[] {
  const sorted = [...entries].sort((a, b) => a.timestamp - b.timestamp || a.id - b.id);
  const byEventId = new Map(sorted.map((e) => [e.eventId, e]));
  const depthOf = new Map<string, number>();
  const depth = (e: ActivityEntry, seen: Set<string>): number => {
    const known = depthOf.get(e.eventId);
    if (known !== undefined) return known;
    const parent = e.causationId ? byEventId.get(e.causationId) : undefined;
    // A cycle or a cause outside this timeline puts the row at the top level.
    const d = parent && !seen.has(parent.eventId) ? Math.min(MAX_DEPTH, depth(parent, seen.add(e.eventId)) + 1) : 0;
    depthOf.set(e.eventId, d);
    return d;
  };
  return sorted.map((entry) => ({
    entry,
    depth: depth(entry, new Set()),
    cause: entry.causationId ? (byEventId.get(entry.causationId) ?? null) : null,
  }));
}
