// Glue: the one BrowserWindow. Closing consults the lifecycle state machine
// (hide to tray, or let it close); showing recreates it if it was closed;
// navigate() waits for the page to load before sending the route.
import { APP_ENTRY_URL } from './app-origin';
import type { ElectronFacade, ShellWindow } from './electron-facade';
import { windowOptions } from './window-options';
import { NAVIGATE_CHANNEL } from '../../shared/window-api';

export interface MainWindowOptions {
  BrowserWindow: ElectronFacade['BrowserWindow'];
  preloadPath: string;
  iconPath: string;
  /** Asked on every close: true = hide instead of closing. */
  shouldHideOnClose: () => boolean;
  onCreated: (win: ShellWindow) => void;
  log: (message: string) => void;
}

export class MainWindow {
  private win: ShellWindow | null = null;
  private reloadedAfterPreloadError = false;

  constructor(private readonly options: MainWindowOptions) {}

  get current(): ShellWindow | null {
    return this.win && !this.win.isDestroyed() ? this.win : null;
  }

  create(showWhenReady: boolean): ShellWindow {
    const existing = this.current;
    if (existing) return existing;
    const win = new this.options.BrowserWindow(windowOptions({ preloadPath: this.options.preloadPath, iconPath: this.options.iconPath }));
    this.win = win;
    win.on('close', (event) => {
      if (!this.options.shouldHideOnClose()) return;
      event.preventDefault();
      win.hide();
    });
    win.on('closed', () => {
      if (this.win === win) this.win = null;
    });
    win.webContents.on('preload-error', (_event, preloadPath, error) => {
      this.options.log(`preload ${preloadPath} failed: ${error.message}`);
      // One reload recovers from a transient failure; a second would loop.
      if (!this.reloadedAfterPreloadError) {
        this.reloadedAfterPreloadError = true;
        win.webContents.reload();
      }
    });
    win.webContents.on('render-process-gone', (_event, details) => {
      this.options.log(`window renderer gone: ${details.reason}`);
    });
    if (showWhenReady) win.once('ready-to-show', () => win.show());
    this.options.onCreated(win);
    void win.loadURL(APP_ENTRY_URL).catch((e: unknown) => {
      this.options.log(`could not load the window: ${e instanceof Error ? e.message : String(e)}`);
    });
    return win;
  }

  show(): void {
    const win = this.current ?? this.create(true);
    if (win.isMinimized()) win.restore();
    if (!win.isVisible()) win.show();
    win.focus();
  }

  navigate(route: string): void {
    this.show();
    const win = this.current;
    if (!win) return;
    const send = () => win.webContents.send(NAVIGATE_CHANNEL, route);
    if (win.webContents.isLoading()) win.webContents.once('did-finish-load', send);
    else send();
  }

  destroy(): void {
    this.current?.destroy();
    this.win = null;
  }
}
