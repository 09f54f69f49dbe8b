// The core's composition root: builds the bus, the SQLite store, the poller,
// the recovery engine, the activity log, notifications and the contract's
// handlers from a config and injected ports, and runs them. It never imports
// Electron: the shell (main/electron) and browser mode (main/serve.ts) both
// wrap the same core.
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppInfo, ContractHandlers, MonitoringStatus, Unsubscribe } from '../../shared/contract';
import type { AnyBusEvent } from '../../shared/events';
import type { Settings } from '../../shared/settings';
import { ActivityLogService } from './activity/activity-log-service';
import { activityWriteOutage } from './activity/activity-write-outage';
import { ActivityRepository } from './activity/activity-repository';
import { openDatabase, openDatabaseOrRecover, type DatabaseHandle } from './activity/database';
import { DownloadMonitoringRepository } from './activity/download-monitoring-repository';
import { runDeferredIntegrityCheck, type DeferredIntegrityCheck } from './activity/integrity-check';
import { SqliteStateStore, WantedItemsRepository } from './activity/state-store';
import { activityHandlers } from './api/handlers/activity-handlers';
import { diagnosticsHandlers } from './api/handlers/diagnostics-handlers';
import { downloadHandlers } from './api/handlers/download-handlers';
import { monitoringHandlers, type MonitoringHandlerDeps } from './api/handlers/monitoring-handlers';
import { settingsHandlers } from './api/handlers/settings-handlers';
import { webhookHandlers } from './api/handlers/webhook-handlers';
import { downloadClientCategoryReader } from './audit/download-client-categories';
import { systemClock, type Clock } from './clock';
import { DownloadLinkResolver } from './connections/download-links';
import { ServiceConnections } from './connections/service-connections';
import { EventBus } from './events/event-bus';
import { ConnectionChecker } from './health/connection-checker';
import { InstanceHealth } from './health/instance-health';
import { ServiceHealthTracker } from './health/service-health';
import { ServiceOutages } from './health/service-outages';
import { sameTrayState, trayStateOf, type TrayState } from './health/tray-state';
import { ArrFailureWatch, type ArrFailureSource } from './monitoring/arr-failure-watch';
import { earlierJobOwner, interruptedGrabOwner } from './monitoring/earlier-job-owner';
import { Poller } from './monitoring/poller';
import { NotificationService } from './notify/notification-service';
import type { Notifier } from './notify/notifier-port';
import { WebhookNotifications } from './notify/webhooks/webhook-notifications';
import { WebhookUrlStore } from './notify/webhooks/webhook-url-store';
import { RecoveryEngine, type RecoveryEngineOptions } from './recovery/recovery-engine';
import type { FetchFn } from './sabnzbd/sabnzbd-client';
import { isSectionInstance } from './settings/arr-instance-list';
import type { SecretStore } from './settings/secret-store';
import type { SettingsStore } from './settings/settings-store';

export type { TrayState } from './health/tray-state';

export interface CoreLogger {
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export const consoleLogger: CoreLogger = {
  info: (m, c) => console.log(`[core] ${m}`, ...(c ? [c] : [])),
  warn: (m, c) => console.warn(`[core] ${m}`, ...(c ? [c] : [])),
  error: (m, c) => console.error(`[core] ${m}`, ...(c ? [c] : [])),
};

export interface CoreOptions {
  dataDir: string;
  migrationsFolder: string;
  settingsStore: SettingsStore;
  secretStore: SecretStore;
  mode: 'electron' | 'browser';
  notifier?: Notifier | null;
  clock?: Clock;
  fetch?: FetchFn;
  logger?: CoreLogger;
  demo?: boolean;
  version?: string;
  /** Database file name inside dataDir. */
  databaseFile?: string;
  /** better-sqlite3's addon for this runtime (the Electron app's own build); the default build when absent. */
  sqliteNativeBinding?: string;
  /** Test and demo knobs for the recovery engine (grace period, check intervals). */
  recovery?: Partial<RecoveryEngineOptions>;
  poller?: { pageSize?: number; firstRunLookbackMs?: number | null };
}

export interface Core {
  readonly handlers: ContractHandlers;
  readonly bus: EventBus;
  onEvent(listener: (event: AnyBusEvent) => void): Unsubscribe;
  trayState(): TrayState;
  onTrayStateChange(listener: (state: TrayState) => void): Unsubscribe;
  start(): Promise<void>;
  /** Graceful: the poller stops, in-flight recovery finishes or stays scheduled in the DB, the log is flushed. */
  stop(): Promise<void>;
  /** For tests and the crash suite: the pieces, to drive and inspect. */
  readonly internals: {
    poller: Poller;
    recovery: RecoveryEngine;
    store: DownloadMonitoringRepository;
    activity: ActivityLogService;
    database: DatabaseHandle;
    connections: ServiceConnections;
    arrFailureWatch: ArrFailureWatch;
    webhooks: WebhookNotifications;
  };
}

/** Open the database; a corrupt file is moved aside, a locked one leaves the app on a temporary database. */
function openStore(options: CoreOptions, logger: CoreLogger, notices: string[]): DatabaseHandle {
  const file = join(options.dataDir, options.databaseFile ?? 'autoarr.db');
  const nativeBinding = options.sqliteNativeBinding ? { nativeBinding: options.sqliteNativeBinding } : {};
  try {
    const { handle, recovery } = openDatabaseOrRecover({
      file,
      migrationsFolder: options.migrationsFolder,
      ...nativeBinding,
      onMaintenance: (m) => logger.info(m),
    });
    if (recovery.action === 'moved_corrupt_file') {
      notices.push(
        `The database ${file} was damaged (${recovery.reason}); it was moved to ${recovery.movedTo} and a fresh one was started.`,
      );
    }
    return handle;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const fallback = join(tmpdir(), `autoarr-tray-fallback-${process.pid}-${Date.now()}.db`);
    notices.push(
      `The database ${file} could not be opened (${reason}). autoarr-tray keeps monitoring with a temporary database ` +
        `(${fallback}) until it is restarted; close any other program using the file.`,
    );
    logger.error('database open failed; using a temporary database', { file, reason });
    const handle = openDatabase({ file: fallback, migrationsFolder: options.migrationsFolder, ...nativeBinding });
    return {
      ...handle,
      // Nothing in it outlives this run (the notice says so): leave no file behind in the temp folder.
      close: () => {
        handle.close();
        for (const f of [fallback, `${fallback}-wal`, `${fallback}-shm`]) rmSync(f, { force: true });
      },
    };
  }
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? consoleLogger;
  const settingsStore = options.settingsStore;
  const settings = (): Settings => settingsStore.get();
  mkdirSync(options.dataDir, { recursive: true });

  const databaseNotices: string[] = [];
  const database = openStore(options, logger, databaseNotices);
  const initial = settings();

  const bus = new EventBus({
    clock,
    historySize: initial.activity.eventBusHistorySize,
    onHandlerError: (f) => logger.warn(`event handler ${f.handlerName} failed on ${f.event.type}: ${f.error}`),
  });
  // The one teller of service.error: the poller, the *arr failure watch, recovery and the activity log share its streaks.
  const outages = new ServiceOutages({ bus, clock });
  const store = new DownloadMonitoringRepository(database.db);
  const state = new SqliteStateStore(database.db);
  const wanted = new WantedItemsRepository(database.db);
  const repository = new ActivityRepository(database.sqlite);
  const activity = new ActivityLogService({
    bus,
    repository,
    clock,
    retentionDays: initial.activity.retentionDays,
    applicationOf: (id) => store.findByAnyNzoId(id)?.sourceApp ?? null,
    // One notice when writes start failing and one when they work again, not one per retried flush.
    ...activityWriteOutage({ outages, logger, file: database.file }),
  });

  const connections = new ServiceConnections({
    settings,
    secret: (name) => settingsStore.apiKey(name),
    instanceSecret: (id) => settingsStore.instanceApiKey(id),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    clock,
  });
  const health = new ServiceHealthTracker(
    clock,
    (service) => connections.isConfigured(service),
    () => settings().downloadClient,
  );
  const connectionChecker = new ConnectionChecker({
    health,
    clock,
    settings,
    apiKey: (service) => settingsStore.apiKey(service),
    isConfigured: (service) => connections.isConfigured(service),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  // Every *arr instance's health; the first Sonarr/Radarr's is the connection checker's.
  const instanceHealth = new InstanceHealth({
    health,
    clock,
    settings,
    apiKey: (id) => settingsStore.instanceApiKey(id),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  // First run: failures older than a week are history, not work (tests pass null to read everything).
  const firstRunLookbackMs =
    options.poller && 'firstRunLookbackMs' in options.poller ? (options.poller.firstRunLookbackMs ?? null) : 7 * 86_400_000;
  const downloadClientCategories = downloadClientCategoryReader(() => {
    const out: Partial<Record<'sonarr' | 'radarr', { baseUrl: string; apiKey: string; timeoutMs: number }>> = {};
    for (const app of ['sonarr', 'radarr'] as const) {
      const c = connections.arrConnection(app);
      if (c) out[app] = { baseUrl: c.baseUrl, apiKey: c.apiKey, timeoutMs: c.timeoutMs };
    }
    return out;
  });

  const poller = new Poller({
    client: connections.downloadClient,
    bus,
    store,
    state,
    clock,
    settings,
    lookups: () => connections.lookups(),
    failureLog: activity,
    ...(options.poller?.pageSize ? { pageSize: options.poller.pageSize } : {}),
    firstRunLookbackMs,
    earlierJobOwner: earlierJobOwner(database.db),
    interruptedGrabOwner: interruptedGrabOwner(database.db),
    outages,
    // Every poll also reads the *arrs' downloadFailed history (jobs they removed from SABnzbd first).
    afterCycle: async () => {
      await arrFailureWatch.check();
    },
  });
  const arrFailureWatch = new ArrFailureWatch({
    // Every enabled Sonarr/Radarr instance, each with its own cursor (the first of each app keeps its old one).
    sources: () =>
      connections.instanceClients().map(
        (c): ArrFailureSource => ({ app: c.kind, reader: c.client, instanceId: c.instance.id, label: c.instance.name, category: c.instance.category }),
      ),
    announcer: poller.announcer,
    bus,
    state,
    clock,
    categoryOf: async (app) => {
      const r = await downloadClientCategories(app);
      return r?.ok ? (r.value[0] ?? null) : null;
    },
    firstRunLookbackMs,
    outages,
  });

  const recovery = new RecoveryEngine({
    bus,
    store,
    sab: connections.downloadClient,
    arrs: () => connections.recoveryArrs(),
    outages,
    clock,
    settings,
    logger,
    wanted,
    audit: { downloadClientCategories },
    ...(options.recovery ? { options: options.recovery } : {}),
  });

  const notifications = options.notifier
    ? new NotificationService({
        notifier: options.notifier,
        clock,
        settings: () => settings().notifications,
        onError: (error) => logger.warn(`notification not shown: ${error.message}`),
      })
    : null;

  // Webhooks run the same notification policy per target, apart from the desktop notifier.
  const webhookUrls = new WebhookUrlStore(options.secretStore, (m) => logger.warn(m));
  const webhooks = new WebhookNotifications({
    settings,
    urls: webhookUrls,
    // Every key a message must never carry, the extra *arr instances' included.
    apiKeys: () => settingsStore.allApiKeys(),
    secretStorage: options.secretStore.kind,
    clock,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    outages,
    logger,
  });

  // SABnzbd's queue as last seen, for the Overview.
  let lastQueue: MonitoringStatus['queue'] = null;
  bus.subscribe(
    'queue.polled',
    (e) => {
      lastQueue = { count: e.payload.queueCount, downloading: e.payload.downloading, paused: e.payload.paused };
    },
    { name: 'core-queue-snapshot' },
  );
  bus.subscribe('*', (e) => health.observe(e), { name: 'service-health', priority: 100 });
  bus.subscribe('service.error', (e) => instanceHealth.observe(e), { name: 'instance-health', priority: 100 });
  // The log file's view of the core: service problems and what became of downloads, one line each.
  bus.subscribe(
    'service.error',
    (e) => {
      const p = e.payload;
      const who = p.instance !== undefined ? `${p.service} ${p.instance}` : p.service;
      if (p.recovered) logger.info(`${who} ok again: ${p.message}`);
      else logger.warn(`${who} ${p.code}: ${p.message}`);
    },
    { name: 'core-log-service-errors', priority: -90 },
  );
  for (const type of ['download.failed', 'download.moved_to_dlq', 'download.recovered'] as const) {
    bus.subscribe(type, (e) => logger.info(`${e.type} ${e.payload.nzoId} ${e.payload.name}`), { name: `core-log-${type}`, priority: -90 });
  }
  if (notifications) bus.subscribe('download.*', (e) => notifications.handle(e), { name: 'notifications' });
  bus.subscribe('download.*', (e) => webhooks.handle(e), { name: 'webhooks' });
  bus.subscribe('config.applied', (e) => webhooks.onConfigApplied(e.payload.changedKeys), { name: 'webhooks-config' });

  // Tray state follows downloads, health and pause; listeners hear only real changes.
  const trayListeners = new Set<(s: TrayState) => void>();
  const computeTray = (): TrayState =>
    trayStateOf({
      counts: store.counts(clock.now()),
      sabnzbd: health.get(settings().downloadClient),
      clientName: settings().downloadClient === 'nzbget' ? 'NZBGet' : 'SABnzbd',
      paused: poller.status().paused,
    });
  let lastTray = computeTray();
  const refreshTray = () => {
    const next = computeTray();
    if (sameTrayState(next, lastTray)) return;
    lastTray = next;
    for (const l of trayListeners) l(next);
  };
  bus.subscribe('download.*', refreshTray, { name: 'tray-state', priority: -50 });
  bus.subscribe('monitoring.*', refreshTray, { name: 'tray-state-monitoring', priority: -50 });
  health.onChange(refreshTray);

  const appInfo = (): AppInfo => ({
    name: 'autoarr-tray',
    version: options.version ?? '0.0.0',
    mode: options.mode,
    demo: options.demo ?? false,
    dataDir: options.dataDir,
    secretStorage: options.secretStore.kind,
    platform: process.platform,
  });

  const links = new DownloadLinkResolver({
    serviceUrl: (service, instanceId) => {
      if (service !== 'sabnzbd' && service !== 'nzbget' && (instanceId !== undefined || !isSectionInstance(service))) {
        // Lidarr/Readarr have no section: without an instance named, their first instance is meant.
        const i = settings().arrInstances.find((x) => (instanceId === undefined || x.id === instanceId) && x.kind === service);
        return i && i.enabled && i.url.trim() !== '' ? i.url.trim() : null;
      }
      const s = settings()[service];
      return s.enabled && s.url.trim() !== '' ? s.url.trim() : null;
    },
    downloadClient: () => settings().downloadClient,
    itemPage: (app, id, instanceId) => connections.itemPage(app, id, instanceId),
  });

  const monitoringDeps: MonitoringHandlerDeps = {
    poller,
    recovery,
    store,
    health,
    clock,
    dryRun: () => settings().dryRun,
    lastQueue: () => lastQueue,
    instances: () => instanceHealth.all(),
    downloadClient: () => settings().downloadClient,
  };
  const handlers: ContractHandlers = {
    ...activityHandlers({ activity, repository, store, clock }),
    ...downloadHandlers({ store, recovery, links }),
    ...diagnosticsHandlers({ bus }),
    ...monitoringHandlers(monitoringDeps),
    ...settingsHandlers({
      settings: settingsStore,
      bus,
      clock,
      health,
      instanceHealth,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      appInfo,
      onApplied: (changed, next) => {
        if (changed.includes('activity.retentionDays')) activity.setRetentionDays(next.activity.retentionDays);
        for (const service of ['sabnzbd', 'sonarr', 'radarr', 'nzbget'] as const) {
          if (changed.some((k) => k.startsWith(`${service}.`) || k === `apiKeys.${service}`)) {
            health.reset(service);
            void connectionChecker.checkNow([service]);
          }
        }
        if (changed.some((k) => k === 'arrInstances' || k.startsWith('instanceApiKeys.'))) void instanceHealth.checkNow();
        if (changed.some((k) => k.startsWith('monitoring.pollIntervalSeconds')) && !poller.status().paused) {
          // A new interval applies now rather than after the old one runs out.
          void poller.pollNow();
        }
      },
    }),
    ...webhookHandlers({ settings: settingsStore, urls: webhookUrls, webhooks, bus }),
  };

  let started = false;
  let integrityCheck: DeferredIntegrityCheck | null = null;
  return {
    handlers,
    bus,
    onEvent: (listener) => bus.subscribe('*', (e) => listener(e), { name: 'core-listener', priority: -100 }).unsubscribe,
    trayState: () => lastTray,
    onTrayStateChange: (listener) => {
      trayListeners.add(listener);
      return () => trayListeners.delete(listener);
    },
    async start() {
      if (started) return;
      started = true;
      activity.start();
      for (const message of databaseNotices) await outages.notice('database', { code: 'database_recovered', message, source: 'core' });
      // Env lines are logged by whoever read the environment (serve, the shell); the file's here.
      for (const problem of settingsStore.problems) logger.warn(problem);
      // Adjusted or ignored values reach the activity log and the window, not only a console nobody reads.
      const settingsWarnings = settingsStore.warnings();
      if (settingsWarnings.length > 0) {
        await bus.publish('config.applied', { changedKeys: [], warnings: settingsWarnings }, { source: 'settings' });
      }
      recovery.start();
      connectionChecker.start();
      instanceHealth.start();
      await poller.start();
      refreshTray();
      // A database too big to read whole at open is checked now, off the event loop.
      integrityCheck = runDeferredIntegrityCheck(database, {
        onDamaged: (message) => void outages.notice('database', { code: 'database_damaged', message, source: 'core' }),
        onError: (message) => logger.warn(message),
      });
      logger.info(`core started (${options.mode}, data in ${options.dataDir}, database ${database.file})`);
    },
    async stop() {
      if (!started) return;
      started = false;
      await poller.stop();
      await connectionChecker.stop();
      await instanceHealth.stop();
      await recovery.stop();
      notifications?.stop();
      await integrityCheck?.stop();
      webhooks.stop();
      await activity.stop();
      database.close();
      logger.info('core stopped; database closed');
    },
    internals: { poller, recovery, store, activity, database, connections, arrFailureWatch, webhooks },
  };
}
