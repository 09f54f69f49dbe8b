// Browser mode (`npm run serve`, `npm start` without an Electron binary, or
// `--headless`): the same core as the Electron app, its contract bound to
// HTTP + WebSocket on 127.0.0.1, serving the built window.
import Conf from 'conf';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import notifier from 'node-notifier';
import { startHttpBinding } from './core/api/http-binding';
import { liveEventSourceFromBus } from './core/api/live-event-source';
import { browserOpenUrl, resolveBrowserToken } from './core/api/browser-token';
import { createCore } from './core/app';
import { NodeNotifierAdapter, type NodeNotifierLike } from './core/notify/node-notifier-adapter';
import { readEnvOverrides } from './core/settings/env-overrides';
import { FileSecretStore } from './core/settings/secret-store';
import { SettingsStore, type ConfConstructor } from './core/settings/settings-store';

const here = dirname(fileURLToPath(import.meta.url));

function defaultDataDir(): string {
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'autoarr-tray');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'autoarr-tray');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'autoarr-tray');
}

function packageVersion(): string {
  for (const p of [join(here, '..', '..', 'package.json'), join(process.cwd(), 'package.json')]) {
    if (existsSync(p)) {
      const parsed: unknown = JSON.parse(readFileSync(p, 'utf8'));
      if (parsed && typeof parsed === 'object' && 'version' in parsed && typeof parsed.version === 'string') return parsed.version;
    }
  }
  return '0.0.0';
}

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const env = readEnvOverrides(process.env);
  for (const problem of env.errors) console.warn(`[serve] ${problem}`);
  const dataDir = resolve(env.dataDir ?? defaultDataDir());
  const portArg = argv.find((a) => a.startsWith('--port='))?.slice('--port='.length);
  const port = portArg !== undefined ? Number(portArg) : (env.port ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`AUTOARR_PORT must be a port number, got ${String(port)}`);
  const host = argv.find((a) => a.startsWith('--host='))?.slice('--host='.length) ?? '127.0.0.1';

  const secretStore = new FileSecretStore(join(dataDir, 'secrets.json'));
  const settingsStore = new SettingsStore({ dir: dataDir, Conf: Conf as unknown as ConfConstructor, secrets: secretStore, env });
  const migrationsFolder = [join(here, '..', 'migrations'), join(here, 'core', 'activity', 'migrations'), resolve('main/core/activity/migrations')].find(
    (p) => existsSync(join(p, 'meta', '_journal.json')),
  );
  if (!migrationsFolder) throw new Error('The database migrations were not found next to the app; run `npm run build` first.');

  const nodeNotifier: NodeNotifierLike = {
    notify: (options, callback) =>
      notifier.notify(options as Parameters<typeof notifier.notify>[0], (error, response, metadata) =>
        callback(error, response, metadata ? { ...metadata } : undefined),
      ),
  };
  const core = await createCore({
    dataDir,
    migrationsFolder,
    settingsStore,
    secretStore,
    mode: 'browser',
    notifier: argv.includes('--no-notify') ? null : new NodeNotifierAdapter({ notifier: nodeNotifier, appName: 'autoarr-tray' }),
    version: packageVersion(),
  });

  const token = resolveBrowserToken({ env: process.env, dataDir });
  const staticDir = [join(here, '..', 'renderer')].find((p) => existsSync(join(p, 'index.html'))) ?? null;
  const binding = await startHttpBinding({
    handlers: core.handlers,
    events: liveEventSourceFromBus(core.bus),
    token: token.token,
    host,
    port,
    staticDir,
    onError: (call, error) => console.error(`[serve] ${call} failed:`, error),
  });
  await core.start();
  console.log(`autoarr-tray (browser mode) is running at ${binding.url}/`);
  console.log(`Open: ${browserOpenUrl(binding.url, token.token)}`);
  console.log(`Data directory: ${dataDir}${token.file ? ` (token in ${token.file})` : ''}`);
  if (!staticDir) console.log('The window was not built: run `npm run build` to serve it; the API works without it.');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[serve] ${signal}: stopping…`);
    await binding.close();
    await core.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main().catch((e: unknown) => {
    console.error(`autoarr-tray could not start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
