// Watches each *arr's wanted/missing list at a slower pace than the poller
// (settings.monitoring.wantedIntervalSeconds): `wanted.item_detected` for an
// item newly missing, `wanted.item_resolved` when it is no longer missing.
// The wanted_items table remembers what was announced, so a restart does not
// announce the same items again. A list that could not be read resolves
// nothing (an outage is not "everything was found").
import { ArrAppSchema, type ArrApp } from '../../../shared/domain';
import type { Settings } from '../../../shared/settings';
import type { Clock, TimerHandle } from '../clock';
import type { EventBusPort } from '../events/event-bus-port';
import type { RecoveryArrs, RecoveryLogger } from '../recovery/recovery-ports';
import { diffWanted } from './wanted-diff';

export const WANTED_SOURCE = 'wanted';

/** What the watcher needs from the wanted_items table (WantedItemsRepository fits). */
export interface WantedItemsStore {
  upsertDetected(app: ArrApp, itemId: number, title: string, now: number): { created: boolean };
  markResolved(app: ArrApp, itemId: number, now: number): boolean;
  listOpen(app?: ArrApp): { itemId: number; title: string }[];
}

export interface WantedWatcherDeps {
  bus: EventBusPort;
  clock: Clock;
  store: WantedItemsStore;
  settings: () => Settings;
  sources: () => RecoveryArrs;
  logger: RecoveryLogger;
}

export interface WantedCheckReport {
  detected: number;
  resolved: number;
  errors: string[];
}

export class WantedWatcher {
  private timer: TimerHandle | null = null;
  private running = false;
  private current: Promise<WantedCheckReport> | null = null;

  constructor(private readonly deps: WantedWatcherDeps) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.arm(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
    await this.current?.catch(() => undefined);
  }

  /** One look at every configured app's list (concurrent calls share one run). */
  checkNow(): Promise<WantedCheckReport> {
    this.current ??= this.check().finally(() => {
      this.current = null;
    });
    return this.current;
  }

  private arm(delayMs: number): void {
    if (!this.running) return;
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      void this.checkNow().finally(() => this.arm(this.deps.settings().monitoring.wantedIntervalSeconds * 1000));
    }, delayMs);
  }

  private async check(): Promise<WantedCheckReport> {
    const report: WantedCheckReport = { detected: 0, resolved: 0, errors: [] };
    const sources = this.deps.sources();
    // The first instance of each app: a second one (Radarr 4K) usually holds the same library, its wanted list the same items.
    for (const app of ArrAppSchema.options) {
      const source = sources[app];
      if (!source) continue;
      const missing = await source.missingItems();
      if (!missing.ok) {
        report.errors.push(`${app}: ${missing.error.message}`);
        this.deps.logger.warn('wanted list could not be read', { app, error: missing.error.message });
        continue;
      }
      const { store, clock, bus } = this.deps;
      const diff = diffWanted(store.listOpen(app), missing.value);
      for (const item of diff.detected) {
        if (!store.upsertDetected(app, item.itemId, item.title, clock.now()).created) continue;
        report.detected++;
        await bus.publish(
          'wanted.item_detected',
          { app, itemId: item.itemId, title: item.title, seriesId: item.seriesId, movieId: item.movieId },
          { source: WANTED_SOURCE },
        );
      }
      for (const item of diff.resolved) {
        if (!store.markResolved(app, item.itemId, clock.now())) continue;
        report.resolved++;
        await bus.publish('wanted.item_resolved', { app, itemId: item.itemId, title: item.title }, { source: WANTED_SOURCE });
      }
    }
    return report;
  }
}
