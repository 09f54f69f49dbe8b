import { describe, expect, it } from 'vitest';
import { backoffDelayMs, hasAttemptsLeft, nextAttemptAt } from '../../../main/core/recovery/backoff';
import { defaultSettings } from '../../../shared/settings';

describe('backoff: the wait before each attempt (README: attempt n waits base × 2^(n−1))', () => {
  // attempt → wait after the failure it follows, for base 300 s and for base 1 s.
  it.each([
    [1, 300_000, 1_000],
    [2, 600_000, 2_000],
    [3, 1_200_000, 4_000],
    [4, 2_400_000, 8_000],
  ])('attempt %i waits %i ms with base 300 s and %i ms with base 1 s', (attempt, base300, base1) => {
    expect(backoffDelayMs(attempt, 300)).toBe(base300);
    expect(backoffDelayMs(attempt, 1)).toBe(base1);
  });

  it('the defaults give the seed schedule: 5, 10, 20 minutes, at most 3 attempts, then Needs attention', () => {
    const { baseBackoffSeconds, maxRetries } = defaultSettings().monitoring;
    const waits = [1, 2, 3].map((n) => backoffDelayMs(n, baseBackoffSeconds) / 60_000);
    expect(waits).toEqual([5, 10, 20]);
    expect(maxRetries).toBe(3);
    expect([0, 1, 2, 3].map((made) => hasAttemptsLeft(made, maxRetries))).toEqual([true, true, true, false]);
  });

  it('counts from the failure the attempt follows', () => {
    const failedAt = Date.UTC(2026, 0, 1);
    expect(nextAttemptAt(failedAt, 1, 300)).toBe(failedAt + 300_000);
    expect(nextAttemptAt(failedAt, 2, 300)).toBe(failedAt + 600_000);
  });
});
