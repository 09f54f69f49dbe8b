// Sonarr, Radarr or SABnzbd not answering is not the download's fault: a step
// that meets an outage must not spend one of the download's attempts (three
// outages in a row would dead-letter a healthy download). This file says which
// errors are outages and keeps one streak per service, so the window hears
// "Sonarr is down" once per outage (not once per download) and "answers
// again" when it does, and so waiting steps back off while the outage lasts.
import type { ArrApp } from '../../../shared/domain';
import type { ArrError } from '../arr/arr-result';
import { OutageStreaks } from '../health/outage-streaks';
import type { SabnzbdError } from '../sabnzbd/sabnzbd-error';

export type OutageService = ArrApp | 'sabnzbd';

export interface Outage {
  service: OutageService;
  /** The client's error code (unreachable, timeout, http_error). */
  code: string;
  /** The client's message: it names the address and what a person can do. */
  message: string;
}

/** The first wait after an outage, and the longest: short enough that recovery resumes soon after. */
export const OUTAGE_FIRST_DELAY_MS = 60_000;
export const OUTAGE_MAX_DELAY_MS = 10 * 60_000;

/** Marks an attempt left open because its request timed out: it may have been sent, so it is looked up, never resent. */
export const UNCONFIRMED_MARK = 'unconfirmed: ';

/** The app did not answer, or answered with a server error: try again later. Anything else is a real answer. */
export function arrOutage(app: ArrApp, error: ArrError): Outage | null {
  const down = error.code === 'unreachable' || error.code === 'timeout' || (error.code === 'http_error' && (error.status ?? 0) >= 500);
  return down ? { service: app, code: error.code, message: error.message } : null;
}

export function sabOutage(error: SabnzbdError): Outage | null {
  return error.code === 'unreachable' || error.code === 'timeout' ? { service: 'sabnzbd', code: error.code, message: error.message } : null;
}

export function serviceLabel(service: OutageService): string {
  return service === 'sabnzbd' ? 'SABnzbd' : service === 'sonarr' ? 'Sonarr' : 'Radarr';
}

/** The line a deferred download shows as its last error; its start also marks what it waits for. */
export function deferredLine(service: OutageService, message: string, nextAt: number): string {
  return `${serviceLabel(service)} did not answer (${message}); this step runs again at ${new Date(nextAt).toISOString()} and no attempt was used.`;
}

export function isDeferredBy(lastError: string | null, service: OutageService): boolean {
  return lastError?.startsWith(`${serviceLabel(service)} did not answer (`) ?? false;
}

/** What one failed call means for the streak. */
export interface OutageNote {
  /** The first failure of a streak: say so (once). */
  started: boolean;
  failures: number;
  /** Wait this long before the step runs again. */
  delayMs: number;
}

/**
 * One streak per service (the same streak logic as the *arr failure watch).
 * The wait grows with how long the outage has lasted (not with how many
 * downloads met it in one pass, which would jump straight to the cap),
 * between min(base backoff, 60 s) and 10 minutes.
 */
export class OutageTracker {
  private readonly streaks = new OutageStreaks<OutageService>();

  failed(service: OutageService, now: number, baseBackoffMs: number): OutageNote {
    const step = this.streaks.failed(service, now);
    const first = Math.min(Math.max(baseBackoffMs, 1_000), OUTAGE_FIRST_DELAY_MS);
    return { started: step.started, failures: step.failures, delayMs: Math.min(OUTAGE_MAX_DELAY_MS, Math.max(first, now - step.since)) };
  }

  /** The service answered: the failures of the streak that ended, or null when there was none. */
  answered(service: OutageService): number | null {
    return this.streaks.answered(service)?.failures ?? null;
  }

  isDown(service: OutageService): boolean {
    return this.streaks.isDown(service);
  }
}
