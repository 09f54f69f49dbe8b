// Notifier over node-notifier (notify-send on Linux, Notification Center on
// macOS, toasts on Windows). The library is injected so tests can choose the
// backend; on Linux, notify-send shows no buttons, so the Retry action is
// only offered where the backend supports actions. Every failure — no
// desktop session, notify-send missing — comes back as an error value.
import { err, ok, type Result } from '../../../shared/contract';
import type { DesktopNotification, NotificationActionId } from './notification-policy';
import type { ActivationHandler, Notifier } from './notifier-port';

export type NodeNotifierCallback = (error: Error | string | null, response?: string, metadata?: Record<string, unknown>) => void;

export interface NodeNotifierLike {
  notify(options: Record<string, unknown>, callback: NodeNotifierCallback): unknown;
}

export interface NodeNotifierAdapterOptions {
  notifier: NodeNotifierLike;
  appName?: string;
  /** Windows toasts show and report clicks only under the app's AppUserModelId (the shell sets org.autoarr.tray). */
  appId?: string;
  icon?: string;
  /** True for backends with buttons (macOS, Windows): adds Retry and waits for the answer. */
  supportsActions?: boolean;
  onActivate?: ActivationHandler;
  /** Seconds a notification stays up. */
  timeoutSeconds?: number;
}

/** The button text for each action; the backend answers with the text of the one pressed. */
export const ACTION_LABELS: Record<NotificationActionId, string> = { retry: 'Retry', retryAll: 'Retry all', open: 'Open' };

function actionOfLabel(label: string): NotificationActionId | null {
  const found = (Object.keys(ACTION_LABELS) as NotificationActionId[]).find((id) => ACTION_LABELS[id].toLowerCase() === label);
  return found ?? null;
}

export class NodeNotifierAdapter implements Notifier {
  constructor(private readonly options: NodeNotifierAdapterOptions) {}

  notify(n: DesktopNotification): Promise<Result<void>> {
    const withActions = (this.options.supportsActions ?? false) && n.actions.length > 0;
    const request: Record<string, unknown> = {
      title: n.title,
      message: n.message,
      'app-name': this.options.appName ?? 'autoarr-tray',
      appID: this.options.appId ?? this.options.appName ?? 'autoarr-tray',
      urgency: n.urgency,
      category: 'transfer',
      timeout: this.options.timeoutSeconds ?? 10,
      wait: this.options.supportsActions ?? false,
    };
    if (this.options.icon) request.icon = this.options.icon;
    if (withActions) request.actions = n.actions.map((id) => ACTION_LABELS[id]);

    return new Promise((resolve) => {
      let settled = false;
      const done = (r: Result<void>) => {
        if (!settled) {
          settled = true;
          resolve(r);
        }
      };
      try {
        this.options.notifier.notify(request, (error, response, metadata) => {
          // notify-send passes its stderr as `error`: an empty string means success.
          const message = error instanceof Error ? error.message : typeof error === 'string' ? error.trim() : '';
          if (message !== '') {
            done(err('unavailable', `Desktop notification failed: ${message}`));
            return;
          }
          done(ok(undefined));
          const activation = String(metadata?.activationValue ?? response ?? '').toLowerCase();
          const action = actionOfLabel(activation);
          if (action && n.actions.includes(action)) this.options.onActivate?.(n, { kind: 'action', action });
          else if (activation === 'activate' || activation === 'clicked') this.options.onActivate?.(n, { kind: 'click' });
        });
      } catch (e) {
        done(err('unavailable', `Desktop notification failed: ${e instanceof Error ? e.message : String(e)}`));
      }
    });
  }
}
