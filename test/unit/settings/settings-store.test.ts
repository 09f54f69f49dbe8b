import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import type ElectronStore from 'electron-store';
import { SettingsStore, type ConfConstructor } from '../../../main/core/settings/settings-store';
import { FileSecretStore, MemorySecretStore, type SecretStore } from '../../../main/core/settings/secret-store';
import { readEnvOverrides } from '../../../main/core/settings/env-overrides';
import { NUMERIC_SETTINGS } from '../../../main/core/settings/setting-ranges';
import { defaultSettings } from '../../../shared/settings';

// electron-store must fit the same constructor slot (checked by the compiler only).
type _ElectronStoreFits = typeof ElectronStore extends ConfConstructor ? true : never;
const _fits: _ElectronStoreFits = true;

const dirs: string[] = [];
function tempDir() {
  const d = mkdtempSync(join(tmpdir(), 'autoarr-settings-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(dir: string, env: Record<string, string> = {}, secrets: SecretStore = new MemorySecretStore()) {
  return new SettingsStore({ dir, Conf: Conf as unknown as ConfConstructor, secrets, env: readEnvOverrides(env) });
}

describe('SettingsStore', () => {
  it('starts from defaults and persists updates to settings.json (0600)', () => {
    const dir = tempDir();
    const store = open(dir);
    expect(store.get()).toEqual(defaultSettings());
    const r = store.update({ monitoring: { pollIntervalSeconds: 60 }, sonarr: { url: 'http://127.0.0.1:8989' } });
    expect(r).toEqual({ ok: true, value: { settings: expect.any(Object), changedKeys: ['monitoring.pollIntervalSeconds', 'sonarr.url'] } });
    expect(store.path).toBe(join(dir, 'settings.json'));
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    const again = open(dir);
    expect(again.get().monitoring.pollIntervalSeconds).toBe(60);
    expect(again.get().monitoring.maxRetries).toBe(3);
    expect(again.get().sonarr.url).toBe('http://127.0.0.1:8989');
  });

  it.each([
    ['nothing', {}, []],
    ['same value', { monitoring: { pollIntervalSeconds: 120 } }, []],
    ['two sections', { dryRun: true, notifications: { digestThreshold: 5, onDlq: false } }, ['dryRun', 'notifications.digestThreshold', 'notifications.onDlq']],
    ['category map entry', { categoryMap: { tv: 'sonarr', anime: 'sonarr', movies: 'radarr' } }, ['categoryMap.anime']],
    ['category map removal', { categoryMap: { tv: 'sonarr' } }, ['categoryMap.movies']],
    ['optional flag appears', { closeToTray: false }, ['closeToTray']],
    ['api key set', { apiKeys: { radarr: 'key' } }, ['apiKeys.radarr']],
  ])('update changed keys: %s', (_name, patch, keys) => {
    const store = open(tempDir());
    const r = store.update(patch);
    expect(r.ok && r.value.changedKeys).toEqual(keys);
  });

  it('refuses invalid patches with the field and the schema message', () => {
    const store = open(tempDir());
    const r = store.update({ monitoring: { maxRetries: 0 } });
    expect(r).toEqual({ ok: false, error: { code: 'invalid_input', message: 'monitoring.maxRetries: At least one attempt' } });
    expect(store.update({ sabnzbd: { url: 'localhost' } }).ok).toBe(false);
    expect(store.get()).toEqual(defaultSettings());
  });

  it('keeps API keys in the secret store only; view() says hasApiKey', () => {
    const dir = tempDir();
    const secrets = new FileSecretStore(join(dir, 'secrets.json'));
    const store = open(dir, {}, secrets);
    store.update({ apiKeys: { sonarr: 'sonarr-secret-123' } });
    expect(readFileSync(store.path, 'utf8')).not.toContain('sonarr-secret-123');
    expect(JSON.stringify(store.view())).not.toContain('sonarr-secret-123');
    expect(store.view().hasApiKey).toEqual({ sabnzbd: false, sonarr: true, radarr: false, nzbget: false });
    expect(store.view().secretStorage).toBe('plain-text');
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(new FileSecretStore(join(dir, 'secrets.json')).get('sonarr')).toBe('sonarr-secret-123');
    const cleared = store.update({ apiKeys: { sonarr: '' } });
    expect(cleared.ok && cleared.value.changedKeys).toEqual(['apiKeys.sonarr']);
    expect(store.view().hasApiKey.sonarr).toBe(false);
  });

  it('environment overrides win, are listed as locked, and a saved change to them is not reported', () => {
    const dir = tempDir();
    open(dir).update({ monitoring: { pollIntervalSeconds: 300 } });
    const store = open(dir, { MONITORING_POLL_INTERVAL: '30', SABNZBD_API_KEY: 'env-key' });
    expect(store.get().monitoring.pollIntervalSeconds).toBe(30);
    expect(store.saved().monitoring.pollIntervalSeconds).toBe(300);
    expect(store.apiKey('sabnzbd')).toBe('env-key');
    expect(store.view().lockedByEnv).toEqual(['monitoring.pollIntervalSeconds', 'apiKeys.sabnzbd']);
    const r = store.update({ monitoring: { pollIntervalSeconds: 90 }, apiKeys: { sabnzbd: 'ui-key' } });
    expect(r.ok && r.value.changedKeys).toEqual([]);
    expect(store.get().monitoring.pollIntervalSeconds).toBe(30);
  });

  it('a save that points a service with a key at another server needs the key in the same save', () => {
    const dir = tempDir();
    const store = open(dir);
    expect(store.update({ sonarr: { url: 'http://nas:8989' }, apiKeys: { sonarr: 'k1' } }).ok).toBe(true);
    const moved = store.update({ sonarr: { url: 'http://other:8989' } });
    expect(moved).toEqual({ ok: false, error: { code: 'api_key_required', message: expect.stringMatching(/^apiKeys\.sonarr: /) } });
    expect(open(dir).get().sonarr.url).toBe('http://nas:8989');
    const withKey = store.update({ sonarr: { url: 'http://other:8989' }, apiKeys: { sonarr: 'k2' } });
    expect(withKey.ok && withKey.value.changedKeys.sort()).toEqual(['apiKeys.sonarr', 'sonarr.url']);
    expect(store.apiKey('sonarr')).toBe('k2');
  });

  it('a key from the environment never follows an address changed in the window; an address from the environment wins anyway', () => {
    const dir = tempDir();
    open(dir).update({ sonarr: { url: 'http://nas:8989' }, radarr: { url: 'http://nas:7878' }, apiKeys: { radarr: 'saved' } });
    const store = open(dir, { SONARR_API_KEY: 'env-key', RADARR_URL: 'http://env-radarr:7878' });
    const r = store.update({ sonarr: { url: 'http://other:8989' }, apiKeys: { sonarr: 'typed' } });
    expect(r.ok ? null : r.error.message).toMatch(/^sonarr\.url: Sonarr's API key comes from SONARR_API_KEY.*set SONARR_URL there too/);
    // The effective Radarr address is the environment's whatever the file says: nothing moves.
    expect(store.update({ radarr: { url: 'http://other:7878' } }).ok).toBe(true);
    expect(store.get().radarr.url).toBe('http://env-radarr:7878');
  });

  it('a file that is not JSON is moved to a backup and defaults are used', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), '{ this is not json');
    const store = open(dir);
    expect(store.get()).toEqual(defaultSettings());
    expect(store.backupPath).not.toBeNull();
    expect(readFileSync(store.backupPath!, 'utf8')).toBe('{ this is not json');
    expect(store.problems[0]).toMatch(/could not be read/);
    store.update({ dryRun: true });
    expect(open(dir).get().dryRun).toBe(true);
  });

  it('an unreadable value falls back to its own default, the rest of its section stays, the original is backed up', () => {
    const dir = tempDir();
    const original = JSON.stringify({ monitoring: { pollIntervalSeconds: 'often', maxRetries: 7 }, dryRun: true, sonarr: { url: 'http://s:1' } });
    writeFileSync(join(dir, 'settings.json'), original);
    const store = open(dir);
    expect(store.get().monitoring).toEqual({ ...defaultSettings().monitoring, maxRetries: 7 });
    expect(store.get().dryRun).toBe(true);
    expect(store.get().sonarr.url).toBe('http://s:1');
    expect(store.problems).toEqual([expect.stringMatching(/^Saved setting monitoring\.pollIntervalSeconds="often" cannot be used \(.*\); using the default, 120$/)]);
    expect(readFileSync(store.backupPath!, 'utf8')).toBe(original);
    expect(readdirSync(dir).filter((f) => f.includes('.bak'))).toHaveLength(1);
    expect(existsSync(join(dir, 'settings.json'))).toBe(true);
  });

  it('a section that is not an object at all is reset whole, and says so', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ notifications: 'loud', categoryMap: { tv: 'kodi' }, dryRun: true }));
    const store = open(dir);
    expect(store.get().notifications).toEqual(defaultSettings().notifications);
    expect(store.get().categoryMap).toEqual(defaultSettings().categoryMap);
    expect(store.get().dryRun).toBe(true);
    expect(store.problems).toEqual([
      'Saved setting notifications was "loud", which cannot be read; reset to its default',
      'Saved setting categoryMap was {"tv":"kodi"}, which cannot be read; reset to its default',
    ]);
  });

  describe.each(NUMERIC_SETTINGS.map((s) => [s.path, s] as const))('hand-edited %s', (path, s) => {
    it.each([
      ['below the range', s.min - 1, s.min, `Saved setting ${path}=${s.min - 1} is below the allowed range ${s.min}–${s.max}; using ${s.min}`],
      ['far below', -1_000_000, s.min, `Saved setting ${path}=-1000000 is below the allowed range ${s.min}–${s.max}; using ${s.min}`],
      ['above the range', s.max + 1, s.max, `Saved setting ${path}=${s.max + 1} is above the allowed range ${s.min}–${s.max}; using ${s.max}`],
      ['a fraction', s.min + 1.25, s.min + 1, `Saved setting ${path}=${s.min + 1.25} is not a whole number; using ${s.min + 1}`],
    ])('%s is brought to the nearest allowed value, said once, and the other values stay', (_name, written, used, line) => {
      const dir = tempDir();
      const section = s.section as 'monitoring' | 'activity' | 'notifications';
      // Every other field of the section set away from its default, to see that none is reset.
      const others = Object.fromEntries(
        NUMERIC_SETTINGS.filter((o) => o.section === section && o.key !== s.key).map((o) => [o.key, o.defaultValue === o.max ? o.min : o.defaultValue + 1]),
      );
      writeFileSync(join(dir, 'settings.json'), JSON.stringify({ [section]: { ...others, [s.key]: written }, dryRun: true }));
      const store = open(dir);
      const got = store.get()[section] as unknown as Record<string, unknown>;
      expect(got[s.key]).toBe(used);
      for (const [key, value] of Object.entries(others)) expect(got[key]).toBe(value);
      expect(store.get().dryRun).toBe(true);
      expect(store.problems).toEqual([line]);
      expect(store.warnings()).toEqual([line]);
      expect(store.view().warnings).toEqual([line]);
      // The file now holds what the app runs with; the original is kept beside it.
      expect((JSON.parse(readFileSync(store.path, 'utf8')) as Record<string, Record<string, unknown>>)[section]?.[s.key]).toBe(used);
      expect(readFileSync(store.backupPath!, 'utf8')).toContain(String(written));
      const again = open(dir);
      expect(again.problems).toEqual([]);
      expect((again.get()[section] as unknown as Record<string, unknown>)[s.key]).toBe(used);
    });
  });

  it('environment lines come first in warnings() and the view; none means no warnings field', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ monitoring: { stallMinutes: 0 } }));
    const store = open(dir, { MONITORING_POLL_INTERVAL: '1' });
    expect(store.get().monitoring.pollIntervalSeconds).toBe(5);
    expect(store.warnings()).toEqual([
      'MONITORING_POLL_INTERVAL=1 is below the allowed range 5–86400; using 5',
      'Saved setting monitoring.stallMinutes=0 is below the allowed range 1–1440; using 1',
    ]);
    expect('warnings' in open(tempDir()).view()).toBe(false);
  });

  it('the window’s own save of a value out of range is refused with the field’s message, nothing clamped or saved', () => {
    const dir = tempDir();
    const store = open(dir);
    const r = store.update({ monitoring: { pollIntervalSeconds: 1 } });
    expect(r).toEqual({ ok: false, error: { code: 'invalid_input', message: 'monitoring.pollIntervalSeconds: Poll at most every 5 seconds' } });
    expect(open(dir).get().monitoring.pollIntervalSeconds).toBe(120);
  });
});

describe('FileSecretStore', () => {
  it('moves an unreadable file aside and starts empty', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secrets.json'), 'garbage');
    const s = new FileSecretStore(join(dir, 'secrets.json'));
    expect(s.get('sabnzbd')).toBeNull();
    expect(readdirSync(dir).some((f) => f.startsWith('secrets.json.corrupt-'))).toBe(true);
    s.set('sabnzbd', 'x');
    s.delete('sabnzbd');
    expect(new FileSecretStore(join(dir, 'secrets.json')).get('sabnzbd')).toBeNull();
  });
});
