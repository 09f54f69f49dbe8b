// Small valid payloads for the bus tests.
import type { EventPayloadMap } from '../../../shared/events';

export const polled = (queueCount: number): EventPayloadMap['queue.polled'] => ({
  queueCount,
  historyCount: 3,
  newFailures: 0,
  downloading: 1,
  paused: false,
  durationMs: 12,
  historyChanged: false,
});

export const auditStarted = (): EventPayloadMap['audit.started'] => ({ trigger: 'manual' });

export const configApplied = (...changedKeys: string[]): EventPayloadMap['config.applied'] => ({ changedKeys });

export const failed = (nzoId: string): EventPayloadMap['download.failed'] => ({
  nzoId,
  name: 'Show.S01E01.1080p',
  category: 'tv',
  failMessage: 'Not on your server(s)',
  kind: 'missing_articles',
  severity: 'high',
  retryable: true,
  explanation: 'Articles are missing on the server',
  sourceApp: 'sonarr',
  item: { seriesId: 7, episodeIds: [70, 71] },
  sizeBytes: 1_000_000,
});

export const retryStarted = (nzoId: string, attempt: number): EventPayloadMap['download.retry_started'] => ({
  nzoId,
  name: 'Show.S01E01.1080p',
  attempt,
  maxAttempts: 3,
  strategy: 'retry_download',
  manual: false,
  dryRun: false,
});

export const recovered = (nzoId: string): EventPayloadMap['download.recovered'] => ({
  nzoId,
  completedNzoId: `${nzoId}-2`,
  name: 'Show.S01E01.1080p',
  strategy: 'retry_download',
  attempts: 1,
  durationMs: 5000,
  via: 'sabnzbd',
});
