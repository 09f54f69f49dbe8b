// What a click on a notification does: open the window at the download it is
// about (a digest opens the failed list); its Retry button, where the OS
// offers buttons (macOS, Windows), retries that download. node-notifier
// reports activations differently per backend; they are normalised here.
import { downloadRoute } from '../../shared/window-api';

export const RETRY_ACTION = 'Retry';
export const FAILED_LIST_ROUTE = '#/downloads';

export type NotificationActivation =
  | { type: 'click'; nzoId: string | null }
  | { type: 'action'; action: string; nzoId: string | null }
  | { type: 'ignored' };

export type NotificationRoute =
  | { kind: 'navigate'; route: string }
  | { kind: 'retry'; nzoId: string; route: string }
  | { kind: 'none' };

export function routeNotification(activation: NotificationActivation): NotificationRoute {
  if (activation.type === 'ignored') return { kind: 'none' };
  const route = activation.nzoId ? downloadRoute(activation.nzoId) : FAILED_LIST_ROUTE;
  if (activation.type === 'click') return { kind: 'navigate', route };
  if (activation.action.trim().toLowerCase() === RETRY_ACTION.toLowerCase() && activation.nzoId) {
    return { kind: 'retry', nzoId: activation.nzoId, route };
  }
  // An unknown button still means "show me".
  return { kind: 'navigate', route };
}

/**
 * node-notifier's callback `(err, response, metadata)`: SnoreToast (Windows)
 * answers `activate` / `timeout` / `dismissed` with the button in
 * metadata.button; terminal-notifier (macOS) answers `activate` with
 * metadata.activationType `contentsClicked` or `actionClicked` and the button
 * in metadata.activationValue; notify-send (Linux) never reports clicks.
 */
export function activationFromNodeNotifier(
  response: string | undefined,
  metadata: Record<string, unknown> | undefined,
  nzoId: string | null,
): NotificationActivation {
  const meta = metadata ?? {};
  const button = typeof meta.button === 'string' ? meta.button : null;
  if (button) return { type: 'action', action: button, nzoId };
  if (meta.activationType === 'actionClicked' && typeof meta.activationValue === 'string') {
    return { type: 'action', action: meta.activationValue, nzoId };
  }
  const r = (response ?? '').toLowerCase();
  if (r === 'activate' || r === 'clicked' || meta.activationType === 'contentsClicked') return { type: 'click', nzoId };
  if (r === RETRY_ACTION.toLowerCase()) return { type: 'action', action: RETRY_ACTION, nzoId };
  return { type: 'ignored' };
}
