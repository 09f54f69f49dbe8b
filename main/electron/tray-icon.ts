// Glue: the tray icon and menu, rendered from trayMenuModel. The instance
// owns its Tray (no module variables); the shell keeps the instance for the
// app's whole life, so the Tray is never garbage collected out of the tray.
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayState } from './core-port';
import type { ElectronFacade, ShellTray } from './electron-facade';
import { trayIconFile, trayMenuModel, trayTooltip, type TrayCommand } from './tray-menu-model';

export interface TrayIconOptions {
  electron: Pick<ElectronFacade, 'Tray' | 'Menu' | 'nativeImage'>;
  iconDir: string;
  platform: NodeJS.Platform;
  onCommand: (command: TrayCommand) => void;
  log: (message: string) => void;
}

export class TrayIcon {
  private tray: ShellTray | null = null;

  constructor(private readonly options: TrayIconOptions) {}

  get exists(): boolean {
    return this.tray !== null && !this.tray.isDestroyed();
  }

  /** False when the desktop has no tray (the caller then quits on close). */
  create(initial: TrayState): boolean {
    const { electron, platform, onCommand } = this.options;
    try {
      this.tray = new electron.Tray(this.image(initial));
    } catch (e) {
      this.options.log(`no tray available: ${e instanceof Error ? e.message : String(e)}`);
      this.tray = null;
      return false;
    }
    // Windows/Linux: a left click opens the window; macOS opens the menu itself.
    if (platform !== 'darwin') this.tray.on('click', () => onCommand('show'));
    this.render(initial);
    return true;
  }

  render(state: TrayState): void {
    const tray = this.tray;
    if (!tray || tray.isDestroyed()) return;
    const { electron, onCommand } = this.options;
    tray.setImage(this.image(state));
    tray.setToolTip(trayTooltip(state));
    const template: MenuItemConstructorOptions[] = trayMenuModel(state).map((item) => {
      if (item.kind === 'separator') return { type: 'separator' };
      if (item.kind === 'status') return { label: item.label, enabled: false };
      return { label: item.label, enabled: item.enabled, click: () => onCommand(item.id) };
    });
    tray.setContextMenu(electron.Menu.buildFromTemplate(template));
  }

  destroy(): void {
    if (this.tray && !this.tray.isDestroyed()) this.tray.destroy();
    this.tray = null;
  }

  private image(state: TrayState) {
    const { electron, iconDir, platform } = this.options;
    return electron.nativeImage.createFromPath(path.join(iconDir, trayIconFile(state.state, platform)));
  }
}
