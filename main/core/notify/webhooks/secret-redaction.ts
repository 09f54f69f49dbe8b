// Nothing a webhook sends may carry an API key or another webhook's URL.
// Release names and SABnzbd's fail messages are outside text: a URL-fetch
// failure can quote an indexer link with its apikey, a name can contain
// anything. Known secrets are cut out wherever they appear, and key-like URL
// parameters (apikey=…, token=…) are cut out whatever their value.
const REDACTED = '[redacted]';
const KEY_PARAM = /\b(api[_-]?key|apikey|token|access[_-]?token|auth|password|passwd|pass|secret|key)=[^\s&"'<>]+/gi;
/** Secrets shorter than this are not searched for: "ab" would cut words apart. */
const MIN_SECRET_LENGTH = 6;

export function usableSecrets(secrets: Iterable<string | null | undefined>): string[] {
  const out = new Set<string>();
  for (const s of secrets) {
    const v = s?.trim();
    if (v && v.length >= MIN_SECRET_LENGTH) out.add(v);
  }
  // Longest first, so a URL is cut whole before a key inside it is.
  return [...out].sort((a, b) => b.length - a.length);
}

export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out.replace(KEY_PARAM, (_m, name: string) => `${name}=${REDACTED}`);
}

/** The last check before a request leaves: which secret (by position) it still carries, or -1. */
export function findSecret(text: string, secrets: readonly string[]): number {
  return secrets.findIndex((s) => text.includes(s));
}
