// A stand-in for the core in browser-mode e2e runs until the real one is
// wired: the in-memory, schema-checked fake api as contract handlers, plus a
// live event source the test pushes events into (as the bus would).
import { CONTRACT_CALLS, type CallName, type ContractHandlers, type Result } from '../../../shared/contract';
import type { AnyBusEvent, EventPayloadMap, EventType } from '../../../shared/events';
import type { LiveEventSource } from '../../../main/core/api/live-event-source';
import { activityEntry, createFakeApi, download, T0, type FakeApi } from '../../unit/renderer/fake-contract-api';

export interface FixtureCore {
  handlers: ContractHandlers;
  events: LiveEventSource;
  fake: FakeApi;
  emit<K extends EventType>(type: K, payload: EventPayloadMap[K], ids?: { correlationId?: string; causationId?: string | null }): AnyBusEvent;
  /** A new failure, as the poller would report it: stored, logged and pushed. */
  pushFailure(nzoId: string, name: string): void;
}

function seedData(fake: FakeApi): void {
  const now = Date.now();
  fake.data.demo = true;
  fake.data.failed = [
    download('SABnzbd_nzo_k2x9', {
      name: 'The.Expanse.S03E05.1080p.WEB.h264-GRP',
      attempts: 1,
      currentStrategy: 'retry_download',
      nextAttemptAt: now + 4 * 60_000,
      lastError: 'SABnzbd retry failed: articles still missing',
      createdAt: now - 3_600_000,
      updatedAt: now - 600_000,
    }),
    download('SABnzbd_nzo_m7q1', {
      name: 'Dune.Part.Two.2024.2160p.UHD.BluRay.x265-TERMiNAL',
      sourceApp: 'radarr',
      category: 'movies',
      item: { movieId: 42, title: 'Dune: Part Two' },
      kind: 'encrypted',
      severity: 'critical',
      failMessage: 'Unpacking failed, archive requires a password',
      nextAttemptAt: now + 30_000,
      createdAt: now - 7_200_000,
      updatedAt: now - 60_000,
    }),
  ];
  fake.data.dlq = [
    download('SABnzbd_nzo_dead1', {
      name: 'Severance.S02E01.720p.WEB.h264-EDITH',
      status: 'dlq',
      inDlq: true,
      attempts: 3,
      dlqReason: 'All 3 attempts failed: no other release of this episode is available',
      qualitiesTried: ['WEBDL-1080p', 'WEBDL-720p'],
      releasesTried: ['Severance.S02E01.1080p.WEB.h264-EDITH', 'Severance.S02E01.720p.WEB.h264-EDITH'],
      nextAttemptAt: null,
      createdAt: now - 86_400_000,
      updatedAt: now - 3_600_000,
    }),
  ];
  const rows = [];
  const kinds = ['missing_articles', 'unpack_failed', 'encrypted', 'verification_failed'];
  for (let i = 1; i <= 400; i++) {
    const failed = i % 4 === 0;
    rows.push(
      activityEntry(i, {
        timestamp: now - i * 45 * 60_000,
        eventType: failed ? 'download.failed' : i % 7 === 0 ? 'download.recovered' : 'queue.polled',
        status: failed ? 'failed' : i % 7 === 0 ? 'success' : 'info',
        severity: failed ? 'high' : 'info',
        message: failed ? `Show.${i}.S01E01 failed: ${kinds[i % 4]}` : i % 7 === 0 ? `Show.${i} recovered` : 'Polled SABnzbd: 3 in queue',
        context: failed ? { kind: kinds[(i / 4) % 4] } : i % 7 === 0 ? { durationMs: (i % 13) * 60_000 + 90_000, strategy: 'retry_download' } : {},
        downloadId: failed ? `nzo_${i}` : null,
      }),
    );
  }
  const id = 'SABnzbd_nzo_k2x9';
  rows.push(
    activityEntry(1001, { eventId: 'e-f', downloadId: id, eventType: 'download.failed', status: 'failed', severity: 'high', timestamp: now - 3_600_000, message: 'The.Expanse.S03E05 failed: missing articles', correlationId: 'corr-k2x9', context: { kind: 'missing_articles' } }),
    activityEntry(1002, { eventId: 'e-r', causationId: 'e-f', downloadId: id, eventType: 'download.retry_started', status: 'in_progress', timestamp: now - 3_500_000, message: 'Attempt 1 of 3: retry in SABnzbd', correlationId: 'corr-k2x9', context: { strategy: 'retry_download' } }),
    activityEntry(1003, { eventId: 'e-x', causationId: 'e-r', downloadId: id, eventType: 'download.retry_failed', status: 'failed', severity: 'medium', timestamp: now - 600_000, message: 'Attempt 1 failed: articles still missing; next in 5 min', correlationId: 'corr-k2x9', context: { strategy: 'retry_download' } }),
  );
  fake.data.activity = rows.sort((a, b) => b.timestamp - a.timestamp);
  fake.data.monitoring = { ...fake.data.monitoring, lastPollAt: now - 40_000, nextPollAt: now + 80_000 };
  void T0;
}

export function createFixtureCore(): FixtureCore {
  const fake = createFakeApi();
  seedData(fake);
  // Events travel the fake's real EventBus, so Diagnostics shows real history, handler counts and dead letters.
  const emit: FixtureCore['emit'] = (type, payload, ids = {}) => {
    const published = fake.bus.publish(type, payload, { source: 'fixture', ...(ids.correlationId ? { correlationId: ids.correlationId } : {}), causationId: ids.causationId ?? null });
    if (published instanceof Promise) throw new Error('fixture handlers are synchronous');
    return published as AnyBusEvent;
  };

  const handlers: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
  for (const call of CONTRACT_CALLS) handlers[call] = (input) => (fake.api[call] as (i: unknown) => Promise<Result<unknown>>)(input);
  // A manual retry starts an attempt at once, as the recovery engine does.
  handlers['downloads.retry' satisfies CallName] = async (input) => {
    const r = await fake.api['downloads.retry'](input as { nzoId: string });
    if (r.ok) {
      const d = r.value.download;
      emit('download.retry_started', { nzoId: d.nzoId, name: d.name, attempt: d.attempts, maxAttempts: d.maxAttempts, strategy: 'retry_download', manual: true, dryRun: false }, { correlationId: d.correlationId });
    }
    return r;
  };

  return {
    handlers: handlers as unknown as ContractHandlers,
    events: {
      subscribe(listener) {
        return fake.bus.subscribe('*', (e) => listener(e), { name: 'window-push', priority: -100 }).unsubscribe;
      },
    },
    fake,
    emit,
    pushFailure(nzoId, name) {
      const row = download(nzoId, { name, createdAt: Date.now(), updatedAt: Date.now(), nextAttemptAt: Date.now() + 300_000 });
      fake.data.failed = [row, ...fake.data.failed];
      const ev = emit(
        'download.failed',
        { nzoId, name, category: 'tv', failMessage: row.failMessage, kind: row.kind, severity: row.severity, retryable: true, explanation: 'Articles are missing on the news server', sourceApp: 'sonarr', item: null, sizeBytes: 1_234_567 },
        { correlationId: row.correlationId },
      );
      fake.data.activity = [
        activityEntry(5000 + fake.data.activity.length, { eventId: ev.id, downloadId: nzoId, eventType: 'download.failed', status: 'failed', severity: 'high', timestamp: ev.timestamp, message: `${name} failed: missing articles`, correlationId: row.correlationId, context: { kind: row.kind } }),
        ...fake.data.activity,
      ];
    },
  };
}
