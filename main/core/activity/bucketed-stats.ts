// Turns the outcome rollup's rows for a range of UTC days into what the Stats
// view shows: counts per day/kind/outcome, totals, recovery rate (recovered
// out of everything that finished: recovered + needs attention, as
// recovery.status counts it) and time-to-recover quantiles from the histogram.
import type { BucketedStats, OutcomeBucket } from '../../../shared/contract-views';
import type { FailureKind } from '../../../shared/domain';
import type { OutcomeRollupRow } from './activity-repository';
import { asFailureKind, histogramQuantile, NO_BUCKET, OUTCOMES, type HistogramBin, type Outcome } from './outcome-rollup';

const DAY_MS = 86_400_000;

function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function rate(recovered: number, dlq: number): number | null {
  return recovered + dlq === 0 ? null : recovered / (recovered + dlq);
}

type Tally = Record<Outcome, number>;
const emptyTally = (): Tally => ({ failed: 0, recovered: 0, dlq: 0 });

export function bucketedStatsOf(rows: readonly OutcomeRollupRow[], fromDay: number, toDay: number): BucketedStats {
  const days: string[] = [];
  for (let d = fromDay; d <= toDay; d++) days.push(isoDay(d));

  const perBucket = new Map<string, OutcomeBucket>();
  const totals = emptyTally();
  const byKind = new Map<FailureKind, Tally>();
  const bins: HistogramBin[] = [];
  const binsByKind = new Map<FailureKind, HistogramBin[]>();
  let timedCount = 0;
  let timedSum = 0;

  for (const row of rows) {
    if (row.count <= 0 || row.day < fromDay || row.day > toDay) continue;
    const outcome = (OUTCOMES as readonly string[]).includes(row.outcome) ? (row.outcome as Outcome) : null;
    if (outcome === null) continue;
    const kind = asFailureKind(row.kind);
    const day = isoDay(row.day);
    const key = `${day}|${kind}|${outcome}`;
    const b = perBucket.get(key);
    if (b) b.count += row.count;
    else perBucket.set(key, { day, kind, outcome, count: row.count });
    totals[outcome] += row.count;
    const k = byKind.get(kind) ?? emptyTally();
    k[outcome] += row.count;
    byKind.set(kind, k);
    if (outcome === 'recovered' && row.recoverBucket !== NO_BUCKET) {
      bins.push({ bucket: row.recoverBucket, count: row.count, sumMs: row.recoverMsSum });
      const kb = binsByKind.get(kind) ?? [];
      kb.push({ bucket: row.recoverBucket, count: row.count, sumMs: row.recoverMsSum });
      binsByKind.set(kind, kb);
      timedCount += row.count;
      timedSum += row.recoverMsSum;
    }
  }

  const buckets = [...perBucket.values()].sort(
    (a, b) => a.day.localeCompare(b.day) || a.kind.localeCompare(b.kind) || a.outcome.localeCompare(b.outcome),
  );
  return {
    days,
    from: fromDay * DAY_MS,
    to: (toDay + 1) * DAY_MS,
    buckets,
    totals: { ...totals, recoveryRate: rate(totals.recovered, totals.dlq) },
    timeToRecover: {
      count: timedCount,
      medianMs: histogramQuantile(bins, 0.5),
      p90Ms: histogramQuantile(bins, 0.9),
      meanMs: timedCount === 0 ? null : timedSum / timedCount,
    },
    byKind: [...byKind.entries()]
      .sort((a, b) => b[1].failed - a[1].failed || a[0].localeCompare(b[0]))
      .map(([kind, t]) => ({
        kind,
        ...t,
        recoveryRate: rate(t.recovered, t.dlq),
        medianRecoverMs: histogramQuantile(binsByKind.get(kind) ?? [], 0.5),
      })),
  };
}
