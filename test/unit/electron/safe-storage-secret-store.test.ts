import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SafeStorageSecretStore,
  assessSecretStorage,
  decodeSecret,
  encodeSecret,
  parseSecretFile,
  type SafeStorageLike,
} from '../../../main/electron/safe-storage-secret-store';

/** A reversible stand-in for the OS cipher: XOR with a key, so ciphertext ≠ plaintext. */
function fakeSafeStorage(options: { available?: boolean; backend?: string; key?: number } = {}): SafeStorageLike {
  const key = options.key ?? 0x5a;
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ key));
  const safe: SafeStorageLike = {
    isEncryptionAvailable: () => options.available ?? true,
    encryptString: (s) => Buffer.concat([Buffer.from('v10'), xor(Buffer.from(s, 'utf8'))]),
    decryptString: (b) => {
      if (b.subarray(0, 3).toString() !== 'v10') throw new Error('bad header');
      const plain = xor(b.subarray(3));
      if (key !== 0x5a) throw new Error('wrong key');
      return plain.toString('utf8');
    },
  };
  if (options.backend !== undefined) safe.getSelectedStorageBackend = () => options.backend!;
  return safe;
}

describe('assessSecretStorage', () => {
  it.each([
    ['darwin', {}, 'os-keychain', false],
    ['win32', {}, 'os-keychain', false],
    ['linux', { backend: 'gnome_libsecret' }, 'os-keychain', false],
    ['linux', { backend: 'kwallet6' }, 'os-keychain', false],
    ['linux', { backend: 'basic_text' }, 'plain-text', true],
    ['linux', { backend: 'unknown' }, 'plain-text', true],
    ['linux', {}, 'plain-text', true],
    ['darwin', { available: false }, 'plain-text', true],
  ] as const)('%s %j → %s (warns: %s)', (platform, opts, kind, warns) => {
    const a = assessSecretStorage(fakeSafeStorage(opts), platform);
    expect(a.kind).toBe(kind);
    expect(a.warning !== null).toBe(warns);
  });

  it('the basic_text warning says what to do', () => {
    expect(assessSecretStorage(fakeSafeStorage({ backend: 'basic_text' }), 'linux').warning).toMatch(/keyring/i);
  });
});

describe('encode / decode', () => {
  it('round-trips through the OS cipher; the stored text is not the key', () => {
    const safe = fakeSafeStorage();
    const stored = encodeSecret(safe, 'abcdef0123456789abcdef0123456789');
    expect(stored.scheme).toBe('safeStorage');
    expect(Buffer.from(stored.data, 'base64').toString('utf8')).not.toContain('abcdef');
    expect(decodeSecret(safe, stored)).toEqual({ ok: true, value: 'abcdef0123456789abcdef0123456789' });
  });

  it('falls back to plain base64 when no encryption exists, and says so by scheme', () => {
    const safe = fakeSafeStorage({ available: false });
    const stored = encodeSecret(safe, 'key-ü');
    expect(stored).toEqual({ scheme: 'plain', data: Buffer.from('key-ü').toString('base64') });
    expect(decodeSecret(safe, stored)).toEqual({ ok: true, value: 'key-ü' });
  });

  it('an undecryptable value is an error value, not a throw', () => {
    const stored = encodeSecret(fakeSafeStorage(), 'secret');
    const other = fakeSafeStorage({ key: 0x11 });
    expect(decodeSecret(other, stored)).toEqual({ ok: false, error: 'cannot decrypt: wrong key' });
    expect(decodeSecret(fakeSafeStorage({ available: false }), stored).ok).toBe(false);
  });

  it.each(['', 'not json', '{"version":2,"secrets":{}}', '{"version":1,"secrets":{"sabnzbd":{"scheme":"rot13","data":"x"}}}', '{"version":1,"secrets":{"evil":{"scheme":"plain","data":"eA=="}}}'])(
    'rejects the file %s',
    (text) => {
      expect(parseSecretFile(text)).toBeNull();
    },
  );
});

describe('SafeStorageSecretStore (real file)', () => {
  let dir = '';
  let file = '';
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'secrets-'));
    file = path.join(dir, 'nested', 'secrets.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores, reads back, clears, and keeps the file private', () => {
    const store = new SafeStorageSecretStore({ filePath: file, safeStorage: fakeSafeStorage(), platform: 'darwin' });
    expect(store.kind).toBe('os-keychain');
    expect(store.get('sonarr')).toBeNull();
    store.set('sonarr', 'sonarr-key-1');
    store.set('radarr', 'radarr-key-2');
    expect(readFileSync(file, 'utf8')).not.toContain('sonarr-key-1');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const reopened = new SafeStorageSecretStore({ filePath: file, safeStorage: fakeSafeStorage(), platform: 'darwin' });
    expect(reopened.get('sonarr')).toBe('sonarr-key-1');
    expect(reopened.get('radarr')).toBe('radarr-key-2');
    reopened.delete('sonarr');
    reopened.set('radarr', '');
    expect(reopened.get('sonarr')).toBeNull();
    expect(reopened.get('radarr')).toBeNull();
    expect(parseSecretFile(readFileSync(file, 'utf8'))).toEqual({ version: 1, secrets: {} });
  });

  it('warns once and reports plain-text on a Linux basic_text backend', () => {
    const log: string[] = [];
    const store = new SafeStorageSecretStore({
      filePath: file,
      safeStorage: fakeSafeStorage({ backend: 'basic_text' }),
      platform: 'linux',
      log: (m) => log.push(m),
    });
    expect(store.kind).toBe('plain-text');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/basic_text/);
    store.set('sabnzbd', 'k');
    expect(store.get('sabnzbd')).toBe('k');
  });

  it('a corrupt file reads as empty, is kept as a .bak and logged, not thrown', () => {
    const log: string[] = [];
    writeFileSync(path.join(dir, 'secrets.json'), '{oops');
    const store = new SafeStorageSecretStore({
      filePath: path.join(dir, 'secrets.json'),
      safeStorage: fakeSafeStorage(),
      platform: 'win32',
      log: (m) => log.push(m),
    });
    expect(store.get('sabnzbd')).toBeNull();
    expect(log.join()).toMatch(/unreadable/);
    const backups = readdirSync(dir).filter((f) => f.startsWith('secrets.json.corrupt-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(path.join(dir, backups[0]!), 'utf8')).toBe('{oops');
  });

  it('a key encrypted under another keyring reads as missing, with a log line', () => {
    new SafeStorageSecretStore({ filePath: file, safeStorage: fakeSafeStorage(), platform: 'darwin' }).set('sabnzbd', 'k');
    const log: string[] = [];
    const other = new SafeStorageSecretStore({
      filePath: file,
      safeStorage: fakeSafeStorage({ key: 0x22 }),
      platform: 'darwin',
      log: (m) => log.push(m),
    });
    expect(other.get('sabnzbd')).toBeNull();
    expect(log.join()).toMatch(/sabnzbd API key is unreadable/);
  });
});
