// What a webhook sends: the desktop notification the shared policy produced
// (one event, or a digest of a burst), or the Settings test. Plain data, so
// each service's payload is a pure function of it (webhook-request.ts).
import type { DesktopNotification } from '../notification-policy';

export interface WebhookMessage {
  /** The notification's stable id (`failed:<event id>`, `digest:…`, `test:<time>`). */
  id: string;
  kind: DesktopNotification['kind'] | 'test';
  title: string;
  message: string;
  urgency: DesktopNotification['urgency'];
  /** How many download events it stands for (0 for a test). */
  count: number;
  /** The download it is about, when it is about one. */
  nzoId: string | null;
  /** Epoch ms when the policy produced it. */
  at: number;
}

export function messageFromNotification(n: DesktopNotification, at: number): WebhookMessage {
  return { id: n.id, kind: n.kind, title: n.title, message: n.message, urgency: n.urgency, count: n.count, nzoId: n.target?.nzoId ?? null, at };
}

export function testMessage(targetName: string, at: number): WebhookMessage {
  return {
    id: `test:${at}`,
    kind: 'test',
    title: 'autoarr-tray test notification',
    message: `If you can read this, "${targetName}" works: autoarr-tray will send failures, downloads that need attention and recoveries here.`,
    urgency: 'low',
    count: 0,
    nzoId: null,
    at,
  };
}
