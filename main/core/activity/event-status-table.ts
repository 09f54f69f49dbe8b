// How each of the 16 event types reads in the activity log: its status, its
// default severity, one human line, and which download / application it is
// about. One table, so adding an event type is a compile error until it has a row.
import { ARR_APP_LABEL, type Severity } from '../../../shared/domain';
import type { AnyBusEvent, EventPayloadMap, EventType } from '../../../shared/events';
import type { ActivityStatus, NewActivityEntry } from './activity-entry';

export interface EventStatusRule<K extends EventType> {
  status: ActivityStatus | ((payload: EventPayloadMap[K]) => ActivityStatus);
  severity: Severity | ((payload: EventPayloadMap[K]) => Severity);
  message: (payload: EventPayloadMap[K]) => string;
  downloadId: (payload: EventPayloadMap[K]) => string | null;
  application: (payload: EventPayloadMap[K]) => string | null;
}

const none = (): null => null;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const minutes = (ms: number): string => `${Math.round(ms / 60_000)} min`;
const iso = (ms: number): string => new Date(ms).toISOString();

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export const EVENT_STATUS_TABLE: { [K in EventType]: EventStatusRule<K> } = {
  'download.failed': {
    status: 'failed',
    severity: (p) => p.severity,
    message: (p) => `Download failed: ${p.name} (${p.kind.replace(/_/g, ' ')}): ${p.failMessage}`,
    downloadId: (p) => p.nzoId,
    application: (p) => p.sourceApp,
  },
  'download.recovered': {
    status: 'success',
    severity: 'low',
    message: (p) =>
      `Recovered ${p.name} by ${p.strategy.replace(/_/g, ' ')} after ${plural(p.attempts, 'attempt')}` +
      (p.completedNzoId !== p.nzoId ? ` (completed as ${p.completedNzoId})` : ''),
    downloadId: (p) => p.nzoId,
    application: (p) => (p.via === 'sabnzbd' ? null : p.via),
  },
  'download.retry_started': {
    status: 'in_progress',
    severity: 'low',
    message: (p) =>
      `${p.manual ? 'Manual attempt' : 'Attempt'} ${p.attempt} of ${p.maxAttempts} (${p.strategy.replace(/_/g, ' ')}) ` +
      `started for ${p.name}${p.dryRun ? ' (dry run: nothing sent)' : ''}`,
    downloadId: (p) => p.nzoId,
    application: none,
  },
  'download.retry_failed': {
    status: 'failed',
    severity: (p) => (p.willRetry ? 'medium' : 'high'),
    message: (p) =>
      `Attempt ${p.attempt} (${p.strategy.replace(/_/g, ' ')}) failed for ${p.name}: ${p.error}` +
      (p.willRetry ? (p.nextAttemptAt !== null ? `; next try at ${iso(p.nextAttemptAt)}` : '; will retry') : '; no retries left'),
    downloadId: (p) => p.nzoId,
    application: none,
  },
  'download.moved_to_dlq': {
    status: 'dlq',
    severity: 'high',
    message: (p) => `Gave up on ${p.name} after ${plural(p.attempts, 'attempt')}: ${p.reason}`,
    downloadId: (p) => p.nzoId,
    application: none,
  },
  'queue.polled': {
    status: 'info',
    severity: 'low',
    message: (p) =>
      `Polled ${p.client === 'nzbget' ? 'NZBGet' : 'SABnzbd'}: ${plural(p.queueCount, 'job')} queued (${p.downloading} downloading${p.paused ? ', paused' : ''}), ` +
      `${p.historyCount} in history, ${plural(p.newFailures, 'new failure')}`,
    downloadId: none,
    application: (p) => p.client ?? 'sabnzbd',
  },
  'queue.state_changed': {
    status: (p) => (p.stalled ? 'warning' : 'info'),
    severity: (p) => (p.stalled ? 'medium' : 'low'),
    message: (p) =>
      p.stalled
        ? `${p.name} is stalled: no progress for ${minutes(p.stalledForMs ?? 0)}`
        : `${p.name}: ${p.from ?? 'new'} → ${p.to}${p.note ? ` (${p.note})` : ''}`,
    downloadId: (p) => p.nzoId,
    application: none,
  },
  'wanted.item_detected': {
    status: 'info',
    severity: 'low',
    message: (p) => `${ARR_APP_LABEL[p.app]} is missing ${p.title}`,
    downloadId: none,
    application: (p) => p.app,
  },
  'wanted.item_resolved': {
    status: 'success',
    severity: 'low',
    message: (p) => `${p.title} is no longer missing in ${ARR_APP_LABEL[p.app]}`,
    downloadId: none,
    application: (p) => p.app,
  },
  'config.applied': {
    status: (p) => (p.warnings?.length ? 'warning' : 'info'),
    severity: (p) => (p.warnings?.length ? 'medium' : 'low'),
    message: (p) =>
      p.warnings?.length
        ? `Settings adjusted at start: ${p.warnings.join('; ')}`
        : p.changedKeys.length
          ? `Settings changed: ${p.changedKeys.join(', ')}`
          : 'Settings saved (no changes)',
    downloadId: none,
    application: none,
  },
  'audit.started': {
    status: 'in_progress',
    severity: 'low',
    message: (p) => `Configuration audit started (${p.trigger})`,
    downloadId: none,
    application: none,
  },
  'audit.completed': {
    status: (p) => (p.findings.some((f) => f.severity === 'critical' || f.severity === 'high') ? 'warning' : 'success'),
    // The line is as severe as its worst finding.
    severity: (p) =>
      p.findings.reduce<Severity>((worst, f) => (SEVERITY_RANK[f.severity] < SEVERITY_RANK[worst] ? f.severity : worst), 'low'),
    message: (p) =>
      p.findings.length === 0 ? 'Configuration audit passed: no findings' : `Configuration audit found ${plural(p.findings.length, 'issue')}`,
    downloadId: none,
    application: none,
  },
  'audit.failed': {
    status: 'error',
    severity: 'medium',
    message: (p) => `Configuration audit failed: ${p.error}`,
    downloadId: none,
    application: none,
  },
  'monitoring.started': {
    status: 'info',
    severity: 'low',
    message: (p) => `Monitoring started (polling every ${p.intervalSeconds} s)`,
    downloadId: none,
    application: none,
  },
  'monitoring.stopped': {
    status: (p) => (p.reason === 'error' ? 'error' : 'info'),
    severity: (p) => (p.reason === 'error' ? 'high' : 'low'),
    message: (p) =>
      p.reason === 'paused' ? 'Monitoring paused' : p.reason === 'shutdown' ? 'Monitoring stopped (shutdown)' : 'Monitoring stopped by an error',
    downloadId: none,
    application: none,
  },
  'service.error': {
    status: (p) => (p.recovered ? 'success' : 'error'),
    severity: (p) => (p.recovered ? 'low' : p.consecutiveFailures >= 3 ? 'high' : 'medium'),
    message: (p) =>
      p.recovered
        ? `${serviceOf(p)} answers again after ${plural(p.consecutiveFailures, 'failure')}`
        : `${serviceOf(p)} error (${p.code}): ${p.message}` +
          (p.consecutiveFailures > 1 ? ` (${p.consecutiveFailures} in a row)` : '') +
          (p.nextRetryAt ? `; retrying at ${iso(p.nextRetryAt)}` : ''),
    downloadId: none,
    application: (p) => p.service,
  },
};

export interface EventDescription {
  status: ActivityStatus;
  severity: Severity;
  message: string;
  downloadId: string | null;
  application: string | null;
}

/** Read one event through its row of the table. */
export function describeEvent(event: AnyBusEvent): EventDescription {
  return describe(event.type, event.payload as EventPayloadMap[typeof event.type]);
}

function describe<K extends EventType>(type: K, payload: EventPayloadMap[K]): EventDescription {
  const rule = EVENT_STATUS_TABLE[type] as EventStatusRule<K>;
  return {
    status: typeof rule.status === 'function' ? rule.status(payload) : rule.status,
    severity: typeof rule.severity === 'function' ? rule.severity(payload) : rule.severity,
    message: rule.message(payload),
    downloadId: rule.downloadId(payload),
    application: rule.application(payload),
  };
}

/** The activity line for an event, given its description and the application it is about. */
export function activityLineOf(event: AnyBusEvent, d: EventDescription, application: string | null): NewActivityEntry {
  return {
    timestamp: event.timestamp,
    eventId: event.id,
    eventType: event.type,
    source: event.source,
    status: d.status,
    severity: d.severity,
    message: d.message,
    downloadId: d.downloadId,
    application,
    correlationId: event.correlationId,
    causationId: event.causationId,
    context: event.payload,
  };
}

/** The service as the log names it: another *arr instance by its id too (`radarr radarr-2`). */
function serviceOf(p: EventPayloadMap['service.error']): string {
  return p.instance !== undefined ? `${p.service} ${p.instance}` : p.service;
}
