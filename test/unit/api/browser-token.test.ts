import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BROWSER_TOKEN_FILE, browserOpenUrl, resolveBrowserToken } from '../../../main/core/api/browser-token';

const dirs: string[] = [];
function tempDir() {
  const d = mkdtempSync(join(tmpdir(), 'autoarr-token-'));
  dirs.push(d);
  return join(d, 'data');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('resolveBrowserToken', () => {
  it('generates a token into <dataDir>/browser-token (0600), prints it, and reuses it', () => {
    const dataDir = tempDir();
    const printed: string[] = [];
    const first = resolveBrowserToken({ env: {}, dataDir, print: (l) => printed.push(l) });
    const file = join(dataDir, BROWSER_TOKEN_FILE);
    expect(first).toEqual({ token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), source: 'generated', file });
    expect(readFileSync(file, 'utf8').trim()).toBe(first.token);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(printed.join('\n')).toContain(first.token);
    const second = resolveBrowserToken({ env: {}, dataDir });
    expect(second).toEqual({ token: first.token, source: 'file', file });
  });

  it('prefers AUTOARR_TOKEN and writes nothing', () => {
    const dataDir = tempDir();
    const r = resolveBrowserToken({ env: { AUTOARR_TOKEN: ' from-the-environment-123 ' }, dataDir });
    expect(r).toEqual({ token: 'from-the-environment-123', source: 'env', file: null });
    expect(() => statSync(join(dataDir, BROWSER_TOKEN_FILE))).toThrow();
  });

  it('refuses a short AUTOARR_TOKEN', () => {
    expect(() => resolveBrowserToken({ env: { AUTOARR_TOKEN: 'short' }, dataDir: tempDir() })).toThrow(/at least 16/);
  });

  it('replaces a token file that is too short to be safe', () => {
    const dataDir = tempDir();
    resolveBrowserToken({ env: {}, dataDir });
    writeFileSync(join(dataDir, BROWSER_TOKEN_FILE), 'abc');
    expect(resolveBrowserToken({ env: {}, dataDir }).source).toBe('generated');
  });

  it('builds the URL to open', () => {
    expect(browserOpenUrl('http://127.0.0.1:8765', 'a+b/c')).toBe('http://127.0.0.1:8765/?token=a%2Bb%2Fc');
  });
});
