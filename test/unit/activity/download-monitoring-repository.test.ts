import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DownloadMonitoringRepository,
  DownloadNotFoundError,
} from '../../../main/core/activity/download-monitoring-repository';
import type { NewFailure } from '../../../main/core/activity/download-store-port';
import { DownloadRecordSchema } from '../../../shared/downloads';
import { openDatabase } from '../../../main/core/activity/database';
import { MIGRATIONS_FOLDER, openTempDatabase, type TempDatabase } from './temp-database';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
let tdb: TempDatabase;
let store: DownloadMonitoringRepository;
beforeEach(() => {
  tdb = openTempDatabase();
  store = new DownloadMonitoringRepository(tdb.db);
});
afterEach(() => tdb.dispose());

function failure(nzoId: string, overrides: Partial<NewFailure> = {}): NewFailure {
  return {
    nzoId,
    name: `Show.S01E0${nzoId.length}.1080p`,
    category: 'tv',
    sourceApp: 'sonarr',
    item: { seriesId: 7, episodeIds: [70, 71], title: 'Show' },
    kind: 'missing_articles',
    severity: 'high',
    failMessage: 'Aborted, cannot be completed',
    status: 'failed',
    correlationId: `corr-${nzoId}`,
    maxAttempts: 3,
    nextAttemptAt: NOW + 60_000,
    metadata: { size: 123 },
    ...overrides,
  };
}

const attemptInput = (attempt: number) => ({
  attempt,
  strategy: 'retry_download' as const,
  manual: false,
  dryRun: false,
  startedAt: NOW,
  oldNzoId: 'nzo_a',
  newNzoId: null,
  releaseGuid: null,
  releaseTitle: null,
  quality: null,
});

describe('DownloadMonitoringRepository', () => {
  it('insertFailureIfNew announces once: the second call returns the stored row with created=false', () => {
    const first = store.insertFailureIfNew(failure('nzo_a'), NOW);
    const second = store.insertFailureIfNew(failure('nzo_a', { name: 'changed' }), NOW + 5);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.record).toEqual(first.record);
    expect(DownloadRecordSchema.parse(first.record)).toEqual(first.record);
    expect(first.record).toMatchObject({
      nzoId: 'nzo_a',
      trackedNzoId: null,
      sourceApp: 'sonarr',
      item: { seriesId: 7, episodeIds: [70, 71], title: 'Show' },
      status: 'failed',
      attempts: 0,
      inDlq: false,
      qualitiesTried: [],
      releasesTried: [],
      metadata: { size: 123 },
      createdAt: NOW,
      updatedAt: NOW,
      recoveredAt: null,
    });
  });

  it('keeps a null item null and a movie item as a movie', () => {
    expect(store.insertFailureIfNew(failure('nzo_m', { item: null, sourceApp: 'manual' }), NOW).record.item).toBeNull();
    expect(store.insertFailureIfNew(failure('nzo_r', { item: { movieId: 9 }, sourceApp: 'radarr' }), NOW).record.item).toEqual({
      movieId: 9,
    });
  });

  it('get and findByAnyNzoId: the original id or the tracked replacement id find the same row', () => {
    store.insertFailureIfNew(failure('nzo_a'), NOW);
    store.update('nzo_a', { trackedNzoId: 'nzo_a_retry', status: 'awaiting_replacement' }, NOW + 1);
    expect(store.get('nzo_a_retry')).toBeNull();
    expect(store.findByAnyNzoId('nzo_a')?.nzoId).toBe('nzo_a');
    expect(store.findByAnyNzoId('nzo_a_retry')?.nzoId).toBe('nzo_a');
    expect(store.findByAnyNzoId('nzo_unknown')).toBeNull();
  });

  it('update patches only the given fields, stamps updated_at, and throws for an unknown download', () => {
    store.insertFailureIfNew(failure('nzo_a'), NOW);
    const r = store.update(
      'nzo_a',
      {
        status: 'retrying',
        attempts: 1,
        currentStrategy: 'quality_fallback',
        qualitiesTried: ['HDTV-1080p'],
        releasesTried: ['guid-1'],
        lastError: 'boom',
        metadata: { k: 'v' },
        item: { movieId: 3 },
        sourceApp: 'radarr',
        kind: 'encrypted',
        severity: 'critical',
        failMessage: 'new message',
        nextAttemptAt: null,
      },
      NOW + 10,
    );
    expect(r).toMatchObject({
      status: 'retrying',
      attempts: 1,
      currentStrategy: 'quality_fallback',
      qualitiesTried: ['HDTV-1080p'],
      releasesTried: ['guid-1'],
      lastError: 'boom',
      metadata: { k: 'v' },
      item: { movieId: 3 },
      sourceApp: 'radarr',
      kind: 'encrypted',
      severity: 'critical',
      failMessage: 'new message',
      nextAttemptAt: null,
      name: failure('nzo_a').name,
      updatedAt: NOW + 10,
      createdAt: NOW,
    });
    expect(store.get('nzo_a')).toEqual(r);
    expect(() => store.update('nzo_nope', { attempts: 1 }, NOW)).toThrow(DownloadNotFoundError);
  });

  it('startAttempt claims an attempt once (the unique index), also across a reopened database', () => {
    store.insertFailureIfNew(failure('nzo_a'), NOW);
    expect(store.startAttempt('nzo_a', attemptInput(1), NOW)).toBe(true);
    expect(store.startAttempt('nzo_a', attemptInput(1), NOW + 1)).toBe(false);
    // After a "crash": a fresh connection on the same file still sees the claim.
    const reopened = openDatabase({ file: tdb.file, migrationsFolder: MIGRATIONS_FOLDER });
    try {
      const again = new DownloadMonitoringRepository(reopened.db);
      expect(again.startAttempt('nzo_a', attemptInput(1), NOW + 2)).toBe(false);
      expect(again.startAttempt('nzo_a', attemptInput(2), NOW + 2)).toBe(true);
    } finally {
      reopened.close();
    }
    expect(store.attempts('nzo_a').map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'started'],
      [2, 'started'],
    ]);
    expect(() => store.startAttempt('nzo_nope', attemptInput(1), NOW)).toThrow(DownloadNotFoundError);
  });

  it('finishAttempt records the outcome; "waiting" leaves finished_at open', () => {
    store.insertFailureIfNew(failure('nzo_a'), NOW);
    store.startAttempt('nzo_a', attemptInput(1), NOW);
    store.finishAttempt('nzo_a', 1, { outcome: 'waiting', error: null, newNzoId: 'nzo_b', quality: 'HDTV-720p' }, NOW + 5);
    expect(store.attempts('nzo_a')[0]).toMatchObject({ outcome: 'waiting', finishedAt: null, newNzoId: 'nzo_b', quality: 'HDTV-720p' });
    store.finishAttempt('nzo_a', 1, { outcome: 'failed', error: 'gone' }, NOW + 9);
    expect(store.attempts('nzo_a')[0]).toMatchObject({ outcome: 'failed', finishedAt: NOW + 9, error: 'gone', newNzoId: 'nzo_b' });
    expect(() => store.finishAttempt('nzo_a', 2, { outcome: 'failed', error: 'x' }, NOW)).toThrow(/never started/);
  });

  it('dueRetries: due, not in the DLQ, still retryable, oldest first, limited', () => {
    store.insertFailureIfNew(failure('nzo_late', { nextAttemptAt: NOW + 1000 }), NOW);
    store.insertFailureIfNew(failure('nzo_second', { nextAttemptAt: NOW - 100 }), NOW);
    store.insertFailureIfNew(failure('nzo_first', { nextAttemptAt: NOW - 500 }), NOW);
    store.insertFailureIfNew(failure('nzo_third', { nextAttemptAt: NOW }), NOW);
    store.insertFailureIfNew(failure('nzo_dlq', { nextAttemptAt: NOW - 900 }), NOW);
    store.insertFailureIfNew(failure('nzo_ignored', { nextAttemptAt: NOW - 900, status: 'ignored' }), NOW);
    store.insertFailureIfNew(failure('nzo_none', { nextAttemptAt: null }), NOW);
    store.update('nzo_dlq', { status: 'dlq' }, NOW);
    expect(store.dueRetries(NOW, 10).map((r) => r.nzoId)).toEqual(['nzo_first', 'nzo_second', 'nzo_third']);
    expect(store.dueRetries(NOW, 2).map((r) => r.nzoId)).toEqual(['nzo_first', 'nzo_second']);
  });

  it('awaitingReplacement lists only rows waiting for a replacement job', () => {
    store.insertFailureIfNew(failure('nzo_a'), NOW);
    store.insertFailureIfNew(failure('nzo_b'), NOW);
    store.update('nzo_b', { status: 'awaiting_replacement', trackedNzoId: 'nzo_b2' }, NOW);
    expect(store.awaitingReplacement().map((r) => [r.nzoId, r.trackedNzoId])).toEqual([['nzo_b', 'nzo_b2']]);
  });

  it('moveToDlq, listDlq, listFailed (filters, paging, totals), dismiss', () => {
    for (let i = 0; i < 7; i++) {
      store.insertFailureIfNew(
        failure(`nzo_${i}`, { kind: i % 2 ? 'encrypted' : 'missing_articles', sourceApp: i < 4 ? 'sonarr' : 'radarr' }),
        NOW + i,
      );
    }
    const dlq = store.moveToDlq('nzo_1', 'exhausted every strategy', NOW + 50);
    expect(dlq).toMatchObject({ status: 'dlq', inDlq: true, dlqReason: 'exhausted every strategy', nextAttemptAt: null });
    store.moveToDlq('nzo_2', 'no alternative', NOW + 51);
    expect(store.listDlq({ limit: 1, offset: 0 })).toMatchObject({ total: 2, items: [{ nzoId: 'nzo_2' }] });

    const withoutDlq = store.listFailed({ includeDlq: false, limit: 3, offset: 0 });
    expect(withoutDlq.total).toBe(5);
    expect(withoutDlq.items.map((r) => r.nzoId)).toEqual(['nzo_6', 'nzo_5', 'nzo_4']);
    expect(store.listFailed({ includeDlq: false, limit: 3, offset: 3 }).items.map((r) => r.nzoId)).toEqual(['nzo_3', 'nzo_0']);
    expect(store.listFailed({ includeDlq: true, limit: 100, offset: 0 }).total).toBe(7);
    expect(store.listFailed({ includeDlq: true, limit: 100, offset: 0, kind: 'encrypted' }).total).toBe(3);
    expect(store.listFailed({ includeDlq: true, limit: 100, offset: 0, app: 'radarr', kind: 'encrypted' }).total).toBe(1);

    const dismissed = store.dismiss('nzo_1', NOW + 60);
    expect(dismissed).toMatchObject({ status: 'dismissed', inDlq: false });
    expect(store.listDlq({ limit: 10, offset: 0 }).total).toBe(1);
    expect(store.listFailed({ includeDlq: true, limit: 100, offset: 0 }).total).toBe(6);
    expect(() => store.moveToDlq('nzo_nope', 'x', NOW)).toThrow(DownloadNotFoundError);
  });

  it('counts per status; recovered only since the given time', () => {
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) store.insertFailureIfNew(failure(id), NOW);
    store.update('b', { status: 'retrying' }, NOW);
    store.update('c', { status: 'awaiting_replacement' }, NOW);
    store.moveToDlq('d', 'r', NOW);
    store.update('e', { status: 'recovered', recoveredAt: NOW - 10_000 }, NOW);
    store.update('f', { status: 'recovered', recoveredAt: NOW }, NOW);
    store.update('g', { status: 'ignored' }, NOW);
    expect(store.counts(NOW - 1)).toEqual({ failed: 1, retrying: 1, awaiting: 1, dlq: 1, recovered: 1, ignored: 1 });
    expect(store.counts(0).recovered).toBe(2);
  });
});
