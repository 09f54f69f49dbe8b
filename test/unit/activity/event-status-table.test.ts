import { describe, expect, it } from 'vitest';
import { EVENT_STATUS_TABLE, describeEvent, type EventDescription } from '../../../main/core/activity/event-status-table';
import { EVENT_TYPES, EventPayloadSchemas, type AnyBusEvent, type EventPayloadMap, type EventType } from '../../../shared/events';

function event<K extends EventType>(type: K, payload: EventPayloadMap[K]): AnyBusEvent {
  // Samples must be real payloads, or the table is tested against fiction.
  EventPayloadSchemas[type].parse(payload);
  return { id: 'e', type, payload, source: 't', timestamp: 0, correlationId: 'c', causationId: null } as AnyBusEvent;
}

const finding = (severity: 'critical' | 'high' | 'medium' | 'low') => ({
  id: 'f',
  service: 'sabnzbd' as const,
  severity,
  title: 't',
  detail: 'd',
  fix: 'x',
});

type Row = [string, AnyBusEvent, Omit<EventDescription, 'message'> & { message: RegExp }];

const ROWS: Row[] = [
  ['download.failed',
    event('download.failed', { nzoId: 'n1', name: 'Show.S01E01', category: 'tv', failMessage: 'Aborted, cannot be completed', kind: 'missing_articles', severity: 'critical', retryable: true, explanation: 'x', sourceApp: 'sonarr', item: null, sizeBytes: null }),
    { status: 'failed', severity: 'critical', downloadId: 'n1', application: 'sonarr', message: /^Download failed: Show\.S01E01 \(missing articles\): Aborted, cannot be completed$/ }],
  ['download.recovered',
    event('download.recovered', { nzoId: 'n1', completedNzoId: 'n2', name: 'Show', strategy: 'alternative_release', attempts: 2, durationMs: 5, via: 'sonarr' }),
    { status: 'success', severity: 'low', downloadId: 'n1', application: 'sonarr', message: /Recovered Show by alternative release after 2 attempts \(completed as n2\)/ }],
  ['download.recovered via sabnzbd',
    event('download.recovered', { nzoId: 'n1', completedNzoId: 'n1', name: 'Show', strategy: 'retry_download', attempts: 1, durationMs: 5, via: 'sabnzbd' }),
    { status: 'success', severity: 'low', downloadId: 'n1', application: null, message: /after 1 attempt$/ }],
  ['download.retry_started',
    event('download.retry_started', { nzoId: 'n1', name: 'Show', attempt: 2, maxAttempts: 3, strategy: 'quality_fallback', manual: true, dryRun: true }),
    { status: 'in_progress', severity: 'low', downloadId: 'n1', application: null, message: /^Manual attempt 2 of 3 \(quality fallback\) started for Show \(dry run/ }],
  ['download.retry_failed, will retry',
    event('download.retry_failed', { nzoId: 'n1', name: 'Show', attempt: 1, strategy: 'retry_download', error: 'HTTP 500', willRetry: true, nextAttemptAt: Date.UTC(2026, 0, 1) }),
    { status: 'failed', severity: 'medium', downloadId: 'n1', application: null, message: /failed for Show: HTTP 500; next try at 2026-01-01T00:00:00\.000Z$/ }],
  ['download.retry_failed, last',
    event('download.retry_failed', { nzoId: 'n1', name: 'Show', attempt: 3, strategy: 'retry_download', error: 'x', willRetry: false, nextAttemptAt: null }),
    { status: 'failed', severity: 'high', downloadId: 'n1', application: null, message: /no retries left$/ }],
  ['download.moved_to_dlq',
    event('download.moved_to_dlq', { nzoId: 'n1', name: 'Show', reason: 'no releases', attempts: 3, strategiesTried: ['retry_download'] }),
    { status: 'dlq', severity: 'high', downloadId: 'n1', application: null, message: /^Gave up on Show after 3 attempts: no releases$/ }],
  ['queue.polled',
    event('queue.polled', { queueCount: 1, historyCount: 40, newFailures: 2, downloading: 1, paused: false, durationMs: 12, historyChanged: true }),
    { status: 'info', severity: 'low', downloadId: null, application: 'sabnzbd', message: /^Polled SABnzbd: 1 job queued \(1 downloading\), 40 in history, 2 new failures/ }],
  ['queue.polled, NZBGet',
    event('queue.polled', { queueCount: 0, historyCount: 3, newFailures: 0, downloading: 0, paused: true, durationMs: 4, historyChanged: false, client: 'nzbget' }),
    { status: 'info', severity: 'low', downloadId: null, application: 'nzbget', message: /^Polled NZBGet: 0 jobs queued \(0 downloading, paused\), 3 in history, 0 new failures$/ }],
  ['wanted.item_detected, Lidarr',
    event('wanted.item_detected', { app: 'lidarr', itemId: 40, title: 'Some Artist - Some Album' }),
    { status: 'info', severity: 'low', downloadId: null, application: 'lidarr', message: /^Lidarr is missing Some Artist - Some Album$/ }],
  ['queue.state_changed',
    event('queue.state_changed', { nzoId: 'n3', name: 'Movie', from: 'Queued', to: 'Downloading' }),
    { status: 'info', severity: 'low', downloadId: 'n3', application: null, message: /^Movie: Queued → Downloading$/ }],
  ['queue.state_changed, stalled',
    event('queue.state_changed', { nzoId: 'n3', name: 'Movie', from: 'Downloading', to: 'Downloading', stalled: true, stalledForMs: 1_800_000 }),
    { status: 'warning', severity: 'medium', downloadId: 'n3', application: null, message: /stalled: no progress for 30 min/ }],
  ['wanted.item_detected',
    event('wanted.item_detected', { app: 'radarr', itemId: 4, title: 'Movie (2020)' }),
    { status: 'info', severity: 'low', downloadId: null, application: 'radarr', message: /^Radarr is missing Movie \(2020\)$/ }],
  ['wanted.item_resolved',
    event('wanted.item_resolved', { app: 'sonarr', itemId: 4, title: 'Show S01E01' }),
    { status: 'success', severity: 'low', downloadId: null, application: 'sonarr', message: /no longer missing in Sonarr/ }],
  ['config.applied',
    event('config.applied', { changedKeys: ['dryRun', 'monitoring.pollIntervalSeconds'] }),
    { status: 'info', severity: 'low', downloadId: null, application: null, message: /Settings changed: dryRun, monitoring\.pollIntervalSeconds/ }],
  ['config.applied, adjusted at start',
    event('config.applied', { changedKeys: [], warnings: ['MONITORING_POLL_INTERVAL=1 is below the allowed range 5–86400; using 5', 'Saved setting activity.retentionDays=0 is below the allowed range 1–3650; using 1'] }),
    { status: 'warning', severity: 'medium', downloadId: null, application: null, message: /^Settings adjusted at start: MONITORING_POLL_INTERVAL=1 .*using 5; Saved setting activity\.retentionDays=0 .*using 1$/ }],
  ['audit.started', event('audit.started', { trigger: 'manual' }),
    { status: 'in_progress', severity: 'low', downloadId: null, application: null, message: /audit started \(manual\)/ }],
  ['audit.completed, clean', event('audit.completed', { findings: [], durationMs: 3 }),
    { status: 'success', severity: 'low', downloadId: null, application: null, message: /no findings/ }],
  ['audit.completed, findings', event('audit.completed', { findings: [finding('medium'), finding('high'), finding('low')], durationMs: 3 }),
    { status: 'warning', severity: 'high', downloadId: null, application: null, message: /found 3 issues/ }],
  ['audit.failed', event('audit.failed', { error: 'timeout' }),
    { status: 'error', severity: 'medium', downloadId: null, application: null, message: /audit failed: timeout/ }],
  ['monitoring.started', event('monitoring.started', { intervalSeconds: 120 }),
    { status: 'info', severity: 'low', downloadId: null, application: null, message: /every 120 s/ }],
  ['monitoring.stopped', event('monitoring.stopped', { reason: 'paused' }),
    { status: 'info', severity: 'low', downloadId: null, application: null, message: /^Monitoring paused$/ }],
  ['monitoring.stopped by error', event('monitoring.stopped', { reason: 'error' }),
    { status: 'error', severity: 'high', downloadId: null, application: null, message: /error/ }],
  ['service.error', event('service.error', { service: 'sonarr', code: 'unauthorized', message: 'API key rejected', consecutiveFailures: 3, recovered: false }),
    { status: 'error', severity: 'high', downloadId: null, application: 'sonarr', message: /^sonarr error \(unauthorized\): API key rejected \(3 in a row\)$/ }],
  ['service.error of another instance', event('service.error', { service: 'radarr', instance: 'radarr-2', code: 'unreachable', message: 'refused', consecutiveFailures: 1, recovered: false }),
    { status: 'error', severity: 'medium', downloadId: null, application: 'radarr', message: /^radarr radarr-2 error \(unreachable\): refused$/ }],
  ['service.error, recovered', event('service.error', { service: 'sabnzbd', code: 'ok', message: 'back', consecutiveFailures: 2, recovered: true }),
    { status: 'success', severity: 'low', downloadId: null, application: 'sabnzbd', message: /answers again after 2 failures/ }],
];

describe('EVENT_STATUS_TABLE', () => {
  it('has exactly one row per event type', () => {
    expect(Object.keys(EVENT_STATUS_TABLE).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('the sample rows cover every event type', () => {
    expect(new Set(ROWS.map(([, e]) => e.type))).toEqual(new Set(EVENT_TYPES));
  });

  it.each(ROWS)('%s', (_name, ev, expected) => {
    const d = describeEvent(ev);
    const { message, ...rest } = expected;
    expect({ ...d, message: undefined }).toEqual({ ...rest, message: undefined });
    expect(d.message).toMatch(message);
  });
});
