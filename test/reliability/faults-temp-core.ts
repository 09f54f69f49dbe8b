// The whole core (createCore) on a real SQLite file in a fresh temp folder,
// with settings in a real conf file and keys in memory: what the fault and
// hostile-input suites drive. Nothing polls on its own schedule that a test
// did not ask for: the interval is long and tests call monitoring.pollNow.
import Conf from 'conf';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core, type CoreLogger } from '../../main/core/app';
import { MemorySecretStore } from '../../main/core/settings/secret-store';
import { SettingsStore, type ConfConstructor } from '../../main/core/settings/settings-store';
import type { AnyBusEvent } from '../../shared/events';
import type { SettingsPatch } from '../../shared/settings';
import { TEAM_SHARED_DIR } from '../support/team-shared';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const MIGRATIONS_FOLDER = path.join(REPO_ROOT, 'main/core/activity/migrations');
/** The team's reference folder: beside the repo, or AUTOARR_TEAM_SHARED (as every other suite reads it). */
export const TEAM_SHARED = TEAM_SHARED_DIR;

export interface TempCore {
  core: Core;
  dir: string;
  settings: SettingsStore;
  events: AnyBusEvent[];
  logged: string[];
  dispose(): Promise<void>;
}

export interface TempCoreOptions {
  patch?: SettingsPatch;
  recovery?: Parameters<typeof createCore>[0]['recovery'];
  /** Refuse (as a network error) any request that is not to 127.0.0.1: fuzzed settings must not reach out. */
  loopbackOnly?: boolean;
}

export const loopbackOnlyFetch = (input: string, init?: RequestInit): Promise<Response> => {
  const host = new URL(input).hostname;
  if (host !== '127.0.0.1') return Promise.reject(new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } }));
  return fetch(input, init);
};

export async function startTempCore(options: TempCoreOptions = {}): Promise<TempCore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoarr-reliability-'));
  const secrets = new MemorySecretStore();
  const settings = new SettingsStore({ dir, Conf: Conf as unknown as ConfConstructor, secrets });
  for (const patch of [{ monitoring: { pollIntervalSeconds: 3600, requestTimeoutMs: 2_000 } }, options.patch ?? {}]) {
    const applied = settings.update(patch);
    if (!applied.ok) throw new Error(`test settings refused: ${applied.error.message}`);
  }
  const logged: string[] = [];
  const logger: CoreLogger = {
    info: () => undefined,
    warn: (m) => void logged.push(`warn: ${m}`),
    error: (m) => void logged.push(`error: ${m}`),
  };
  const core = await createCore({
    dataDir: dir,
    migrationsFolder: MIGRATIONS_FOLDER,
    settingsStore: settings,
    secretStore: secrets,
    mode: 'browser',
    notifier: null,
    logger,
    recovery: { auditOnStart: false, ...options.recovery },
    ...(options.loopbackOnly ? { fetch: loopbackOnlyFetch } : {}),
  });
  const events: AnyBusEvent[] = [];
  core.onEvent((e) => void events.push(e));
  await core.start();
  return {
    core,
    dir,
    settings,
    events,
    logged,
    dispose: async () => {
      await core.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A loopback port nothing listens on (bound, read, released). */
export async function closedLoopbackPort(): Promise<number> {
  const net = await import('node:net');
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
