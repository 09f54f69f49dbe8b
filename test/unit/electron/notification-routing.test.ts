import { describe, expect, it } from 'vitest';
import {
  FAILED_LIST_ROUTE,
  activationFromNodeNotifier,
  routeNotification,
  type NotificationActivation,
} from '../../../main/electron/notification-routing';

describe('routeNotification', () => {
  it.each<[NotificationActivation, ReturnType<typeof routeNotification>]>([
    [{ type: 'click', nzoId: 'SABnzbd_nzo_1' }, { kind: 'navigate', route: '#/downloads/SABnzbd_nzo_1' }],
    [{ type: 'click', nzoId: null }, { kind: 'navigate', route: FAILED_LIST_ROUTE }],
    [
      { type: 'action', action: 'Retry', nzoId: 'SABnzbd_nzo_1' },
      { kind: 'retry', nzoId: 'SABnzbd_nzo_1', route: '#/downloads/SABnzbd_nzo_1' },
    ],
    [
      { type: 'action', action: 'retry', nzoId: 'a/b' },
      { kind: 'retry', nzoId: 'a/b', route: '#/downloads/a%2Fb' },
    ],
    // A digest has no single download: its Retry opens the list instead of guessing.
    [{ type: 'action', action: 'Retry', nzoId: null }, { kind: 'navigate', route: FAILED_LIST_ROUTE }],
    [{ type: 'action', action: 'Details', nzoId: 'x' }, { kind: 'navigate', route: '#/downloads/x' }],
    [{ type: 'ignored' }, { kind: 'none' }],
  ])('%j → %j', (activation, route) => {
    expect(routeNotification(activation)).toEqual(route);
  });
});

describe('activationFromNodeNotifier', () => {
  it.each<[string | undefined, Record<string, unknown> | undefined, NotificationActivation]>([
    // Windows SnoreToast
    ['activate', {}, { type: 'click', nzoId: 'n' }],
    ['activate', { button: 'Retry' }, { type: 'action', action: 'Retry', nzoId: 'n' }],
    ['timeout', {}, { type: 'ignored' }],
    ['dismissed', {}, { type: 'ignored' }],
    // macOS terminal-notifier
    ['activate', { activationType: 'contentsClicked' }, { type: 'click', nzoId: 'n' }],
    ['activate', { activationType: 'actionClicked', activationValue: 'Retry' }, { type: 'action', action: 'Retry', nzoId: 'n' }],
    ['closed', { activationType: 'closed' }, { type: 'ignored' }],
    // notify-send / errors
    [undefined, undefined, { type: 'ignored' }],
  ])('%s %j', (response, metadata, activation) => {
    expect(activationFromNodeNotifier(response, metadata, 'n')).toEqual(activation);
  });
});
