// The better-sqlite3 addon the Electron entry hands the core (nativeBinding).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseSqliteBinding, electronBindingFile, type BindingChoice } from '../../../main/electron/native-binding-path';

const target = { electronVersion: '41.10.7', platform: 'darwin' as const, arch: 'arm64', sqliteVersion: '12.11.1' };
const cached = electronBindingFile('/repo', target);

describe('chooseSqliteBinding', () => {
  it.each<[string, { isPackaged: boolean; env?: Record<string, string>; files?: string[] }, BindingChoice | RegExp]>([
    ['a dev run uses the Electron build npm start made', { isPackaged: false, files: [cached] }, { kind: 'file', path: cached }],
    ['a dev run without it is told to use npm start', { isPackaged: false }, /no better-sqlite3 build for Electron 41\.10\.7 \(darwin-arm64\).*npm start/],
    ['a packaged app loads electron-builder\'s rebuilt default', { isPackaged: true }, { kind: 'default' }],
    ['AUTOARR_SQLITE_BINDING wins (npm start passes it)', { isPackaged: false, env: { AUTOARR_SQLITE_BINDING: '/b/x.node' }, files: ['/b/x.node', cached] }, { kind: 'file', path: '/b/x.node' }],
    ['AUTOARR_SQLITE_BINDING wins in a packaged app too', { isPackaged: true, env: { AUTOARR_SQLITE_BINDING: '/b/x.node' }, files: ['/b/x.node'] }, { kind: 'file', path: '/b/x.node' }],
    ['an override that is missing is refused, not silently ignored', { isPackaged: false, env: { AUTOARR_SQLITE_BINDING: '/b/gone.node' }, files: [cached] }, /AUTOARR_SQLITE_BINDING points at \/b\/gone\.node/],
    ['a relative override is refused', { isPackaged: false, env: { AUTOARR_SQLITE_BINDING: 'x.node' }, files: ['x.node'] }, /not an existing absolute path/],
  ])('%s', (_name, input, expected) => {
    const files = new Set(input.files ?? []);
    const choice = chooseSqliteBinding({ isPackaged: input.isPackaged, appPath: '/repo', env: input.env ?? {}, target, exists: (f) => files.has(f) });
    if (expected instanceof RegExp) {
      expect(choice.kind).toBe('missing');
      if (choice.kind === 'missing') expect(choice.problem).toMatch(expected);
    } else expect(choice).toEqual(expected);
  });

  it('never points a dev run at plain Node\'s build in node_modules', () => {
    expect(cached.startsWith(path.join('/repo', '.cache', 'electron-native'))).toBe(true);
    expect(cached).not.toContain('node_modules');
  });
});
