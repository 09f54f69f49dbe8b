// When the next attempt may run. Pure: the schedule itself lives in
// download_monitoring.next_attempt_at, so it survives restarts.
//
// Attempt n (1-based) waits base × 2^(n−1) after the failure before it: with
// the defaults (base 300 s, at most 3 attempts) the first attempt runs 5 min
// after the download failed, the second 10 min after the first failed, the
// third 20 min after the second failed, and a third failure goes to Needs
// attention. A person's Retry runs at once and is not paced.

/** Wait before attempt number `attempt` (1-based), counted from the failure it follows, in ms. */
export function backoffDelayMs(attempt: number, baseSeconds: number): number {
  return baseSeconds * 1000 * 2 ** (Math.max(1, attempt) - 1);
}

/** When attempt `attempt` is due, after a failure at `failedAt`. */
export function nextAttemptAt(failedAt: number, attempt: number, baseSeconds: number): number {
  return failedAt + backoffDelayMs(attempt, baseSeconds);
}

/** True while attempts remain: `made` attempts so far out of `maxAttempts`. */
export function hasAttemptsLeft(made: number, maxAttempts: number): boolean {
  return made < maxAttempts;
}
