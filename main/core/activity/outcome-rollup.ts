// What the per-day outcome rollup (download_outcomes_daily) counts, as pure
// functions: which activity lines are a download's outcome (failed, recovered,
// needs attention), and the log-scale histogram that keeps "time to recover"
// answerable — median, 90th percentile — from a few hundred rows however big
// the log grows. The repository writes the rollup with each insert batch; the
// Stats view reads it and never the log itself.
import { FAILURE_KINDS, type FailureKind } from '../../../shared/domain';
import type { EventType } from '../../../shared/events';

export const OUTCOMES = ['failed', 'recovered', 'dlq'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Event type → the outcome its line records; other types are not outcomes. */
export const OUTCOME_OF_EVENT: Partial<Record<EventType, Outcome>> = {
  'download.failed': 'failed',
  'download.recovered': 'recovered',
  'download.moved_to_dlq': 'dlq',
};

/** Buckets per doubling: each spans 2^(1/16) ≈ 4.4 %, so a reported time is within 2.2 % of the true one. */
export const BUCKETS_PER_DOUBLING = 16;
/** recover_bucket of rows that are not recoveries (or whose payload had no usable duration). */
export const NO_BUCKET = -1;

/** The histogram bucket of a time to recover (ms); times under 1 ms share bucket 0. */
export function recoveryTimeBucket(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) return NO_BUCKET;
  return Math.floor(BUCKETS_PER_DOUBLING * Math.log2(Math.max(1, ms)));
}

/** The time a bucket stands for: its geometric middle. */
export function bucketMidMs(bucket: number): number {
  return 2 ** ((bucket + 0.5) / BUCKETS_PER_DOUBLING);
}

export interface HistogramBin {
  bucket: number;
  count: number;
  /** Sum of the times in the bin, when known: the bin then stands for their mean (exact when they are equal). */
  sumMs?: number;
}

/**
 * The q-quantile (0 < q ≤ 1) of a histogram, with the nearest-rank rule (the
 * value of the ceil(q·n)-th smallest sample), as its bin's mean time when the
 * bin's sum is known, else the bin's middle; bins of one bucket are merged.
 */
export function histogramQuantile(bins: readonly HistogramBin[], q: number): number | null {
  const merged = new Map<number, { count: number; sumMs: number | null }>();
  for (const b of bins) {
    if (b.count <= 0 || b.bucket === NO_BUCKET) continue;
    const m = merged.get(b.bucket) ?? { count: 0, sumMs: 0 };
    m.count += b.count;
    m.sumMs = m.sumMs === null || b.sumMs === undefined ? null : m.sumMs + b.sumMs;
    merged.set(b.bucket, m);
  }
  const sorted = [...merged.entries()].sort((a, b) => a[0] - b[0]);
  const n = sorted.reduce((s, [, m]) => s + m.count, 0);
  if (n === 0) return null;
  const rank = Math.min(n, Math.max(1, Math.ceil(q * n)));
  let seen = 0;
  for (const [bucket, m] of sorted) {
    seen += m.count;
    if (seen >= rank) return m.sumMs === null ? bucketMidMs(bucket) : m.sumMs / m.count;
  }
  return null;
}

export function asFailureKind(value: unknown): FailureKind {
  return typeof value === 'string' && (FAILURE_KINDS as readonly string[]).includes(value) ? (value as FailureKind) : 'unknown';
}

export interface OutcomeDelta {
  kind: FailureKind;
  outcome: Outcome;
  bucket: number;
  recoverMs: number;
}

/**
 * The rollup row an activity line adds to, or null when the line is no outcome.
 * `failureKindOf` finds the kind of a recovered / dead-lettered download (those
 * payloads do not carry it) from its failure line, by correlation.
 */
export function outcomeDeltaOf(
  line: { eventType: string; correlationId: string; context: unknown },
  failureKindOf: (correlationId: string) => unknown,
): OutcomeDelta | null {
  const outcome = OUTCOME_OF_EVENT[line.eventType as EventType];
  if (outcome === undefined) return null;
  const payload = (line.context !== null && typeof line.context === 'object' ? line.context : {}) as Record<string, unknown>;
  if (outcome === 'failed') return { kind: asFailureKind(payload.kind), outcome, bucket: NO_BUCKET, recoverMs: 0 };
  const kind = asFailureKind(failureKindOf(line.correlationId));
  if (outcome === 'dlq') return { kind, outcome, bucket: NO_BUCKET, recoverMs: 0 };
  const ms = typeof payload.durationMs === 'number' && Number.isFinite(payload.durationMs) && payload.durationMs >= 0 ? payload.durationMs : null;
  return ms === null
    ? { kind, outcome, bucket: NO_BUCKET, recoverMs: 0 }
    : { kind, outcome, bucket: recoveryTimeBucket(ms), recoverMs: Math.round(ms) };
}
