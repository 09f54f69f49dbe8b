// What the window and the tray show as each service's health: learned from
// the events the poller and recovery publish (service.error, queue.polled)
// and from explicit connection checks, never by polling on its own.
import type { ServiceHealth } from '../../../shared/contract';
import type { AnyBusEvent } from '../../../shared/events';
import type { Clock } from '../clock';

export type HealthService = 'sabnzbd' | 'sonarr' | 'radarr' | 'nzbget';
export const HEALTH_SERVICES: readonly HealthService[] = ['sabnzbd', 'sonarr', 'radarr', 'nzbget'];

const unknown: ServiceHealth = { state: 'unknown', message: null, checkedAt: null, version: null };

export class ServiceHealthTracker {
  private readonly health = new Map<HealthService, ServiceHealth>();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly clock: Clock,
    private readonly isConfigured: (service: HealthService) => boolean,
    /** The download client the poller reads (a completed poll says it answers). */
    private readonly downloadClient: () => 'sabnzbd' | 'nzbget' = () => 'sabnzbd',
  ) {}

  get(service: HealthService): ServiceHealth {
    if (!this.isConfigured(service)) {
      return { state: 'unconfigured', message: `${label(service)} has no address or API key yet — open Settings.`, checkedAt: null, version: null };
    }
    return this.health.get(service) ?? unknown;
  }

  all(): Record<HealthService, ServiceHealth> {
    return { sabnzbd: this.get('sabnzbd'), sonarr: this.get('sonarr'), radarr: this.get('radarr'), nzbget: this.get('nzbget') };
  }

  set(service: HealthService, state: 'ok' | 'error', message: string | null, version?: string | null): void {
    const prev = this.health.get(service);
    const next: ServiceHealth = {
      state,
      message,
      checkedAt: this.clock.now(),
      version: version ?? prev?.version ?? null,
    };
    this.health.set(service, next);
    if (prev?.state !== next.state || prev?.message !== next.message) for (const l of this.listeners) l();
  }

  /** Forget what was learned (e.g. the address changed). */
  reset(service: HealthService): void {
    this.health.delete(service);
    for (const l of this.listeners) l();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Feed every bus event through here. */
  observe(event: AnyBusEvent): void {
    if (event.type === 'queue.polled') this.set(event.payload.client ?? this.downloadClient(), 'ok', null);
    else if (event.type === 'service.error') {
      const s = event.payload.service;
      // Another instance of the kind ("Radarr 4K") is InstanceHealth's, not the first Radarr's.
      if (event.payload.instance !== undefined) return;
      if (s === 'sabnzbd' || s === 'sonarr' || s === 'radarr' || s === 'nzbget') {
        this.set(s, event.payload.recovered ? 'ok' : 'error', event.payload.recovered ? null : event.payload.message);
      }
    }
  }
}

function label(service: HealthService): string {
  return service === 'sabnzbd' ? 'SABnzbd' : service === 'nzbget' ? 'NZBGet' : service === 'sonarr' ? 'Sonarr' : 'Radarr';
}
