// A realistic mix of bus events: downloads that fail, are retried and end
// recovered or in the dead-letter queue, among the poll and queue chatter
// that makes up most of a day's log. Deterministic, so runs compare.
import type { EventPayloadMap, EventType } from '../shared/events';
import { FAILURE_KINDS, SEVERITIES } from '../shared/domain';

export interface SampleEvent<K extends EventType = EventType> {
  type: K;
  payload: EventPayloadMap[K];
  /** The download's lifecycle, or null for chatter that starts its own chain. */
  correlationId: string | null;
  source: string;
}

/**
 * Events per block of the mix: one download's lifecycle (6 events, 2 % of
 * the stream are failures) and 44 events of poll and queue chatter, about the
 * shape of a busy day (a poll every 2 minutes, a few dozen failures).
 */
export const EVENTS_PER_BLOCK = 50;

export function downloadIdOf(block: number): string {
  return `SABnzbd_nzo_${block.toString(36).padStart(8, '0')}`;
}

/** The i-th event of the mix: block i/50 is one download's story plus its chatter. */
export function sampleEvent(i: number): SampleEvent {
  const block = Math.floor(i / EVENTS_PER_BLOCK);
  const step = i % EVENTS_PER_BLOCK;
  const nzoId = downloadIdOf(block);
  const correlationId = `corr-${block}`;
  const app = block % 3 === 2 ? 'radarr' : 'sonarr';
  const name = app === 'sonarr' ? `Show.${block}.S01E${(block % 20) + 1}.1080p.WEB-DL` : `Movie.${block}.2021.2160p.BluRay`;
  const strategy = block % 2 === 0 ? 'retry_download' : 'alternative_release';
  const dlq = block % 7 === 0;
  switch (step) {
    case 0:
      return {
        type: 'download.failed',
        source: 'monitoring',
        correlationId,
        payload: {
          nzoId,
          name,
          category: app === 'sonarr' ? 'tv' : 'movies',
          failMessage: 'Download failed - Not on your server(s)',
          kind: FAILURE_KINDS[block % FAILURE_KINDS.length]!,
          severity: SEVERITIES[block % SEVERITIES.length]!,
          retryable: true,
          explanation: 'Articles are missing on the server; another release usually works.',
          sourceApp: app,
          item: app === 'sonarr' ? { seriesId: block % 500, episodeIds: [block], title: name } : { movieId: block, title: name },
          sizeBytes: 1_500_000_000 + block,
        },
      };
    case 1:
    case 4:
      return {
        type: 'download.retry_started',
        source: 'recovery',
        correlationId,
        payload: { nzoId, name, attempt: step === 1 ? 1 : 2, maxAttempts: 3, strategy, manual: false, dryRun: false },
      };
    case 2:
      return {
        type: 'download.retry_failed',
        source: 'recovery',
        correlationId,
        payload: { nzoId, name, attempt: 1, strategy, error: 'SABnzbd failed the job again', willRetry: true, nextAttemptAt: null },
      };
    case 3:
      return {
        type: 'queue.state_changed',
        source: 'monitoring',
        correlationId,
        payload: { nzoId, name, from: 'Downloading', to: 'Failed' },
      };
    case 5:
      return dlq
        ? {
            type: 'download.moved_to_dlq',
            source: 'recovery',
            correlationId,
            payload: { nzoId, name, reason: 'Every strategy was tried', attempts: 3, strategiesTried: [strategy] },
          }
        : {
            type: 'download.recovered',
            source: 'recovery',
            correlationId,
            payload: { nzoId, name, strategy, completedNzoId: `${nzoId}_r`, attempts: 2, durationMs: 600_000, via: app },
          };
    default:
      if (step % 4 !== 2) break;
      return {
        type: 'queue.state_changed',
        source: 'monitoring',
        correlationId: null,
        payload: { nzoId: `${nzoId}_q${step}`, name: `Other.${block}.${step}`, from: 'Queued', to: 'Downloading' },
      };
  }
  return {
    type: 'queue.polled',
    source: 'monitoring',
    correlationId: null,
    payload: { queueCount: block % 5, historyCount: 2_000 + block, newFailures: 0, downloading: 1, paused: false, durationMs: 12, historyChanged: step % 4 === 0 },
  };
}
