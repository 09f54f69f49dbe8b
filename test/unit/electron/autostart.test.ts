import { mkdtempSync, readFileSync, rmSync, existsSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AUTOSTART_FILE_NAME,
  autostartExecutable,
  loginItemPlan,
  quoteExecArg,
  writeXdgAutostart,
  xdgAutostartDir,
  xdgAutostartEntry,
} from '../../../main/electron/autostart';

function keys(entry: string): Map<string, string> {
  const lines = entry.split('\n').filter((l) => l.includes('='));
  return new Map(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

describe('XDG autostart entry', () => {
  it('starts the app hidden', () => {
    const entry = xdgAutostartEntry('/opt/autoarr-tray/autoarr-tray');
    expect(entry.split('\n')[0]).toBe('[Desktop Entry]');
    const k = keys(entry);
    expect(k.get('Type')).toBe('Application');
    expect(k.get('Name')).toBe('autoarr-tray');
    expect(k.get('Exec')).toBe('/opt/autoarr-tray/autoarr-tray --hidden');
    expect(k.get('Terminal')).toBe('false');
    expect(k.get('X-GNOME-Autostart-enabled')).toBe('true');
  });

  it.each([
    ['/opt/autoarr tray/app', '"/opt/autoarr tray/app"'],
    // As written in the file: quote-level escapes, then every backslash doubled.
    ['/home/a/My "Apps"/x', String.raw`"/home/a/My \\"Apps\\"/x"`],
    ['/home/$USER/x', String.raw`"/home/\\$USER/x"`],
    ['/home/a/100%/x', '/home/a/100%%/x'],
    ['/x/`id`', '"/x/\\\\`id\\\\`"'],
    [String.raw`C:\x`, String.raw`"C:\\\\x"`],
  ])('quotes %s as %s', (raw, quoted) => {
    expect(quoteExecArg(raw)).toBe(quoted);
  });

  it('a spec reader gets the exact path back (property)', async () => {
    const fc = await import('fast-check');
    // What GLib does: string-level unescape, then Exec unquoting, then %% → %.
    const read = (value: string) => {
      const unescaped = value.replace(/\\([\\snrt])/g, (_m, c: string) => ({ '\\': '\\', s: ' ', n: '\n', r: '\r', t: '\t' })[c]!);
      const unquoted = unescaped.startsWith('"') ? unescaped.slice(1, -1).replace(/\\(["`$\\])/g, '$1') : unescaped;
      return unquoted.replace(/%%/g, '%');
    };
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '"', '`', '$', '\\', '%', '/', 'é', "'") }), (p) => {
        expect(read(quoteExecArg(p))).toBe(p);
      }),
    );
  });

  it('a newline in the path cannot add a key', () => {
    const entry = xdgAutostartEntry('/tmp/x\nExec=/bin/evil');
    expect(entry.match(/^Exec=/gm)).toHaveLength(1);
  });

  it.each([
    [{}, '/home/u', '/home/u/.config/autostart'],
    [{ XDG_CONFIG_HOME: '/cfg' }, '/home/u', '/cfg/autostart'],
    [{ XDG_CONFIG_HOME: 'relative/cfg' }, '/home/u', '/home/u/.config/autostart'],
    [{ XDG_CONFIG_HOME: '' }, '/home/u', '/home/u/.config/autostart'],
  ])('autostart dir for %j', (env, home, dir) => {
    expect(xdgAutostartDir(env, home)).toBe(dir);
  });

  it('an AppImage autostarts the AppImage file, not its temporary mount', () => {
    expect(autostartExecutable('/tmp/.mount_abc/autoarr-tray', { APPIMAGE: '/home/u/Apps/autoarr.AppImage' })).toBe(
      '/home/u/Apps/autoarr.AppImage',
    );
    expect(autostartExecutable('/opt/autoarr-tray/autoarr-tray', {})).toBe('/opt/autoarr-tray/autoarr-tray');
  });
});

describe('login item plan', () => {
  it.each([
    ['darwin', true, { kind: 'login-item', openAtLogin: true, args: ['--hidden'] }],
    ['win32', true, { kind: 'login-item', openAtLogin: true, args: ['--hidden'] }],
    ['win32', false, { kind: 'login-item', openAtLogin: false, args: [] }],
    ['linux', true, { kind: 'xdg-autostart', enabled: true }],
    ['freebsd', false, { kind: 'xdg-autostart', enabled: false }],
  ] as const)('%s, enabled %s', (platform, enabled, plan) => {
    expect(loginItemPlan(platform, enabled)).toEqual(plan);
  });
});

describe('writeXdgAutostart (real files)', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('creates the folder and the entry, and removes it when disabled', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'autostart-'));
    const autostart = path.join(dir, 'config', 'autostart');
    const on = writeXdgAutostart({ dir: autostart, enabled: true, execPath: '/opt/a b/app' });
    expect(on).toEqual({ path: path.join(autostart, AUTOSTART_FILE_NAME), enabled: true });
    expect(readFileSync(on.path, 'utf8')).toBe(xdgAutostartEntry('/opt/a b/app'));
    expect(statSync(on.path).mode & 0o777).toBe(0o644);

    const off = writeXdgAutostart({ dir: autostart, enabled: false, execPath: '/opt/a b/app' });
    expect(off.enabled).toBe(false);
    expect(existsSync(on.path)).toBe(false);
    // Disabling twice is fine.
    expect(() => writeXdgAutostart({ dir: autostart, enabled: false, execPath: '/x' })).not.toThrow();
  });

  it('replaces a stale entry (the app moved)', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'autostart-'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, AUTOSTART_FILE_NAME), xdgAutostartEntry('/old/place/app'));
    writeXdgAutostart({ dir, enabled: true, execPath: '/new/place/app' });
    expect(readFileSync(path.join(dir, AUTOSTART_FILE_NAME), 'utf8')).toContain('Exec=/new/place/app --hidden');
  });
});
