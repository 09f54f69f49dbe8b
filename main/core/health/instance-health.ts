// The health of every *arr instance for the Overview and Settings. The first
// Sonarr and first Radarr are the `sonarr`/`radarr` services the health
// tracker already follows (service.error from the poller, recovery and the
// connection checker); every other instance is checked here the same way the
// connection checker checks those: a connection test at start, after its
// settings change, and every few minutes, and what recovery meets on the way
// (service.error naming the instance, told by ServiceOutages).
import type { ServiceHealth } from '../../../shared/contract';
import type { AnyBusEvent } from '../../../shared/events';
import type { ArrInstance, Settings } from '../../../shared/settings';
import type { Clock, TimerHandle } from '../clock';
import { testConnection } from '../connections/connection-test';
import type { FetchFn } from '../sabnzbd/sabnzbd-client';
import { isSectionInstance } from '../settings/arr-instance-list';
import type { ServiceHealthTracker } from './service-health';

export interface InstanceHealthView {
  id: string;
  name: string;
  kind: ArrInstance['kind'];
  category: string;
  health: ServiceHealth;
}

export interface InstanceHealthOptions {
  health: ServiceHealthTracker;
  clock: Clock;
  settings: () => Settings;
  apiKey: (id: string) => string | null;
  fetch?: FetchFn;
  /** Default 10 minutes. */
  intervalMs?: number;
}

const UNKNOWN: ServiceHealth = { state: 'unknown', message: null, checkedAt: null, version: null };

export class InstanceHealth {
  private readonly known = new Map<string, ServiceHealth & { url: string }>();
  private timer: TimerHandle | null = null;
  private running = false;
  private current: Promise<void> = Promise.resolve();

  constructor(private readonly options: InstanceHealthOptions) {}

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

  private configured(i: ArrInstance): boolean {
    return i.enabled && i.url.trim() !== '' && (this.options.apiKey(i.id) ?? '') !== '';
  }

  /** Every instance in the settings' order with its health. */
  all(): InstanceHealthView[] {
    return this.options.settings().arrInstances.map((i) => ({ id: i.id, name: i.name, kind: i.kind, category: i.category, health: this.get(i) }));
  }

  private get(i: ArrInstance): ServiceHealth {
    if (isSectionInstance(i.id)) return this.options.health.get(i.id);
    if (!this.configured(i)) {
      return { state: 'unconfigured', message: `${i.name} has no address or API key yet — open Settings.`, checkedAt: null, version: null };
    }
    const seen = this.known.get(i.id);
    // A result for another address says nothing about this one.
    if (!seen || seen.url !== i.url) return UNKNOWN;
    return { state: seen.state, message: seen.message, checkedAt: seen.checkedAt, version: seen.version ?? null };
  }

  /** What a connection test of the saved instance found (Settings' Test connection). */
  set(id: string, state: 'ok' | 'error', message: string | null, version: string | null = null): void {
    const instance = this.options.settings().arrInstances.find((i) => i.id === id);
    if (!instance) return;
    if (isSectionInstance(id)) {
      this.options.health.set(id, state, message, version);
      return;
    }
    this.known.set(id, { state, message, checkedAt: this.options.clock.now(), version, url: instance.url });
  }

  /** Feed every bus event through here: an outage (or its end) of an instance other than the first of its kind. */
  observe(event: AnyBusEvent): void {
    if (event.type !== 'service.error' || event.payload.instance === undefined) return;
    const { instance, service, recovered, message } = event.payload;
    const known = this.options.settings().arrInstances.find((i) => i.id === instance && i.kind === service);
    if (!known || isSectionInstance(known.id)) return;
    const version = this.known.get(instance)?.version ?? null;
    this.set(instance, recovered ? 'ok' : 'error', recovered ? null : message, version);
  }

  /** Test every configured instance other than the first Sonarr/Radarr (the connection checker tests those). */
  checkNow(): Promise<void> {
    const run = this.current.then(async () => {
      const settings = this.options.settings();
      const ids = new Set(settings.arrInstances.map((i) => i.id));
      for (const id of this.known.keys()) if (!ids.has(id)) this.known.delete(id);
      const targets = settings.arrInstances.filter((i) => !isSectionInstance(i.id) && this.configured(i));
      await Promise.all(
        targets.map(async (i) => {
          const r = await testConnection(i.kind, i.url, this.options.apiKey(i.id) ?? '', {
            clock: this.options.clock,
            timeoutMs: settings.monitoring.requestTimeoutMs,
            ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
          });
          if (r.ok) this.set(i.id, 'ok', null, r.value.version);
          else this.set(i.id, 'error', `${i.name}: ${r.error.message}`);
        }),
      );
    });
    this.current = run.catch(() => undefined).then(() => this.arm());
    return run;
  }

  private arm(): void {
    if (!this.running) return;
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.timer = this.options.clock.setTimeout(() => void this.checkNow(), this.options.intervalMs ?? 600_000);
  }
}
