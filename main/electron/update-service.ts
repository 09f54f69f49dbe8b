// Auto-update over electron-updater: checks on a timer when the plan allows,
// downloads in the background and installs on quit; a check a person asks for
// (tray "Check for updates…") always answers, even "up to date" or "not
// configured". electron-updater loads Electron when imported, so it is handed
// in as a loader and only loaded when a check really runs.
import type { AppUpdater } from 'electron-updater';
import { CHECK_INTERVAL_MS, FIRST_CHECK_DELAY_MS, type UpdatePlan } from './update-policy';

export type UpdaterLike = Pick<AppUpdater, 'checkForUpdates' | 'on' | 'autoDownload' | 'autoInstallOnAppQuit' | 'logger'>;

export interface UpdateServiceOptions {
  plan: UpdatePlan;
  loadUpdater: () => Promise<UpdaterLike>;
  currentVersion: string;
  /** A message for the person (a notification). */
  tell: (title: string, body: string) => void;
  log: { info(message: string): void; warn(message: string): void; error(message: string): void };
  setTimer?: (fn: () => void, ms: number) => { unref?(): unknown };
  clearTimer?: (timer: unknown) => void;
}

export class UpdateService {
  private updater: Promise<UpdaterLike> | null = null;
  private timer: unknown = null;
  private manual = false;
  private stopped = false;

  constructor(private readonly options: UpdateServiceOptions) {}

  /** Arms the automatic checks; does nothing when the plan says no. */
  start(): void {
    const plan = this.options.plan;
    if (!plan.enabled) {
      this.options.log.info(`updates: ${plan.reason}`);
      return;
    }
    this.schedule(FIRST_CHECK_DELAY_MS);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) (this.options.clearTimer ?? clearTimeout)(this.timer as ReturnType<typeof setTimeout>);
    this.timer = null;
  }

  /** The tray's "Check for updates…". */
  async checkNow(): Promise<void> {
    const plan = this.options.plan;
    if (!plan.enabled) {
      this.options.tell('Updates', plan.reason);
      return;
    }
    this.manual = true;
    await this.check();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    const set = this.options.setTimer ?? ((fn: () => void, delay: number) => setTimeout(fn, delay));
    const timer = set(() => {
      void this.check().finally(() => this.schedule(CHECK_INTERVAL_MS));
    }, ms);
    timer.unref?.();
    this.timer = timer;
  }

  private load(): Promise<UpdaterLike> {
    this.updater ??= this.options.loadUpdater().then((u) => {
      u.autoDownload = true;
      u.autoInstallOnAppQuit = true;
      u.on('update-available', (info) => {
        this.options.log.info(`updates: ${info.version} available, downloading`);
        if (this.takeManual()) this.options.tell('Update available', `Version ${info.version} is downloading; it installs when you quit autoarr-tray.`);
      });
      u.on('update-not-available', () => {
        if (this.takeManual()) this.options.tell('autoarr-tray is up to date', `Version ${this.options.currentVersion} is the latest.`);
      });
      u.on('update-downloaded', (event) => {
        this.options.log.info(`updates: ${event.version} downloaded; installs on quit`);
        this.options.tell('Update ready', `Version ${event.version} installs when you quit autoarr-tray.`);
      });
      u.on('error', (error) => {
        this.options.log.warn(`updates: ${error.message}`);
        if (this.takeManual()) this.options.tell('Could not check for updates', error.message);
      });
      return u;
    });
    return this.updater;
  }

  private takeManual(): boolean {
    const was = this.manual;
    this.manual = false;
    return was;
  }

  private async check(): Promise<void> {
    try {
      const updater = await this.load();
      await updater.checkForUpdates();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.options.log.warn(`updates: check failed: ${message}`);
      if (this.takeManual()) this.options.tell('Could not check for updates', message);
    }
  }
}
