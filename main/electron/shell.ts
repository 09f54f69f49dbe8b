// Glue: the Electron app around the core. Every decision lives in a pure
// module beside this one; this file only connects Electron's events to them.
import { app, ipcMain, powerMonitor, safeStorage, session, type BrowserWindow } from 'electron';
import ElectronStore from 'electron-store';
import { bindIpc } from '../core/api/ipc-binding';
import { systemClock } from '../core/clock';
import { readEnvOverrides } from '../core/settings/env-overrides';
import { SettingsStore } from '../core/settings/settings-store';
import { shellPaths } from './app-paths';
import { registerAppScheme, serveRenderer } from './app-protocol';
import type { CorePort, CreateCore } from './core-port';
import { wireEventPush, type EventPush } from './event-push';
import { isTrustedIpcEvent } from './ipc-sender';
import { initialLifecycleState, nextLifecycle, shouldStartHidden, type LifecycleEvent } from './lifecycle-policy';
import { createLocalApi } from './local-api';
import { applyStartAtLogin, wasOpenedAtLogin } from './login-items';
import { MainWindow } from './main-window';
import { routeNotification } from './notification-routing';
import type { ActivationHandler } from '../core/notify/notifier-port';
import { SafeStorageSecretStore } from './safe-storage-secret-store';
import { runTrayCommand } from './tray-commands';
import { createTray, destroyTray, renderTray } from './tray';
import { guardAllWebContents, guardSession } from './web-guards';

export interface ShellDeps<N> {
  createCore: CreateCore<N>;
  /** The core's notifier (node-notifier adapter), reporting clicks and buttons back here. */
  createNotifier: (onActivate: ActivationHandler) => N;
}

/** A stop that hangs must never keep the app (or the OS logout) waiting. */
const STOP_TIMEOUT_MS = 5000;

function log(message: string): void {
  console.warn(`[autoarr-tray] ${message}`);
}

export function runShell<N>(deps: ShellDeps<N>): void {
  registerAppScheme();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  if (process.platform === 'win32') app.setAppUserModelId('org.autoarr.tray');
  guardAllWebContents(log);

  let lifecycle = initialLifecycleState();
  let core: CorePort | null = null;
  let hasTray = false;
  let closeToTraySetting: boolean | undefined;
  let push: EventPush | null = null;

  let mainWindow: MainWindow | null = null;

  function dispatch(event: LifecycleEvent) {
    const next = nextLifecycle(lifecycle, event, { platform: process.platform, closeToTray: closeToTraySetting, hasTray });
    lifecycle = next.state;
    if (next.effect === 'show') mainWindow?.show();
    if (next.effect === 'quit') app.quit();
    return next.effect;
  }

  function attachPush(win: BrowserWindow) {
    push?.stop();
    if (!core) return;
    const c = core;
    push = wireEventPush({
      clock: systemClock,
      source: { subscribe: (listener) => c.onEvent(listener) },
      window: {
        isVisible: () => win.isVisible(),
        isMinimized: () => win.isMinimized(),
        isDestroyed: () => win.isDestroyed() || win.webContents.isDestroyed(),
        send: (channel, batch) => win.webContents.send(channel, batch),
        on: (event, listener) => win.on(event as 'show', listener),
        off: (event, listener) => win.off(event as 'show', listener),
      },
    });
    win.once('closed', () => push?.stop());
  }

  app.on('second-instance', () => dispatch({ type: 'second-instance' }));
  app.on('activate', () => dispatch({ type: 'activate' }));
  app.on('before-quit', () => dispatch({ type: 'before-quit' }));
  app.on('window-all-closed', () => dispatch({ type: 'window-all-closed' }));

  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped || !core) return;
    // Stop the core (flush the log, close SQLite) before the process ends, but never wait forever.
    event.preventDefault();
    stopped = true;
    push?.stop();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref());
    void Promise.race([core.stop(), timeout])
      .catch((e: unknown) => log(`core stop failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        destroyTray();
        app.quit();
      });
  });

  void app.whenReady().then(async () => {
    const env = readEnvOverrides(process.env);
    const paths = shellPaths({
      appPath: app.getAppPath(),
      resourcesPath: process.resourcesPath,
      isPackaged: app.isPackaged,
      userDataPath: app.getPath('userData'),
      dataDirOverride: env.dataDir,
    });
    for (const problem of env.errors) log(problem);

    const secretStore = new SafeStorageSecretStore({
      filePath: paths.secretsFile,
      safeStorage,
      platform: process.platform,
      log,
    });
    const settingsStore = new SettingsStore({ dir: paths.dataDir, Conf: ElectronStore, secrets: secretStore, env });
    for (const problem of settingsStore.problems) log(problem);
    closeToTraySetting = settingsStore.get().closeToTray;

    const notifier = deps.createNotifier((notification, activation) => {
      const route = routeNotification(notification, activation);
      if (route.kind === 'retry') {
        void api['downloads.retry']({ nzoId: route.nzoId }).then((r) => {
          if (!r.ok) log(`retry from notification failed: ${r.error.message}`);
        });
      }
      windows.navigate(route.route);
    });
    core = await deps.createCore({
      dataDir: paths.dataDir,
      migrationsFolder: paths.migrationsFolder,
      settingsStore,
      secretStore,
      notifier,
      mode: 'electron',
    });
    const c = core;
    const api = createLocalApi(c.handlers);
    const windows = new MainWindow({
      preloadPath: paths.preloadPath,
      iconPath: paths.windowIconPath,
      shouldHideOnClose: () => dispatch({ type: 'window-close' }) === 'hide',
      onCreated: (win) => {
        attachPush(win);
        win.on('session-end', () => dispatch({ type: 'session-end' }));
      },
      log,
    });
    mainWindow = windows;

    guardSession(session.defaultSession, log);
    serveRenderer(session.defaultSession, paths.rendererDir);
    bindIpc(ipcMain, c.handlers, {
      isTrustedSender: isTrustedIpcEvent,
      onRefused: (call, event) => log(`refused ${call} from ${event.senderFrame?.url ?? 'a destroyed frame'}`),
      onError: (call, error) => log(`${call} failed: ${error instanceof Error ? error.message : String(error)}`),
    });

    hasTray = createTray(
      {
        iconDir: paths.trayIconDir,
        platform: process.platform,
        onCommand: (command) =>
          void runTrayCommand(command, {
            api,
            isPaused: () => c.trayState().paused,
            showWindow: () => windows.show(),
            quit: () => dispatch({ type: 'quit-requested' }),
            report: log,
          }),
      },
      c.trayState(),
      log,
    );
    c.onTrayStateChange((state) => renderTray(state));

    // Logout/shutdown: mark quitting before the windows are asked to close.
    powerMonitor.on('shutdown', () => dispatch({ type: 'shutdown' }));
    const startHidden = shouldStartHidden({
      platform: process.platform,
      argv: process.argv,
      wasOpenedAtLogin: wasOpenedAtLogin(),
      hasTray,
    });
    windows.create(!startHidden);

    applyStartAtLogin(settingsStore.get().startAtLogin, log);
    c.onEvent((event) => {
      if (event.type !== 'config.applied') return;
      const settings = settingsStore.get();
      closeToTraySetting = settings.closeToTray;
      applyStartAtLogin(settings.startAtLogin, log);
    });

    await c.start();
  }).catch((e: unknown) => {
    log(`startup failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    app.exit(1);
  });

}
