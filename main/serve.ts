// Browser mode (`npm run serve`, `npm start` without an Electron binary, or
// `--headless`): the same core as the Electron app, its contract bound to
// HTTP + WebSocket on 127.0.0.1, serving the built window. The body lives in
// browser-mode.ts, which the demo shares.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDataDir, startBrowserMode, stopOnSignals } from './browser-mode';
import { readEnvOverrides } from './core/settings/env-overrides';

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const env = readEnvOverrides(process.env);
  for (const problem of env.errors) console.warn(`[serve] ${problem}`);
  const dataDir = resolve(env.dataDir ?? defaultDataDir());
  const portArg = argv.find((a) => a.startsWith('--port='))?.slice('--port='.length);
  const port = portArg !== undefined ? Number(portArg) : (env.port ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`AUTOARR_PORT must be a port number, got ${String(port)}`);
  const host = argv.find((a) => a.startsWith('--host='))?.slice('--host='.length) ?? '127.0.0.1';

  const app = await startBrowserMode({ dataDir, host, port, env, notify: !argv.includes('--no-notify') });
  console.log(`autoarr-tray (browser mode) is running at ${app.url}/`);
  console.log(`Open: ${app.openUrl}`);
  console.log(`Data directory: ${dataDir}${app.tokenFile ? ` (token in ${app.tokenFile})` : ''}`);
  if (app.logFile) console.log(`Log: ${app.logFile}`);
  if (!app.staticDir) console.log('The window was not built: run `npm run build` to serve it; the API works without it.');
  stopOnSignals(() => app.close(), 'serve');
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main().catch((e: unknown) => {
    console.error(`autoarr-tray could not start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
