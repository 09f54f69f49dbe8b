// Packs the app with the real electron-builder.yml, offline: a folder with a
// fake `electron` executable stands in for Electron's dist, dependencies are
// not rebuilt (npmRebuild=false), so this proves the files/asar/extraResources
// configuration, not the installers. Takes about a minute.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as { listPackage(archive: string, options: { isPack: boolean }): string[] };
const nativeBinding = path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
const yaml = require('js-yaml') as { load(text: string): unknown };
// electron-builder's own default deb dependencies, read from electron-builder itself.
const FpmTarget = (require('app-builder-lib/out/targets/FpmTarget') as { default: { prototype: { getDefaultDepends(target: string): string[] } } }).default;

interface BuilderConfig {
  publish?: unknown;
  deb: { depends: string[]; recommends?: string[] };
  mac: { target: { target: string }[]; hardenedRuntime?: boolean; notarize?: unknown; entitlements?: string; entitlementsInherit?: string };
  win: Record<string, unknown>;
}
const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

function filesUnder(dir: string, prefix: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full, `${prefix}/${entry.name}`));
    else out.push(`${prefix}/${entry.name}`);
  }
  return out;
}

let work = '';
let appDir = '';
let packed: string[] = [];
let bindingMtime = 0;

beforeAll(() => {
  if (!existsSync(path.join(root, 'dist/preload/index.cjs'))) {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'pipe' });
  }
  bindingMtime = statSync(nativeBinding).mtimeMs;
  work = mkdtempSync(path.join(os.tmpdir(), 'autoarr-pack-'));
  const fakeElectron = path.join(work, 'electron-dist');
  execFileSync('mkdir', ['-p', fakeElectron]);
  writeFileSync(path.join(fakeElectron, 'electron'), '#!/bin/sh\nexit 0\n');
  chmodSync(path.join(fakeElectron, 'electron'), 0o755);
  execFileSync(
    process.execPath,
    [
      require.resolve('electron-builder/cli.js'),
      '--linux',
      'dir',
      '--x64',
      '-c.npmRebuild=false',
      `-c.electronDist=${fakeElectron}`,
      `-c.directories.output=${path.join(work, 'release')}`,
    ],
    { cwd: root, stdio: 'pipe', env: { ...process.env, CI: 'true', ELECTRON_BUILDER_OFFLINE: 'true' } },
  );
  appDir = path.join(work, 'release', 'linux-unpacked');
  packed = asar.listPackage(path.join(appDir, 'resources', 'app.asar'), { isPack: false }).map((f) => f.replaceAll('\\', '/'));
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('electron-builder offline pack', () => {
  it('renames the Electron executable to the product', () => {
    expect(existsSync(path.join(appDir, 'autoarr-tray'))).toBe(true);
  });

  it('packs every built file of main, preload and renderer (maps excluded) and package.json', () => {
    const built = ['main', 'preload', 'renderer']
      .filter((d) => existsSync(path.join(root, 'dist', d)))
      .flatMap((d) => filesUnder(path.join(root, 'dist', d), `/dist/${d}`))
      .filter((f) => !f.endsWith('.map'));
    expect(built).toContain('/dist/preload/index.cjs');
    for (const f of built) expect(packed, f).toContain(f);
    expect(packed).toContain('/package.json');
    expect(packed.filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('packs the Electron entry named by package.json "main" once it is built', () => {
    const main = (require(path.join(root, 'package.json')) as { main: string }).main;
    expect(main).toBe('dist/main/index.js');
    if (existsSync(path.join(root, 'main/index.ts')) && existsSync(path.join(root, main))) {
      expect(packed).toContain(`/${main}`);
    }
  });

  it('ships migrations, tray icons and the window icon as plain files beside app.asar', () => {
    const resources = path.join(appDir, 'resources');
    const sql = readdirSync(path.join(resources, 'migrations')).filter((f) => f.endsWith('.sql'));
    expect(sql.length).toBeGreaterThan(0);
    expect(existsSync(path.join(resources, 'migrations', 'meta', '_journal.json'))).toBe(true);
    expect(packed.some((f) => f.startsWith('/dist/migrations'))).toBe(false);
    for (const icon of ['tray-ok.png', 'tray-failures@2x.png', 'trayErrorTemplate.png', 'trayOkTemplate@2x.png']) {
      expect(existsSync(path.join(resources, 'tray', icon)), icon).toBe(true);
    }
    expect(existsSync(path.join(resources, 'icon.png'))).toBe(true);
  });

  it('unpacks the SQLite binding and node-notifier helpers (native code cannot load from an asar)', () => {
    const unpacked = path.join(appDir, 'resources', 'app.asar.unpacked', 'node_modules');
    expect(existsSync(path.join(unpacked, 'better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);
    expect(existsSync(path.join(unpacked, 'node-notifier/vendor/snoreToast'))).toBe(true);
    expect(existsSync(path.join(unpacked, 'node-notifier/vendor/notifu'))).toBe(true);
    expect(existsSync(path.join(unpacked, 'node-notifier/vendor/mac.noindex'))).toBe(true);
  });

  it('carries the runtime dependencies and no dev tooling', () => {
    for (const dep of ['better-sqlite3', 'drizzle-orm', 'conf', 'electron-store', 'electron-log', 'electron-updater', 'node-notifier', 'zod', 'ws']) {
      expect(packed, dep).toContain(`/node_modules/${dep}/package.json`);
    }
    for (const dev of ['electron', 'electron-builder', '@electron/rebuild', 'vitest', 'typescript', 'vite', 'esbuild', '@playwright/test']) {
      expect(packed, dev).not.toContain(`/node_modules/${dev}/package.json`);
    }
  });

  it('npm start\'s launcher and the Electron-ABI build cache stay out of the package', () => {
    expect(packed.filter((f) => f.startsWith('/dist/launcher') || f.includes('.cache/electron-native'))).toEqual([]);
  });

  it('has no update source by default, so the packed app never checks (no app-update.yml)', () => {
    expect(config.publish).toBeNull();
    expect(existsSync(path.join(appDir, 'resources', 'app-update.yml'))).toBe(false);
  });

  it('left the repo\'s native SQLite binding alone (no rebuild for another ABI)', () => {
    expect(statSync(nativeBinding).mtimeMs).toBe(bindingMtime);
  });
});

describe('electron-builder.yml', () => {
  it('deb depends on electron-builder\'s own defaults (a list replaces them) plus an AppIndicator library', () => {
    const defaults = FpmTarget.prototype.getDefaultDepends('deb');
    expect(defaults).toEqual(expect.arrayContaining(['libgtk-3-0', 'libnss3', 'libnotify4', 'xdg-utils']));
    for (const dep of defaults) expect(config.deb.depends, dep).toContain(dep);
    expect(config.deb.depends).toContain('libayatana-appindicator3-1 | libappindicator3-1');
    expect(config.deb.recommends).toContain('gnome-shell-extension-appindicator');
  });

  it('macOS: hardened runtime with the JIT entitlement (notarization needs it), a zip for updates, notarization left to the environment', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.target.map((t) => t.target)).toEqual(['dmg', 'zip']);
    expect(config.mac.notarize).toBeUndefined();
    for (const file of [config.mac.entitlements, config.mac.entitlementsInherit]) {
      expect(readFileSync(path.join(root, file!), 'utf8')).toMatch(/com\.apple\.security\.cs\.allow-jit/);
    }
  });

  it('carries no signing secret: certificates and passwords come from the environment (CSC_LINK, APPLE_ID, …)', () => {
    const text = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    expect(text).not.toMatch(/^\s*(certificateFile|certificatePassword|cscLink|cscKeyPassword|appleId|appleIdPassword)\s*:/m);
    expect(Object.keys(config.win)).not.toEqual(expect.arrayContaining(['certificateFile']));
  });
});
