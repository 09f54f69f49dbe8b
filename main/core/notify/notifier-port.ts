// The desktop notification as the core sees it. Implemented by the
// node-notifier adapter (plain Node, Linux/macOS/Windows) and by a fake in tests.
import type { Result } from '../../../shared/contract';
import type { DesktopNotification, NotificationActionId } from './notification-policy';

export type NotificationActivation = { kind: 'click' } | { kind: 'action'; action: NotificationActionId };

export interface Notifier {
  /** Resolves when the OS took it (or refused: no desktop, no notify-send) — never rejects. */
  notify(notification: DesktopNotification): Promise<Result<void>>;
}

/** What a click or an action button asks the app to do (open the window on a download, retry it). */
export type ActivationHandler = (notification: DesktopNotification, activation: NotificationActivation) => void;
