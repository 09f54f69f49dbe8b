// LIDARR_* / READARR_*: the environment speaks for the first Lidarr/Readarr of
// the instance list (they have no section of their own, unlike SONARR_*/RADARR_*).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, describe, expect, it } from 'vitest';
import { applyEnvInstances, envInstanceKey, envInstanceLocks } from '../../../main/core/settings/arr-instance-env';
import { readEnvOverrides } from '../../../main/core/settings/env-overrides';
import { MemorySecretStore } from '../../../main/core/settings/secret-store';
import { SettingsStore, type ConfConstructor } from '../../../main/core/settings/settings-store';
import { defaultSettings, type ArrInstance } from '../../../shared/settings';

const lidarr2: ArrInstance = { id: 'lidarr-2', kind: 'lidarr', name: 'Lidarr Hi-Res', url: 'http://10.0.0.5:8686', category: 'music-hires', enabled: false };

describe('applyEnvInstances (pure)', () => {
  it('gives the first instance of the kind the address, enabled; later ones and other kinds are untouched', () => {
    const base = { ...defaultSettings(), arrInstances: [lidarr2, { ...lidarr2, id: 'lidarr-3', name: 'Third' }] };
    const next = applyEnvInstances(base, [{ kind: 'lidarr', url: 'http://nas:8686', apiKey: null }]);
    expect(next.arrInstances.map((i) => [i.id, i.url, i.enabled])).toEqual([
      ['lidarr-2', 'http://nas:8686', true],
      ['lidarr-3', 'http://10.0.0.5:8686', false],
    ]);
    expect(base.arrInstances[0]!.url).toBe('http://10.0.0.5:8686');
  });

  it('adds an instance for an address when the list has none of the kind', () => {
    const next = applyEnvInstances(defaultSettings(), [{ kind: 'readarr', url: 'http://nas:8787', apiKey: 'k' }]);
    expect(next.arrInstances).toEqual([{ id: 'readarr', kind: 'readarr', name: 'Readarr', url: 'http://nas:8787', category: '', enabled: true }]);
    expect(envInstanceKey(next, [{ kind: 'readarr', url: 'http://nas:8787', apiKey: 'k' }], 'readarr')).toBe('k');
    expect(envInstanceLocks(next, [{ kind: 'readarr', url: 'http://nas:8787', apiKey: 'k' }])).toEqual(['readarr.url', 'apiKeys.readarr']);
  });

  it('a key alone adds nothing and speaks for the first instance only', () => {
    const env = [{ kind: 'lidarr' as const, url: null, apiKey: 'k' }];
    expect(applyEnvInstances(defaultSettings(), env).arrInstances).toEqual([]);
    const s = { ...defaultSettings(), arrInstances: [lidarr2, { ...lidarr2, id: 'lidarr-3' }] };
    expect(envInstanceKey(s, env, 'lidarr-2')).toBe('k');
    expect(envInstanceKey(s, env, 'lidarr-3')).toBeNull();
    expect(envInstanceLocks(s, env)).toEqual(['apiKeys.lidarr-2']);
  });
});

describe('SettingsStore with LIDARR_URL / LIDARR_API_KEY', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const open = (dir: string, env: Record<string, string>, secrets = new MemorySecretStore()) =>
    new SettingsStore({ dir, Conf: Conf as unknown as ConfConstructor, secrets, env: readEnvOverrides(env) });

  it('a headless install set up from its environment alone: the instance, its key, locked in the window, never written to the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'autoarr-envinst-'));
    dirs.push(dir);
    const store = open(dir, { LIDARR_URL: 'http://nas:8686', LIDARR_API_KEY: 'lidarr-key-123' });
    const lidarr = store.get().arrInstances.find((i) => i.kind === 'lidarr');
    expect(lidarr).toMatchObject({ id: 'lidarr', url: 'http://nas:8686', enabled: true });
    expect(store.instanceApiKey('lidarr')).toBe('lidarr-key-123');
    expect(store.allApiKeys()).toContain('lidarr-key-123');
    const view = store.view();
    expect(view.lockedByEnv).toEqual(expect.arrayContaining(['lidarr.url', 'apiKeys.lidarr']));
    expect(view.hasInstanceApiKey?.lidarr).toBe(true);
    // Saving something else keeps the environment's values out of the file.
    expect(store.update({ monitoring: { pollIntervalSeconds: 60 } }).ok).toBe(true);
    const file = readFileSync(store.path, 'utf8');
    expect(file).not.toContain('nas:8686');
    expect(file).not.toContain('lidarr-key-123');
  });

  it('a saved Lidarr keeps its own key when the environment sets only the address', () => {
    const dir = mkdtempSync(join(tmpdir(), 'autoarr-envinst-'));
    dirs.push(dir);
    const secrets = new MemorySecretStore();
    const first = open(dir, {}, secrets);
    const saved = first.update({ arrInstances: [lidarr2], instanceApiKeys: { 'lidarr-2': 'saved-key' } });
    expect(saved.ok).toBe(true);
    const store = open(dir, { LIDARR_URL: 'http://moved:8686' }, secrets);
    expect(store.get().arrInstances.find((i) => i.id === 'lidarr-2')?.url).toBe('http://moved:8686');
    expect(store.instanceApiKey('lidarr-2')).toBe('saved-key');
    expect(store.saved().arrInstances.find((i) => i.id === 'lidarr-2')?.url).toBe('http://10.0.0.5:8686');
  });
});
