/**
 * The core host across its life: graceful stop with a recovery attempt due later (it stays
 * scheduled in the SQLite file and a new core on the same dir runs it once), a corrupt
 * database moved aside with a `service.error` (service database), environment overrides
 * winning over saved settings, and connection tests before anything is configured.
 * Real SQLite files in temp dirs, conf settings, and the loopback SABnzbd stand-in.
 */
import Conf from 'conf';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core/app';
import { invokeHandler } from '../../../main/core/api/invoke-handler';
import { readEnvOverrides, type EnvOverrides } from '../../../main/core/settings/env-overrides';
import { MemorySecretStore } from '../../../main/core/settings/secret-store';
import { SettingsStore, type ConfConstructor } from '../../../main/core/settings/settings-store';
import { FakeSabnzbdModel, startFakeSabnzbd, type FakeSabnzbdServer } from '../../fakes/fake-sabnzbd';
import type { CallName, In, Out, Result } from '../../../shared/contract';
import type { AnyBusEvent } from '../../../shared/events';

const MIGRATIONS = path.resolve('main/core/activity/migrations');
const SAB_KEY = 'lifecyclesab0123456789abcdef0123';
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

let model: FakeSabnzbdModel;
let sab: FakeSabnzbdServer;
const dirs: string[] = [];
const cores: Core[] = [];

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'autoarr-core-life-'));
  dirs.push(d);
  return d;
}

async function openCore(dir: string, secrets: MemorySecretStore, options: { env?: EnvOverrides; events?: AnyBusEvent[] } = {}): Promise<Core> {
  const settingsStore = new SettingsStore({ dir, Conf: Conf as unknown as ConfConstructor, secrets, ...(options.env ? { env: options.env } : {}) });
  const core = await createCore({
    dataDir: dir,
    migrationsFolder: MIGRATIONS,
    settingsStore,
    secretStore: secrets,
    mode: 'browser',
    notifier: null,
    logger: silent,
    recovery: { arrGraceMs: 100, outcomeCheckMs: 200, auditOnStart: false },
    poller: { firstRunLookbackMs: null },
  });
  if (options.events) {
    const sink = options.events;
    core.onEvent((e) => sink.push(e));
  }
  cores.push(core);
  return core;
}

async function call<K extends CallName>(core: Core, name: K, input: In<K>): Promise<Result<Out<K>>> {
  return (await invokeHandler(core.handlers, name, input)) as Result<Out<K>>;
}
async function value<K extends CallName>(core: Core, name: K, input: In<K>): Promise<Out<K>> {
  const r = await call(core, name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

async function until<T>(what: string, probe: () => T | null | undefined | false | Promise<T | null | undefined | false>, poke?: () => Promise<unknown>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await poke?.();
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  model = new FakeSabnzbdModel({ now: () => Date.now(), defaultDurationMs: 200 });
  sab = await startFakeSabnzbd({ model, apiKey: SAB_KEY });
});

afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop();
});

afterAll(async () => {
  await sab?.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

it('stop() leaves a due attempt scheduled in the database; a new core on the same dir runs it once and recovers', async () => {
  const dir = tempDir();
  const secrets = new MemorySecretStore();
  const events: AnyBusEvent[] = [];
  const first = await openCore(dir, secrets, { events });
  const saved = await value(first, 'settings.update', {
    sabnzbd: { url: sab.url },
    monitoring: { baseBackoffSeconds: 2, maxRetries: 2 },
    apiKeys: { sabnzbd: SAB_KEY },
  });
  expect(saved.changedKeys).toEqual(expect.arrayContaining(['sabnzbd.url', 'apiKeys.sabnzbd', 'monitoring.baseBackoffSeconds']));
  await first.start();

  // Every first attempt waits one backoff period (2 s) after the failure — stop inside it.
  const job = model.add({ name: 'Fresh.Post.Linux.iso', category: 'software', failWith: 'Aborted, waiting for propagation', durationMs: 0 });
  const failed = await until('the failure', async () => {
    const page = await value(first, 'downloads.failed', {});
    return page.items.find((d) => d.nzoId === job.nzoId && d.nextAttemptAt !== null);
  }, () => call(first, 'monitoring.pollNow', {}));
  expect(failed.kind).toBe('propagation_delay');
  expect(failed.status).toBe('failed'); // detected, its first attempt scheduled
  await first.stop();
  expect(model.jobs.some((j) => j.retriedFrom === job.nzoId)).toBe(false);

  const second = await openCore(dir, secrets, { events });
  const before = await value(second, 'downloads.timeline', { downloadId: job.nzoId });
  expect(before.download).toMatchObject({ status: 'failed', nextAttemptAt: failed.nextAttemptAt });
  await second.start();
  await until('recovered by the second core', async () => (await value(second, 'downloads.timeline', { downloadId: job.nzoId })).download?.status === 'recovered', () =>
    call(second, 'monitoring.pollNow', {}),
  );
  // Exactly one retry reached SABnzbd across the restart.
  expect(model.jobs.filter((j) => j.retriedFrom === job.nzoId)).toHaveLength(1);
  const timeline = await value(second, 'downloads.timeline', { downloadId: job.nzoId });
  expect(timeline.attempts.map((a) => [a.strategy, a.outcome])).toEqual([['retry_download', 'succeeded']]);
  expect(events.filter((e) => e.type === 'download.failed' && (e.payload as { nzoId: string }).nzoId === job.nzoId)).toHaveLength(1);
}, 30_000);

it('a corrupt database file is moved aside; the core starts on a fresh one and reports service.error (database)', async () => {
  const dir = tempDir();
  const garbage = Buffer.from('this is not an SQLite database '.repeat(200));
  fs.writeFileSync(path.join(dir, 'autoarr.db'), garbage);
  const events: AnyBusEvent[] = [];
  const core = await openCore(dir, new MemorySecretStore(), { events });
  await core.start();

  const errors = events.filter((e) => e.type === 'service.error' && (e.payload as { service: string }).service === 'database');
  expect(errors).toHaveLength(1);
  expect(errors[0]!.payload).toMatchObject({ service: 'database', code: 'database_recovered', recovered: false });
  expect((errors[0]!.payload as { message: string }).message).toMatch(/damaged/);
  const moved = fs.readdirSync(dir).filter((f) => f.startsWith('autoarr.db') && f !== 'autoarr.db' && !/-(wal|shm|journal)$/.test(f));
  expect(moved.length).toBeGreaterThan(0);
  // The damaged file is kept byte for byte (never delete a person's data).
  expect(moved.some((f) => fs.readFileSync(path.join(dir, f)).equals(garbage))).toBe(true);
  // The fresh database works: the error itself is in the activity log.
  const page = await value(core, 'activity.query', { eventType: 'service.error', text: 'damaged' });
  expect(page.total).toBe(1);
  expect(page.items[0]!.severity).not.toBe('info');
});

it('environment overrides win over saved settings and never show their key', async () => {
  const dir = tempDir();
  const secrets = new MemorySecretStore();
  const saved = new SettingsStore({ dir, Conf: Conf as unknown as ConfConstructor, secrets });
  saved.update({ sabnzbd: { url: 'http://127.0.0.1:9/nothing-here' }, monitoring: { pollIntervalSeconds: 600 }, apiKeys: { sabnzbd: 'saved-wrong-key' } });

  const env = readEnvOverrides({ SABNZBD_URL: sab.url, SABNZBD_API_KEY: SAB_KEY, MONITORING_POLL_INTERVAL: '45' });
  expect(env.errors).toEqual([]);
  const core = await openCore(dir, secrets, { env });
  await core.start();
  const view = await value(core, 'settings.get', {});
  expect(view.settings.sabnzbd.url).toBe(sab.url);
  expect(view.settings.monitoring.pollIntervalSeconds).toBe(45);
  expect(view.lockedByEnv).toEqual(expect.arrayContaining(['sabnzbd.url', 'apiKeys.sabnzbd', 'monitoring.pollIntervalSeconds']));
  expect(JSON.stringify(view)).not.toContain(SAB_KEY);
  expect(JSON.stringify(view)).not.toContain('saved-wrong-key');

  // The core really runs on them: the env key opens SABnzbd, the env interval is the one in use.
  const status = await value(core, 'monitoring.pollNow', {});
  expect(status.intervalSeconds).toBe(45);
  expect(status.services.sabnzbd.state).toBe('ok');
  // A saved change to a locked key is kept on disk but does not change what runs.
  const update = await value(core, 'settings.update', { monitoring: { pollIntervalSeconds: 90 } });
  expect(update.changedKeys).not.toContain('monitoring.pollIntervalSeconds');
  expect((await value(core, 'monitoring.status', {})).intervalSeconds).toBe(45);
});

it('before anything is set up: connection tests say what to enter, SABnzbd is unconfigured, the tray is ok', async () => {
  const core = await openCore(tempDir(), new MemorySecretStore());
  await core.start();
  for (const service of ['sabnzbd', 'sonarr', 'radarr'] as const) {
    const r = await call(core, 'settings.testConnection', { service });
    expect(r.ok ? null : r.error.code, service).toBe('unconfigured');
    expect(r.ok ? '' : r.error.message, service).toMatch(/Enter .*address first/);
  }
  const noKey = await call(core, 'settings.testConnection', { service: 'sabnzbd', url: sab.url });
  expect(noKey.ok ? '' : noKey.error.message).toMatch(/API key first/);
  const status = await value(core, 'monitoring.status', {});
  expect(status.services.sabnzbd.state).toBe('unconfigured');
  expect(core.trayState().state).toBe('ok');
  expect(core.trayState().tooltip).toMatch(/SABnzbd not set up yet/);
  expect((await value(core, 'app.info', {})).demo).toBe(false);
});

it('out of range at start: MONITORING_POLL_INTERVAL=1 polls every 5 s, a hand-edited file value is clamped, and both warnings reach the activity log and the window', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ activity: { retentionDays: 0, eventBusHistorySize: 500 } }));
  const env = readEnvOverrides({ SABNZBD_URL: sab.url, SABNZBD_API_KEY: SAB_KEY, MONITORING_POLL_INTERVAL: '1' });
  const events: AnyBusEvent[] = [];
  const core = await openCore(dir, new MemorySecretStore(), { env, events });
  await core.start();
  const envLine = 'MONITORING_POLL_INTERVAL=1 is below the allowed range 5–86400; using 5';
  const fileLine = 'Saved setting activity.retentionDays=0 is below the allowed range 1–3650; using 1';

  // The window: the values in use and the lines saying why.
  const view = await value(core, 'settings.get', {});
  expect(view.settings.monitoring.pollIntervalSeconds).toBe(5);
  expect(view.settings.activity).toEqual({ retentionDays: 1, eventBusHistorySize: 500 });
  expect(view.warnings).toEqual([envLine, fileLine]);
  // One event, one activity line, a warning.
  const applied = events.filter((e) => e.type === 'config.applied');
  expect(applied.map((e) => e.payload)).toEqual([{ changedKeys: [], warnings: [envLine, fileLine] }]);
  const page = await until('the activity line', async () => {
    const p = await value(core, 'activity.query', { eventType: 'config.applied' });
    return p.total > 0 ? p : null;
  });
  expect(page.total).toBe(1);
  expect(page.items[0]).toMatchObject({ status: 'warning', severity: 'medium' });
  expect(page.items[0]!.message).toBe(`Settings adjusted at start: ${envLine}; ${fileLine}`);

  // The poller really runs every 5 s (it used to ignore the value and poll every 120 s).
  expect(events.find((e) => e.type === 'monitoring.started')?.payload).toEqual({ intervalSeconds: 5 });
  const polledAt = () => events.filter((e) => e.type === 'queue.polled').map((e) => e.timestamp);
  const first = await until('the first poll', () => polledAt()[0]);
  const second = await until('the next poll, unprompted', () => polledAt()[1], undefined, 9_000);
  expect(second - first).toBeGreaterThanOrEqual(4_500);
  expect(second - first).toBeLessThan(8_000);
}, 30_000);
