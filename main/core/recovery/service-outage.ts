// Sonarr, Radarr or SABnzbd not answering is not the download's fault: a step
// that meets an outage must not spend one of the download's attempts (three
// outages in a row would dead-letter a healthy download). This file says which
// errors are outages and how long a step waits; the streaks (what the window
// hears) are ServiceOutages' (health/service-outages.ts), shared with the
// poller and the *arr failure watch.
import type { ArrApp } from '../../../shared/domain';
import type { ArrError } from '../arr/arr-result';
import type { SabnzbdError } from '../sabnzbd/sabnzbd-error';

export type OutageService = ArrApp | 'sabnzbd' | 'nzbget';

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

/** The app did not answer, or answered with a server error: try again later. Anything else is a real answer. */
export function arrOutage(app: ArrApp, error: ArrError): Outage | null {
  const down = error.code === 'unreachable' || error.code === 'timeout' || (error.code === 'http_error' && (error.status ?? 0) >= 500);
  return down ? { service: app, code: error.code, message: error.message } : null;
}

/** The download client (`client`: which one) did not answer. */
export function sabOutage(error: SabnzbdError, client: 'sabnzbd' | 'nzbget' = 'sabnzbd'): Outage | null {
  return error.code === 'unreachable' || error.code === 'timeout' ? { service: client, code: error.code, message: error.message } : null;
}

export function serviceLabel(service: OutageService): string {
  return service === 'sabnzbd' ? 'SABnzbd' : service === 'nzbget' ? 'NZBGet' : service === 'sonarr' ? 'Sonarr' : 'Radarr';
}

/** The line a deferred download shows as its last error (what it waits for is the typed deferred_by column). */
export function deferredLine(service: OutageService, message: string, nextAt: number): string {
  return `${serviceLabel(service)} did not answer (${message}); this step runs again at ${new Date(nextAt).toISOString()} and no attempt was used.`;
}

/**
 * How long a step that met an outage waits before it runs again: growing with
 * how long the outage has lasted (not with how many downloads met it in one
 * pass, which would jump straight to the cap), between min(base backoff, 60 s)
 * and 10 minutes. It runs sooner when the service answers again.
 */
export function outageDelayMs(since: number, now: number, baseBackoffMs: number): number {
  const first = Math.min(Math.max(baseBackoffMs, 1_000), OUTAGE_FIRST_DELAY_MS);
  return Math.min(OUTAGE_MAX_DELAY_MS, Math.max(first, now - since));
}
