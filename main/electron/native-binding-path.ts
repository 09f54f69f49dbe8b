// Which better-sqlite3 addon the Electron app loads. Electron has its own ABI,
// so the build in node_modules/better-sqlite3/build (compiled for plain Node:
// tests, bench, browser mode) cannot be loaded by it. A development run gets a
// second build kept apart under .cache/electron-native/ (made by `npm start`,
// scripts/launcher/); a packaged app gets electron-builder's rebuild of
// node_modules/better-sqlite3 and needs nothing here. Shared by the launcher
// (where to put the build) and the Electron entry (what to load).
import path from 'node:path';

export interface NativeBindingTarget {
  electronVersion: string;
  platform: NodeJS.Platform;
  arch: string;
  /** better-sqlite3's version: a new one needs a new build. */
  sqliteVersion: string;
}

export const BINDING_FILE_NAME = 'better_sqlite3.node';

/** One folder per Electron version, platform, arch and better-sqlite3 version, so upgrading any of them never loads a stale build. */
export function electronBindingDir(root: string, t: NativeBindingTarget): string {
  return path.join(root, '.cache', 'electron-native', `electron-${t.electronVersion}-${t.platform}-${t.arch}`, `better-sqlite3-${t.sqliteVersion}`);
}

export function electronBindingFile(root: string, t: NativeBindingTarget): string {
  return path.join(electronBindingDir(root, t), BINDING_FILE_NAME);
}

export type BindingChoice =
  | { kind: 'default' }
  | { kind: 'file'; path: string }
  | { kind: 'missing'; problem: string };

export interface BindingChoiceInput {
  isPackaged: boolean;
  /** app.getAppPath(): the repo root when run from the sources. */
  appPath: string;
  env: Record<string, string | undefined>;
  target: NativeBindingTarget;
  exists: (file: string) => boolean;
}

/** AUTOARR_SQLITE_BINDING (an absolute path) wins; a packaged app uses its rebuilt default; a dev run needs the cached build. */
export function chooseSqliteBinding(input: BindingChoiceInput): BindingChoice {
  const override = input.env.AUTOARR_SQLITE_BINDING;
  if (override !== undefined && override !== '') {
    if (!path.isAbsolute(override) || !input.exists(override)) {
      return { kind: 'missing', problem: `AUTOARR_SQLITE_BINDING points at ${override}, which is not an existing absolute path.` };
    }
    return { kind: 'file', path: override };
  }
  if (input.isPackaged) return { kind: 'default' };
  const file = electronBindingFile(input.appPath, input.target);
  if (input.exists(file)) return { kind: 'file', path: file };
  return {
    kind: 'missing',
    problem:
      `There is no better-sqlite3 build for Electron ${input.target.electronVersion} (${input.target.platform}-${input.target.arch}) at ${file}. ` +
      'Start the app with `npm start`, which fetches or builds it there.',
  };
}
