// A small in-test handler object answering every contract call with
// schema-valid data, so binding tests prove the transports, not the handlers.
// It records what each handler received (after validation).
import {
  CONTRACT,
  err,
  ok,
  type CallName,
  type ContractHandlers,
  type Out,
  type ParsedIn,
} from '../../../shared/contract';
import { defaultSettings } from '../../../shared/settings';
import type { DownloadRecord } from '../../../shared/downloads';

export const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);

export const sampleDownload: DownloadRecord = {
  id: 1,
  nzoId: 'SABnzbd_nzo_abc123',
  trackedNzoId: null,
  name: 'Some.Show.S01E02.1080p.WEB.H264-GRP',
  category: 'tv',
  sourceApp: 'sonarr',
  item: { seriesId: 7, episodeIds: [70], title: 'Some Show' },
  status: 'failed',
  kind: 'missing_articles',
  severity: 'high',
  failMessage: 'Aborted, cannot be completed - https://sabnzbd.org/not-complete',
  attempts: 0,
  maxAttempts: 3,
  currentStrategy: null,
  nextAttemptAt: T0 + 300_000,
  lastError: null,
  inDlq: false,
  dlqReason: null,
  correlationId: 'corr-abc',
  qualitiesTried: [],
  releasesTried: [],
  createdAt: T0,
  updatedAt: T0,
  recoveredAt: null,
  metadata: { sizeBytes: 123 },
};

const health = { state: 'ok' as const, message: null, checkedAt: T0 };
const monitoringStatus: Out<'monitoring.status'> = {
  running: true,
  paused: false,
  dryRun: false,
  intervalSeconds: 120,
  lastPollAt: T0,
  nextPollAt: T0 + 120_000,
  lastError: null,
  services: { sabnzbd: health, sonarr: health, radarr: { state: 'unconfigured', message: 'No URL', checkedAt: null } },
  counts: { failed: 1, retrying: 0, awaiting: 0, dlq: 0, recovered: 2, ignored: 0 },
  queue: { count: 3, downloading: 1, paused: false },
};

const entry = {
  id: 10,
  timestamp: T0,
  eventId: 'ev-1',
  eventType: 'download.failed' as const,
  source: 'poller',
  status: 'failed' as const,
  severity: 'high' as const,
  message: 'Some.Show.S01E02 failed: missing articles',
  downloadId: sampleDownload.nzoId,
  application: 'sonarr',
  correlationId: 'corr-abc',
  causationId: null,
  context: { kind: 'missing_articles' },
};

const webhooksView: Out<'webhooks.get'> = {
  targets: [
    {
      id: 'phone',
      kind: 'ntfy',
      name: 'Phone',
      enabled: true,
      events: { failed: true, dlq: true, recovered: false },
      hasUrl: true,
      urlHint: 'https://ntfy.sh/…',
      delivery: { queued: 0, nextRetryAt: null, lastDeliveredAt: T0, lastFailedAt: null, lastError: null, givenUp: 0, failing: false },
    },
  ],
  secretStorage: 'memory',
  retry: { attempts: 5, firstDelayMs: 5000, maxDelayMs: 300_000, maxQueued: 20 },
};

const settingsView: Out<'settings.get'> = {
  settings: defaultSettings(),
  hasApiKey: { sabnzbd: true, sonarr: false, radarr: false },
  lockedByEnv: [],
  secretStorage: 'memory',
};

export const SAMPLE_OUTPUTS: { [K in CallName]: Out<K> } = {
  'app.info': {
    name: 'autoarr-tray',
    version: '0.1.0',
    mode: 'browser',
    demo: false,
    dataDir: '/tmp/x',
    secretStorage: 'plain-text',
    platform: 'linux',
  },
  'monitoring.status': monitoringStatus,
  'monitoring.pollNow': monitoringStatus,
  'monitoring.pause': { ...monitoringStatus, paused: true, running: false },
  'monitoring.resume': monitoringStatus,
  'recovery.status': {
    running: true,
    dryRun: false,
    pending: [{ nzoId: sampleDownload.nzoId, name: sampleDownload.name, strategy: 'retry_download', attempt: 1, dueAt: T0 }],
    countsByStrategyOutcome: { retry_download: { succeeded: 2, failed: 1 } },
    successRate: 0.5,
  },
  'downloads.failed': { items: [sampleDownload], total: 1 },
  'downloads.dlq': { items: [{ ...sampleDownload, status: 'dlq', inDlq: true, dlqReason: 'exhausted' }], total: 1 },
  'downloads.retry': { download: { ...sampleDownload, status: 'retrying' }, scheduled: true, message: 'Retry scheduled' },
  'downloads.retryAll': { started: 1, refused: 0, message: 'Started 1 attempt' },
  'downloads.dismiss': { ...sampleDownload, status: 'dismissed' },
  'downloads.timeline': { downloadId: sampleDownload.nzoId, download: sampleDownload, attempts: [], entries: [entry] },
  'activity.query': { items: [entry], total: 1, page: 1, pageSize: 50 },
  'activity.correlation': { correlationId: 'corr-abc', entries: [entry] },
  'activity.stats': {
    total: 1,
    since: T0 - 86_400_000,
    recent: 1,
    byEventType: { 'download.failed': 1 },
    byStatus: { failed: 1 },
    bySeverity: { high: 1 },
    bySource: { poller: 1 },
    byApplication: { sonarr: 1 },
    oldestAt: T0,
    newestAt: T0,
  },
  'settings.get': settingsView,
  'settings.update': { ...settingsView, changedKeys: ['monitoring.pollIntervalSeconds'] },
  'settings.testConnection': { service: 'sabnzbd', appName: 'SABnzbd', version: '3.7.1', latencyMs: 12 },
  'audit.run': { findings: [], ranAt: T0, durationMs: 40 },
  'activity.statsBucketed': {
    days: ['2026-11-27', '2026-11-28'],
    from: Date.UTC(2026, 10, 27),
    to: Date.UTC(2026, 10, 29),
    buckets: [{ day: '2026-11-28', kind: 'missing_articles', outcome: 'failed', count: 2 }],
    totals: { failed: 2, recovered: 1, dlq: 1, recoveryRate: 0.5 },
    timeToRecover: { count: 1, medianMs: 61_000, p90Ms: 61_000, meanMs: 60_000 },
    byKind: [{ kind: 'missing_articles', failed: 2, recovered: 1, dlq: 1, recoveryRate: 0.5, medianRecoverMs: 61_000 }],
  },
  'downloads.links': {
    sabnzbd: { url: 'http://127.0.0.1:8080/sabnzbd', nzoId: sampleDownload.nzoId },
    downloadClient: { kind: 'sabnzbd', name: 'SABnzbd', url: 'http://127.0.0.1:8080/sabnzbd', jobId: sampleDownload.nzoId, jobName: sampleDownload.name },
    arr: { app: 'sonarr', url: 'http://127.0.0.1:8989/series/some-show', title: 'Some Show' },
    notes: [],
  },
  'diagnostics.events': {
    events: [
      {
        event_id: 'ev-1',
        event_type: 'queue.polled',
        payload: { queueCount: 1, historyCount: 2, newFailures: 0, downloading: 1, paused: false, durationMs: 3, historyChanged: false },
        source: 'poller',
        correlation_id: 'ev-1',
        causation_id: null,
        timestamp: T0 / 1000,
        timestamp_iso: new Date(T0).toISOString(),
      },
    ],
    historyCapacity: 1000,
  },
  'diagnostics.bus': {
    stats: {
      publishedTotal: 3,
      published: { 'queue.polled': 3 },
      deliveries: 9,
      handlerFailures: 1,
      handlerTimeouts: 0,
      subscribers: 3,
      meanHandlerMs: 0.02,
      deadLetters: 1,
      historyLength: 3,
      historyCapacity: 1000,
    },
    handlers: [{ id: 'h1', name: 'activity-log', pattern: '*', priority: -100, deliveries: 3, failures: 1, timeouts: 0, lastError: 'disk full', lastFailedAt: T0 }],
  },
  'diagnostics.deadLetters': { items: [] },
  'diagnostics.replay': { outcome: 'delivered', message: 'Delivered queue.polled again', deadLetter: null },
  'webhooks.get': webhooksView,
  'webhooks.save': webhooksView,
  'webhooks.test': { kind: 'ntfy', status: 200, latencyMs: 9, message: 'Sent' },
};

// Every sample must itself satisfy the contract, or the round-trip tests prove nothing.
for (const [call, value] of Object.entries(SAMPLE_OUTPUTS)) CONTRACT[call as CallName].output.parse(value);

export type Received = { call: CallName; input: unknown }[];

export function sampleHandlers(received: Received = []): ContractHandlers {
  const handlers: Partial<Record<CallName, (input: unknown) => unknown>> = {};
  for (const call of Object.keys(SAMPLE_OUTPUTS) as CallName[]) {
    handlers[call] = (input: unknown) => {
      received.push({ call, input });
      if (call === 'downloads.retry' && (input as ParsedIn<'downloads.retry'>).nzoId === 'missing') {
        return err('not_found', 'No download missing');
      }
      return ok(SAMPLE_OUTPUTS[call]);
    };
  }
  return handlers as ContractHandlers;
}

/** Inputs a window would send, one per call (defaults left out on purpose). */
export const SAMPLE_INPUTS: { [K in CallName]: Record<string, unknown> } = {
  'app.info': {},
  'monitoring.status': {},
  'monitoring.pollNow': {},
  'monitoring.pause': {},
  'monitoring.resume': {},
  'recovery.status': {},
  'downloads.failed': { limit: 10, excludeDlq: true, kind: 'encrypted', app: 'radarr' },
  'downloads.dlq': { offset: 5 },
  'downloads.retry': { nzoId: 'SABnzbd_nzo_abc123' },
  'downloads.retryAll': {},
  'downloads.dismiss': { nzoId: 'SABnzbd_nzo_abc/1' },
  'downloads.timeline': { downloadId: 'SABnzbd_nzo_abc123' },
  'activity.query': { eventType: 'download.failed', text: 'missing', since: T0 - 1000, until: T0, page: 2, pageSize: 10 },
  'activity.correlation': { correlationId: 'corr-abc' },
  'activity.stats': {},
  'settings.get': {},
  'settings.update': { monitoring: { pollIntervalSeconds: 60 }, apiKeys: { sonarr: 'secret' } },
  'settings.testConnection': { service: 'sonarr', url: 'http://127.0.0.1:8989', apiKey: 'k' },
  'audit.run': {},
  'activity.statsBucketed': { days: 30 },
  'downloads.links': { nzoId: 'SABnzbd_nzo_abc123' },
  'diagnostics.events': { type: 'download.failed', correlationId: 'corr-abc', limit: 50 },
  'diagnostics.bus': {},
  'diagnostics.deadLetters': {},
  'diagnostics.replay': { id: 'dl-1' },
  'webhooks.get': {},
  'webhooks.save': { targets: [{ kind: 'discord', name: 'Den', enabled: true, events: { failed: true, dlq: true, recovered: true }, url: 'https://discord.com/api/webhooks/1/tok' }] },
  'webhooks.test': { kind: 'ntfy', id: 'phone' },
};
