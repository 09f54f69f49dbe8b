// How long to wait before the next poll: the configured interval while
// SABnzbd answers; after n failed polls in a row, interval × 2^n, capped
// (a long outage is still noticed ending within the cap).
export const MAX_POLL_BACKOFF_MS = 15 * 60_000;

export function nextPollDelayMs(intervalMs: number, consecutiveFailures: number, capMs = MAX_POLL_BACKOFF_MS): number {
  if (consecutiveFailures <= 0) return intervalMs;
  const backedOff = intervalMs * 2 ** Math.min(consecutiveFailures, 30);
  // A configured interval longer than the cap is never shortened by an error.
  return Math.max(intervalMs, Math.min(backedOff, capMs));
}
