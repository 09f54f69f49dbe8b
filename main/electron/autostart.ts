// Start at login. macOS and Windows keep login items themselves
// (app.setLoginItemSettings); Linux desktops read XDG autostart entries, so
// there we write ~/.config/autostart/autoarr-tray.desktop. Either way the app
// is launched with --hidden and stays in the tray.
import { mkdirSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { HIDDEN_ARG } from './lifecycle-policy';

export const AUTOSTART_FILE_NAME = 'autoarr-tray.desktop';

export type LoginItemPlan =
  | { kind: 'login-item'; openAtLogin: boolean; args: string[] }
  | { kind: 'xdg-autostart'; enabled: boolean };

export function loginItemPlan(platform: NodeJS.Platform, enabled: boolean): LoginItemPlan {
  if (platform === 'darwin' || platform === 'win32') {
    // macOS ignores args (wasOpenedAtLogin tells us instead); Windows passes them.
    return { kind: 'login-item', openAtLogin: enabled, args: enabled ? [HIDDEN_ARG] : [] };
  }
  return { kind: 'xdg-autostart', enabled };
}

/** $XDG_CONFIG_HOME/autostart, or ~/.config/autostart when unset or relative (the spec says ignore those). */
export function xdgAutostartDir(env: Record<string, string | undefined>, homeDir: string): string {
  const configHome = env.XDG_CONFIG_HOME;
  const base = configHome && path.isAbsolute(configHome) ? configHome : path.join(homeDir, '.config');
  return path.join(base, 'autostart');
}

/**
 * An Exec argument per the Desktop Entry spec: inside double quotes, `"`,
 * `` ` ``, `$` and `\` are backslash-escaped; then the whole value gets the
 * string-level escape (every `\` doubled), which readers undo first; `%` is
 * doubled because Exec reserves it for field codes.
 */
export function quoteExecArg(arg: string): string {
  const escaped = arg.replace(/%/g, '%%');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(escaped)) return escaped;
  const quoted = `"${escaped.replace(/(["`$\\])/g, '\\$1')}"`;
  return quoted.replace(/\\/g, '\\\\');
}

/**
 * An AppImage runs from a temporary mount that changes every launch; the file
 * to start is the AppImage itself ($APPIMAGE), not process.execPath.
 */
export function autostartExecutable(execPath: string, env: Record<string, string | undefined>): string {
  const appImage = env.APPIMAGE;
  return appImage && path.isAbsolute(appImage) ? appImage : execPath;
}

export function xdgAutostartEntry(execPath: string): string {
  // Desktop-entry values are one line each: a newline would smuggle in a key.
  const exec = [quoteExecArg(execPath.replace(/[\r\n]/g, '')), HIDDEN_ARG].join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=autoarr-tray',
    'Comment=Recover failed Usenet downloads',
    `Exec=${exec}`,
    'Icon=autoarr-tray',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    'NoDisplay=false',
    '',
  ].join('\n');
}

/** Writes or removes the entry; answers what is on disk afterwards. */
export function writeXdgAutostart(options: { dir: string; enabled: boolean; execPath: string }): {
  path: string;
  enabled: boolean;
} {
  const file = path.join(options.dir, AUTOSTART_FILE_NAME);
  if (!options.enabled) {
    rmSync(file, { force: true });
    return { path: file, enabled: false };
  }
  const entry = xdgAutostartEntry(options.execPath);
  // This runs at every start; touch the file only when it differs.
  if (!existsSync(file) || readFileSync(file, 'utf8') !== entry) {
    mkdirSync(options.dir, { recursive: true });
    writeFileSync(file, entry, { mode: 0o644 });
  }
  return { path: file, enabled: true };
}
