// `npm run demo`: the whole app in browser mode against a simulated SABnzbd,
// Sonarr and Radarr (main/demo/), so a newcomer sees every screen without a
// media server. Nothing here talks to a real service.
import { resolve } from 'node:path';
import { stopOnSignals } from './browser-mode';
import { startDemo } from './demo/demo-app';

async function run(argv: readonly string[]): Promise<void> {
  const portArg = argv.find((a) => a.startsWith('--port='))?.slice('--port='.length) ?? process.env.AUTOARR_PORT;
  const port = portArg !== undefined ? Number(portArg) : 8788;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got ${String(portArg)}`);
  const dataDir = process.env.AUTOARR_DATA_DIR?.trim() ? resolve(process.env.AUTOARR_DATA_DIR.trim()) : undefined;
  const demo = await startDemo({ port, notify: argv.includes('--notify'), ...(dataDir ? { dataDir } : {}) });
  console.log('autoarr-tray DEMO — simulated SABnzbd, Sonarr and Radarr; nothing real is touched.');
  console.log(`  SABnzbd (simulated) ${demo.stack.sabnzbd.url}`);
  console.log(`  Sonarr  (simulated) ${demo.stack.sonarr.url}`);
  console.log(`  Radarr  (simulated) ${demo.stack.radarr.url}`);
  console.log(`Open: ${demo.app.openUrl}`);
  console.log(`Data directory: ${demo.dataDir}`);
  if (!demo.app.staticDir) console.log('The window was not built: run `npm run build` to serve it; the API works without it.');
  console.log('A new download arrives every ~12 s; failures are recovered within a minute. Ctrl-C stops.');
  stopOnSignals(() => demo.stop(), 'demo');
}

run(process.argv.slice(2)).catch((e: unknown) => {
  console.error(`the demo could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
