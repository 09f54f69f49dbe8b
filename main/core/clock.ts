// Time as an injectable port, so tests drive polling, backoff and timeouts
// without waiting and without patching global timers.
import { readOncePerRun } from './run-cached-now';
export interface TimerHandle {
  readonly __timer: unique symbol;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  // One Date.now() per synchronous run (see run-cached-now.ts): durations
  // measured across an await are exact, a run's events share a timestamp.
  now: readOncePerRun(Date.now),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A timer must never keep a shutting-down process alive on its own.
    t.unref?.();
    return t as unknown as TimerHandle;
  },
  clearTimeout: (h) => clearTimeout(h as unknown as NodeJS.Timeout),
};
