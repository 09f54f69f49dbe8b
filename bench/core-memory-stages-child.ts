// The child of core-memory-stages.ts: one stage at a time, then what grew.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import nodeHttp from 'node:http';
import { join } from 'node:path';

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

interface Reading {
  anon: number;
  file: number;
  heap: number;
}

function read(): Reading {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { anon: kb('RssAnon'), file: kb('RssFile'), heap: process.memoryUsage().heapUsed };
}

const readings: (Reading & { stage: string })[] = [];

async function stage(name: string, work: () => Promise<unknown> | unknown): Promise<void> {
  await work();
  gc?.();
  gc?.();
  // V8 unmaps freed pages on a background thread.
  await new Promise((resolve) => setTimeout(resolve, 500));
  readings.push({ stage: name, ...read() });
}

async function main(): Promise<void> {
  if (!gc) throw new Error('run with --expose-gc');
  const dataDir = process.env.AUTOARR_DATA_DIR!;
  await stage('node, nothing loaded', () => undefined);
  await stage('node:http, node:crypto', () => Promise.all([import('node:http'), import('node:crypto')]));
  await stage('zod', () => import('zod'));
  await stage("the contract's schemas (shared/*)", () => Promise.all([import('../shared/events'), import('../shared/contract'), import('../shared/settings')]));
  await stage('better-sqlite3', () => import('better-sqlite3'));
  await stage('drizzle-orm (+ migrator, schema)', () =>
    Promise.all([import('drizzle-orm/better-sqlite3'), import('drizzle-orm/better-sqlite3/migrator'), import('../main/core/activity/schema')]),
  );
  const { default: Conf } = await import('conf');
  await stage('conf (+ ajv)', () => undefined);
  await stage('ws', () => import('ws'));
  const { default: notifier } = await import('node-notifier');
  await stage('node-notifier', () => undefined);
  const [app, http, live, notify, env, secrets, settings, events, { EventBus }] = await Promise.all([
    import('../main/core/app'),
    import('../main/core/api/http-binding'),
    import('../main/core/api/live-event-source'),
    import('../main/core/notify/node-notifier-adapter'),
    import('../main/core/settings/env-overrides'),
    import('../main/core/settings/secret-store'),
    import('../main/core/settings/settings-store'),
    import('./sample-events'),
    import('../main/core/events/event-bus'),
  ]);
  const { systemClock } = await import('../main/core/clock');
  await stage("the core's own modules", () => undefined);
  const secretStore = new secrets.FileSecretStore(join(dataDir, 'secrets.json'));
  const settingsStore = new settings.SettingsStore({
    dir: dataDir,
    Conf: Conf as unknown as ConstructorParameters<typeof settings.SettingsStore>[0]['Conf'],
    secrets: secretStore,
    env: env.readEnvOverrides(process.env),
  });
  await stage('settings store (conf file, schema compiled)', () => undefined);
  const core = await app.createCore({
    dataDir,
    migrationsFolder: process.env.BENCH_MIGRATIONS!,
    settingsStore,
    secretStore,
    mode: 'browser',
    notifier: new notify.NodeNotifierAdapter({
      notifier: { notify: (o, cb) => notifier.notify(o as Parameters<typeof notifier.notify>[0], (e, r, m) => cb(e, r, m ? { ...m } : undefined)) },
      appName: 'autoarr-tray',
    }),
    logger: { info: () => undefined, warn: () => undefined, error: (m) => console.error(m) },
  });
  await stage('createCore (database open, migrations, wiring)', () => undefined);
  const binding = await http.startHttpBinding({ handlers: core.handlers, events: live.liveEventSourceFromBus(core.bus), token: 'stages-token', host: '127.0.0.1', port: 0, staticDir: null });
  await stage('HTTP + WebSocket binding', () => undefined);
  await stage('core.start() and 10 polls (500-job history)', async () => {
    await core.start();
    for (let i = 0; i < 10; i++) await core.internals.poller.pollNow();
  });
  await stage("Node's fetch (undici), once — not used by the core", async () => {
    await (await fetch(`${process.env.SABNZBD_URL}/api?mode=version&output=json&apikey=${process.env.SABNZBD_API_KEY}`)).text();
  });
  const publishSample = async (bus: typeof core.bus) => {
    for (let i = 0; i < 1_000; i++) {
      const e = events.sampleEvent(i);
      await bus.publish(e.type, e.payload as never, { source: e.source, ...(e.correlationId ? { correlationId: e.correlationId } : {}) });
    }
  };
  const ring = new EventBus({ clock: systemClock, historySize: 1_000 });
  await stage('an event history ring filled (1 000 events, no subscriber)', () => publishSample(ring));
  await stage("the core's bus: 1 000 more events, their lines written", async () => {
    await publishSample(core.bus);
    core.internals.activity.flush();
  });
  await stage("SQLite's page cache given back (PRAGMA shrink_memory)", () => core.internals.database.sqlite.pragma('shrink_memory'));
  const staticDir = join(dataDir, 'window');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), `<!doctype html>${'x'.repeat(MB)}`);
  const served = await http.startHttpBinding({ handlers: core.handlers, events: live.liveEventSourceFromBus(core.bus), token: 'stages-token', host: '127.0.0.1', port: 0, staticDir });
  await stage('window files served 20 times (a 1 MB index.html)', async () => {
    // Read and dropped by a node:http client, so only the serving side's memory shows.
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve, reject) =>
        nodeHttp.get(`${served.url}/`, (res) => res.resume().once('end', () => resolve())).once('error', reject),
      );
    }
  });
  await served.close();
  await binding.close();
  await core.stop();
  console.log(JSON.stringify(readings));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : String(e));
    process.exit(1);
  },
);
