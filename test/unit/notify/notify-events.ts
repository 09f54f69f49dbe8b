// Builders for the three notifiable events, shared by the notify tests.
import type { AnyBusEvent } from '../../../shared/events';

let n = 0;
const base = (t: number) => {
  n += 1;
  return { id: `ev-${n}`, source: 'test', timestamp: t, correlationId: `c-${n}`, causationId: null };
};

export function failed(name: string, t = 0, extra: Partial<{ retryable: boolean; severity: 'critical' | 'high' }> = {}): AnyBusEvent {
  return {
    ...base(t),
    type: 'download.failed',
    payload: {
      nzoId: `nzo-${name}`,
      name,
      category: 'tv',
      failMessage: 'Aborted',
      kind: 'missing_articles',
      severity: extra.severity ?? 'high',
      retryable: extra.retryable ?? true,
      explanation: 'Articles are missing on the server.',
      sourceApp: 'sonarr',
      item: null,
      sizeBytes: null,
    },
  };
}

export function dlq(name: string, t = 0): AnyBusEvent {
  return {
    ...base(t),
    type: 'download.moved_to_dlq',
    payload: { nzoId: `nzo-${name}`, name, reason: 'No release left', attempts: 3, strategiesTried: ['retry_download', 'alternative_release'] },
  };
}

export function recovered(name: string, t = 0): AnyBusEvent {
  return {
    ...base(t),
    type: 'download.recovered',
    payload: { nzoId: `nzo-${name}`, completedNzoId: 'nzo-new', name, strategy: 'quality_fallback', attempts: 2, durationMs: 1000, via: 'sonarr' },
  };
}

export function polled(t = 0): AnyBusEvent {
  return {
    ...base(t),
    type: 'queue.polled',
    payload: { queueCount: 0, historyCount: 0, newFailures: 0, downloading: 0, paused: false, durationMs: 1, historyChanged: false },
  };
}
