import { describe, expect, it } from 'vitest';
import type { NotificationActivation } from '../../../main/core/notify/notifier-port';
import { FAILED_LIST_ROUTE, routeNotification, type NotificationRoute } from '../../../main/electron/notification-routing';

describe('routeNotification', () => {
  it.each<[{ nzoId: string } | null, NotificationActivation, NotificationRoute]>([
    [{ nzoId: 'SABnzbd_nzo_1' }, { kind: 'click' }, { kind: 'navigate', route: '#/downloads/SABnzbd_nzo_1' }],
    [null, { kind: 'click' }, { kind: 'navigate', route: FAILED_LIST_ROUTE }],
    [
      { nzoId: 'SABnzbd_nzo_1' },
      { kind: 'action', action: 'retry' },
      { kind: 'retry', nzoId: 'SABnzbd_nzo_1', route: '#/downloads/SABnzbd_nzo_1' },
    ],
    [{ nzoId: 'a/b c' }, { kind: 'action', action: 'retry' }, { kind: 'retry', nzoId: 'a/b c', route: '#/downloads/a%2Fb%20c' }],
    [null, { kind: 'action', action: 'retry' }, { kind: 'navigate', route: FAILED_LIST_ROUTE }],
  ])('target %j, %j → %j', (target, activation, route) => {
    expect(routeNotification({ target }, activation)).toEqual(route);
  });
});
