// The bearer token that guards browser mode. From AUTOARR_TOKEN when set;
// otherwise kept in <dataDir>/browser-token (owner-only) so a bookmarked URL
// survives restarts, and generated on first use.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BROWSER_TOKEN_FILE = 'browser-token';
const MIN_TOKEN_LENGTH = 16;

export interface BrowserToken {
  token: string;
  source: 'env' | 'file' | 'generated';
  /** The file holding it, or null when it came from the environment. */
  file: string | null;
}

export function resolveBrowserToken(options: {
  env: Readonly<Record<string, string | undefined>>;
  dataDir: string;
  print?: (line: string) => void;
}): BrowserToken {
  const fromEnv = options.env.AUTOARR_TOKEN?.trim();
  if (fromEnv) {
    if (fromEnv.length < MIN_TOKEN_LENGTH) {
      throw new Error(`AUTOARR_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters`);
    }
    return { token: fromEnv, source: 'env', file: null };
  }
  const file = join(options.dataDir, BROWSER_TOKEN_FILE);
  if (existsSync(file)) {
    const saved = readFileSync(file, 'utf8').trim();
    if (saved.length >= MIN_TOKEN_LENGTH) {
      chmodSync(file, 0o600);
      return { token: saved, source: 'file', file };
    }
  }
  mkdirSync(options.dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  // writeFileSync's mode only applies when it creates the file.
  chmodSync(file, 0o600);
  options.print?.(`Browser-mode token written to ${file}: ${token}`);
  return { token, source: 'generated', file };
}

/** The address to open in a browser; the window keeps the token and drops it from the URL. */
export function browserOpenUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/?token=${encodeURIComponent(token)}`;
}
