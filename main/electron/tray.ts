// Glue: the tray icon and menu, rendered from trayMenuModel. The Tray lives in
// a module-level variable: one only referenced from a closure is garbage
// collected and silently disappears from the tray.
import path from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { TrayState } from './core-port';
import { trayIconFile, trayMenuModel, trayTooltip, type TrayCommand } from './tray-menu-model';

let tray: Tray | null = null;

export interface TrayOptions {
  iconDir: string;
  platform: NodeJS.Platform;
  onCommand: (command: TrayCommand) => void;
}

let options: TrayOptions | null = null;

/** False when the desktop has no tray (the caller then quits on close). */
export function createTray(opts: TrayOptions, initial: TrayState, log: (message: string) => void): boolean {
  options = opts;
  try {
    tray = new Tray(nativeImage.createFromPath(path.join(opts.iconDir, trayIconFile(initial.state, opts.platform))));
  } catch (e) {
    log(`no tray available: ${e instanceof Error ? e.message : String(e)}`);
    tray = null;
    return false;
  }
  // Windows/Linux: a left click opens the window; macOS opens the menu itself.
  if (opts.platform !== 'darwin') tray.on('click', () => opts.onCommand('show'));
  renderTray(initial);
  return true;
}

export function renderTray(state: TrayState): void {
  if (!tray || tray.isDestroyed() || !options) return;
  const opts = options;
  tray.setImage(nativeImage.createFromPath(path.join(opts.iconDir, trayIconFile(state.state, opts.platform))));
  tray.setToolTip(trayTooltip(state));
  const template: MenuItemConstructorOptions[] = trayMenuModel(state).map((item) => {
    if (item.kind === 'separator') return { type: 'separator' };
    if (item.kind === 'status') return { label: item.label, enabled: false };
    return { label: item.label, enabled: item.enabled, click: () => opts.onCommand(item.id) };
  });
  tray.setContextMenu(Menu.buildFromTemplate(template));
}

export function destroyTray(): void {
  if (tray && !tray.isDestroyed()) tray.destroy();
  tray = null;
}
