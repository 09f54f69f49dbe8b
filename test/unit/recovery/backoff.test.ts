import { describe, expect, it } from 'vitest';
import { backoffDelayMs, hasAttemptsLeft, nextAttemptAt } from '../../../main/core/recovery/backoff';
import { FakeClock } from '../../support/fake-clock';

describe('backoff', () => {
  it.each([
    [1, 0],
    [2, 300_000],
    [3, 600_000],
    [4, 1_200_000],
    [5, 2_400_000],
  ])('attempt %i waits %i ms (base 300 s)', (attempt, ms) => {
    expect(backoffDelayMs(attempt, 300)).toBe(ms);
  });

  it('scales with the base', () => {
    expect(backoffDelayMs(3, 2)).toBe(4_000);
  });

  it('schedules from the injected clock; a delayed first attempt waits one base period', () => {
    const clock = new FakeClock();
    const t0 = clock.now();
    expect(nextAttemptAt(t0, 1, 300)).toBe(t0);
    expect(nextAttemptAt(t0, 1, 300, { delayFirst: true })).toBe(t0 + 300_000);
    clock.advance(10_000);
    expect(nextAttemptAt(clock.now(), 2, 300)).toBe(t0 + 10_000 + 300_000);
  });

  it('allows at most maxAttempts attempts', () => {
    expect([0, 1, 2, 3, 4].map((made) => hasAttemptsLeft(made, 3))).toEqual([true, true, true, false, false]);
  });
});
