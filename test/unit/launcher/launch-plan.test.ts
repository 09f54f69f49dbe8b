// npm start's decisions over an in-memory file system and a scripted spawner:
// Electron binary present / missing / fetch fails / download switched off;
// better-sqlite3's Electron build present / prebuilt / built / neither. The
// Node build in node_modules/better-sqlite3/build is never written.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstLine, planLaunch, type LaunchPlan, type LauncherFs, type SpawnResult, type Spawner } from '../../../scripts/launcher/launch-plan';
import { electronBindingFile } from '../../../main/electron/native-binding-path';

const ROOT = '/repo';
const EL = path.join(ROOT, 'node_modules/electron');
const SQL = path.join(ROOT, 'node_modules/better-sqlite3');
const NODE_BUILD = path.join(SQL, 'build/Release/better_sqlite3.node');
const TARGET = { electronVersion: '41.10.7', sqliteVersion: '12.11.1', platform: 'linux' as const, arch: 'x64' };
const CACHED = electronBindingFile(ROOT, TARGET);

class MemoryFs implements LauncherFs {
  readonly files = new Map<string, string>();
  readonly writes: string[] = [];
  constructor(initial: Record<string, string>) {
    for (const [f, t] of Object.entries(initial)) this.files.set(f, t);
  }
  exists(f: string) {
    return this.files.has(f) || [...this.files.keys()].some((k) => k.startsWith(`${f}/`));
  }
  readText(f: string) {
    const t = this.files.get(f);
    if (t === undefined) throw new Error(`ENOENT ${f}`);
    return t;
  }
  mkdirp() {}
  copyFile(from: string, to: string) {
    this.writes.push(to);
    this.files.set(to, this.readText(from));
  }
  copyDir(from: string, to: string, skip: (relative: string) => boolean) {
    for (const [f, t] of [...this.files]) {
      if (!f.startsWith(`${from}/`)) continue;
      const relative = path.relative(from, f);
      if (skip(relative)) continue;
      this.writes.push(path.join(to, relative));
      this.files.set(path.join(to, relative), t);
    }
  }
  writeText(f: string, t: string) {
    this.writes.push(f);
    this.files.set(f, t);
  }
  rm(target: string) {
    for (const f of [...this.files.keys()]) if (f === target || f.startsWith(`${target}/`)) this.files.delete(f);
  }
}

interface Call {
  tool: 'electron-install' | 'prebuild-install' | 'electron-rebuild';
  args: readonly string[];
  cwd: string;
  env: Record<string, string | undefined>;
}

type Script = Partial<Record<Call['tool'], (fs: MemoryFs, call: Call) => SpawnResult>>;

function spawner(fs: MemoryFs, script: Script, calls: Call[]): Spawner {
  return {
    run: async (_command, args, options) => {
      const tool: Call['tool'] = args[0]!.endsWith('electron/install.js')
        ? 'electron-install'
        : args[0]!.includes('prebuild-install')
          ? 'prebuild-install'
          : 'electron-rebuild';
      const call = { tool, args: args.slice(1), cwd: options.cwd, env: options.env };
      calls.push(call);
      const step = script[tool];
      if (!step) throw new Error(`unexpected ${tool}`);
      return step(fs, call);
    },
  };
}

const installed = {
  [path.join(EL, 'package.json')]: JSON.stringify({ version: '41.10.7' }),
  [path.join(SQL, 'package.json')]: JSON.stringify({ name: 'better-sqlite3', version: '12.11.1' }),
  [path.join(SQL, 'binding.gyp')]: '{}',
  [path.join(SQL, 'src/better_sqlite3.cpp')]: '// source',
  [NODE_BUILD]: 'NODE-ABI-115',
};
const withBinary = { ...installed, [path.join(EL, 'path.txt')]: 'electron', [path.join(EL, 'dist/electron')]: 'ELF' };

const fetchOk = (fs: MemoryFs): SpawnResult => {
  fs.writeText(path.join(EL, 'path.txt'), 'electron');
  fs.writeText(path.join(EL, 'dist/electron'), 'ELF');
  return { code: 0, output: '' };
};
const fetchFails = (): SpawnResult => ({ code: 1, output: 'TypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13\n' });
const prebuildOk = (fs: MemoryFs, call: Call): SpawnResult => {
  fs.writeText(path.join(call.cwd, 'build/Release/better_sqlite3.node'), 'ELECTRON-ABI-145 (prebuilt)');
  return { code: 0, output: '' };
};
const prebuildFails = (): SpawnResult => ({ code: 1, output: 'prebuild-install warn install getaddrinfo ENOTFOUND github.com\n' });
const rebuildOk = (fs: MemoryFs, call: Call): SpawnResult => {
  const moduleDir = call.args[call.args.indexOf('--module-dir') + 1]!;
  fs.writeText(path.join(moduleDir, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), 'ELECTRON-ABI-145 (built)');
  return { code: 0, output: '' };
};
const rebuildFails = (): SpawnResult => ({ code: 255, output: '\nError: This is most likely not a problem with node-gyp or the package itself and\n' });

async function run(files: Record<string, string>, script: Script, options: { args?: string[]; env?: Record<string, string> } = {}) {
  const fs = new MemoryFs(files);
  const calls: Call[] = [];
  const said: string[] = [];
  const plan = await planLaunch({
    root: ROOT,
    args: options.args ?? [],
    env: { PATH: '/usr/bin', npm_config_nodedir: '/usr', ...options.env },
    platform: 'linux',
    arch: 'x64',
    nodePath: '/usr/bin/node',
    fs,
    spawner: spawner(fs, script, calls),
    say: (l) => void said.push(l),
  });
  return { plan, calls, fs, said };
}

const electronPlan = (binding: string): LaunchPlan => ({ mode: 'electron', electronBinary: path.join(EL, 'dist/electron'), binding });

describe('planLaunch', () => {
  it.each<[string, Record<string, string>, Script, { args?: string[]; env?: Record<string, string> }, LaunchPlan | RegExp, Call['tool'][]]>([
    ['--headless: browser mode, nothing fetched', withBinary, {}, { args: ['--headless'] }, { mode: 'browser', reason: 'Starting in browser mode (--headless).' }, []],
    ['binary and binding present: Electron at once', { ...withBinary, [CACHED]: 'ELECTRON' }, {}, {}, electronPlan(CACHED), []],
    ['binary missing, fetched by its installer', { ...installed, [CACHED]: 'ELECTRON' }, { 'electron-install': fetchOk }, {}, electronPlan(CACHED), ['electron-install']],
    ['binary missing, fetch fails: one line, browser mode', installed, { 'electron-install': fetchFails }, {}, /^Electron could not be fetched \(TypeError: fetch failed\), so autoarr-tray starts in browser mode instead\.$/, ['electron-install']],
    ['binary missing, installer hangs past its time', installed, { 'electron-install': () => ({ code: null, output: '' }) }, {}, /^Electron could not be fetched \(it timed out\)/, ['electron-install']],
    ['binary missing, download switched off: not even tried', installed, {}, { env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } }, /ELECTRON_SKIP_BINARY_DOWNLOAD is set/, []],
    ['binding missing, prebuilt for Electron', withBinary, { 'prebuild-install': prebuildOk }, {}, electronPlan(CACHED), ['prebuild-install']],
    ['binding missing, no prebuilt, built with @electron/rebuild', withBinary, { 'prebuild-install': prebuildFails, 'electron-rebuild': rebuildOk }, {}, electronPlan(CACHED), ['prebuild-install', 'electron-rebuild']],
    [
      'binding missing, neither: both reasons on one line, browser mode',
      withBinary,
      { 'prebuild-install': prebuildFails, 'electron-rebuild': rebuildFails },
      {},
      /^better-sqlite3 could not be fetched or built for Electron 41\.10\.7 \(prebuild-install: prebuild-install warn install getaddrinfo ENOTFOUND github\.com; @electron\/rebuild: Error: This is most likely not a problem with node-gyp/,
      ['prebuild-install', 'electron-rebuild'],
    ],
  ])('%s', async (_name, files, script, options, expected, tools) => {
    const { plan, calls, fs } = await run(files, script, options);
    if (expected instanceof RegExp) {
      expect(plan.mode).toBe('browser');
      if (plan.mode === 'browser') {
        expect(plan.reason).toMatch(expected);
        expect(plan.reason).not.toContain('\n');
      }
    } else expect(plan).toEqual(expected);
    expect(calls.map((c) => c.tool)).toEqual(tools);
    // Plain Node's build is never touched, whatever happened.
    expect(fs.readText(NODE_BUILD)).toBe('NODE-ABI-115');
    expect(fs.writes.filter((w) => w.startsWith(path.join(SQL, 'build')))).toEqual([]);
  });

  it('prebuild-install runs for Electron in a staging folder holding only a copy of package.json', async () => {
    const { calls, fs } = await run(withBinary, { 'prebuild-install': prebuildOk });
    const [call] = calls;
    expect(call!.args).toEqual(['--runtime', 'electron', '--target', '41.10.7', '--arch', 'x64', '--platform', 'linux']);
    expect(call!.cwd.startsWith(path.join(ROOT, '.cache/electron-native/'))).toBe(true);
    expect(fs.readText(CACHED)).toBe('ELECTRON-ABI-145 (prebuilt)');
    // The staging folder is gone afterwards; the cached build stays.
    expect([...fs.files.keys()].filter((f) => f.includes('/staging/'))).toEqual([]);
  });

  it('@electron/rebuild builds a staged copy (sources, no build/) against Electron headers, not CI\'s nodedir', async () => {
    const { calls, fs } = await run(withBinary, { 'prebuild-install': prebuildFails, 'electron-rebuild': rebuildOk });
    const rebuild = calls[1]!;
    const moduleDir = rebuild.args[rebuild.args.indexOf('--module-dir') + 1]!;
    expect(moduleDir.startsWith(path.join(ROOT, '.cache/electron-native/'))).toBe(true);
    expect(rebuild.args).toEqual(expect.arrayContaining(['--version', '41.10.7', '--only', 'better-sqlite3', '--force']));
    expect(rebuild.env.npm_config_nodedir).toBeUndefined();
    expect(calls[0]!.env.npm_config_nodedir).toBeUndefined();
    expect(fs.writes).toContain(path.join(moduleDir, 'node_modules/better-sqlite3/src/better_sqlite3.cpp'));
    // The Node build was not copied along (only the rebuild wrote a .node there).
    const stagedBuild = path.join(moduleDir, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(fs.writes.filter((w) => w === stagedBuild)).toHaveLength(1);
    expect(fs.readText(CACHED)).toBe('ELECTRON-ABI-145 (built)');
  });

  it('the build folder is per Electron version, platform, arch and better-sqlite3 version', () => {
    expect(CACHED).toBe(path.join(ROOT, '.cache/electron-native/electron-41.10.7-linux-x64/better-sqlite3-12.11.1/better_sqlite3.node'));
    expect(electronBindingFile(ROOT, { ...TARGET, electronVersion: '41.11.0' })).not.toBe(CACHED);
    expect(electronBindingFile(ROOT, { ...TARGET, sqliteVersion: '12.12.0' })).not.toBe(CACHED);
  });

  it('says what it is doing while it fetches', async () => {
    const { said } = await run(installed, { 'electron-install': fetchFails });
    expect(said).toEqual(["No Electron binary yet: fetching it with Electron's installer (node node_modules/electron/install.js)…"]);
  });
});

describe('firstLine', () => {
  it.each([
    ['TypeError: fetch failed\n    at x', 'TypeError: fetch failed'],
    ['\n\nnpm warn something\nreal problem\n', 'real problem'],
    ['', 'fallback'],
    ['x'.repeat(300), `${'x'.repeat(199)}…`],
  ])('%j → %j', (output, line) => {
    expect(firstLine(output, 'fallback')).toBe(line);
  });
});
