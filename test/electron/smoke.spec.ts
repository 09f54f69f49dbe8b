// Launches the built app in real Electron: the window shows, the preload
// exposes window.autoarr, one call round-trips through IPC to the core, the
// tray and the log file exist. Skipped, with the reason, where no Electron
// binary is installed, or where better-sqlite3 has no build for Electron yet
// (`npm start` makes one under .cache/electron-native/).
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';
import { chooseSqliteBinding } from '../../main/electron/native-binding-path';

const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

function electronBinary(): { path: string | null; reason: string } {
  try {
    const p: unknown = require('electron');
    if (typeof p === 'string' && existsSync(p)) return { path: p, reason: '' };
    return { path: null, reason: `the electron package points at ${String(p)}, which does not exist` };
  } catch (e) {
    return { path: null, reason: e instanceof Error ? e.message.split('\n')[0]! : String(e) };
  }
}

const binary = electronBinary();
const hasElectron = binary.path !== null;
const built = existsSync(path.join(root, 'dist/main/index.js')) && existsSync(path.join(root, 'dist/preload/index.cjs'));

function versionOf(pkg: string): string {
  return (require(`${pkg}/package.json`) as { version: string }).version;
}
const binding = chooseSqliteBinding({
  isPackaged: false,
  appPath: root,
  env: process.env,
  target: { electronVersion: versionOf('electron'), sqliteVersion: versionOf('better-sqlite3'), platform: process.platform, arch: process.arch },
  exists: existsSync,
});

// The list reporter does not print skip reasons; say it once here.
if (!hasElectron) console.log(`SKIPPED smoke: No Electron binary on this machine: ${binary.reason}`);

test('the window shows and app.info round-trips over IPC', async () => {
  test.skip(!hasElectron, `No Electron binary on this machine: ${binary.reason}`);
  test.skip(!built, 'dist/ is not built: run `npm run build` first');
  test.skip(binding.kind === 'missing', binding.kind === 'missing' ? binding.problem : '');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'autoarr-smoke-'));
  const app = await electron.launch({
    executablePath: binary.path!,
    args: [root, '--no-sandbox'],
    env: { ...process.env, AUTOARR_DATA_DIR: dataDir, ELECTRON_ENABLE_LOGGING: '1' },
  });
  try {
    const window = await app.firstWindow();
    await window.waitForLoadState('domcontentloaded');
    expect(window.url()).toMatch(/^app:\/\/autoarr\//);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.isVisible())).toBe(true);
    const info = await window.evaluate(async () => {
      const api = (window as unknown as { autoarr?: { 'app.info': (i: object) => Promise<unknown> } }).autoarr;
      return api ? api['app.info']({}) : null;
    });
    expect(info).toMatchObject({ ok: true, value: { mode: 'electron' } });
    // The page itself has no Node and no raw IPC.
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => Object.keys((window as unknown as { autoarr: object }).autoarr).includes('invoke'))).toBe(false);
    // The shell's log file, written by the shell and the core, beside the data (AUTOARR_DATA_DIR).
    await expect.poll(() => existsSync(path.join(dataDir, 'logs', 'autoarr-tray.log'))).toBe(true);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
