// Failures per UTC day and kind, from the `download.failed` activity rows
// (their context is the event payload, which carries the kind).
import type { ActivityEntry } from '../../shared/contract';
import { FailureKindSchema, type FailureKind } from '../../shared/domain';

export interface FailureSeries {
  /** YYYY-MM-DD, oldest first, one per day of the range even when empty. */
  days: string[];
  /** Kinds that occur, most frequent first. */
  kinds: FailureKind[];
  counts: Record<string, Partial<Record<FailureKind, number>>>;
  max: number;
}

const DAY_MS = 86_400_000;

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function failureSeries(rows: readonly ActivityEntry[], since: number, now: number): FailureSeries {
  const days: string[] = [];
  for (let t = Math.floor(since / DAY_MS) * DAY_MS; t <= now; t += DAY_MS) days.push(dayOf(t));
  const counts: FailureSeries['counts'] = Object.fromEntries(days.map((d) => [d, {}]));
  const totals = new Map<FailureKind, number>();
  for (const row of rows) {
    if (row.eventType !== 'download.failed') continue;
    const day = dayOf(row.timestamp);
    const bucket = counts[day];
    if (!bucket) continue;
    const kind = FailureKindSchema.safeParse(row.context.kind).data ?? 'unknown';
    bucket[kind] = (bucket[kind] ?? 0) + 1;
    totals.set(kind, (totals.get(kind) ?? 0) + 1);
  }
  const kinds = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
  const max = Math.max(0, ...days.map((d) => Object.values(counts[d] ?? {}).reduce((s, n) => s + (n ?? 0), 0)));
  return { days, kinds, counts, max };
}
