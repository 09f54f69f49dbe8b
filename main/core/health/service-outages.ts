// The one place that tells the bus a service is down or answers again
// (`service.error`). The poller (SABnzbd), the *arr failure watch and recovery
// (Sonarr/Radarr) and the activity log (the database) all report here, so
// they share one streak per service: the window hears "Sonarr cannot be
// reached" once when the first of them meets the outage, and "answers again"
// once when the first of them gets an answer, with one correlation id for the
// whole story. Listeners (recovery) hear when a streak ends, whoever saw it.
// An *arr instance other than the first of its kind ("Radarr 4K") has a streak
// of its own, keyed by its settings id and told with `instance` in the payload:
// the 4K Radarr being down is not the HD Radarr's outage, and the HD Radarr
// answering does not end the 4K's streak.
import { isSectionInstance } from '../settings/arr-instance-list';
import type { ServiceName } from '../../../shared/domain';
import type { EventPayloadMap } from '../../../shared/events';
import type { Clock } from '../clock';
import type { EventBusPort } from '../events/event-bus-port';
import { newId as randomId, type IdFactory } from '../ids';
import { OutageStreaks, type EndedStreak, type StreakStep } from './outage-streaks';

export type { EndedStreak, StreakStep } from './outage-streaks';

export interface FailureReport {
  /** The client's error code (unreachable, timeout, http_error, write_failed…). */
  code: string;
  message: string;
  /** The event's source: who met the failure. */
  source: string;
  /** When the reporter tries again, if it knows (the poller does). */
  nextRetryAt?: number | null;
  /** Tell the bus on every failure, not only when a streak starts (the poller: each failed poll says when it polls again). */
  everyTime?: boolean;
  /** Count it in the streak but tell nobody: another reporter owns the telling (recovery meeting SABnzbd down; the poller tells). */
  silent?: boolean;
  /** The *arr instance (settings id) that failed; absent or the app's own id (`radarr`) for the first of its kind. */
  instance?: string;
}

export interface AnswerReport {
  source: string;
  /** Default `recovered`. */
  code?: string;
  /** The notice, given how long the streak was. */
  message: (ended: EndedStreak) => string;
  /** The *arr instance (settings id) that answered; as in FailureReport. */
  instance?: string;
}

/** `instance` is set only for an *arr instance other than the first of its kind. */
export type OutageListener = (service: ServiceName, ended: EndedStreak, instance?: string) => void;

/**
 * The streak's key: the service, or for an *arr instance other than the first of its kind its
 * settings id. The first Sonarr/Radarr's ids are `sonarr`/`radarr`, the service's own name, so
 * they share the service's streak (and its health) as they always did.
 */
function streakKey(service: ServiceName, instance: string | undefined): string {
  const other = otherInstance(service, instance);
  return other === undefined ? service : `${service}:${other}`;
}

/**
 * The instance id when it is another instance than the first Sonarr/Radarr (whose id is the app's
 * name and whose health is the service's own); else undefined. Lidarr and Readarr have no service
 * health of their own: every instance of theirs, the one with the id `lidarr` too, is an instance.
 */
export function otherInstance(service: string, instance: string | undefined): string | undefined {
  if (instance === undefined || instance === '') return undefined;
  return instance === service && isSectionInstance(service) ? undefined : instance;
}

export interface ServiceOutagesDeps {
  bus: EventBusPort;
  clock: Clock;
  newId?: IdFactory;
}

export class ServiceOutages {
  private readonly streaks = new OutageStreaks<string>();
  /** One correlation id per streak that was told: its notices read as one story. */
  private readonly correlation = new Map<string, string>();
  private readonly listeners = new Set<OutageListener>();
  private readonly newId: IdFactory;

  constructor(private readonly deps: ServiceOutagesDeps) {
    this.newId = deps.newId ?? randomId;
  }

  /** A request to `service` failed in a way waiting may fix. Publishes when the streak starts (or every time, if asked). */
  async failed(service: ServiceName, report: FailureReport): Promise<StreakStep> {
    const key = streakKey(service, report.instance);
    const instance = otherInstance(service, report.instance);
    const step = this.streaks.failed(key, this.deps.clock.now());
    if (report.silent) return step;
    const untold = !this.correlation.has(key);
    if (untold) this.correlation.set(key, this.newId());
    if (untold || report.everyTime) {
      await this.publish(
        {
          service,
          code: report.code,
          message: report.message,
          consecutiveFailures: step.failures,
          recovered: false,
          ...(report.nextRetryAt !== undefined ? { nextRetryAt: report.nextRetryAt } : {}),
          ...(instance !== undefined ? { instance } : {}),
        },
        report.source,
        this.correlation.get(key),
      );
    }
    return step;
  }

  /** `service` answered. When it had been down, tells the listeners, and says so (once) if its outage was told. */
  async answered(service: ServiceName, report: AnswerReport): Promise<EndedStreak | null> {
    const key = streakKey(service, report.instance);
    const instance = otherInstance(service, report.instance);
    const ended = this.streaks.answered(key);
    if (!ended) return null;
    const correlationId = this.correlation.get(key);
    this.correlation.delete(key);
    for (const l of this.listeners) l(service, ended, instance);
    if (correlationId === undefined) return ended;
    await this.publish(
      {
        service,
        code: report.code ?? 'recovered',
        message: report.message(ended),
        consecutiveFailures: ended.failures,
        recovered: true,
        nextRetryAt: null,
        ...(instance !== undefined ? { instance } : {}),
      },
      report.source,
      correlationId,
    );
    return ended;
  }

  /**
   * A problem that is not an outage streak of this class (a damaged database moved aside, failures
   * that could not be recorded, a webhook target that keeps its own streak): told as it is.
   */
  async notice(
    service: ServiceName,
    notice: { code: string; message: string; source: string; consecutiveFailures?: number; recovered?: boolean },
  ): Promise<void> {
    await this.publish(
      {
        service,
        code: notice.code,
        message: notice.message,
        consecutiveFailures: notice.consecutiveFailures ?? 1,
        recovered: notice.recovered ?? false,
      },
      notice.source,
      undefined,
    );
  }

  isDown(service: ServiceName, instance?: string): boolean {
    return this.streaks.isDown(streakKey(service, instance));
  }

  /** Drop a streak without telling anyone (the service or instance is no longer configured). */
  forget(service: ServiceName, instance?: string): void {
    const key = streakKey(service, instance);
    this.streaks.forget(key);
    this.correlation.delete(key);
  }

  onAnswered(listener: OutageListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async publish(payload: EventPayloadMap['service.error'], source: string, correlationId: string | undefined): Promise<void> {
    await this.deps.bus.publish('service.error', payload, { source, ...(correlationId ? { correlationId } : {}) });
  }
}
