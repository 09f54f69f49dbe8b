// When the next attempt may run. Pure: the schedule itself lives in
// download_monitoring.next_attempt_at, so it survives restarts.
//
// The first attempt runs at once; after the n-th failed attempt the next one
// waits base × 2^(n−1) (300 s, 600 s, 1200 s …); at most maxAttempts attempts.

/** Delay before attempt number `attempt` (1-based), in ms. */
export function backoffDelayMs(attempt: number, baseSeconds: number): number {
  if (attempt <= 1) return 0;
  return baseSeconds * 1000 * 2 ** (attempt - 2);
}

/** When attempt `attempt` is due, counted from `now` (the moment the previous one failed). */
export function nextAttemptAt(now: number, attempt: number, baseSeconds: number, options: { delayFirst?: boolean } = {}): number {
  if (attempt <= 1) return options.delayFirst ? now + baseSeconds * 1000 : now;
  return now + backoffDelayMs(attempt, baseSeconds);
}

/** True while attempts remain: `made` attempts so far out of `maxAttempts`. */
export function hasAttemptsLeft(made: number, maxAttempts: number): boolean {
  return made < maxAttempts;
}
