// Keeps the Overview's health of Sonarr and Radarr (and SABnzbd's version)
// current: a connection test at start, after their settings change, and every
// few minutes. The poller already tells SABnzbd's reachability every cycle;
// the *arrs are otherwise only heard from when recovery needs them.
import type { Settings } from '../../../shared/settings';
import type { Clock, TimerHandle } from '../clock';
import { testConnection } from '../connections/connection-test';
import type { FetchFn } from '../sabnzbd/sabnzbd-client';
import { HEALTH_SERVICES, type HealthService, type ServiceHealthTracker } from './service-health';

export interface ConnectionCheckerOptions {
  health: ServiceHealthTracker;
  clock: Clock;
  settings: () => Settings;
  apiKey: (service: HealthService) => string | null;
  isConfigured: (service: HealthService) => boolean;
  fetch?: FetchFn;
  /** Default 10 minutes. */
  intervalMs?: number;
}

export class ConnectionChecker {
  private timer: TimerHandle | null = null;
  private running = false;
  private current: Promise<void> | null = null;

  constructor(private readonly options: ConnectionCheckerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.checkNow();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
    await this.current;
  }

  /** Test every configured service now (or only those named). */
  checkNow(services: readonly HealthService[] = HEALTH_SERVICES): Promise<void> {
    const run = (async () => {
      await this.current;
      const settings = this.options.settings();
      await Promise.all(
        services.filter((s) => this.options.isConfigured(s)).map(async (service) => {
          const r = await testConnection(service, settings[service].url, this.options.apiKey(service) ?? '', {
            clock: this.options.clock,
            timeoutMs: settings.monitoring.requestTimeoutMs,
            ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
            username: settings.nzbget.username,
          });
          if (r.ok) this.options.health.set(service, 'ok', null, r.value.version);
          else this.options.health.set(service, 'error', r.error.message);
        }),
      );
    })();
    this.current = run.catch(() => undefined);
    void this.current.then(() => this.arm());
    return run;
  }

  private arm(): void {
    if (!this.running) return;
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.timer = this.options.clock.setTimeout(() => void this.checkNow(), this.options.intervalMs ?? 600_000);
  }
}
