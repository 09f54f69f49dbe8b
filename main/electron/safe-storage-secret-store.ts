// API keys at rest, encrypted with Electron's safeStorage (Keychain on macOS,
// DPAPI on Windows, libsecret/kwallet on Linux) in a small JSON file of base64
// ciphertexts. On a Linux desktop without a keyring safeStorage falls back to
// `basic_text` (a fixed key: obfuscation, not protection) — that is reported
// as 'plain-text' so the Settings view can say so. Keys never leave the main
// process: the window only ever sees `hasApiKey` flags.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { STORED_SECRET_NAMES, type StoredSecretName } from '../../shared/settings';
import type { SecretStorageKind } from '../../shared/contract';
import type { SecretStore } from '../core/settings/secret-store';

/** The part of Electron's safeStorage this store uses (injected: tests pass a fake). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only; other platforms do not have it. */
  getSelectedStorageBackend?: () => string;
}

const StoredSecretSchema = z.object({ scheme: z.enum(['safeStorage', 'plain']), data: z.base64() });
export type StoredSecret = z.infer<typeof StoredSecretSchema>;

export const SecretFileSchema = z.object({
  version: z.literal(1),
  secrets: z.partialRecord(z.enum(STORED_SECRET_NAMES), StoredSecretSchema),
});
export type SecretFile = z.infer<typeof SecretFileSchema>;

export interface StorageAssessment {
  kind: Extract<SecretStorageKind, 'os-keychain' | 'plain-text'>;
  /** For the log and the Settings view; null when the OS protects the keys. */
  warning: string | null;
}

export function assessSecretStorage(safe: SafeStorageLike, platform: NodeJS.Platform): StorageAssessment {
  if (!safe.isEncryptionAvailable()) {
    return {
      kind: 'plain-text',
      warning: 'OS encryption is not available: API keys are stored unencrypted in the data folder.',
    };
  }
  if (platform === 'linux') {
    const backend = safe.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text' || backend === 'unknown') {
      return {
        kind: 'plain-text',
        warning:
          `No keyring (GNOME Keyring / KWallet) was found (backend: ${backend}): API keys are only obfuscated on disk. ` +
          'Install and unlock a keyring, then re-enter the keys.',
      };
    }
  }
  return { kind: 'os-keychain', warning: null };
}

export function encodeSecret(safe: SafeStorageLike, plainText: string): StoredSecret {
  if (safe.isEncryptionAvailable()) {
    return { scheme: 'safeStorage', data: safe.encryptString(plainText).toString('base64') };
  }
  return { scheme: 'plain', data: Buffer.from(plainText, 'utf8').toString('base64') };
}

export type DecodeResult = { ok: true; value: string } | { ok: false; error: string };

export function decodeSecret(safe: SafeStorageLike, stored: StoredSecret): DecodeResult {
  const bytes = Buffer.from(stored.data, 'base64');
  if (stored.scheme === 'plain') return { ok: true, value: bytes.toString('utf8') };
  if (!safe.isEncryptionAvailable()) {
    return { ok: false, error: 'stored encrypted, but OS encryption is not available now' };
  }
  try {
    return { ok: true, value: safe.decryptString(bytes) };
  } catch (e) {
    // E.g. the keyring was reset or the file came from another machine.
    return { ok: false, error: `cannot decrypt: ${e instanceof Error ? e.message : String(e)}` };
  }
}

export function parseSecretFile(text: string): SecretFile | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = SecretFileSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

export interface SafeStorageSecretStoreOptions {
  filePath: string;
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  log?: (message: string) => void;
}

export class SafeStorageSecretStore implements SecretStore {
  readonly kind: StorageAssessment['kind'];
  readonly warning: string | null;
  private readonly filePath: string;
  private readonly safe: SafeStorageLike;
  private readonly log: (message: string) => void;

  constructor(options: SafeStorageSecretStoreOptions) {
    this.filePath = options.filePath;
    this.safe = options.safeStorage;
    this.log = options.log ?? (() => {});
    const assessment = assessSecretStorage(options.safeStorage, options.platform);
    this.kind = assessment.kind;
    this.warning = assessment.warning;
    if (assessment.warning) this.log(`secret storage: ${assessment.warning}`);
  }

  get(name: StoredSecretName): string | null {
    const stored = this.read().secrets[name];
    if (!stored) return null;
    const decoded = decodeSecret(this.safe, stored);
    if (decoded.ok) return decoded.value;
    // Treated as "no key": the Settings view then asks for it again.
    this.log(`secret storage: the ${name} API key is unreadable (${decoded.error})`);
    return null;
  }

  set(name: StoredSecretName, value: string): void {
    if (value === '') return this.delete(name);
    const file = this.read();
    file.secrets[name] = encodeSecret(this.safe, value);
    this.write(file);
  }

  delete(name: StoredSecretName): void {
    const file = this.read();
    if (!(name in file.secrets)) return;
    delete file.secrets[name];
    this.write(file);
  }

  private read(): SecretFile {
    if (!existsSync(this.filePath)) return { version: 1, secrets: {} };
    const parsed = parseSecretFile(readFileSync(this.filePath, 'utf8'));
    if (parsed) return parsed;
    // Keep the damaged file for a person to look at; the next write starts clean.
    const backup = `${this.filePath}.corrupt-${Date.now()}.bak`;
    renameSync(this.filePath, backup);
    this.log(`secret storage: ${this.filePath} was unreadable and moved to ${backup}; starting with no API keys`);
    return { version: 1, secrets: {} };
  }

  private write(file: SecretFile): void {
    mkdirSync(path.dirname(this.filePath), { recursive: true });
    // Write-then-rename: a crash mid-write never leaves half a file.
    const tmp = `${this.filePath}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.filePath);
  }
}
