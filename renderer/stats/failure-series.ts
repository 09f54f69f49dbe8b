// Failures per UTC day and kind, from the bucketed stats call (outcome
// `failed`), shaped for a stacked bar chart: kinds most frequent first, one
// count per day of the range even when it is zero, and the running sums the
// stack is drawn from.
import type { BucketedStats } from '../../shared/contract';
import type { FailureKind } from '../../shared/domain';

export interface FailureSeries {
  /** YYYY-MM-DD, oldest first, every day of the range. */
  days: string[];
  /** Kinds that occur, most frequent first (bottom of the stack first). */
  kinds: FailureKind[];
  /** kind → count per day (same order as `days`). */
  counts: Partial<Record<FailureKind, number[]>>;
  /** Per day, the total of all kinds. */
  totals: number[];
  /** stacked[i][d]: sum of the first i+1 kinds on day d (the top of kind i's bar). */
  stacked: number[][];
  max: number;
}

export function failureSeries(stats: Pick<BucketedStats, 'days' | 'buckets'>): FailureSeries {
  const index = new Map(stats.days.map((d, i) => [d, i]));
  const counts: Partial<Record<FailureKind, number[]>> = {};
  const sums = new Map<FailureKind, number>();
  for (const b of stats.buckets) {
    if (b.outcome !== 'failed') continue;
    const i = index.get(b.day);
    if (i === undefined) continue;
    const row = (counts[b.kind] ??= stats.days.map(() => 0));
    row[i] = (row[i] ?? 0) + b.count;
    sums.set(b.kind, (sums.get(b.kind) ?? 0) + b.count);
  }
  const kinds = [...sums.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  const totals = stats.days.map(() => 0);
  const stacked: number[][] = [];
  for (const kind of kinds) {
    const row = counts[kind]!;
    for (let d = 0; d < totals.length; d++) totals[d] = (totals[d] ?? 0) + (row[d] ?? 0);
    stacked.push([...totals]);
  }
  return { days: stats.days, kinds, counts, totals, stacked, max: Math.max(0, ...totals) };
}
