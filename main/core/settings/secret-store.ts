// Where API keys live, away from the settings file and never sent to the
// window. The Electron shell implements this port over safeStorage (OS
// keychain); plain Node uses an owner-only JSON file, and tests use memory.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { STORED_SECRET_NAMES, type StoredSecretName } from '../../../shared/settings';
import type { SecretStorageKind } from '../../../shared/contract';

export interface SecretStore {
  readonly kind: SecretStorageKind;
  get(name: StoredSecretName): string | null;
  set(name: StoredSecretName, value: string): void;
  delete(name: StoredSecretName): void;
}

export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  private readonly values = new Map<StoredSecretName, string>();
  get(name: StoredSecretName): string | null {
    return this.values.get(name) ?? null;
  }
  set(name: StoredSecretName, value: string): void {
    this.values.set(name, value);
  }
  delete(name: StoredSecretName): void {
    this.values.delete(name);
  }
}

const SecretFileSchema = z.partialRecord(z.enum(STORED_SECRET_NAMES), z.string());

/** Plain-text secrets in a 0600 file: honest about what it is (kind `plain-text`). */
export class FileSecretStore implements SecretStore {
  readonly kind = 'plain-text' as const;
  private values: Partial<Record<StoredSecretName, string>>;

  constructor(readonly path: string) {
    this.values = this.read();
  }

  private read(): Partial<Record<StoredSecretName, string>> {
    if (!existsSync(this.path)) return {};
    chmodSync(this.path, 0o600);
    try {
      const parsed = SecretFileSchema.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // fall through: unreadable file
    }
    // Keep the unreadable file for a person to look at; start empty.
    renameSync(this.path, `${this.path}.corrupt-${Date.now()}.bak`);
    return {};
  }

  private write(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.values, null, 2), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.path);
  }

  get(name: StoredSecretName): string | null {
    return this.values[name] ?? null;
  }

  set(name: StoredSecretName, value: string): void {
    this.values = { ...this.values, [name]: value };
    this.write();
  }

  delete(name: StoredSecretName): void {
    if (!(name in this.values)) return;
    const next = { ...this.values };
    delete next[name];
    this.values = next;
    this.write();
  }
}
