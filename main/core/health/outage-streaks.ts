// One streak of failures per service, shared by everything that talks to a
// service on its own schedule (the *arr failure watch here, recovery's
// OutageTracker): a person should hear "X is down" once when a streak starts
// and "X answers again" once when it ends, however many calls failed between.
// Used only by ServiceOutages (service-outages.ts), the one place that tells the bus.

export interface StreakStep {
  /** The first failure of a streak: say so (once). */
  started: boolean;
  failures: number;
  /** When the streak's first failure happened. */
  since: number;
}

export interface EndedStreak {
  failures: number;
  since: number;
}

export class OutageStreaks<K> {
  private readonly streaks = new Map<K, { since: number; failures: number }>();

  failed(key: K, now: number): StreakStep {
    const streak = this.streaks.get(key);
    const s = streak ?? { since: now, failures: 0 };
    s.failures++;
    this.streaks.set(key, s);
    return { started: streak === undefined, failures: s.failures, since: s.since };
  }

  /** The service answered: the streak that ended, or null when there was none. */
  answered(key: K): EndedStreak | null {
    const streak = this.streaks.get(key);
    if (!streak) return null;
    this.streaks.delete(key);
    return { ...streak };
  }

  isDown(key: K): boolean {
    return this.streaks.has(key);
  }

  /** Drop a streak without ending it (the service is no longer configured). */
  forget(key: K): void {
    this.streaks.delete(key);
  }

  keys(): K[] {
    return [...this.streaks.keys()];
  }
}
