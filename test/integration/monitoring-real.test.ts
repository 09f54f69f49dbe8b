/**
 * Monitoring against a REAL SABnzbd 3.7.1 (the team harness: real NNTP server, par2, rar):
 * the client reads real answers and errors, the poller announces each real failure once
 * with the right kind, an unchanged history really comes back as `history: false`, a
 * real `mode=retry` replacement that fails again continues the same lifecycle, and a
 * restart over the same database file announces nothing twice.
 */
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyBusEvent, BusEvent, EventType } from '../../shared/events';
import { defaultSettings } from '../../shared/settings';
import { openDatabase, type DatabaseHandle } from '../../main/core/activity/database';
import { DownloadMonitoringRepository } from '../../main/core/activity/download-monitoring-repository';
import { SqliteStateStore } from '../../main/core/activity/state-store';
import { systemClock } from '../../main/core/clock';
import { EventBus } from '../../main/core/events/event-bus';
import { Poller } from '../../main/core/monitoring/poller';
import { SabnzbdClient } from '../../main/core/sabnzbd/sabnzbd-client';
import { NntpServer } from './harness/nntp-server';
import { NzbUrlServer } from './harness/nzb-url-server';
import { SabnzbdInstance, isFinal } from './harness/sabnzbd-instance';
import * as S from './harness/scenarios';

const MIGRATIONS = fileURLToPath(new URL('../../main/core/activity/migrations', import.meta.url));
const FLOW_MS = 150_000;

let nntp: NntpServer;
let indexer: NzbUrlServer;
let sab: SabnzbdInstance;
let workDir: string;
let db: DatabaseHandle;
const ids = new Map<string, string>();
const events: AnyBusEvent[] = [];
const bus = new EventBus({ clock: systemClock, validatePayloads: true });
bus.subscribe('*', (e) => {
  events.push(e);
});
const of = <K extends EventType>(type: K) => events.filter((e) => e.type === type) as unknown as BusEvent<K>[];
const settings = defaultSettings();

function client(apiKey = sab.apiKey): SabnzbdClient {
  // The bare address: the client talks to /api, which SABnzbd serves beside /sabnzbd/api.
  return new SabnzbdClient({ connection: { url: sab.url, apiKey, timeoutMs: 10_000 } });
}

function poller(): Poller {
  return new Poller({
    sabnzbd: client(),
    bus,
    store: new DownloadMonitoringRepository(db.db),
    state: new SqliteStateStore(db.db),
    clock: systemClock,
    settings: () => settings,
  });
}

const EXPECTED_KINDS: Record<string, string> = {
  'not-on-server': 'missing_articles',
  'encrypted-rar': 'encrypted',
  'unwanted-ext': 'unwanted_content',
};

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'autoarr-monitoring-real-'));
  db = openDatabase({ file: path.join(workDir, 'autoarr.db'), migrationsFolder: MIGRATIONS });
  nntp = await NntpServer.start();
  indexer = await NzbUrlServer.start();
  sab = await SabnzbdInstance.start({ nntp, tinyBytes: 0 });
  const ctx = { workDir, nntp, indexer };
  const built = await Promise.all([S.okTv(ctx), S.notOnServer(ctx), S.encryptedRar(ctx), S.unwantedExtension(ctx)]);
  for (const s of built) {
    const add = await S.submitScenario(sab, s);
    ids.set(s.key, add.nzo_ids[0]!);
  }
  await Promise.all([...ids.values()].map((id) => sab.waitForHistorySlot(id, isFinal, FLOW_MS)));
}, FLOW_MS + 60_000);

afterAll(async () => {
  await sab?.stop();
  await indexer?.stop();
  await nntp?.stop();
  db?.close();
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
}, 60_000);

describe('SabnzbdClient against a real SABnzbd', () => {
  it('reads version, categories and the failure settings', async () => {
    const c = client();
    expect(await c.version()).toEqual({ ok: true, value: '3.7.1' });
    const cats = await c.categories();
    expect(cats.ok && cats.value).toEqual(expect.arrayContaining(['tv', 'movies']));
    // The harness configures no_dupes=3, propagation_delay=1440, fail_hopeless_jobs=1.
    expect(await c.failureConfig()).toMatchObject({ ok: true, value: { no_dupes: 3, propagation_delay: 1440, fail_hopeless_jobs: true } });
  });

  it('a wrong key is bad_api_key with what to do', async () => {
    const r = await client('0123456789abcdef0123456789abcdef').queue();
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('bad_api_key');
      expect(r.error.message).toContain(`SABnzbd at ${sab.url} rejected the API key`);
    }
  });

  it('an unchanged history really answers "nothing changed"', async () => {
    const c = client();
    const page = await c.history({ limit: 5 });
    if (!page.ok || page.value === null) throw new Error('expected a history page');
    expect(await c.history({ limit: 5, lastHistoryUpdate: page.value.last_history_update })).toEqual({ ok: true, value: null });
  });
});

describe('Poller against a real SABnzbd', () => {
  it('announces each real failure once, with its kind; an unchanged history is not re-read', async () => {
    const p = poller();
    const first = await p.pollNow();
    expect(first).toMatchObject({ ok: true, historyChanged: true, newFailures: 3 });
    const byId = new Map(of('download.failed').map((e) => [e.payload.nzoId, e.payload]));
    for (const [key, kind] of Object.entries(EXPECTED_KINDS)) expect(byId.get(ids.get(key)!)?.kind, key).toBe(kind);
    expect(byId.has(ids.get('ok-tv')!)).toBe(false);

    const second = await p.pollNow();
    expect(second).toMatchObject({ ok: true, historyChanged: false, newFailures: 0, pagesFetched: 1 });
    expect(of('download.failed')).toHaveLength(3);
  });

  it('a real retry that fails again is the same lifecycle (same correlation id, replacesNzoId)', async () => {
    const original = ids.get('not-on-server')!;
    const store = new DownloadMonitoringRepository(db.db);
    const record = store.get(original)!;
    const retried = await client().retry(original);
    if (!retried.ok) throw new Error(retried.error.message);
    expect(retried.value).not.toBe(original);
    store.update(original, { trackedNzoId: retried.value, status: 'awaiting_replacement' }, Date.now());
    await sab.waitForHistorySlot(retried.value, isFinal, FLOW_MS);

    const s = await poller().pollNow(); // also a restart: a new poller over the same file
    expect(s.newFailures).toBe(1);
    const last = of('download.failed').at(-1)!;
    expect(last.correlationId).toBe(record.correlationId);
    expect(last.payload).toMatchObject({ nzoId: retried.value, replacesNzoId: original, kind: 'missing_articles' });
    expect(store.get(original)!.status).toBe('awaiting_replacement');
  }, FLOW_MS + 30_000);

  it('after a restart (database file reopened) nothing is announced twice', async () => {
    const file = path.join(workDir, 'autoarr.db');
    db.close();
    db = openDatabase({ file, migrationsFolder: MIGRATIONS });
    expect(fs.existsSync(file)).toBe(true);
    const before = of('download.failed').length;
    const s = await poller().pollNow();
    expect(s.ok).toBe(true);
    expect(s.newFailures).toBe(0);
    expect(of('download.failed')).toHaveLength(before);
  });
});
