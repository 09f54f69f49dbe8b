// The core as a separate process, for the crash suite: builds createCore on a
// given data dir with short timings, starts it, prints every bus event as one
// JSON line, and — when CRASH_AT names a moment — SIGKILLs itself right there
// (the Nth time it happens), so the parent can crash it at exact points of
// detection and recovery. SIGTERM stops it gracefully.
//
// Env: CRASH_DATA_DIR, SABNZBD_URL/_API_KEY, SONARR_URL/_API_KEY, RADARR_URL/_API_KEY,
// CRASH_AT (one of CRASH_POINTS, or empty), CRASH_AT_NTH (default 1).
import Conf from 'conf';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../../../main/core/app';
import { readEnvOverrides } from '../../../main/core/settings/env-overrides';
import { FileSecretStore } from '../../../main/core/settings/secret-store';
import { SettingsStore, type ConfConstructor } from '../../../main/core/settings/settings-store';
import type { Settings } from '../../../shared/settings';
import { isCrashPoint, type CrashPoint } from './crash-points';

// CRASH_MIGRATIONS: the child may run from a bundle elsewhere, so its own location is no guide.
const migrationsFolder =
  process.env.CRASH_MIGRATIONS ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'main', 'core', 'activity', 'migrations');

function say(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

const dataDir = process.env.CRASH_DATA_DIR;
if (!dataDir) throw new Error('CRASH_DATA_DIR is required');
const crashAtRaw = process.env.CRASH_AT ?? '';
const crashAt: CrashPoint | null = isCrashPoint(crashAtRaw) ? crashAtRaw : null;
const crashNth = Number(process.env.CRASH_AT_NTH ?? '1');
let seen = 0;

/** Called at each named moment; dies by SIGKILL the Nth time the chosen one happens. */
function moment(point: CrashPoint, detail: Record<string, unknown> = {}): void {
  if (point !== crashAt) return;
  seen++;
  if (seen < crashNth) return;
  say({ t: 'crashing', point, ...detail });
  process.kill(process.pid, 'SIGKILL');
}

// The fetch every SABnzbd/*arr call goes through: grabs and retries are seen here.
const crashingFetch: typeof fetch = async (input, init) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  const isGrab = method === 'POST' && /\/api\/v3\/release$/.test(url.pathname);
  const isRetry = url.searchParams.get('mode') === 'retry';
  if (isGrab) moment('before-grab');
  const response = await fetch(input, init);
  if (isGrab) {
    say({ t: 'grab', status: response.status });
    if (response.ok) moment('after-grab');
  }
  if (isRetry) {
    say({ t: 'sab-retry', status: response.status });
    if (response.ok) moment('after-sab-retry');
  }
  return response;
};

const env = readEnvOverrides(process.env);
const secretStore = new FileSecretStore(path.join(dataDir, 'secrets.json'));
const settingsStore = new SettingsStore({ dir: dataDir, Conf: Conf as unknown as ConfConstructor, secrets: secretStore, env });
// Faster than the settings schema allows a person to choose (it floors polling at 5 s).
const savedGet = settingsStore.get.bind(settingsStore);
settingsStore.get = (): Settings => {
  const s = savedGet();
  return { ...s, monitoring: { ...s.monitoring, pollIntervalSeconds: 1, baseBackoffSeconds: 1, maxRetries: 3 } };
};

const core = await createCore({
  dataDir,
  migrationsFolder,
  settingsStore,
  secretStore,
  mode: 'browser',
  notifier: null,
  fetch: crashingFetch,
  logger: {
    info: (m, c) => say({ t: 'log', level: 'info', m, c }),
    warn: (m, c) => say({ t: 'log', level: 'warn', m, c }),
    error: (m, c) => say({ t: 'log', level: 'error', m, c }),
  },
  recovery: { arrGraceMs: 1_500, outcomeCheckMs: 1_000, maxSleepMs: 1_000, auditOnStart: false },
  poller: { firstRunLookbackMs: null },
});

const { store } = core.internals;
const insertFailureIfNew = store.insertFailureIfNew.bind(store);
store.insertFailureIfNew = (failure, now) => {
  const result = insertFailureIfNew(failure, now);
  if (result.created) moment('after-insert', { nzoId: failure.nzoId });
  return result;
};
const startAttempt = store.startAttempt.bind(store);
store.startAttempt = (nzoId, attempt, now) => {
  const claimed = startAttempt(nzoId, attempt, now);
  if (claimed) moment('after-claim', { nzoId, attempt: attempt.attempt });
  return claimed;
};
const finishAttempt = store.finishAttempt.bind(store);
store.finishAttempt = (...args: Parameters<typeof store.finishAttempt>) => {
  const result = finishAttempt(...args);
  moment('after-finish', { nzoId: args[0] });
  return result;
};

core.onEvent((e) => {
  const p = e.payload as { nzoId?: unknown; attempt?: unknown };
  say({ t: 'event', type: e.type, nzoId: p.nzoId ?? null, attempt: p.attempt ?? null });
});
// Lowest priority: the activity log (and everyone else) has handled the event, the announcer has not yet marked it.
core.bus.subscribe('download.failed', (e) => moment('after-failed-published', { nzoId: e.payload.nzoId }), {
  name: 'crash-hook',
  priority: -10_000,
});

process.on('SIGTERM', () => {
  void core.stop().then(() => {
    say({ t: 'stopped' });
    process.exit(0);
  });
});

// The core's timers do not hold the process open (serve.ts has its HTTP server for that).
const keepAlive = setInterval(() => undefined, 60_000);
process.on('SIGTERM', () => clearInterval(keepAlive));

await core.start();
say({ t: 'ready', pid: process.pid });
