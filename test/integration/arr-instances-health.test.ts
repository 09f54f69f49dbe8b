/**
 * Every *arr instance's health and its Test connection, through the whole core (createCore,
 * the conf SettingsStore, contract calls through invokeHandler so inputs and answers are
 * schema-checked), against the faithful fake Radarr/Sonarr (test/fakes) on free ports.
 */
import Conf from 'conf';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/app';
import { invokeHandler } from '../../main/core/api/invoke-handler';
import { systemClock } from '../../main/core/clock';
import { MemorySecretStore } from '../../main/core/settings/secret-store';
import { SettingsStore, type ConfConstructor } from '../../main/core/settings/settings-store';
import type { CallName, In, Out, Result } from '../../shared/contract';
import type { FakeArr } from '../fakes/fake-arr-server';
import { startFakeRadarr } from '../fakes/fake-radarr';

const MIGRATIONS = path.resolve('main/core/activity/migrations');
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const KEYS = { hd: 'hdradarr0123456789abcdef01234567', uhd: 'uhdradarr0123456789abcdef0123456', stranger: 'stranger0123456789abcdef01234567' };

let dir: string;
let hd: FakeArr;
let uhd: FakeArr;
let stranger: FakeArr;
let core: Core;

async function call<K extends CallName>(name: K, input: In<K>): Promise<Result<Out<K>>> {
  return (await invokeHandler(core.handlers, name, input)) as Result<Out<K>>;
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoarr-arr-health-'));
  hd = await startFakeRadarr({ clock: systemClock, apiKey: KEYS.hd });
  uhd = await startFakeRadarr({ clock: systemClock, apiKey: KEYS.uhd });
  stranger = await startFakeRadarr({ clock: systemClock, apiKey: KEYS.stranger });
  const secrets = new MemorySecretStore();
  const store = new SettingsStore({ dir, Conf: Conf as unknown as ConfConstructor, secrets });
  const saved = store.update({
    arrInstances: [
      { id: 'radarr', kind: 'radarr', name: 'Radarr', url: hd.url, enabled: true, category: 'movies' },
      { id: 'radarr-2', kind: 'radarr', name: 'Radarr 4K', url: uhd.url, enabled: true, category: 'movies-4k' },
      // A wrong key: its health must say so, and not make the others look bad.
      { id: 'radarr-3', kind: 'radarr', name: 'Radarr Kids', url: stranger.url, enabled: true, category: 'movies-kids' },
      { id: 'lidarr', kind: 'lidarr', name: 'Lidarr', url: '', enabled: true, category: 'music' },
    ],
    instanceApiKeys: { radarr: KEYS.hd, 'radarr-2': KEYS.uhd, 'radarr-3': 'not-the-key' },
  });
  if (!saved.ok) throw new Error(saved.error.message);
  core = await createCore({
    dataDir: dir,
    migrationsFolder: MIGRATIONS,
    settingsStore: store,
    secretStore: secrets,
    mode: 'browser',
    notifier: null,
    logger: silent,
    recovery: { auditOnStart: false },
  });
  await core.start();
}, 30_000);

afterAll(async () => {
  await core?.stop();
  await Promise.all([hd?.close(), uhd?.close(), stranger?.close()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('*arr instances: health and Test connection', () => {
  it('the Overview status lists every instance with its own health', async () => {
    const instances = await until('every instance checked', async () => {
      const r = await call('monitoring.status', {});
      const list = r.ok ? (r.value.instances ?? []) : [];
      return list.length === 4 && list.filter((i) => i.kind === 'radarr').every((i) => i.health.state !== 'unknown') ? list : null;
    });
    expect(instances.map((i) => [i.id, i.name, i.health.state])).toEqual([
      ['radarr', 'Radarr', 'ok'],
      ['radarr-2', 'Radarr 4K', 'ok'],
      ['radarr-3', 'Radarr Kids', 'error'],
      ['lidarr', 'Lidarr', 'unconfigured'],
    ]);
    expect(instances[1]!.health.version).toBe('6.0.4.10291');
    expect(instances[2]!.health.message).toMatch(/Radarr Kids/);
  });

  it('Test connection of a saved instance uses its own key at its own address', async () => {
    const r = await call('settings.testConnection', { service: 'radarr', instanceId: 'radarr-2' });
    expect(r).toMatchObject({ ok: true, value: { service: 'radarr', appName: 'Radarr' } });
    const bad = await call('settings.testConnection', { service: 'radarr', instanceId: 'radarr-3' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_api_key' } });
  });

  it("a saved instance's key is never sent to another address: that test needs the key typed", async () => {
    const before = stranger.calls.length;
    const r = await call('settings.testConnection', { service: 'radarr', instanceId: 'radarr-2', url: stranger.url });
    expect(r).toMatchObject({ ok: false, error: { code: 'api_key_required' } });
    expect(!r.ok && r.error.message).toContain('Radarr 4K');
    expect(stranger.calls.length).toBe(before);
    // With the other server's key typed, the test runs there.
    const typed = await call('settings.testConnection', { service: 'radarr', instanceId: 'radarr-2', url: stranger.url, apiKey: KEYS.stranger });
    expect(typed).toMatchObject({ ok: true });
  });

  it('a new, unsaved instance is tested with the typed key only', async () => {
    const r = await call('settings.testConnection', { service: 'radarr', instanceId: 'radarr-9', url: uhd.url });
    expect(r).toMatchObject({ ok: false, error: { code: 'unconfigured' } });
    const typed = await call('settings.testConnection', { service: 'radarr', instanceId: 'radarr-9', url: uhd.url, apiKey: KEYS.uhd });
    expect(typed).toMatchObject({ ok: true });
  });

  it('a Lidarr instance without an address says what to enter; pointed at a Radarr, that it is not Lidarr', async () => {
    const r = await call('settings.testConnection', { service: 'radarr', instanceId: 'lidarr' });
    expect(r).toMatchObject({ ok: false, error: { code: 'unconfigured' } });
    expect(!r.ok && r.error.message).toMatch(/^Enter Lidarr's address first, e\.g\. http:\/\/192\.168\.1\.10:8686/);
    const wrong = await call('settings.testConnection', { service: 'lidarr', instanceId: 'lidarr-9', url: uhd.url, apiKey: KEYS.uhd });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!wrong.ok && wrong.error.message).toContain('answers, but not as Lidarr');
  });
});
