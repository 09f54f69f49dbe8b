import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { SettingsStore, type ConfConstructor } from '../../../main/core/settings/settings-store';
import { FileSecretStore, MemorySecretStore, type SecretStore } from '../../../main/core/settings/secret-store';
import { readEnvOverrides } from '../../../main/core/settings/env-overrides';
import { newInstanceId } from '../../../main/core/settings/arr-instance-list';
import type { ArrInstance } from '../../../shared/settings';

const dirs: string[] = [];
function tempDir() {
  const d = mkdtempSync(join(tmpdir(), 'autoarr-arr-instances-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(dir: string, secrets: SecretStore, env: Record<string, string> = {}) {
  return new SettingsStore({ dir, Conf: Conf as unknown as ConfConstructor, secrets, env: readEnvOverrides(env) });
}

const hd: ArrInstance = { id: 'radarr', kind: 'radarr', name: 'Radarr', url: 'http://10.0.0.5:7878', enabled: true, category: 'movies' };
const uhd: ArrInstance = { id: 'radarr-2', kind: 'radarr', name: 'Radarr 4K', url: 'http://10.0.0.6:7878', enabled: true, category: 'movies-4k' };

describe('*arr instances in settings', () => {
  it('migrates a settings file from before the list: Sonarr and Radarr become instances and keep their keys', () => {
    const dir = tempDir();
    // What a settings file and the secret file held before instances existed.
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ sonarr: { url: 'http://10.0.0.4:8989', enabled: true }, radarr: { url: 'http://10.0.0.5:7878', enabled: false }, categoryMap: { tv: 'sonarr', movies: 'radarr' } }),
    );
    const secretsFile = join(dir, 'secrets.json');
    writeFileSync(secretsFile, JSON.stringify({ sabnzbd: 'sab-key', sonarr: 'sonarr-key', radarr: 'radarr-key' }));

    const store = open(dir, new FileSecretStore(secretsFile));
    expect(store.get().arrInstances).toEqual([
      { id: 'sonarr', kind: 'sonarr', name: 'Sonarr', url: 'http://10.0.0.4:8989', enabled: true, category: 'tv' },
      { id: 'radarr', kind: 'radarr', name: 'Radarr', url: 'http://10.0.0.5:7878', enabled: false, category: 'movies' },
    ]);
    expect(store.instanceApiKey('sonarr')).toBe('sonarr-key');
    expect(store.instanceApiKey('radarr')).toBe('radarr-key');
    expect(store.view().hasInstanceApiKey).toEqual({ sonarr: true, radarr: true });
    // The list is written to the file once, and the keys stayed where they were.
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).arrInstances).toHaveLength(2);
    expect(JSON.parse(readFileSync(secretsFile, 'utf8'))).toEqual({ sabnzbd: 'sab-key', sonarr: 'sonarr-key', radarr: 'radarr-key' });

    // After a restart, with a second Radarr added, every key is still there.
    const again = open(dir, new FileSecretStore(secretsFile));
    const r = again.update({ arrInstances: [...again.get().arrInstances, uhd], instanceApiKeys: { 'radarr-2': 'uhd-key' } });
    expect(r.ok).toBe(true);
    const third = open(dir, new FileSecretStore(secretsFile));
    expect(third.instanceApiKey('sonarr')).toBe('sonarr-key');
    expect(third.instanceApiKey('radarr')).toBe('radarr-key');
    expect(third.instanceApiKey('radarr-2')).toBe('uhd-key');
    expect(third.apiKey('sabnzbd')).toBe('sab-key');
    expect(third.get().arrInstances.map((i) => i.id)).toEqual(['sonarr', 'radarr', 'radarr-2']);
  });

  it('a hand-edited list that cannot be read is set aside with a note; the first Sonarr/Radarr and their keys stay', () => {
    const dir = tempDir();
    const secrets = new MemorySecretStore();
    secrets.set('radarr', 'radarr-key');
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ radarr: { url: hd.url, enabled: true }, arrInstances: [hd, { ...uhd, id: 'radarr' }] }),
    );
    const store = open(dir, secrets);
    expect(store.problems.join('\n')).toContain('arrInstances');
    expect(store.get().arrInstances.map((i) => [i.id, i.url])).toEqual([['radarr', hd.url]]);
    expect(store.instanceApiKey('radarr')).toBe('radarr-key');
    expect(store.backupPath).not.toBeNull();
  });

  it('keeps the first Radarr in its section: a list save moves radarr.url, a section save moves the list', () => {
    const store = open(tempDir(), new MemorySecretStore());
    const r = store.update({ arrInstances: [hd, uhd], instanceApiKeys: { radarr: 'hd-key', 'radarr-2': 'uhd-key' } });
    expect(r.ok && r.value.changedKeys).toEqual(expect.arrayContaining(['arrInstances', 'radarr.url', 'apiKeys.radarr', 'instanceApiKeys.radarr-2']));
    expect(store.get().radarr.url).toBe(hd.url);
    expect(store.apiKey('radarr')).toBe('hd-key');
    expect(store.update({ radarr: { enabled: false } }).ok).toBe(true);
    expect(store.get().arrInstances.find((i) => i.id === 'radarr')?.enabled).toBe(false);
  });

  it('env overrides reach the first instance of a kind, not the others', () => {
    const dir = tempDir();
    const secrets = new MemorySecretStore();
    expect(open(dir, secrets).update({ arrInstances: [hd, uhd], instanceApiKeys: { radarr: 'hd-key', 'radarr-2': 'uhd-key' } }).ok).toBe(true);
    const store = open(dir, secrets, { RADARR_URL: 'http://10.0.0.9:7878', RADARR_API_KEY: 'env-key' });
    const list = store.get().arrInstances;
    expect(list.find((i) => i.id === 'radarr')?.url).toBe('http://10.0.0.9:7878');
    expect(list.find((i) => i.id === 'radarr-2')?.url).toBe(uhd.url);
    expect(store.instanceApiKey('radarr')).toBe('env-key');
    expect(store.instanceApiKey('radarr-2')).toBe('uhd-key');
  });

  it('a saved key is only ever sent to its own instance: moving an instance needs its key again', () => {
    const store = open(tempDir(), new MemorySecretStore());
    expect(store.update({ arrInstances: [hd, uhd], instanceApiKeys: { radarr: 'hd-key', 'radarr-2': 'uhd-key' } }).ok).toBe(true);
    const moved4k = store.update({ arrInstances: [hd, { ...uhd, url: 'http://evil.example:7878' }] });
    expect(moved4k).toMatchObject({ ok: false, error: { code: 'api_key_required' } });
    expect(!moved4k.ok && moved4k.error.message).toContain('instanceApiKeys.radarr-2');
    const movedHd = store.update({ arrInstances: [{ ...hd, url: 'http://evil.example:7878' }, uhd] });
    expect(movedHd).toMatchObject({ ok: false, error: { code: 'api_key_required' } });
    expect(store.get().arrInstances.map((i) => i.url)).toEqual([hd.url, uhd.url]);
    // With the key in the same save it moves.
    expect(store.update({ arrInstances: [hd, { ...uhd, url: 'http://10.0.0.7:7878' }], instanceApiKeys: { 'radarr-2': 'new-key' } }).ok).toBe(true);
    expect(store.instanceApiKey('radarr-2')).toBe('new-key');
  });

  it('every key in use, the extra instances\' included, is listed for redaction (webhooks never carry one)', () => {
    const store = open(tempDir(), new MemorySecretStore());
    expect(store.update({ arrInstances: [hd, uhd], instanceApiKeys: { radarr: 'hd-key', 'radarr-2': 'uhd-key' }, apiKeys: { sabnzbd: 'sab-key' } }).ok).toBe(true);
    expect(store.allApiKeys().sort()).toEqual(['hd-key', 'sab-key', 'uhd-key']);
  });

  it('removing an instance forgets its key; a new instance with the same id starts without one', () => {
    const store = open(tempDir(), new MemorySecretStore());
    expect(store.update({ arrInstances: [hd, uhd], instanceApiKeys: { radarr: 'hd-key', 'radarr-2': 'uhd-key' } }).ok).toBe(true);
    const r = store.update({ arrInstances: [hd] });
    expect(r.ok && r.value.changedKeys).toEqual(expect.arrayContaining(['arrInstances', 'instanceApiKeys.radarr-2']));
    expect(store.instanceApiKey('radarr-2')).toBeNull();
    expect(store.update({ arrInstances: [] }).ok).toBe(true);
    expect(store.apiKey('radarr')).toBeNull();
    expect(store.get().radarr.url).toBe('');
  });

  it.each([
    ['same id twice', [hd, { ...uhd, id: 'radarr' }], 'same id'],
    ['same category twice', [hd, { ...uhd, category: 'Movies' }], 'same download category'],
    ['the id radarr of another kind', [{ ...hd, kind: 'sonarr' }], 'own kind'],
  ] as const)('refuses a list with %s', (_name, list, message) => {
    const store = open(tempDir(), new MemorySecretStore());
    const r = store.update({ arrInstances: list });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toContain(message);
  });

  it.each([
    ['radarr', [], 'radarr'],
    ['radarr', [{ id: 'radarr' }], 'radarr-2'],
    ['radarr', [{ id: 'radarr' }, { id: 'radarr-2' }], 'radarr-3'],
    ['lidarr', [{ id: 'radarr' }], 'lidarr'],
  ] as const)('a new %s next to %j gets the id %s', (kind, list, id) => {
    expect(newInstanceId(kind, list)).toBe(id);
  });
});
