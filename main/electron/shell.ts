// Glue: the Electron app around the core. Electron comes in as a facade
// (electron-facade.ts) so this whole file runs in plain Node against a
// recording fake (test/integration/shell-walk.test.ts); every decision lives
// in a pure module beside it (lifecycle-policy, tray-menu-model,
// notification-routing, update-policy, native-binding-path).
import os from 'node:os';
import { existsSync } from 'node:fs';
import { bindIpc } from '../core/api/ipc-binding';
import { systemClock } from '../core/clock';
import type { Notifier } from '../core/notify/notifier-port';
import { readEnvOverrides } from '../core/settings/env-overrides';
import { SettingsStore, type ConfConstructor } from '../core/settings/settings-store';
import type { AppLog } from '../logging/app-log';
import { shellPaths, type ShellPaths } from './app-paths';
import { registerAppScheme, serveRenderer } from './app-protocol';
import type { CorePort, CreateCore } from './core-port';
import type { ElectronFacade, ShellWindow } from './electron-facade';
import { ElectronNotifier } from './electron-notifier';
import { wireEventPush, type EventPush } from './event-push';
import { isTrustedIpcEvent } from './ipc-sender';
import { initialLifecycleState, nextLifecycle, shouldStartHidden, type LifecycleEffect, type LifecycleEvent } from './lifecycle-policy';
import { createLocalApi } from './local-api';
import { applyStartAtLogin, wasOpenedAtLogin, type LoginItemHost } from './login-items';
import { MainWindow } from './main-window';
import { chooseSqliteBinding, type NativeBindingTarget } from './native-binding-path';
import { routeNotification } from './notification-routing';
import { installQuitGuard } from './quit-guard';
import { SafeStorageSecretStore } from './safe-storage-secret-store';
import { STARTUP_FAILURE_TITLE, startupFailureText } from './startup-failure';
import { runTrayCommand } from './tray-commands';
import { TrayIcon } from './tray-icon';
import { updateConfigPath, updatePlan } from './update-policy';
import { UpdateService, type UpdaterLike } from './update-service';
import { guardAllWebContents, guardSession } from './web-guards';

export const APP_ID = 'org.autoarr.tray';

/** A stop that hangs must never keep the app (or the OS logout) waiting. */
export const STOP_TIMEOUT_MS = 5000;

export interface ShellDeps {
  createCore: CreateCore<Notifier>;
  /** The settings file engine: electron-store in the app, conf in tests (same engine, no Electron). */
  Conf: ConfConstructor;
  createLog: (dir: string) => AppLog;
  loadUpdater: () => Promise<UpdaterLike>;
  /** Electron and better-sqlite3 versions, for the native binding's folder. */
  bindingTarget: NativeBindingTarget;
  platform?: NodeJS.Platform;
  argv?: readonly string[];
  env?: Record<string, string | undefined>;
  resourcesPath?: string;
  execPath?: string;
  homeDir?: string;
}

export type ShellOutcome = 'started' | 'second-instance' | 'failed';

export interface ShellRun {
  /** Settles once startup is over, one way or the other. */
  readonly ready: Promise<ShellOutcome>;
}

export function runShell(electron: ElectronFacade, deps: ShellDeps): ShellRun {
  const { app } = electron;
  const platform = deps.platform ?? process.platform;
  const env = deps.env ?? process.env;
  const argv = deps.argv ?? process.argv;
  const resourcesPath = deps.resourcesPath ?? process.resourcesPath;

  // Until the log file is open, lines go to the terminal.
  let appLog: AppLog | null = null;
  const log = (message: string) => {
    if (appLog) appLog.scope('shell').info(message);
    else console.warn(`[shell] ${message}`);
  };

  registerAppScheme(electron.protocol);
  if (!app.requestSingleInstanceLock()) {
    // The first instance hears 'second-instance' and shows its window.
    app.quit();
    return { ready: Promise.resolve('second-instance') };
  }
  // Windows shows and reports clicks on toasts only under a registered AppUserModelId:
  // the installer's Start menu shortcut carries APP_ID; a dev run has only the Electron binary.
  if (platform === 'win32') app.setAppUserModelId(app.isPackaged ? APP_ID : (deps.execPath ?? process.execPath));
  guardAllWebContents(electron, log);

  let lifecycle = initialLifecycleState();
  let core: CorePort | null = null;
  let hasTray = false;
  let closeToTraySetting: boolean | undefined;
  let push: EventPush | null = null;
  let windows: MainWindow | null = null;
  let tray: TrayIcon | null = null;
  let updates: UpdateService | null = null;

  function dispatch(event: LifecycleEvent): LifecycleEffect {
    const next = nextLifecycle(lifecycle, event, { platform, closeToTray: closeToTraySetting, hasTray });
    lifecycle = next.state;
    if (next.effect === 'show') windows?.show();
    if (next.effect === 'quit') app.quit();
    return next.effect;
  }

  function attachPush(win: ShellWindow, c: CorePort) {
    push?.stop();
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
  installQuitGuard(app, {
    stop: () => {
      if (!core) return null;
      push?.stop();
      updates?.stop();
      return core.stop();
    },
    finally: () => {
      tray?.destroy();
      log('stopped');
    },
    timeoutMs: STOP_TIMEOUT_MS,
    log,
  });

  async function start(): Promise<void> {
    const overrides = readEnvOverrides(env);
    const paths: ShellPaths = shellPaths({
      appPath: app.getAppPath(),
      resourcesPath,
      isPackaged: app.isPackaged,
      userDataPath: app.getPath('userData'),
      logsPath: app.getPath('logs'),
      dataDirOverride: overrides.dataDir,
    });
    appLog = deps.createLog(paths.logDir);
    log(`starting autoarr-tray ${app.getVersion()} (Electron ${deps.bindingTarget.electronVersion}, ${platform}); data in ${paths.dataDir}`);
    for (const problem of overrides.errors) log(problem);

    const binding = chooseSqliteBinding({ isPackaged: app.isPackaged, appPath: app.getAppPath(), env, target: deps.bindingTarget, exists: existsSync });
    if (binding.kind === 'missing') throw new Error(binding.problem);

    const secretStore = new SafeStorageSecretStore({ filePath: paths.secretsFile, safeStorage: electron.safeStorage, platform, log });
    const settingsStore = new SettingsStore({ dir: paths.dataDir, Conf: deps.Conf, secrets: secretStore, env: overrides });
    for (const problem of settingsStore.problems) log(problem);
    closeToTraySetting = settingsStore.get().closeToTray;

    const notifier = new ElectronNotifier({
      Notification: electron.Notification,
      platform,
      iconPath: paths.windowIconPath,
      onActivate: (notification, activation) => {
        const route = routeNotification(notification, activation);
        if (route.kind === 'retry') {
          void api['downloads.retry']({ nzoId: route.nzoId }).then((r) => {
            if (!r.ok) log(`retry from a notification failed: ${r.error.message}`);
          });
        } else if (route.kind === 'retryAll') {
          void api['downloads.retryAll']({}).then((r) => log(r.ok ? `retry all from a notification: ${r.value.message}` : `retry all from a notification failed: ${r.error.message}`));
        }
        mainWindow.navigate(route.route);
      },
    });
    const c = await deps.createCore({
      dataDir: paths.dataDir,
      migrationsFolder: paths.migrationsFolder,
      settingsStore,
      secretStore,
      notifier,
      mode: 'electron',
      logger: appLog.scope('core'),
      version: app.getVersion(),
      ...(binding.kind === 'file' ? { sqliteNativeBinding: binding.path } : {}),
    });
    core = c;
    const api = createLocalApi(c.handlers);
    const mainWindow = new MainWindow({
      BrowserWindow: electron.BrowserWindow,
      preloadPath: paths.preloadPath,
      iconPath: paths.windowIconPath,
      shouldHideOnClose: () => dispatch({ type: 'window-close' }) === 'hide',
      onCreated: (win) => {
        attachPush(win, c);
        win.on('session-end', () => dispatch({ type: 'session-end' }));
      },
      log,
    });
    windows = mainWindow;

    const defaultSession = electron.session.defaultSession;
    guardSession(defaultSession, log);
    serveRenderer(defaultSession, paths.rendererDir);
    bindIpc(electron.ipcMain, c.handlers, {
      isTrustedSender: isTrustedIpcEvent,
      onRefused: (call, event) => log(`refused ${call} from ${event.senderFrame?.url ?? 'a destroyed frame'}`),
      onError: (call, error) => log(`${call} failed: ${error instanceof Error ? error.message : String(error)}`),
    });

    const tell = (title: string, body: string) => {
      log(`${title}: ${body}`);
      if (!electron.Notification.isSupported()) return;
      const note = new electron.Notification({ title, body, icon: paths.windowIconPath });
      note.show();
    };
    updates = new UpdateService({
      plan: updatePlan({ isPackaged: app.isPackaged, hasUpdateConfig: existsSync(updateConfigPath(resourcesPath)), env }),
      loadUpdater: deps.loadUpdater,
      currentVersion: app.getVersion(),
      tell,
      log: appLog.scope('updates'),
    });
    const updateService = updates;

    tray = new TrayIcon({
      electron,
      iconDir: paths.trayIconDir,
      platform,
      log,
      onCommand: (command) =>
        void runTrayCommand(command, {
          api,
          isPaused: () => c.trayState().paused,
          showWindow: () => mainWindow.show(),
          quit: () => dispatch({ type: 'quit-requested' }),
          openLogs: () =>
            void electron.shell.openPath(paths.logDir).then((problem) => {
              if (problem) log(`could not open ${paths.logDir}: ${problem}`);
            }),
          checkForUpdates: () => void updateService.checkNow(),
          report: log,
        }),
    });
    hasTray = tray.create(c.trayState());
    const trayIcon = tray;
    c.onTrayStateChange((state) => trayIcon.render(state));

    // Logout/shutdown: mark quitting before the windows are asked to close.
    electron.powerMonitor.on('shutdown', () => dispatch({ type: 'shutdown' }));
    const loginHost: LoginItemHost = { app, platform, env, execPath: deps.execPath ?? process.execPath, homeDir: deps.homeDir ?? os.homedir() };
    const startHidden = shouldStartHidden({ platform, argv, wasOpenedAtLogin: wasOpenedAtLogin(loginHost), hasTray });
    mainWindow.create(!startHidden);

    applyStartAtLogin(loginHost, settingsStore.get().startAtLogin, log);
    c.onEvent((event) => {
      if (event.type !== 'config.applied') return;
      const settings = settingsStore.get();
      closeToTraySetting = settings.closeToTray;
      applyStartAtLogin(loginHost, settings.startAtLogin, log);
    });

    await c.start();
    updateService.start();
    log(`started; logs in ${paths.logDir}`);
  }

  const ready = app
    .whenReady()
    .then(start)
    .then((): ShellOutcome => 'started')
    .catch((e: unknown): ShellOutcome => {
      const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
      if (appLog) appLog.scope('shell').error(`startup failed: ${detail}`);
      else console.error(`[shell] startup failed: ${detail}`);
      // A dialog, not a silent exit: the reason and where the log is.
      electron.dialog.showErrorBox(STARTUP_FAILURE_TITLE, startupFailureText(e, appLog?.file ?? null));
      app.exit(1);
      return 'failed';
    });
  return { ready };
}
