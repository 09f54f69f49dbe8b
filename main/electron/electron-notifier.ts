// The desktop app's notifier: Electron's own Notification, under the app's
// name and icon (macOS no longer shows "terminal-notifier", Windows toasts
// carry the app's AppUserModelId). A click works everywhere; buttons (Retry,
// Retry all, Open) where the OS has them: macOS and Windows. Linux
// notification servers differ too much in action support, so there a click
// opens the window and the window has the buttons. node-notifier stays for
// browser/headless mode (main/core/notify/node-notifier-adapter.ts).
import { err, ok, type Result } from '../../shared/contract';
import { ACTION_LABELS } from '../core/notify/node-notifier-adapter';
import type { DesktopNotification, NotificationActionId } from '../core/notify/notification-policy';
import type { ActivationHandler, Notifier } from '../core/notify/notifier-port';
import type { ElectronFacade, ShellNotification } from './electron-facade';

/** The buttons a notification gets on this platform, in order; their index is what Electron reports. */
export function notificationButtons(n: Pick<DesktopNotification, 'actions'>, platform: NodeJS.Platform): NotificationActionId[] {
  if (platform !== 'darwin' && platform !== 'win32') return [];
  if (n.actions.length === 0) return [];
  // Open beside the action: a banner's body click is easy to miss once it sits in the notification centre.
  return n.actions.includes('open') ? [...n.actions] : [...n.actions, 'open'];
}

export interface ElectronNotifierOptions {
  Notification: ElectronFacade['Notification'];
  platform: NodeJS.Platform;
  /** The app's icon file (Linux and Windows show it; macOS uses the bundle's). */
  iconPath: string;
  onActivate: ActivationHandler;
  /** How long to wait for Electron's 'show' before taking the notification as shown. */
  showTimeoutMs?: number;
}

export class ElectronNotifier implements Notifier {
  /**
   * Shown notifications stay referenced until closed or acted on: one only held
   * by a local variable is garbage collected and its click is lost.
   */
  private readonly live = new Set<ShellNotification>();

  constructor(private readonly options: ElectronNotifierOptions) {}

  /** How many notifications are still waiting for a click (for tests and the log). */
  get pending(): number {
    return this.live.size;
  }

  notify(n: DesktopNotification): Promise<Result<void>> {
    const { Notification, platform } = this.options;
    if (!Notification.isSupported()) {
      return Promise.resolve(err('unavailable', 'Desktop notifications are not supported on this system.'));
    }
    const buttons = notificationButtons(n, platform);
    let note: ShellNotification;
    try {
      note = new Notification({
        title: n.title,
        body: n.message,
        icon: this.options.iconPath,
        silent: n.urgency === 'low',
        // A given-up download stays on screen until seen (Linux/Windows); macOS decides by the user's style.
        timeoutType: n.urgency === 'critical' ? 'never' : 'default',
        ...(platform === 'linux' ? { urgency: n.urgency } : {}),
        ...(buttons.length > 0 ? { actions: buttons.map((id) => ({ type: 'button' as const, text: ACTION_LABELS[id] })) } : {}),
      });
    } catch (e) {
      return Promise.resolve(err('unavailable', `Desktop notification failed: ${e instanceof Error ? e.message : String(e)}`));
    }
    this.live.add(note);
    const release = () => this.live.delete(note);
    note.on('click', () => {
      release();
      this.options.onActivate(n, { kind: 'click' });
    });
    note.on('action', (details, index) => {
      const action = buttons[details?.actionIndex ?? index];
      release();
      if (action) this.options.onActivate(n, { kind: 'action', action });
    });
    note.on('close', release);

    return new Promise((resolve) => {
      let settled = false;
      const settle = (r: Result<void>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      // Windows reports a toast the system refused (e.g. no AppUserModelId shortcut).
      note.on('failed', (_event, error) => {
        release();
        settle(err('unavailable', `Desktop notification failed: ${error}`));
      });
      note.on('show', () => settle(ok(undefined)));
      const timer = setTimeout(() => settle(ok(undefined)), this.options.showTimeoutMs ?? 2000);
      timer.unref?.();
      try {
        note.show();
      } catch (e) {
        release();
        settle(err('unavailable', `Desktop notification failed: ${e instanceof Error ? e.message : String(e)}`));
      }
    });
  }
}
