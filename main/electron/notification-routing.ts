// What a click on a notification does: open the window at the download it is
// about (a digest opens the failed list); its Retry button, where the OS
// offers buttons (macOS, Windows), retries that download and shows it. The
// node-notifier adapter in the core has already normalised the backend's answer.
import { downloadRoute } from '../../shared/window-api';
import type { DesktopNotification } from '../core/notify/notification-policy';
import type { NotificationActivation } from '../core/notify/notifier-port';

export const FAILED_LIST_ROUTE = '#/downloads';

export type NotificationRoute = { kind: 'navigate'; route: string } | { kind: 'retry'; nzoId: string; route: string };

export function routeNotification(
  notification: Pick<DesktopNotification, 'target'>,
  activation: NotificationActivation,
): NotificationRoute {
  const nzoId = notification.target?.nzoId ?? null;
  const route = nzoId ? downloadRoute(nzoId) : FAILED_LIST_ROUTE;
  // A digest has no single download: its Retry opens the list instead of guessing.
  if (activation.kind === 'action' && activation.action === 'retry' && nzoId) return { kind: 'retry', nzoId, route };
  return { kind: 'navigate', route };
}
