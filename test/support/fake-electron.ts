// A recording stand-in for the part of Electron the shell uses (the
// ElectronFacade, main/electron/electron-facade.ts). tsc checks it against
// the same Picks of Electron's own types as the real module, so it cannot
// drift from Electron's API without failing the build. It behaves the way
// Electron documents: app.quit() emits before-quit, closes every window (a
// prevented close cancels the quit), then will-quit (preventable) and quit;
// closing the last window outside a quit emits window-all-closed; a window
// loads asynchronously (did-finish-load, ready-to-show). Everything the shell
// does is recorded for the test to assert on, and the test drives what a
// person or the OS does (click a tray item, a notification, close a window,
// start a second instance).
import { EventEmitter } from 'node:events';
import type {
  BrowserWindowConstructorOptions,
  CustomScheme,
  HandlerDetails,
  LoginItemSettings,
  Menu,
  MenuItemConstructorOptions,
  NativeImage,
  NotificationConstructorOptions,
  WindowOpenHandlerResponse,
} from 'electron';
import type {
  ElectronFacade,
  ShellApp,
  ShellNotification,
  ShellSession,
  ShellTray,
  ShellWebContents,
  ShellWindow,
} from '../../main/electron/electron-facade';

type AnyListener = (...args: never[]) => unknown;

/** An Electron event object: preventDefault is how a listener says no. */
export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

/** Electron's opaque values (images, menus) as plain records the test can read back. */
export interface FakeImage {
  readonly kind: 'image';
  readonly path: string;
}
export interface FakeMenu {
  readonly kind: 'menu';
  readonly template: MenuItemConstructorOptions[];
}
const asImage = (image: NativeImage | string): FakeImage =>
  typeof image === 'string' ? { kind: 'image', path: image } : (image as unknown as FakeImage);

/**
 * Electron's on/once/off return the full object (for chaining), which a fake
 * cannot be; the shell never chains, so here they return `never`, which tsc
 * accepts in place of any return type while still checking every listener's
 * arguments against Electron's overloads.
 */
class Emitter extends EventEmitter {
  override on(event: string | symbol, listener: AnyListener): never {
    super.on(event, listener as (...args: unknown[]) => void);
    return this as never;
  }
  override once(event: string | symbol, listener: AnyListener): never {
    super.once(event, listener as (...args: unknown[]) => void);
    return this as never;
  }
  override off(event: string | symbol, listener: AnyListener): never {
    super.off(event, listener as (...args: unknown[]) => void);
    return this as never;
  }
  /** Emits and answers whether any listener called preventDefault. */
  fire(event: string, ...args: unknown[]): FakeEvent {
    const e = new FakeEvent();
    this.emit(event, e, ...args);
    return e;
  }
}

export class FakeWebContents extends Emitter implements ShellWebContents {
  readonly sent: { channel: string; args: unknown[] }[] = [];
  loading = false;
  destroyed = false;
  reloads = 0;
  openHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | null = null;

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }
  isLoading(): boolean {
    return this.loading;
  }
  reload(): void {
    this.reloads++;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void {
    this.openHandler = handler;
  }
  /** What the guards say to a navigation: true = refused. */
  navigate(url: string): boolean {
    const e = new FakeEvent(url);
    this.emit('will-navigate', e);
    return e.defaultPrevented;
  }
}

export function createFakeElectron(options: { singleInstanceLock?: boolean; notificationsSupported?: boolean; encryption?: 'keychain' | 'basic_text' | 'none'; appPath: string; userData: string; logs: string; version?: string; isPackaged?: boolean }) {
  const journal: string[] = [];
  const note = (line: string) => void journal.push(line);
  const windows: FakeWindow[] = [];

  class FakeWindow extends Emitter implements ShellWindow {
    readonly webContents = new FakeWebContents();
    visible = false;
    minimized = false;
    focused = false;
    destroyed = false;
    url: string | null = null;

    constructor(readonly options: BrowserWindowConstructorOptions) {
      super();
      windows.push(this);
      note('window created');
      app.emit('web-contents-created', new FakeEvent(), this.webContents);
    }
    loadURL(url: string): Promise<void> {
      this.url = url;
      this.webContents.loading = true;
      return new Promise((resolve) =>
        setImmediate(() => {
          if (this.destroyed) return resolve();
          this.webContents.loading = false;
          this.webContents.emit('did-finish-load');
          this.emit('ready-to-show');
          resolve();
        }),
      );
    }
    show(): void {
      if (this.destroyed) throw new Error('Object has been destroyed');
      const was = this.visible;
      this.visible = true;
      this.focused = true;
      if (!was) this.emit('show');
    }
    hide(): void {
      const was = this.visible;
      this.visible = false;
      this.focused = false;
      if (was) this.emit('hide');
    }
    focus(): void {
      this.focused = true;
    }
    restore(): void {
      this.minimized = false;
      this.emit('restore');
    }
    isMinimized(): boolean {
      return this.minimized;
    }
    isVisible(): boolean {
      return this.visible;
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    destroy(): void {
      if (this.destroyed) return;
      this.destroyed = true;
      this.visible = false;
      this.webContents.destroyed = true;
      this.emit('closed');
      windows.splice(windows.indexOf(this), 1);
    }
    /** The person clicks the window's close button (or Cmd+W). True when it really closed. */
    close(): boolean {
      if (this.destroyed) return true;
      const e = this.fire('close');
      if (e.defaultPrevented) return false;
      this.destroy();
      if (windows.length === 0 && !quitting) app.emit('window-all-closed');
      return true;
    }
  }

  class FakeTray extends Emitter implements ShellTray {
    image: FakeImage;
    tooltip = '';
    menu: FakeMenu | null = null;
    destroyed = false;
    constructor(image: NativeImage) {
      super();
      this.image = asImage(image);
      trays.push(this);
      note('tray created');
    }
    setImage(image: NativeImage | string): void {
      this.image = asImage(image);
    }
    setToolTip(toolTip: string): void {
      this.tooltip = toolTip;
    }
    setContextMenu(menu: Menu | null): void {
      this.menu = menu as unknown as FakeMenu | null;
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    destroy(): void {
      this.destroyed = true;
      note('tray destroyed');
    }
    /** The enabled/label state of every clickable item. */
    items(): { label: string; enabled: boolean }[] {
      return (this.menu?.template ?? []).filter((i) => i.type !== 'separator').map((i) => ({ label: String(i.label), enabled: i.enabled !== false }));
    }
    /** The person picks a menu item by its label. */
    clickItem(label: string | RegExp): void {
      const item = (this.menu?.template ?? []).find((i) => (typeof label === 'string' ? i.label === label : label.test(String(i.label ?? ''))));
      if (!item) throw new Error(`no tray item ${String(label)} in ${JSON.stringify(this.items())}`);
      if (item.enabled === false) throw new Error(`tray item ${String(item.label)} is disabled`);
      item.click?.(undefined as never, undefined, undefined as never);
    }
  }
  const trays: FakeTray[] = [];

  const notificationsSupported = options.notificationsSupported ?? true;
  class FakeNotification extends Emitter implements ShellNotification {
    shown = false;
    closed = false;
    constructor(readonly options: NotificationConstructorOptions) {
      super();
      notifications.push(this);
    }
    static isSupported(): boolean {
      return notificationsSupported;
    }
    show(): void {
      this.shown = true;
      setImmediate(() => this.emit('show', new FakeEvent()));
    }
    close(): void {
      this.closed = true;
      this.emit('close', new FakeEvent());
    }
    /** The person clicks the notification's body. */
    click(): void {
      this.emit('click', new FakeEvent());
    }
    /** The person presses the button with this text. */
    press(text: string): void {
      const index = (this.options.actions ?? []).findIndex((a) => a.text === text);
      if (index < 0) throw new Error(`no "${text}" button on "${this.options.title}" (has ${JSON.stringify(this.options.actions ?? [])})`);
      const details = Object.assign(new FakeEvent(), { actionIndex: index, selectionIndex: -1 });
      this.emit('action', details, index, -1);
    }
  }
  const notifications: FakeNotification[] = [];

  let quitting = false;
  let lockHeld = false;
  const loginItems: Parameters<ShellApp['setLoginItemSettings']>[0][] = [];
  const readyGate: { resolve: () => void; promise: Promise<void> } = (() => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { resolve, promise };
  })();

  class FakeApp extends Emitter implements ShellApp {
    readonly isPackaged = options.isPackaged ?? false;
    exitCode: number | null = null;
    quitCount = 0;
    /** Set once 'quit' was emitted: the process would end here. */
    ended = false;
    appUserModelId: string | null = null;

    requestSingleInstanceLock(): boolean {
      lockHeld = options.singleInstanceLock ?? true;
      return lockHeld;
    }
    whenReady(): Promise<void> {
      return readyGate.promise;
    }
    /** The OS says the app is ready. */
    ready(): void {
      readyGate.resolve();
    }
    getAppPath(): string {
      return options.appPath;
    }
    getPath(name: Parameters<ShellApp['getPath']>[0]): string {
      if (name === 'userData') return options.userData;
      if (name === 'logs') return options.logs;
      throw new Error(`fake app.getPath(${name}) is not set up`);
    }
    getVersion(): string {
      return options.version ?? '0.1.0';
    }
    setAppUserModelId(id: string): void {
      this.appUserModelId = id;
    }
    setLoginItemSettings(settings: Parameters<ShellApp['setLoginItemSettings']>[0]): void {
      loginItems.push(settings);
    }
    getLoginItemSettings(): LoginItemSettings {
      return { openAtLogin: false, openAsHidden: false, wasOpenedAtLogin: false, wasOpenedAsHidden: false, restoreState: false, status: 'not-registered', executableWillLaunchAtLogin: false, launchItems: [] };
    }
    /** Electron's quit: before-quit, close every window, will-quit, quit. Each may be cancelled. */
    quit(): void {
      this.quitCount++;
      note('app.quit');
      if (this.ended) return;
      if (this.fire('before-quit').defaultPrevented) return;
      quitting = true;
      for (const win of [...windows]) {
        if (!win.close()) {
          quitting = false;
          note('quit cancelled by a window');
          return;
        }
      }
      if (this.fire('will-quit').defaultPrevented) {
        quitting = false;
        return;
      }
      this.ended = true;
      this.emit('quit', new FakeEvent(), 0);
      note('process ends');
    }
    exit(exitCode?: number): void {
      this.exitCode = exitCode ?? 0;
      this.ended = true;
      note(`app.exit(${this.exitCode})`);
    }
    /** Another copy was started: Electron tells the first one. */
    secondInstance(argv: string[] = []): void {
      this.emit('second-instance', new FakeEvent(), argv, process.cwd(), {});
    }
  }
  const app = new FakeApp();

  type IpcListener = Parameters<ElectronFacade['ipcMain']['handle']>[1];
  const ipcHandlers = new Map<string, IpcListener>();
  const privilegedSchemes: CustomScheme[] = [];
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response> | Response>();
  const opened: { external: string[]; paths: string[] } = { external: [], paths: [] };
  const errorBoxes: { title: string; content: string }[] = [];
  const powerMonitor = new Emitter();
  const sessionRecord: { permissionRequest: unknown; permissionCheck: unknown; headers: unknown } = { permissionRequest: null, permissionCheck: null, headers: null };

  const defaultSession: ShellSession = {
    setPermissionRequestHandler: (handler) => void (sessionRecord.permissionRequest = handler),
    setPermissionCheckHandler: (handler) => void (sessionRecord.permissionCheck = handler),
    webRequest: {
      onHeadersReceived: (...args: unknown[]) => void (sessionRecord.headers = args.at(-1)),
    },
    protocol: {
      handle: (scheme, handler) => void protocolHandlers.set(scheme, handler),
    },
  };

  const backend = options.encryption ?? 'keychain';
  const facade: ElectronFacade = {
    app,
    BrowserWindow: FakeWindow,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template) => ({ kind: 'menu', template }) as unknown as Menu },
    nativeImage: { createFromPath: (path) => ({ kind: 'image', path }) as unknown as NativeImage },
    Notification: FakeNotification,
    ipcMain: {
      handle: (channel, listener) => {
        if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        ipcHandlers.set(channel, listener);
      },
      removeHandler: (channel) => void ipcHandlers.delete(channel),
    },
    safeStorage: {
      isEncryptionAvailable: () => backend !== 'none',
      encryptString: (plainText) => Buffer.from(`enc:${plainText}`, 'utf8'),
      decryptString: (encrypted) => encrypted.toString('utf8').replace(/^enc:/, ''),
      getSelectedStorageBackend: () => (backend === 'keychain' ? 'gnome_libsecret' : 'basic_text'),
    },
    protocol: { registerSchemesAsPrivileged: (schemes) => void privilegedSchemes.push(...schemes) },
    session: { defaultSession },
    shell: {
      openExternal: async (url) => void opened.external.push(url),
      openPath: async (path) => {
        opened.paths.push(path);
        return '';
      },
    },
    powerMonitor: powerMonitor as unknown as ElectronFacade['powerMonitor'],
    dialog: { showErrorBox: (title, content) => void errorBoxes.push({ title, content }) },
  };

  return {
    facade,
    app,
    journal,
    windows,
    trays,
    notifications,
    loginItems,
    privilegedSchemes,
    protocolHandlers,
    ipcHandlers,
    opened,
    errorBoxes,
    powerMonitor,
    session: sessionRecord,
    /** The renderer calls the core over IPC, as the preload would, from a frame at `url`. */
    async invoke(channel: string, input: unknown, url = 'app://autoarr/index.html'): Promise<unknown> {
      const handler = ipcHandlers.get(channel);
      if (!handler) throw new Error(`no IPC handler for ${channel}`);
      // Only senderFrame is read (main/electron/ipc-sender.ts); parent null = the top frame.
      return handler({ senderFrame: { url, parent: null } } as unknown as Parameters<IpcListener>[0], input);
    },
    get lockHeld() {
      return lockHeld;
    },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
export type { AnyListener };
