// Webhook URLs in the secret store (OS keychain in Electron, a 0600 file in
// browser mode), as one JSON object id → URL under the name `webhookUrls`:
// a URL can carry a token, so it is kept like an API key and never leaves
// the core whole (the window gets webhookUrlHint()).
import { z } from 'zod';
import type { SecretStore } from '../../settings/secret-store';

const UrlMapSchema = z.record(z.string(), z.string());
const NAME = 'webhookUrls';

function sameMap(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}

export class WebhookUrlStore {
  constructor(
    private readonly secrets: SecretStore,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  all(): Record<string, string> {
    const raw = this.secrets.get(NAME);
    if (raw === null || raw === '') return {};
    try {
      const parsed = UrlMapSchema.safeParse(JSON.parse(raw));
      if (parsed.success) return parsed.data;
    } catch {
      // fall through
    }
    // Never logged with its content: it is the secret.
    this.log('the saved webhook URLs could not be read; enter them again in Settings → Webhooks');
    return {};
  }

  get(id: string): string | null {
    return this.all()[id] ?? null;
  }

  /** Apply several changes in one write: `null` removes; ids not in `keep` are removed too. */
  update(changes: Record<string, string | null>, keep: readonly string[]): boolean {
    const before = this.all();
    const next: Record<string, string> = {};
    for (const id of keep) {
      const changed = Object.hasOwn(changes, id) ? changes[id] : before[id];
      if (changed !== null && changed !== undefined && changed !== '') next[id] = changed;
    }
    if (sameMap(before, next)) return false;
    if (Object.keys(next).length === 0) this.secrets.delete(NAME);
    else this.secrets.set(NAME, JSON.stringify(next));
    return true;
  }
}
