// The part of Electron the shell uses, and nothing more. Every member is a
// Pick of Electron's own type, so the real module (real-electron.ts) and the
// recording fake the tests drive (test/support/fake-electron.ts) are both
// checked by tsc against the same shape: a renamed method or a changed
// signature in Electron fails the build, not a user's desktop.
import type {
  App,
  BrowserWindow,
  BrowserWindowConstructorOptions,
  Dialog,
  IpcMain,
  Menu,
  MenuItemConstructorOptions,
  NativeImage,
  Notification,
  NotificationConstructorOptions,
  PowerMonitor,
  Protocol,
  SafeStorage,
  Session,
  Shell,
  Tray,
  WebContents,
  WebRequest,
} from 'electron';

export type ShellApp = Pick<
  App,
  | 'requestSingleInstanceLock'
  | 'quit'
  | 'exit'
  | 'on'
  | 'whenReady'
  | 'getAppPath'
  | 'getPath'
  | 'getVersion'
  | 'isPackaged'
  | 'setAppUserModelId'
  | 'setLoginItemSettings'
  | 'getLoginItemSettings'
>;

export type ShellWebContents = Pick<WebContents, 'send' | 'on' | 'once' | 'isLoading' | 'reload' | 'isDestroyed'>;

export type ShellWindow = Pick<
  BrowserWindow,
  'on' | 'once' | 'off' | 'hide' | 'show' | 'focus' | 'restore' | 'isMinimized' | 'isVisible' | 'isDestroyed' | 'destroy' | 'loadURL'
> & { readonly webContents: ShellWebContents };

export type ShellTray = Pick<Tray, 'on' | 'setImage' | 'setToolTip' | 'setContextMenu' | 'isDestroyed' | 'destroy'>;

export type ShellNotification = Pick<Notification, 'on' | 'show' | 'close'>;

export type ShellSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
  readonly webRequest: Pick<WebRequest, 'onHeadersReceived'>;
  readonly protocol: Pick<Protocol, 'handle'>;
};

export interface ElectronFacade {
  readonly app: ShellApp;
  readonly BrowserWindow: new (options: BrowserWindowConstructorOptions) => ShellWindow;
  readonly Tray: new (image: NativeImage) => ShellTray;
  readonly Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): Menu };
  readonly nativeImage: { createFromPath(path: string): NativeImage };
  readonly Notification: { new (options: NotificationConstructorOptions): ShellNotification; isSupported(): boolean };
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  readonly safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;
  readonly protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>;
  readonly session: { readonly defaultSession: ShellSession };
  readonly shell: Pick<Shell, 'openExternal' | 'openPath'>;
  readonly powerMonitor: Pick<PowerMonitor, 'on'>;
  readonly dialog: Pick<Dialog, 'showErrorBox'>;
}
