// The whole core (createCore) on a temp data dir over a real stack, as the
// real-stack integration tests start it: browser mode, no notifier, quick
// recovery timings, every failure read from the first poll on. Plus the waits
// those tests share: events of a type, and "poll until" (as the window's
// "Poll now" does) instead of waiting out the 5 s poll interval.
import path from 'node:path';
import { createCore, type Core } from '../../../main/core/app';
import type { SecretStore } from '../../../main/core/settings/secret-store';
import type { SettingsStore } from '../../../main/core/settings/settings-store';
import type { AnyBusEvent, BusEvent, EventType } from '../../../shared/events';

const MIGRATIONS = path.resolve('main/core/activity/migrations');
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface TestCore {
  core: Core;
  /** Every bus event since start, in order. */
  events: AnyBusEvent[];
  ofType<K extends EventType>(type: K, nzoId?: string): BusEvent<K>[];
  /** Polls now and every 500 ms until `probe` answers; throws naming `what` and the events seen. */
  until<T>(what: string, probe: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
}

export async function startTestCore(o: { dataDir: string; settingsStore: SettingsStore; secretStore: SecretStore }): Promise<TestCore> {
  const core = await createCore({
    ...o,
    migrationsFolder: MIGRATIONS,
    mode: 'browser',
    notifier: null,
    logger: silent,
    recovery: { arrGraceMs: 2_000, outcomeCheckMs: 1_000, auditOnStart: false },
    poller: { firstRunLookbackMs: null },
  });
  const events: AnyBusEvent[] = [];
  core.onEvent((e) => events.push(e));
  await core.start();
  const ofType = <K extends EventType>(type: K, nzoId?: string): BusEvent<K>[] =>
    events.filter((e): e is AnyBusEvent & BusEvent<K> => e.type === type && (nzoId === undefined || (e.payload as { nzoId?: string }).nzoId === nzoId));
  async function until<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 90_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; events: ${events.map((e) => e.type).join(', ')}`);
      await core.internals.poller.pollNow();
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return { core, events, ofType, until };
}
