// Glue: applies the startAtLogin setting through the OS's own mechanism.
import os from 'node:os';
import { app } from 'electron';
import { autostartExecutable, loginItemPlan, writeXdgAutostart, xdgAutostartDir } from './autostart';

export function applyStartAtLogin(enabled: boolean, log: (message: string) => void): void {
  if (!app.isPackaged) {
    // In development the executable is the bare Electron binary: registering it would start nothing useful.
    log(`start at login (${enabled ? 'on' : 'off'}) is only applied to a packaged app`);
    return;
  }
  const plan = loginItemPlan(process.platform, enabled);
  try {
    if (plan.kind === 'login-item') {
      app.setLoginItemSettings({ openAtLogin: plan.openAtLogin, args: plan.args });
    } else {
      const written = writeXdgAutostart({
        dir: xdgAutostartDir(process.env, os.homedir()),
        enabled: plan.enabled,
        execPath: autostartExecutable(process.execPath, process.env),
      });
      log(`autostart entry ${written.enabled ? 'written to' : 'removed from'} ${written.path}`);
    }
  } catch (e) {
    log(`could not change start at login: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function wasOpenedAtLogin(): boolean {
  return process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true;
}
