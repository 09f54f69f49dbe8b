// The child process the core.* idle benches measure: the headless core as
// main/serve.ts builds it (settings over conf, file secret store, createCore
// in browser mode, the HTTP + WebSocket binding on loopback, node-notifier),
// started, polled `BENCH_IDLE_CYCLES` more times against the SABnzbd named in
// SABNZBD_URL, then left idle a moment. Prints one JSON line:
// {"rss": bytes, "heapUsed": bytes, "polls": n}.
// With BENCH_IDLE_HOLD=1 it then stays up, idle, polling on its own schedule
// (settings default: every 120 s), until SIGTERM; with BENCH_TRACE_CALLBACKS=1
// it counts the callbacks the event loop runs from that line on and prints
// them as a second JSON line {"callbacks": [[label, n], …]} before it exits.
import Conf from 'conf';
import { join } from 'node:path';
import notifier from 'node-notifier';
import { startHttpBinding } from '../main/core/api/http-binding';
import { liveEventSourceFromBus } from '../main/core/api/live-event-source';
import { createCore, type CoreLogger } from '../main/core/app';
import { NodeNotifierAdapter, type NodeNotifierLike } from '../main/core/notify/node-notifier-adapter';
import { readEnvOverrides } from '../main/core/settings/env-overrides';
import { FileSecretStore } from '../main/core/settings/secret-store';
import { SettingsStore, type ConfConstructor } from '../main/core/settings/settings-store';
import { traceCallbacks } from './callback-trace';

const quiet: CoreLogger = { info: () => undefined, warn: () => undefined, error: (m) => console.error(m) };

async function main(): Promise<void> {
  const dataDir = process.env.AUTOARR_DATA_DIR;
  const migrationsFolder = process.env.BENCH_MIGRATIONS;
  if (!dataDir || !migrationsFolder) throw new Error('AUTOARR_DATA_DIR and BENCH_MIGRATIONS are required');
  const trace = process.env.BENCH_TRACE_CALLBACKS === '1' ? traceCallbacks() : null;
  const cycles = Number(process.env.BENCH_IDLE_CYCLES ?? 10);
  const env = readEnvOverrides(process.env);
  const secretStore = new FileSecretStore(join(dataDir, 'secrets.json'));
  const settingsStore = new SettingsStore({ dir: dataDir, Conf: Conf as unknown as ConfConstructor, secrets: secretStore, env });
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
    notifier: new NodeNotifierAdapter({ notifier: nodeNotifier, appName: 'autoarr-tray' }),
    logger: quiet,
  });
  const binding = await startHttpBinding({ handlers: core.handlers, events: liveEventSourceFromBus(core.bus), token: 'bench-token', host: '127.0.0.1', port: 0, staticDir: null });
  await core.start();
  let ok = 0;
  for (let i = 0; i < cycles; i++) if ((await core.internals.poller.pollNow()).ok) ok++;
  // Polls are answered; give the log's flush timer and sockets a moment to settle, as an idle app would.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const hold = process.env.BENCH_IDLE_HOLD === '1';
  // Listen before saying so: the parent may send SIGTERM as soon as it reads the line.
  const terminated = hold ? new Promise<void>((resolve) => process.once('SIGTERM', () => resolve())) : null;
  const rss = process.memoryUsage().rss;
  trace?.reset();
  console.log(JSON.stringify({ rss, heapUsed: process.memoryUsage().heapUsed, polls: ok }));
  if (terminated) {
    await terminated;
    if (trace) console.log(JSON.stringify({ callbacks: trace.counts() }));
  }
  await binding.close();
  await core.stop();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : String(e));
    process.exit(1);
  },
);
