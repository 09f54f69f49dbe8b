// Browser mode's body, shared by `npm run serve` (main/serve.ts) and
// `npm run demo` (main/demo.ts): the same core as the Electron app, its
// contract bound to HTTP + WebSocket, serving the built window. Kept apart from
// serve.ts so bundling it into the demo does not also run serve's entry point.
import Conf from 'conf';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import notifier from 'node-notifier';
import { startHttpBinding, type HttpBinding } from './core/api/http-binding';
import { liveEventSourceFromBus } from './core/api/live-event-source';
import { browserOpenUrl, resolveBrowserToken } from './core/api/browser-token';
import { createCore, type Core, type CoreLogger } from './core/app';
import type { Clock } from './core/clock';
import { NodeNotifierAdapter, type NodeNotifierLike } from './core/notify/node-notifier-adapter';
import type { RecoveryEngineOptions } from './core/recovery/recovery-engine';
import type { EnvOverrides } from './core/settings/env-overrides';
import { FileSecretStore, type SecretStore } from './core/settings/secret-store';
import { createAppLog } from './logging/app-log';
import { SettingsStore, type ConfConstructor } from './core/settings/settings-store';

const here = dirname(fileURLToPath(import.meta.url));

export function defaultDataDir(): string {
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'autoarr-tray');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'autoarr-tray');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'autoarr-tray');
}

export function packageVersion(): string {
  for (const p of [join(here, '..', '..', 'package.json'), join(here, '..', 'package.json'), join(process.cwd(), 'package.json')]) {
    if (existsSync(p)) {
      const parsed: unknown = JSON.parse(readFileSync(p, 'utf8'));
      if (parsed && typeof parsed === 'object' && 'version' in parsed && typeof parsed.version === 'string') return parsed.version;
    }
  }
  return '0.0.0';
}

/** dist/migrations next to the built app, or the sources when run from the repo. */
export function findMigrationsFolder(): string {
  const folder = [join(here, '..', 'migrations'), join(here, 'core', 'activity', 'migrations'), resolve('main/core/activity/migrations')].find((p) =>
    existsSync(join(p, 'meta', '_journal.json')),
  );
  if (!folder) throw new Error('The database migrations were not found next to the app; run `npm run build` first.');
  return folder;
}

export interface BrowserModeOptions {
  dataDir: string;
  host?: string;
  /** 0 = any free port. */
  port: number;
  env?: EnvOverrides;
  /** Where AUTOARR_TOKEN is read from (default process.env). */
  tokenEnv?: Readonly<Record<string, string | undefined>>;
  notify?: boolean;
  demo?: boolean;
  secretStore?: SecretStore;
  clock?: Clock;
  /** Where the core's lines go; by default the log file <data dir>/logs/autoarr-tray.log (and the terminal). */
  logger?: CoreLogger;
  recovery?: Partial<RecoveryEngineOptions>;
  /** Runs once the settings are open, before the core is built (the demo points them at its simulators). */
  prepareSettings?: (settings: SettingsStore) => void;
  /**
   * The built window to serve. By default the renderer/ folder beside the built main/; run
   * from the sources that is the unbuilt renderer/ (its index.html loads main.tsx), so
   * callers running the core from TypeScript (the real-stack e2e) pass their build here.
   */
  staticDir?: string;
}

export interface BrowserMode {
  readonly core: Core;
  readonly binding: HttpBinding;
  /** http://host:port, without a trailing slash. */
  readonly url: string;
  /** The address to open, token included. */
  readonly openUrl: string;
  readonly token: string;
  readonly tokenFile: string | null;
  /** Null when the window was not built (the API still works). */
  readonly staticDir: string | null;
  /** The log file, or null when the caller passed its own logger. */
  readonly logFile: string | null;
  close(): Promise<void>;
}

export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const dataDir = resolve(options.dataDir);
  const appLog = options.logger ? null : createAppLog({ dir: join(dataDir, 'logs') });
  const logger = options.logger ?? appLog!.scope('core');
  const serveLog = appLog?.scope('serve') ?? null;
  const secretStore = options.secretStore ?? new FileSecretStore(join(dataDir, 'secrets.json'));
  const settingsStore = new SettingsStore({
    dir: dataDir,
    Conf: Conf as unknown as ConfConstructor,
    secrets: secretStore,
    ...(options.env ? { env: options.env } : {}),
  });
  options.prepareSettings?.(settingsStore);

  const nodeNotifier: NodeNotifierLike = {
    notify: (o, callback) =>
      notifier.notify(o as Parameters<typeof notifier.notify>[0], (error, response, metadata) =>
        callback(error, response, metadata ? { ...metadata } : undefined),
      ),
  };
  const core = await createCore({
    dataDir,
    migrationsFolder: findMigrationsFolder(),
    settingsStore,
    secretStore,
    mode: 'browser',
    notifier: options.notify === false ? null : new NodeNotifierAdapter({ notifier: nodeNotifier, appName: 'autoarr-tray' }),
    version: packageVersion(),
    demo: options.demo ?? false,
    ...(options.clock ? { clock: options.clock } : {}),
    logger,
    ...(options.recovery ? { recovery: options.recovery } : {}),
  });

  const token = resolveBrowserToken({ env: options.tokenEnv ?? process.env, dataDir });
  const staticDir = options.staticDir ?? [join(here, '..', 'renderer')].find((p) => existsSync(join(p, 'index.html'))) ?? null;
  const binding = await startHttpBinding({
    handlers: core.handlers,
    events: liveEventSourceFromBus(core.bus),
    token: token.token,
    host: options.host ?? '127.0.0.1',
    port: options.port,
    staticDir,
    onError: (call, error) =>
      serveLog ? serveLog.error(`${call} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`) : console.error(`[serve] ${call} failed:`, error),
  });
  await core.start();
  // The address without its token: the log may be shared in a bug report.
  serveLog?.info(`browser mode listening on ${binding.url}`);

  let closed = false;
  return {
    core,
    binding,
    url: binding.url,
    openUrl: browserOpenUrl(binding.url, token.token),
    token: token.token,
    tokenFile: token.file,
    staticDir,
    logFile: appLog?.file ?? null,
    async close() {
      if (closed) return;
      closed = true;
      await binding.close();
      await core.stop();
      serveLog?.info('browser mode stopped');
    },
  };
}

/** Ctrl-C and SIGTERM close the binding and stop the core gracefully, then exit. */
export function stopOnSignals(stop: () => Promise<void>, prefix: string): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[${prefix}] ${signal}: stopping…`);
    await stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
