// How long recoveries took, from `download.recovered` rows (payload durationMs).
import type { ActivityEntry } from '../../shared/contract';

export interface RecoveryTimes {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
  meanMs: number | null;
}

function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] ?? null;
}

export function recoveryTimes(rows: readonly ActivityEntry[]): RecoveryTimes {
  const durations = rows
    .filter((r) => r.eventType === 'download.recovered')
    .map((r) => r.context.durationMs)
    .filter((d): d is number => typeof d === 'number' && Number.isFinite(d) && d >= 0)
    .sort((a, b) => a - b);
  const mean = durations.length ? durations.reduce((s, d) => s + d, 0) / durations.length : null;
  return { count: durations.length, medianMs: quantile(durations, 0.5), p90Ms: quantile(durations, 0.9), meanMs: mean };
}
