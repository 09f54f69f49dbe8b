// A core (createCore) on a data dir the test prepared beforehand (a locked,
// damaged or tiny-disk database), pointed at the in-process SABnzbd simulator
// so there is something to poll. The poll interval is long: tests poll on demand.
import Conf from 'conf';
import { createCore, type Core } from '../../../main/core/app';
import { MemorySecretStore } from '../../../main/core/settings/secret-store';
import { SettingsStore, type ConfConstructor } from '../../../main/core/settings/settings-store';
import type { AnyBusEvent } from '../../../shared/events';
import { MIGRATIONS_FOLDER } from '../faults-temp-core';

export interface DbFaultCore {
  core: Core;
  events: AnyBusEvent[];
  logged: string[];
}

export async function startCoreIn(dir: string, sab: { url: string; apiKey: string }): Promise<DbFaultCore> {
  const secrets = new MemorySecretStore();
  const settings = new SettingsStore({ dir, Conf: Conf as unknown as ConfConstructor, secrets });
  const applied = settings.update({
    sabnzbd: { url: sab.url },
    apiKeys: { sabnzbd: sab.apiKey },
    monitoring: { pollIntervalSeconds: 3600, requestTimeoutMs: 2_000 },
  });
  if (!applied.ok) throw new Error(`test settings refused: ${applied.error.message}`);
  const logged: string[] = [];
  const core = await createCore({
    dataDir: dir,
    migrationsFolder: MIGRATIONS_FOLDER,
    settingsStore: settings,
    secretStore: secrets,
    mode: 'browser',
    notifier: null,
    logger: {
      info: () => undefined,
      warn: (m) => void logged.push(`warn: ${m}`),
      error: (m, c) => void logged.push(`error: ${m} ${c ? JSON.stringify(c) : ''}`),
    },
    recovery: { auditOnStart: false },
    poller: { firstRunLookbackMs: null },
  });
  const events: AnyBusEvent[] = [];
  core.onEvent((e) => void events.push(e));
  await core.start();
  return { core, events, logged };
}

/** The `service.error` events about the database, payloads only. */
export function databaseErrors(events: readonly AnyBusEvent[]): { code: string; message: string; recovered: boolean }[] {
  const out: { code: string; message: string; recovered: boolean }[] = [];
  for (const e of events) {
    if (e.type === 'service.error' && e.payload.service === 'database') out.push(e.payload);
  }
  return out;
}
