// Runs the notification policy against live events: reads the current
// notification settings on every event (so config.applied needs no wiring),
// arms the digest timer from the Clock port, and reports notifier failures
// instead of throwing them into the bus.
import type { AnyBusEvent } from '../../../shared/events';
import type { ApiError } from '../../../shared/contract';
import type { Clock, TimerHandle } from '../clock';
import {
  initialNotificationState,
  onDigestDue,
  onEvent,
  type DesktopNotification,
  type NotificationPolicyState,
  type NotificationSettings,
} from './notification-policy';
import type { Notifier } from './notifier-port';

export interface NotificationServiceOptions {
  notifier: Notifier;
  clock: Clock;
  settings: () => NotificationSettings;
  onError?: (error: ApiError, notification: DesktopNotification) => void;
}

export class NotificationService {
  private state: NotificationPolicyState = initialNotificationState;
  private timer: TimerHandle | null = null;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: NotificationServiceOptions) {}

  handle(event: AnyBusEvent): void {
    const step = onEvent(this.state, event, this.options.settings(), this.options.clock.now());
    this.apply(step.state, step.show);
  }

  /** Resolves when every notification handed to the notifier has been answered. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  stop(): void {
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private apply(state: NotificationPolicyState, show: DesktopNotification[]): void {
    const dueBefore = this.state.digestDueAt;
    this.state = state;
    for (const n of show) this.send(n);
    if (state.digestDueAt !== null && state.digestDueAt !== dueBefore) {
      if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
      const wait = Math.max(0, state.digestDueAt - this.options.clock.now());
      this.timer = this.options.clock.setTimeout(() => {
        this.timer = null;
        const step = onDigestDue(this.state, this.options.clock.now());
        this.apply(step.state, step.show);
      }, wait);
    }
  }

  private send(n: DesktopNotification): void {
    const p = this.options.notifier.notify(n).then((r) => {
      if (!r.ok) this.options.onError?.(r.error, n);
    });
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }
}
