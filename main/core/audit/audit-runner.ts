// Runs the stack audit: reads what the checks need from SABnzbd and the *arr
// apps, runs the pure checks, and publishes audit.started → audit.completed
// (or audit.failed when SABnzbd itself cannot be read).
import { err, ok, type Result } from '../../../shared/contract-result';
import type { AuditReport } from '../../../shared/contract-views';
import { ArrAppSchema, type ArrApp } from '../../../shared/domain';
import type { Settings } from '../../../shared/settings';
import type { DownloadStore } from '../activity/download-store-port';
import type { Clock } from '../clock';
import type { EventBusPort } from '../events/event-bus-port';
import type { RecoveryArrs, RecoveryDownloadClient } from '../recovery/recovery-ports';
import { auditChecks, type ArrAuditView } from './audit-checks';
import type { DownloadClientCategories } from './download-client-categories';

export const AUDIT_SOURCE = 'audit';

export interface AuditRunnerOptions {
  bus: EventBusPort;
  clock: Clock;
  sab: Pick<RecoveryDownloadClient, 'kind' | 'failureSettings' | 'categories'>;
  arrs: () => RecoveryArrs;
  settings: () => Settings;
  store: Pick<DownloadStore, 'listFailed'>;
  downloadClientCategories?: DownloadClientCategories | undefined;
}

export class AuditRunner {
  constructor(private readonly o: AuditRunnerOptions) {}

  async run(trigger: 'startup' | 'manual' | 'schedule'): Promise<Result<AuditReport>> {
    const { bus, clock } = this.o;
    const startedAt = clock.now();
    const started = await bus.publish('audit.started', { trigger }, { source: AUDIT_SOURCE });
    try {
      const [config, categories] = await Promise.all([this.o.sab.failureSettings(), this.o.sab.categories()]);
      const sabError = !config.ok ? config.error.message : !categories.ok ? categories.error.message : null;
      if (sabError !== null || !config.ok || !categories.ok) {
        const message = `The audit could not read ${this.o.sab.kind === 'nzbget' ? 'NZBGet' : 'SABnzbd'}'s settings: ${sabError ?? 'unknown error'}`;
        await bus.publishCausedBy(started, 'audit.failed', { error: message }, { source: AUDIT_SOURCE });
        return err('unavailable', message);
      }
      const arrs = await Promise.all(ArrAppSchema.options.map((app) => this.arrView(app)));
      const findings = auditChecks({
        client: this.o.sab.kind,
        sabConfig: config.value,
        sabCategories: categories.value.map((c) => c.name),
        categoryMap: categoriesInUse(this.o.settings()),
        arrs: arrs.filter((a): a is ArrAuditView => a !== null),
        propagationFailures: this.o.store.listFailed({ includeDlq: true, limit: 1, offset: 0, kind: 'propagation_delay' }).total,
      });
      const durationMs = clock.now() - startedAt;
      await bus.publishCausedBy(started, 'audit.completed', { findings: findings.map((f) => ({ ...f })), durationMs }, { source: AUDIT_SOURCE });
      return ok({ findings, ranAt: startedAt, durationMs });
    } catch (e) {
      const message = `The audit stopped unexpectedly: ${e instanceof Error ? e.message : String(e)}`;
      await bus.publishCausedBy(started, 'audit.failed', { error: message }, { source: AUDIT_SOURCE });
      return err('internal', message);
    }
  }

  private async arrView(app: ArrApp): Promise<ArrAuditView | null> {
    const arr = this.o.arrs()[app];
    if (!arr) return null;
    const [config, cats] = await Promise.all([arr.downloadClientConfig(), this.o.downloadClientCategories?.(app, this.o.sab.kind) ?? Promise.resolve(null)]);
    return {
      app,
      config: config.ok ? config.value : null,
      error: config.ok ? null : config.error.message,
      sabCategories: cats && cats.ok ? cats.value : null,
    };
  }
}

/** Every category an *arr owns: the category map, and each enabled instance's own category (what source identification asks first). */
function categoriesInUse(settings: Settings): Record<string, ArrApp> {
  const out: Record<string, ArrApp> = { ...settings.categoryMap };
  for (const i of settings.arrInstances) if (i.enabled && i.category.trim() !== '') out[i.category.trim()] ??= i.kind;
  return out;
}
