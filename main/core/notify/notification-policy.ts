// Which events become desktop notifications, what they say, and when a burst
// becomes one digest. Pure: state in, state + notifications out; the service
// around it owns the timer (digestDueAt) and the Notifier.
import type { AnyBusEvent } from '../../../shared/events';
import type { Settings } from '../../../shared/settings';
import type { Strategy } from '../../../shared/domain';

export type NotifiableType = 'download.failed' | 'download.moved_to_dlq' | 'download.recovered';
export type NotifiableEvent = Extract<AnyBusEvent, { type: NotifiableType }>;

/** retry: this download; retryAll: every failed download (a digest); open: show it (a button where clicks are unreliable). */
export type NotificationActionId = 'retry' | 'retryAll' | 'open';

export interface DesktopNotification {
  /** Stable per content, so a replayed event does not notify twice. */
  id: string;
  kind: 'failed' | 'dlq' | 'recovered' | 'digest';
  title: string;
  message: string;
  urgency: 'low' | 'normal' | 'critical';
  /** What a click opens: the download's nzo id, or null for the failed list. */
  target: { nzoId: string } | null;
  /** Offered where the OS supports actions. */
  actions: NotificationActionId[];
  /** How many events it stands for (1 unless a digest). */
  count: number;
}

export interface NotificationPolicyState {
  /** When individual notifications were shown, within the current window. */
  shownAt: number[];
  /** Events held back for the digest. */
  held: NotifiableEvent[];
  digestDueAt: number | null;
  /** Event ids already handled (bounded), so replays are ignored. */
  seen: string[];
}

export type NotificationSettings = Settings['notifications'];

export const initialNotificationState: NotificationPolicyState = { shownAt: [], held: [], digestDueAt: null, seen: [] };

const SEEN_LIMIT = 500;
const MAX_NAME = 80;

export function isNotifiable(event: AnyBusEvent, settings: NotificationSettings): event is NotifiableEvent {
  switch (event.type) {
    case 'download.failed':
      return settings.onFailed;
    case 'download.moved_to_dlq':
      return settings.onDlq;
    case 'download.recovered':
      return settings.onRecovered;
    default:
      return false;
  }
}

/** Release names are long and dotted; notifications have one or two lines. */
export function shortName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return clean.length > MAX_NAME ? `${clean.slice(0, MAX_NAME - 1)}…` : clean;
}

const STRATEGY_WORDS: Record<Strategy, string> = {
  retry_download: 'a retry',
  quality_fallback: 'a lower quality',
  alternative_release: 'another release',
  arr_redownload: "the app's own redownload",
};

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function describeEvent(event: NotifiableEvent): DesktopNotification {
  switch (event.type) {
    case 'download.failed': {
      const p = event.payload;
      return {
        id: `failed:${event.id}`,
        kind: 'failed',
        title: `Download failed: ${shortName(p.name)}`,
        message: p.retryable ? `${p.explanation} autoarr will try to recover it.` : `${p.explanation} This needs you.`,
        urgency: p.severity === 'critical' ? 'critical' : 'normal',
        target: { nzoId: p.nzoId },
        actions: ['retry'],
        count: 1,
      };
    }
    case 'download.moved_to_dlq': {
      const p = event.payload;
      const tried = p.strategiesTried.map((s) => STRATEGY_WORDS[s]).join(', ');
      return {
        id: `dlq:${event.id}`,
        kind: 'dlq',
        title: `Gave up on ${shortName(p.name)}`,
        message: `${p.reason} after ${plural(p.attempts, 'attempt', 'attempts')}${tried ? ` (tried ${tried})` : ''}. Open autoarr to decide.`,
        urgency: 'critical',
        target: { nzoId: p.nzoId },
        actions: ['retry'],
        count: 1,
      };
    }
    case 'download.recovered': {
      const p = event.payload;
      return {
        id: `recovered:${event.id}`,
        kind: 'recovered',
        title: `Recovered: ${shortName(p.name)}`,
        message: `Completed through ${STRATEGY_WORDS[p.strategy]} after ${plural(p.attempts, 'attempt', 'attempts')}.`,
        urgency: 'low',
        target: { nzoId: p.nzoId },
        actions: [],
        count: 1,
      };
    }
  }
}

export function describeDigest(events: NotifiableEvent[]): DesktopNotification {
  const failed = events.filter((e) => e.type === 'download.failed').length;
  const dlq = events.filter((e) => e.type === 'download.moved_to_dlq').length;
  const recovered = events.filter((e) => e.type === 'download.recovered').length;
  const parts = [
    failed > 0 ? `${plural(failed, 'download', 'downloads')} failed` : null,
    dlq > 0 ? `${dlq} given up (dead-letter queue)` : null,
    recovered > 0 ? `${recovered} recovered` : null,
  ].filter((p): p is string => p !== null);
  const names = [...new Set(events.map((e) => shortName(e.payload.name)))];
  const shown = names.slice(0, 3).join(', ');
  const nzoIds = new Set(events.map((e) => e.payload.nzoId));
  const onlyNzo = nzoIds.size === 1 ? [...nzoIds][0] : undefined;
  return {
    id: `digest:${events.map((e) => e.id).join(',')}`,
    kind: 'digest',
    title: parts.length === 1 ? `autoarr: ${parts[0]}` : `autoarr: ${plural(events.length, 'download update', 'download updates')}`,
    message: `${parts.length > 1 ? `${parts.join(', ')}. ` : ''}${shown}${names.length > 3 ? ` and ${names.length - 3} more` : ''}.`,
    urgency: dlq > 0 ? 'critical' : 'normal',
    target: onlyNzo !== undefined ? { nzoId: onlyNzo } : null,
    // Something is still failed: one button retries all of it.
    actions: failed + dlq > 0 ? ['retryAll'] : [],
    count: events.length,
  };
}

export interface PolicyStep {
  state: NotificationPolicyState;
  show: DesktopNotification[];
}

/**
 * An event arrived. Up to `digestThreshold` notifications show individually
 * inside `digestWindowSeconds`; beyond that, events are held and shown as one
 * digest when the window that started the hold ends.
 */
export function onEvent(
  state: NotificationPolicyState,
  event: AnyBusEvent,
  settings: NotificationSettings,
  now: number,
): PolicyStep {
  if (!isNotifiable(event, settings) || state.seen.includes(event.id)) return { state, show: [] };
  const windowMs = settings.digestWindowSeconds * 1000;
  const seen = [...state.seen, event.id].slice(-SEEN_LIMIT);
  const shownAt = state.shownAt.filter((t) => t > now - windowMs);
  if (state.held.length === 0 && shownAt.length < settings.digestThreshold) {
    return { state: { ...state, seen, shownAt: [...shownAt, now] }, show: [describeEvent(event)] };
  }
  return {
    state: { seen, shownAt, held: [...state.held, event], digestDueAt: state.digestDueAt ?? now + windowMs },
    show: [],
  };
}

/** The digest timer fired (or any later moment): show what was held. */
export function onDigestDue(state: NotificationPolicyState, now: number): PolicyStep {
  if (state.digestDueAt === null || now < state.digestDueAt || state.held.length === 0) return { state, show: [] };
  const held = state.held;
  // One held event needs no digest wording.
  const note = held.length === 1 ? describeEvent(held[0] as NotifiableEvent) : describeDigest(held);
  return { state: { ...state, held: [], digestDueAt: null, shownAt: [now] }, show: [note] };
}
