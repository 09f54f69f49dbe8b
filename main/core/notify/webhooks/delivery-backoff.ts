// How long a failed webhook delivery waits before its next try. Pure.
// Attempt n (1-based) that failed waits firstDelay × 2^(n−1), at least what
// the endpoint asked for (429 Retry-After), never more than maxDelay; after
// `attempts` tries the notification is given up.
export interface RetryPolicy {
  /** Tries per notification, the first included. */
  attempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
  /** Notifications waiting per target; beyond it the oldest waiting one is dropped. */
  maxQueued: number;
}

/** 5 tries over about 75 s (5, 10, 20, 40 s apart), longer only when a 429 asks for it (up to 5 min). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, firstDelayMs: 5_000, maxDelayMs: 300_000, maxQueued: 20 };

export function retryDelayMs(failedAttempt: number, askedMs: number | null, policy: RetryPolicy): number {
  const backoff = policy.firstDelayMs * 2 ** Math.max(0, failedAttempt - 1);
  return Math.min(policy.maxDelayMs, Math.max(backoff, askedMs ?? 0));
}
