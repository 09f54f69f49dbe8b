// API keys of the *arr instances that are not the first Sonarr/Radarr, in the
// secret store as one JSON object id → key under the name `arrApiKeys` (the
// first two keep their own secret names `sonarr`/`radarr`, so keys saved
// before instances existed, and SONARR_API_KEY/RADARR_API_KEY, stay theirs).
import { z } from 'zod';
import type { SecretStore } from './secret-store';

const KeyMapSchema = z.record(z.string(), z.string());
const NAME = 'arrApiKeys';

export class ArrInstanceKeys {
  constructor(
    private readonly secrets: SecretStore,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  all(): Record<string, string> {
    const raw = this.secrets.get(NAME);
    if (raw === null || raw === '') return {};
    try {
      const parsed = KeyMapSchema.safeParse(JSON.parse(raw));
      if (parsed.success) return parsed.data;
    } catch {
      // fall through
    }
    // Never logged with its content: it holds the keys.
    this.log('the saved API keys of the extra *arr instances could not be read; enter them again in Settings');
    return {};
  }

  get(id: string): string | null {
    return this.all()[id] ?? null;
  }

  /** Apply changes in one write: '' removes; ids not in `keep` are removed too. */
  update(changes: Readonly<Record<string, string>>, keep: readonly string[]): void {
    const before = this.all();
    const next: Record<string, string> = {};
    for (const id of keep) {
      const value = Object.hasOwn(changes, id) ? changes[id]!.trim() : before[id];
      if (value !== undefined && value !== '') next[id] = value;
    }
    const same = Object.keys(next).length === Object.keys(before).length && Object.entries(next).every(([k, v]) => before[k] === v);
    if (same) return;
    if (Object.keys(next).length === 0) this.secrets.delete(NAME);
    else this.secrets.set(NAME, JSON.stringify(next));
  }
}
