// What a click or a button on a notification does. A single download's
// notification opens the window at that download; its Retry retries it and
// shows it. A digest (several downloads at once) opens the Failures view and
// its Retry all retries every failed download. Every notifier (Electron's
// Notification here, node-notifier in browser mode) reports activations in the
// same shape, so this table is the whole behaviour.
import { downloadRoute } from '../../shared/window-api';
import type { DesktopNotification } from '../core/notify/notification-policy';
import type { NotificationActivation } from '../core/notify/notifier-port';

/** The renderer's Failures view (renderer/routing/hash-route.ts). */
export const FAILURES_ROUTE = '#/failures';

export type NotificationRoute =
  | { kind: 'navigate'; route: string }
  | { kind: 'retry'; nzoId: string; route: string }
  | { kind: 'retryAll'; route: string };

export function routeNotification(
  notification: Pick<DesktopNotification, 'kind' | 'target'>,
  activation: NotificationActivation,
): NotificationRoute {
  const nzoId = notification.kind === 'digest' ? null : (notification.target?.nzoId ?? null);
  const route = nzoId ? downloadRoute(nzoId) : FAILURES_ROUTE;
  if (activation.kind === 'action') {
    if (activation.action === 'retryAll') return { kind: 'retryAll', route: FAILURES_ROUTE };
    // A Retry without one download to retry opens the list rather than guessing.
    if (activation.action === 'retry' && nzoId) return { kind: 'retry', nzoId, route };
  }
  return { kind: 'navigate', route };
}
