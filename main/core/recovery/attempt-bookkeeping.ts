// Counting attempts, pure. An attempt "spends" one of the download's
// maxAttempts when it sent something (or was adopted from the *arr); dry-run
// attempts and strategies that did not apply ("skipped") spend nothing. A
// manual retry past the limit raises the limit by one: the effective maximum
// is never below the number of the latest manual attempt.
import type { DownloadRecord, RecoveryAttempt } from '../../../shared/downloads';
import type { AttemptSoFar } from './strategy-table';

export function spends(a: RecoveryAttempt): boolean {
  // A `started` attempt has not spent anything yet: it is resolved (sent or not) before it counts.
  return !a.dryRun && (a.outcome === 'waiting' || a.outcome === 'succeeded' || a.outcome === 'failed');
}

export function spentAttempts(attempts: readonly RecoveryAttempt[]): number {
  return attempts.filter(spends).length;
}

export function effectiveMaxAttempts(maxAttempts: number, attempts: readonly RecoveryAttempt[]): number {
  let index = 0;
  let max = maxAttempts;
  for (const a of attempts) {
    if (!spends(a)) continue;
    index++;
    if (a.manual) max = Math.max(max, index);
  }
  return max;
}

/** The ladder's view of the attempts made (dry runs do not climb it; steps deferred by an outage are not there). */
export function ladderAttempts(attempts: readonly RecoveryAttempt[]): AttemptSoFar[] {
  return attempts.filter((a) => a.outcome !== 'deferred').map((a) => ({ strategy: a.strategy, dryRun: a.dryRun }));
}

/** The next free attempt number (the claim key). */
export function nextAttemptNumber(attempts: readonly RecoveryAttempt[]): number {
  return attempts.reduce((max, a) => Math.max(max, a.attempt), 0) + 1;
}

/** When the failure now being recovered happened: the last failed attempt's end, else the download's own failure. */
export function failureTime(record: DownloadRecord, attempts: readonly RecoveryAttempt[]): number {
  const last = [...attempts].reverse().find(spends);
  if (last?.outcome === 'failed' && last.finishedAt !== null) return last.finishedAt;
  const failedAt = record.metadata.failedAt;
  return typeof failedAt === 'number' && failedAt > 0 ? Math.min(failedAt, record.createdAt) : record.createdAt;
}

/** The failed job was one of our own release grabs. */
export function failedWasOurGrab(attempts: readonly RecoveryAttempt[]): boolean {
  const last = [...attempts].reverse().find(spends);
  return last?.strategy === 'quality_fallback' || last?.strategy === 'alternative_release';
}

export function strategiesTried(attempts: readonly RecoveryAttempt[]): RecoveryAttempt['strategy'][] {
  return attempts.filter(spends).map((a) => a.strategy);
}

export function union(existing: readonly string[], added: readonly string[] | undefined): string[] {
  return [...new Set([...existing, ...(added ?? [])])];
}
