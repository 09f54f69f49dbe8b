// Contract handlers for the poller and the recovery engine's status: what the
// Overview shows, Poll now, Pause/Resume, and the stack audit.
import { ok, type AuditReport, type ContractHandlers, type MonitoringStatus, type RecoveryStatus, type Result } from '../../../../shared/contract';
import type { DownloadStore } from '../../activity/download-store-port';
import type { Clock } from '../../clock';
import type { ServiceHealthTracker } from '../../health/service-health';
import type { Poller } from '../../monitoring/poller';

type MonitoringHandlers = Pick<
  ContractHandlers,
  'monitoring.status' | 'monitoring.pollNow' | 'monitoring.pause' | 'monitoring.resume' | 'recovery.status' | 'audit.run'
>;

export interface MonitoringHandlerDeps {
  poller: Pick<Poller, 'status' | 'pollNow' | 'pause' | 'resume'>;
  recovery: { status(): RecoveryStatus; runAudit(trigger: 'manual'): Promise<Result<AuditReport>> };
  store: DownloadStore;
  health: ServiceHealthTracker;
  clock: Clock;
  dryRun: () => boolean;
  /** SABnzbd's queue as of the last poll. */
  lastQueue: () => MonitoringStatus['queue'];
  /** Every *arr instance with its health (health/instance-health.ts). */
  instances?: () => NonNullable<MonitoringStatus['instances']>;
  /** The download client chosen in Settings. */
  downloadClient?: () => NonNullable<MonitoringStatus['downloadClient']>;
}

/** Local midnight: "recovered today" means today on this machine's clock. */
function startOfToday(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export function monitoringStatus(deps: MonitoringHandlerDeps): MonitoringStatus {
  const p = deps.poller.status();
  const counts = deps.store.counts(startOfToday(deps.clock.now()));
  return {
    running: p.running && !p.paused,
    paused: p.paused,
    dryRun: deps.dryRun(),
    intervalSeconds: p.intervalSeconds,
    lastPollAt: p.lastPollAt,
    nextPollAt: p.nextPollAt,
    lastError: p.lastError?.message ?? null,
    services: deps.health.all(),
    counts,
    queue: deps.lastQueue(),
    ...(deps.instances ? { instances: deps.instances() } : {}),
    ...(deps.downloadClient ? { downloadClient: deps.downloadClient() } : {}),
  };
}

export function monitoringHandlers(deps: MonitoringHandlerDeps): MonitoringHandlers {
  return {
    'monitoring.status': () => ok(monitoringStatus(deps)),
    'monitoring.pollNow': async () => {
      await deps.poller.pollNow();
      return ok(monitoringStatus(deps));
    },
    'monitoring.pause': async () => {
      await deps.poller.pause();
      return ok(monitoringStatus(deps));
    },
    'monitoring.resume': async () => {
      await deps.poller.resume();
      return ok(monitoringStatus(deps));
    },
    'recovery.status': () => ok(deps.recovery.status()),
    'audit.run': () => deps.recovery.runAudit('manual'),
  };
}
