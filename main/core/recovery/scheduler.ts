// Wakes recovery when an attempt is due. The schedule is not kept in memory:
// download_monitoring.next_attempt_at is the truth, so after a restart the due
// attempts are found again. One Clock timer sleeps until the earliest
// next_attempt_at (capped, so a change made elsewhere is noticed); every
// `download.failed` wakes it at once.
import type { DownloadStore } from '../activity/download-store-port';
import type { Clock, TimerHandle } from '../clock';

export interface SchedulerOptions {
  /** Longest sleep, even with nothing due (default 60 s). */
  maxSleepMs: number;
  /** Shortest sleep when a due row had to be left for later (default 1 s): never a busy loop. */
  deferredRetryMs: number;
}

/** What one run did: `deferred` when a due row was left for later (not announced yet, or running). */
export interface RunReport {
  deferred: boolean;
}

export class RecoveryScheduler {
  private timer: TimerHandle | null = null;
  private running = false;
  private firing: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly clock: Clock,
    private readonly store: Pick<DownloadStore, 'dueRetries'>,
    private readonly run: () => Promise<RunReport>,
    private readonly options: SchedulerOptions = { maxSleepMs: 60_000, deferredRetryMs: 1_000 },
  ) {}

  start(): void {
    this.running = true;
    this.wake();
  }

  stop(): void {
    this.running = false;
    this.clear();
  }

  /** Run due attempts now (coalesced: a wake while running runs once more afterwards). */
  wake(): void {
    if (!this.running) return;
    if (this.firing) {
      this.again = true;
      return;
    }
    this.clear();
    this.firing = this.fire();
  }

  /** Resolves when no run is in progress. */
  async settled(): Promise<void> {
    while (this.firing) await this.firing;
  }

  /** When the next attempt is due, or null when nothing is scheduled. */
  nextDueAt(): number | null {
    return this.store.dueRetries(Number.MAX_SAFE_INTEGER, 1)[0]?.nextAttemptAt ?? null;
  }

  private async fire(): Promise<void> {
    let deferred = false;
    try {
      do {
        this.again = false;
        // Let the caller's synchronous work (e.g. the rest of a publish) finish first.
        await Promise.resolve();
        deferred = (await this.run()).deferred;
      } while (this.again && this.running);
    } finally {
      this.firing = null;
      this.arm(deferred);
    }
  }

  private arm(deferred: boolean): void {
    if (!this.running) return;
    this.clear();
    const due = this.nextDueAt();
    const now = this.clock.now();
    let delay = due === null ? this.options.maxSleepMs : Math.max(0, due - now);
    // A row still due right after a run was left for later (or could not run): look again soon, never in a busy loop.
    if (deferred || (due !== null && due <= now)) delay = Math.max(delay, this.options.deferredRetryMs);
    delay = Math.min(delay, this.options.maxSleepMs);
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.wake();
    }, delay);
  }

  private clear(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
