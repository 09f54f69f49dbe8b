// Glue: applies the startAtLogin setting through the OS's own mechanism.
import { autostartExecutable, loginItemPlan, writeXdgAutostart, xdgAutostartDir } from './autostart';
import type { ShellApp } from './electron-facade';

export interface LoginItemHost {
  app: Pick<ShellApp, 'isPackaged' | 'setLoginItemSettings' | 'getLoginItemSettings'>;
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  execPath: string;
  homeDir: string;
}

export function applyStartAtLogin(host: LoginItemHost, enabled: boolean, log: (message: string) => void): void {
  if (!host.app.isPackaged) {
    // In development the executable is the bare Electron binary: registering it would start nothing useful.
    log(`start at login (${enabled ? 'on' : 'off'}) is only applied to a packaged app`);
    return;
  }
  const plan = loginItemPlan(host.platform, enabled);
  try {
    if (plan.kind === 'login-item') {
      host.app.setLoginItemSettings({ openAtLogin: plan.openAtLogin, args: plan.args });
    } else {
      const written = writeXdgAutostart({
        dir: xdgAutostartDir(host.env, host.homeDir),
        enabled: plan.enabled,
        execPath: autostartExecutable(host.execPath, host.env),
      });
      log(`autostart entry ${written.enabled ? 'written to' : 'removed from'} ${written.path}`);
    }
  } catch (e) {
    log(`could not change start at login: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function wasOpenedAtLogin(host: Pick<LoginItemHost, 'app' | 'platform'>): boolean {
  return host.platform === 'darwin' && host.app.getLoginItemSettings().wasOpenedAtLogin === true;
}
