// What `npm start` runs, decided step by step over an injected file system
// and process spawner (the table test drives both):
//   1. `--headless` → browser mode.
//   2. No Electron binary → fetch it with Electron's own installer
//      (node node_modules/electron/install.js); if that fails, say why in one
//      line and use browser mode.
//   3. No better-sqlite3 build for this Electron → prebuild-install (runtime
//      electron) in a staging folder, else @electron/rebuild of a staged copy;
//      the result goes to .cache/electron-native/…, never into
//      node_modules/better-sqlite3/build (plain Node's build: tests, bench and
//      browser mode keep it). Neither works → one line, browser mode.
//   4. Otherwise the Electron app, with that build passed by nativeBinding.
import path from 'node:path';
import { electronBindingDir, electronBindingFile, BINDING_FILE_NAME, type NativeBindingTarget } from '../../main/electron/native-binding-path';

export interface LauncherFs {
  exists(file: string): boolean;
  readText(file: string): string;
  mkdirp(dir: string): void;
  copyFile(from: string, to: string): void;
  /** Copies a folder, skipping entries `skip` says yes to (relative paths). */
  copyDir(from: string, to: string, skip: (relative: string) => boolean): void;
  writeText(file: string, text: string): void;
  rm(target: string): void;
}

export interface SpawnResult {
  /** null when it was killed (timeout). */
  code: number | null;
  /** stdout and stderr together, for the one-line reason. */
  output: string;
}

export interface Spawner {
  run(command: string, args: readonly string[], options: { cwd: string; env: Record<string, string | undefined>; timeoutMs: number }): Promise<SpawnResult>;
}

export interface LaunchInput {
  root: string;
  args: readonly string[];
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  arch: string;
  /** The Node running this script (runs the installers). */
  nodePath: string;
  fs: LauncherFs;
  spawner: Spawner;
  /** Progress lines for the terminal. */
  say: (line: string) => void;
}

export type LaunchPlan =
  | { mode: 'electron'; electronBinary: string; binding: string }
  | { mode: 'browser'; reason: string };

/** Electron's download is ~100 MB; a slow line gets time, a dead one fails fast anyway. */
export const INSTALL_TIMEOUT_MS = 10 * 60_000;
/** A source build of better-sqlite3 takes 1–3 minutes. */
export const BUILD_TIMEOUT_MS = 15 * 60_000;

/** The first line that says something, for a one-line reason. */
export function firstLine(output: string, fallback: string): string {
  const line = output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '' && !/^npm (warn|notice)/i.test(l));
  if (!line) return fallback;
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** Where node_modules/electron says its binary is (what require('electron') answers in plain Node). */
export function electronBinaryPath(root: string, fs: LauncherFs, env: Record<string, string | undefined>): string | null {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  const relative = fs.exists(pathFile) ? fs.readText(pathFile).trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return fs.exists(p) ? p : null;
  }
  if (relative === '') return null;
  const binary = path.join(pkg, 'dist', relative);
  return fs.exists(binary) ? binary : null;
}

function versionOf(fs: LauncherFs, packageJson: string): string {
  const parsed: unknown = JSON.parse(fs.readText(packageJson));
  if (parsed && typeof parsed === 'object' && 'version' in parsed && typeof parsed.version === 'string') return parsed.version;
  throw new Error(`${packageJson} has no version`);
}

async function ensureElectron(input: LaunchInput): Promise<{ binary: string } | { reason: string }> {
  const found = electronBinaryPath(input.root, input.fs, input.env);
  if (found) return { binary: found };
  if (isSet(input.env.ELECTRON_SKIP_BINARY_DOWNLOAD)) {
    return { reason: 'No Electron binary is installed here and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so autoarr-tray starts in browser mode instead.' };
  }
  input.say('No Electron binary yet: fetching it with Electron\'s installer (node node_modules/electron/install.js)…');
  const installer = path.join(input.root, 'node_modules', 'electron', 'install.js');
  const result = await input.spawner.run(input.nodePath, [installer], { cwd: input.root, env: input.env, timeoutMs: INSTALL_TIMEOUT_MS });
  const binary = electronBinaryPath(input.root, input.fs, input.env);
  if (result.code === 0 && binary) return { binary };
  const why = result.code === null ? 'it timed out' : firstLine(result.output, `it exited with code ${result.code}`);
  return { reason: `Electron could not be fetched (${why}), so autoarr-tray starts in browser mode instead.` };
}

async function ensureBinding(input: LaunchInput, target: NativeBindingTarget): Promise<{ binding: string } | { reason: string }> {
  const { fs, root } = input;
  const file = electronBindingFile(root, target);
  if (fs.exists(file)) return { binding: file };
  const sqliteDir = path.join(root, 'node_modules', 'better-sqlite3');
  const staging = path.join(path.dirname(electronBindingDir(root, target)), 'staging');
  const env = { ...input.env };
  // CI's nodedir=/usr holds Node's headers; Electron's build needs Electron's own.
  delete env.npm_config_nodedir;
  delete env.NPM_CONFIG_NODEDIR;
  const keep = (built: string) => {
    fs.mkdirp(path.dirname(file));
    fs.copyFile(built, file);
    fs.rm(staging);
    return { binding: file };
  };

  input.say(`Getting better-sqlite3 ${target.sqliteVersion} for Electron ${target.electronVersion} (kept in ${path.relative(root, path.dirname(file))})…`);
  // 1. A prebuilt binary. prebuild-install unpacks into build/ of its working folder, so it works
  //    on a copy of the package.json: the real package's build/ is never touched.
  fs.rm(staging);
  const prebuildDir = path.join(staging, 'prebuild');
  fs.mkdirp(prebuildDir);
  fs.copyFile(path.join(sqliteDir, 'package.json'), path.join(prebuildDir, 'package.json'));
  const prebuild = await input.spawner.run(
    input.nodePath,
    [path.join(root, 'node_modules', 'prebuild-install', 'bin.js'), '--runtime', 'electron', '--target', target.electronVersion, '--arch', target.arch, '--platform', target.platform],
    { cwd: prebuildDir, env, timeoutMs: INSTALL_TIMEOUT_MS },
  );
  const prebuilt = path.join(prebuildDir, 'build', 'Release', BINDING_FILE_NAME);
  if (prebuild.code === 0 && fs.exists(prebuilt)) return keep(prebuilt);

  // 2. A build from source against Electron's headers, on a staged copy of the package.
  input.say('No prebuilt binary: building it for Electron with @electron/rebuild (a minute or two)…');
  const rebuildDir = path.join(staging, 'rebuild');
  fs.mkdirp(path.join(rebuildDir, 'node_modules'));
  fs.writeText(
    path.join(rebuildDir, 'package.json'),
    `${JSON.stringify({ name: 'autoarr-electron-native', version: '0.0.0', private: true, dependencies: { 'better-sqlite3': target.sqliteVersion } }, null, 2)}\n`,
  );
  fs.copyDir(sqliteDir, path.join(rebuildDir, 'node_modules', 'better-sqlite3'), (relative) => relative === 'build' || relative.startsWith(`build${path.sep}`));
  const rebuild = await input.spawner.run(
    input.nodePath,
    [
      path.join(root, 'node_modules', '@electron', 'rebuild', 'lib', 'cli.js'),
      '--version', target.electronVersion,
      '--arch', target.arch,
      '--module-dir', rebuildDir,
      '--only', 'better-sqlite3',
      '--force',
    ],
    { cwd: rebuildDir, env, timeoutMs: BUILD_TIMEOUT_MS },
  );
  const rebuilt = path.join(rebuildDir, 'node_modules', 'better-sqlite3', 'build', 'Release', BINDING_FILE_NAME);
  if (rebuild.code === 0 && fs.exists(rebuilt)) return keep(rebuilt);
  fs.rm(staging);
  const a = firstLine(prebuild.output, `exit ${String(prebuild.code)}`);
  const b = firstLine(rebuild.output, `exit ${String(rebuild.code)}`);
  return {
    reason: `better-sqlite3 could not be fetched or built for Electron ${target.electronVersion} (prebuild-install: ${a}; @electron/rebuild: ${b}), so autoarr-tray starts in browser mode instead.`,
  };
}

export async function planLaunch(input: LaunchInput): Promise<LaunchPlan> {
  if (input.args.includes('--headless')) return { mode: 'browser', reason: 'Starting in browser mode (--headless).' };
  const electron = await ensureElectron(input);
  if ('reason' in electron) return { mode: 'browser', reason: electron.reason };
  const target: NativeBindingTarget = {
    electronVersion: versionOf(input.fs, path.join(input.root, 'node_modules', 'electron', 'package.json')),
    sqliteVersion: versionOf(input.fs, path.join(input.root, 'node_modules', 'better-sqlite3', 'package.json')),
    platform: input.platform,
    arch: input.arch,
  };
  const binding = await ensureBinding(input, target);
  if ('reason' in binding) return { mode: 'browser', reason: binding.reason };
  return { mode: 'electron', electronBinary: electron.binary, binding: binding.binding };
}
