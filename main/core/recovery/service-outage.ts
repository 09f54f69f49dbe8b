// Sonarr, Radarr or SABnzbd not answering is not the download's fault: a step
// that meets an outage must not spend one of the download's attempts (three
// outages in a row would dead-letter a healthy download). This file says which
// errors are outages and how long a step waits; the streaks (what the window
// hears) are ServiceOutages' (health/service-outages.ts), shared with the
// poller and the *arr failure watch.
import { ARR_APP_LABEL, type ArrApp } from '../../../shared/domain';
import type { ArrError } from '../arr/arr-result';
import { otherInstance } from '../health/service-outages';
import type { SabnzbdError } from '../sabnzbd/sabnzbd-error';
import type { RecoveryArr } from './recovery-ports';

export type OutageService = ArrApp | 'sabnzbd' | 'nzbget';

export interface Outage {
  service: OutageService;
  /** The *arr instance that did not answer, when it is not the first of its app ("Radarr 4K"). */
  instance?: { id: string; label: string };
  /** The client's error code (unreachable, timeout, http_error). */
  code: string;
  /** The client's message: it names the address and what a person can do. */
  message: string;
}

/** The first wait after an outage, and the longest: short enough that recovery resumes soon after. */
export const OUTAGE_FIRST_DELAY_MS = 60_000;
export const OUTAGE_MAX_DELAY_MS = 10 * 60_000;

/** The *arr as an outage names it: the app, and the instance when it is not the first of its app. */
export type OutageArr = Pick<RecoveryArr, 'app' | 'instanceId' | 'label'>;

/** The instance's settings id when it is not the first of its app (whose streak and health are the app's own). */
export function otherInstanceOf(arr: OutageArr): string | undefined {
  return otherInstance(arr.app, arr.instanceId);
}

/** The app did not answer, or answered with a server error: try again later. Anything else is a real answer. */
export function arrOutage(arr: OutageArr, error: ArrError): Outage | null {
  const down = error.code === 'unreachable' || error.code === 'timeout' || (error.code === 'http_error' && (error.status ?? 0) >= 500);
  if (!down) return null;
  const instance = otherInstanceOf(arr);
  return {
    service: arr.app,
    code: error.code,
    message: error.message,
    ...(instance !== undefined ? { instance: { id: instance, label: arr.label ?? serviceLabel(arr.app) } } : {}),
  };
}

/** How a person reads the service an outage is of: "Radarr 4K" for another instance. */
export function outageLabel(outage: Pick<Outage, 'service' | 'instance'>): string {
  return outage.instance?.label ?? serviceLabel(outage.service);
}

/** The download client (`client`: which one) did not answer. */
export function sabOutage(error: SabnzbdError, client: 'sabnzbd' | 'nzbget' = 'sabnzbd'): Outage | null {
  return error.code === 'unreachable' || error.code === 'timeout' ? { service: client, code: error.code, message: error.message } : null;
}

export function serviceLabel(service: OutageService): string {
  return service === 'sabnzbd' ? 'SABnzbd' : service === 'nzbget' ? 'NZBGet' : ARR_APP_LABEL[service];
}

/** The line a deferred download shows as its last error (what it waits for is the typed deferred_by column). */
export function deferredLine(service: OutageService | Pick<Outage, 'service' | 'instance'>, message: string, nextAt: number): string {
  const label = typeof service === 'string' ? serviceLabel(service) : outageLabel(service);
  return `${label} did not answer (${message}); this step runs again at ${new Date(nextAt).toISOString()} and no attempt was used.`;
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
