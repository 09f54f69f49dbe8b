// Every notification kind × every way of activating it → where the window goes
// and what runs. The digest row is the bug this table pins: it used to open
// '#/downloads', which the window reads as Overview.
import { describe, expect, it } from 'vitest';
import type { DesktopNotification } from '../../../main/core/notify/notification-policy';
import type { NotificationActivation } from '../../../main/core/notify/notifier-port';
import { FAILURES_ROUTE, routeNotification, type NotificationRoute } from '../../../main/electron/notification-routing';
import { matchRoute } from 'wouter';
import { parse as parsePattern } from 'regexparam';
import { decodeParam, TIMELINE_PATH, viewOfLocation } from '../../../renderer/routing/routes';

/** What the window shows for a hash, as App's <Switch> decides it (wouter, hash location). */
function windowPlace(hash: string): { view: string; downloadId?: string } {
  const path = hash.replace(/^#/, '') || '/';
  const [timeline, params] = matchRoute(parsePattern, TIMELINE_PATH, path);
  if (timeline) {
    const id = decodeParam(params.id);
    return id === null ? { view: 'overview' } : { view: 'timeline', downloadId: id };
  }
  const view = viewOfLocation(path);
  return path === `/${view}` ? { view } : { view: 'overview' };
}

type Note = Pick<DesktopNotification, 'kind' | 'target'>;
const one = (kind: Note['kind'], nzoId = 'SABnzbd_nzo_1'): Note => ({ kind, target: { nzoId } });
const click: NotificationActivation = { kind: 'click' };
const retry: NotificationActivation = { kind: 'action', action: 'retry' };
const retryAll: NotificationActivation = { kind: 'action', action: 'retryAll' };
const open: NotificationActivation = { kind: 'action', action: 'open' };
const at = '#/downloads/SABnzbd_nzo_1';

describe('routeNotification', () => {
  it.each<[string, Note, NotificationActivation, NotificationRoute]>([
    ['failed, clicked', one('failed'), click, { kind: 'navigate', route: at }],
    ['failed, Retry', one('failed'), retry, { kind: 'retry', nzoId: 'SABnzbd_nzo_1', route: at }],
    ['failed, Open', one('failed'), open, { kind: 'navigate', route: at }],
    ['dlq, clicked', one('dlq'), click, { kind: 'navigate', route: at }],
    ['dlq, Retry', one('dlq'), retry, { kind: 'retry', nzoId: 'SABnzbd_nzo_1', route: at }],
    ['dlq, Open', one('dlq'), open, { kind: 'navigate', route: at }],
    ['recovered, clicked', one('recovered'), click, { kind: 'navigate', route: at }],
    ['digest, clicked', { kind: 'digest', target: null }, click, { kind: 'navigate', route: FAILURES_ROUTE }],
    ['digest of one download, clicked', one('digest'), click, { kind: 'navigate', route: FAILURES_ROUTE }],
    ['digest, Retry all', { kind: 'digest', target: null }, retryAll, { kind: 'retryAll', route: FAILURES_ROUTE }],
    ['digest, Open', { kind: 'digest', target: null }, open, { kind: 'navigate', route: FAILURES_ROUTE }],
    ['digest, a stray Retry', { kind: 'digest', target: null }, retry, { kind: 'navigate', route: FAILURES_ROUTE }],
    ['failed without a target, Retry', { kind: 'failed', target: null }, retry, { kind: 'navigate', route: FAILURES_ROUTE }],
    ['an id needing escapes', one('failed', 'a/b c'), retry, { kind: 'retry', nzoId: 'a/b c', route: '#/downloads/a%2Fb%20c' }],
  ])('%s', (_name, note, activation, expected) => {
    expect(routeNotification(note, activation)).toEqual(expected);
  });

  it('every route is one the window understands: downloads open their timeline, the rest open Failures', () => {
    expect(windowPlace(FAILURES_ROUTE)).toEqual({ view: 'failures' });
    expect(windowPlace(at)).toEqual({ view: 'timeline', downloadId: 'SABnzbd_nzo_1' });
    // The old digest route: the window fell back to Overview.
    expect(windowPlace('#/downloads')).toEqual({ view: 'overview' });
  });
});
