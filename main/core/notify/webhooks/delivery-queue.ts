// One target's outgoing notifications: sent one at a time in order, each
// retried with backoff on the endpoint's own failures (delivery-backoff.ts),
// then given up. Bounded: at most policy.maxQueued wait; when full, the oldest
// waiting one is dropped (and reported) so a dead endpoint holds a fixed
// amount of memory. Nothing here blocks the caller: enqueue returns at once,
// and the work runs on the clock's timers and the fetch promise.
import type { Clock, TimerHandle } from '../../clock';
import type { AttemptOutcome } from './webhook-attempt';
import type { RetryPolicy } from './delivery-backoff';
import { retryDelayMs } from './delivery-backoff';
import type { WebhookMessage } from './webhook-message';
import type { WebhookDelivery } from '../../../../shared/contract';

export type GiveUpReason = 'retries_exhausted' | 'refused' | 'queue_full' | 'stopped';

export interface DeliveryQueueOptions {
  clock: Clock;
  policy: RetryPolicy;
  send: (message: WebhookMessage, signal: AbortSignal) => Promise<AttemptOutcome>;
  /** `afterGivingUp`: how many were given up since the last delivery (0 = no failing streak ended). */
  onDelivered: (message: WebhookMessage, attempts: number, afterGivingUp: number) => void;
  /** `inStreak`: the how-manieth given up since the last delivery (1 = a failing streak starts). */
  onGiveUp: (message: WebhookMessage, reason: GiveUpReason, lastError: string, attempts: number, inStreak: number) => void;
}

interface Pending {
  message: WebhookMessage;
  attempts: number;
  lastError: string | null;
}

export class DeliveryQueue {
  private readonly pending: Pending[] = [];
  private sending = false;
  private timer: TimerHandle | null = null;
  private nextRetryAt: number | null = null;
  private stopped = false;
  private readonly abort = new AbortController();
  private current: Promise<void> | null = null;
  private lastDeliveredAt: number | null = null;
  private lastFailedAt: number | null = null;
  private lastError: string | null = null;
  private givenUp = 0;
  /** Given up since the last delivery. */
  private streak = 0;

  constructor(private readonly options: DeliveryQueueOptions) {}

  enqueue(message: WebhookMessage): void {
    if (this.stopped) return;
    this.pending.push({ message, attempts: 0, lastError: null });
    if (this.pending.length > this.options.policy.maxQueued) {
      // The head may be in flight: drop the oldest one behind it.
      const [dropped] = this.pending.splice(1, 1);
      if (dropped) this.giveUp(dropped, 'queue_full', `the queue was full (${this.options.policy.maxQueued} waiting) while the endpoint kept failing`);
    }
    this.pump();
  }

  status(): WebhookDelivery {
    return {
      queued: this.pending.length,
      nextRetryAt: this.nextRetryAt,
      lastDeliveredAt: this.lastDeliveredAt,
      lastFailedAt: this.lastFailedAt,
      lastError: this.lastError,
      givenUp: this.givenUp,
      failing: this.streak > 0,
    };
  }

  /** Resolves when nothing is in flight (tests; a stop that waits for the last answer). */
  async settled(): Promise<void> {
    while (this.current) await this.current;
  }

  /** Cancels the request in flight and the backoff timer; what is still queued is given up ('stopped'). */
  stop(): number {
    if (this.stopped) return 0;
    this.stopped = true;
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
    this.nextRetryAt = null;
    this.abort.abort();
    const left = this.pending.splice(0);
    for (const p of left) this.options.onGiveUp(p.message, 'stopped', 'autoarr-tray stopped before it was sent', p.attempts, 0);
    return left.length;
  }

  private pump(): void {
    if (this.stopped || this.sending || this.timer !== null) return;
    const head = this.pending[0];
    if (!head) return;
    this.sending = true;
    head.attempts += 1;
    const run = this.options
      .send(head.message, this.abort.signal)
      .catch((e: unknown): AttemptOutcome => ({ kind: 'retry', status: null, retryAfterMs: null, message: e instanceof Error ? e.message : String(e) }))
      .then((outcome) => this.settle(head, outcome));
    this.current = run;
    void run.finally(() => {
      if (this.current === run) this.current = null;
    });
  }

  private settle(head: Pending, outcome: AttemptOutcome): void {
    this.sending = false;
    if (this.stopped || this.pending[0] !== head) return;
    const now = this.options.clock.now();
    if (outcome.kind === 'delivered') {
      this.pending.shift();
      this.lastDeliveredAt = now;
      const ended = this.streak;
      this.streak = 0;
      this.options.onDelivered(head.message, head.attempts, ended);
      this.pump();
      return;
    }
    head.lastError = outcome.message;
    this.lastFailedAt = now;
    this.lastError = outcome.message;
    if (outcome.kind === 'refused' || head.attempts >= this.options.policy.attempts) {
      this.pending.shift();
      this.giveUp(head, outcome.kind === 'refused' ? 'refused' : 'retries_exhausted', outcome.message);
      this.pump();
      return;
    }
    const wait = retryDelayMs(head.attempts, outcome.retryAfterMs, this.options.policy);
    this.nextRetryAt = now + wait;
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = null;
      this.nextRetryAt = null;
      this.pump();
    }, wait);
  }

  private giveUp(p: Pending, reason: GiveUpReason, message: string): void {
    this.givenUp += 1;
    this.streak += 1;
    this.lastFailedAt = this.options.clock.now();
    this.lastError = message;
    this.options.onGiveUp(p.message, reason, message, p.attempts, this.streak);
  }
}
