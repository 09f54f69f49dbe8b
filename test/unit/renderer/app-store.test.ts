// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { EventBatch, LiveEventData } from '../../../shared/contract';
import { createAppStore } from '../../../renderer/store/app-store';
import { activityEntry, createFakeApi, settle, T0 } from './fake-contract-api';

function liveEvent(type: LiveEventData['event_type'], payload: unknown, id = `${type}-${Math.random()}`): LiveEventData {
  return {
    event_id: id,
    event_type: type,
    payload,
    source: 'test',
    correlation_id: 'corr-x',
    causation_id: null,
    timestamp: T0 / 1000 + 5,
    timestamp_iso: new Date(T0 + 5000).toISOString(),
  };
}

const failedPayload = (nzoId: string) => ({
  nzoId,
  name: `Live.${nzoId}`,
  category: 'tv',
  failMessage: 'Aborted, cannot be completed',
  kind: 'missing_articles' as const,
  severity: 'high' as const,
  retryable: true,
  explanation: 'Articles are missing on the server',
  sourceApp: 'sonarr' as const,
  item: null,
  sizeBytes: null,
});

function manualScheduler() {
  const queued: (() => void)[] = [];
  return { schedule: (fn: () => void) => void queued.push(fn), run: () => queued.splice(0).forEach((f) => f()), queued };
}

describe('app store', () => {
  it('loads the visible view and keeps ready data', async () => {
    const fake = createFakeApi();
    const store = createAppStore(fake.api);
    store.getState().navigate({ view: 'failures' });
    await settle();
    const s = store.getState();
    expect(s.failed.status).toBe('ready');
    expect(s.failed.data?.items.map((r) => r.nzoId)).toEqual(['nzo_a', 'nzo_b', 'nzo_dead']);
    expect(s.monitoring.data?.counts.dlq).toBe(1);
    expect(fake.callsTo('downloads.failed')).toHaveLength(1);
  });

  it('applies a whole pushed batch with exactly one set', async () => {
    const fake = createFakeApi();
    const sched = manualScheduler();
    const store = createAppStore(fake.api, { schedule: sched.schedule });
    store.getState().navigate({ view: 'failures' });
    await settle();
    let sets = 0;
    const unsub = store.subscribe(() => sets++);
    const batch: EventBatch = {
      type: 'batch',
      seq: 1,
      resync: false,
      events: [
        liveEvent('download.failed', failedPayload('nzo_new')),
        liveEvent('download.retry_started', { nzoId: 'nzo_a', name: 'x', attempt: 1, maxAttempts: 3, strategy: 'retry_download', manual: false, dryRun: false }),
        liveEvent('queue.polled', { queueCount: 1, historyCount: 2, newFailures: 1, downloading: 0, paused: false, durationMs: 5, historyChanged: true }),
      ],
    };
    store.getState().applyBatch(batch);
    unsub();
    expect(sets).toBe(1);
    const s = store.getState();
    expect(s.failed.data?.items[0]?.nzoId).toBe('nzo_new');
    expect(s.failed.data?.total).toBe(4);
    expect(s.failed.data?.items.find((r) => r.nzoId === 'nzo_a')).toMatchObject({ status: 'retrying', attempts: 1, currentStrategy: 'retry_download' });
    expect(s.monitoring.data?.lastPollAt).toBe(T0 + 5000);
    expect(s.live).toMatchObject({ lastSeq: 1, received: 3, resyncs: 0 });
    // A quiet reconcile is scheduled, not run inside the batch.
    expect(sched.queued).toHaveLength(1);
  });

  it('refetches the visible view on a sequence gap or a resync flag, not on the next batch in order', async () => {
    const fake = createFakeApi();
    const sched = manualScheduler();
    const store = createAppStore(fake.api, { schedule: sched.schedule });
    store.getState().navigate({ view: 'attention' });
    await settle();
    expect(fake.callsTo('downloads.dlq')).toHaveLength(1);

    store.getState().applyBatch({ type: 'batch', seq: 1, resync: false, events: [] });
    store.getState().applyBatch({ type: 'batch', seq: 2, resync: false, events: [] });
    await settle();
    expect(fake.callsTo('downloads.dlq')).toHaveLength(1);

    store.getState().applyBatch({ type: 'batch', seq: 4, resync: false, events: [] });
    await settle();
    expect(fake.callsTo('downloads.dlq')).toHaveLength(2);
    expect(store.getState().live.resyncs).toBe(1);

    store.getState().applyBatch({ type: 'batch', seq: 5, resync: true, events: [] });
    await settle();
    expect(fake.callsTo('downloads.dlq')).toHaveLength(3);
    expect(store.getState().live.resyncs).toBe(2);
  });

  it('moves a download to the inbox live and drops it from the failures list when DLQ rows are excluded', async () => {
    const fake = createFakeApi();
    const store = createAppStore(fake.api, { schedule: () => {} });
    store.getState().setFailedFilter({ excludeDlq: true });
    await store.getState().loadDlq();
    await settle();
    expect(store.getState().failed.data?.items.map((r) => r.nzoId)).toEqual(['nzo_a', 'nzo_b']);
    store.getState().applyBatch({
      type: 'batch',
      seq: 1,
      resync: false,
      events: [liveEvent('download.moved_to_dlq', { nzoId: 'nzo_b', name: 'b', reason: 'No release left', attempts: 3, strategiesTried: ['retry_download'] })],
    });
    const s = store.getState();
    expect(s.failed.data?.items.map((r) => r.nzoId)).toEqual(['nzo_a']);
    expect(s.dlq.data?.items[0]).toMatchObject({ nzoId: 'nzo_b', status: 'dlq', dlqReason: 'No release left' });
  });

  it('retry calls the api and shows the attempt starting; an error is kept for the row', async () => {
    const fake = createFakeApi();
    const store = createAppStore(fake.api, { schedule: () => {} });
    await store.getState().loadFailed();
    await store.getState().retry('nzo_a');
    expect(fake.callsTo('downloads.retry')).toEqual([{ nzoId: 'nzo_a' }]);
    expect(store.getState().rowActions.nzo_a).toMatchObject({ state: 'done' });
    expect(store.getState().rowActions.nzo_a?.message).toContain('Attempt 1 of 3 starting');
    expect(store.getState().failed.data?.items.find((r) => r.nzoId === 'nzo_a')?.status).toBe('retrying');

    fake.failWith('downloads.retry', { code: 'conflict', message: 'nzo_b is already being recovered' });
    await store.getState().retry('nzo_b');
    expect(store.getState().rowActions.nzo_b).toEqual({ kind: 'retry', state: 'error', message: 'nzo_b is already being recovered' });
  });

  it('dismiss removes the row from the inbox', async () => {
    const fake = createFakeApi();
    const store = createAppStore(fake.api);
    await store.getState().loadDlq();
    await store.getState().dismiss('nzo_dead');
    expect(store.getState().dlq.data).toEqual({ items: [], total: 0 });
    expect(fake.callsTo('downloads.dismiss')).toEqual([{ nzoId: 'nzo_dead' }]);
  });

  it('pause / resume / poll now replace the monitoring status', async () => {
    const fake = createFakeApi();
    const store = createAppStore(fake.api);
    await store.getState().pause();
    expect(store.getState().monitoring.data?.paused).toBe(true);
    await store.getState().resume();
    expect(store.getState().monitoring.data?.paused).toBe(false);
    await store.getState().pollNow();
    expect(store.getState().monitoring.data?.lastPollAt).toBe(T0 + 1000);
    expect(store.getState().monitoringAction).toEqual({ pending: null, error: null });
  });

  it('remembers that the core is unreachable until a call succeeds again', async () => {
    const fake = createFakeApi();
    const store = createAppStore(fake.api);
    fake.failWith('*', { code: 'unavailable', message: 'Cannot reach autoarr-tray: connection refused' });
    await store.getState().loadMonitoring();
    expect(store.getState().coreError?.code).toBe('unavailable');
    expect(store.getState().monitoring.status).toBe('error');
    fake.failWith('*', null);
    await store.getState().loadMonitoring();
    expect(store.getState().coreError).toBeNull();
    expect(store.getState().monitoring.status).toBe('ready');
  });

  it('test connection reports the core message for a wrong key and app + version when it works', async () => {
    const fake = createFakeApi();
    const store = createAppStore(fake.api);
    await store.getState().testConnection('sabnzbd', 'http://127.0.0.1:8080', 'nope');
    expect(store.getState().connectionTests.sabnzbd).toEqual({ state: 'error', message: 'SABnzbd refused the API key: API Key Incorrect' });
    expect(fake.callsTo('settings.testConnection')).toEqual([{ service: 'sabnzbd', url: 'http://127.0.0.1:8080', apiKey: 'nope' }]);
    await store.getState().testConnection('sonarr', '', 'good-key');
    expect(store.getState().connectionTests.sonarr?.message).toBe('Connected to Sonarr 3.7.1 (4 ms)');
  });

  it('loads activity pages for the rows in view only, and drops answers for an old filter', async () => {
    const activity = Array.from({ length: 1000 }, (_, i) => activityEntry(i + 1));
    const fake = createFakeApi({ activity });
    const store = createAppStore(fake.api, { activityPageSize: 100 });
    store.getState().setActivityFilter({});
    await settle();
    expect(store.getState().activity.total).toBe(1000);
    store.getState().ensureActivityRows(250, 320);
    await settle();
    expect(Object.keys(store.getState().activity.pages).sort()).toEqual(['1', '3', '4']);
    expect(fake.callsTo('activity.query').map((q) => (q as { page: number }).page)).toEqual([1, 3, 4]);

    store.getState().ensureActivityRows(500, 510); // page 6 in flight…
    store.getState().setActivityFilter({ source: 'poller' }); // …when the filter changes
    await settle();
    const a = store.getState().activity;
    expect(a.total).toBe(500);
    expect(Object.keys(a.pages)).toEqual(['1']);
    expect(a.pages[1]?.every((e) => e.source === 'poller')).toBe(true);
  });

  it('fetchAllActivity pages through everything the filter matches', async () => {
    const activity = Array.from({ length: 1234 }, (_, i) => activityEntry(i + 1));
    const fake = createFakeApi({ activity });
    const store = createAppStore(fake.api);
    store.getState().setActivityFilter({ application: 'sonarr' });
    const r = await store.getState().fetchAllActivity();
    expect(r.ok && r.value.length).toBe(617);
    expect(r.ok && r.value.every((e) => e.application === 'sonarr')).toBe(true);
  });

  it('builds a provisional row from a live failure using the configured max attempts', async () => {
    const fake = createFakeApi({ failed: [], dlq: [] });
    fake.data.settings.settings.monitoring.maxRetries = 5;
    const store = createAppStore(fake.api, { schedule: () => {} });
    await Promise.all([store.getState().loadFailed(), store.getState().loadSettings()]);
    store.getState().applyBatch({ type: 'batch', seq: 1, resync: false, events: [liveEvent('download.failed', failedPayload('nzo_z'))] });
    expect(store.getState().failed.data?.items).toEqual([
      expect.objectContaining({ nzoId: 'nzo_z', name: 'Live.nzo_z', status: 'failed', maxAttempts: 5, correlationId: 'corr-x' }),
    ]);
    // The same failure pushed twice (e.g. replayed) is not listed twice.
    store.getState().applyBatch({ type: 'batch', seq: 2, resync: false, events: [liveEvent('download.failed', failedPayload('nzo_z'))] });
    expect(store.getState().failed.data?.items).toHaveLength(1);
  });

  it('ignores a live failure that the current filter hides', async () => {
    const fake = createFakeApi();
    const store = createAppStore(fake.api, { schedule: () => {} });
    store.getState().setFailedFilter({ app: 'radarr' });
    await settle();
    store.getState().applyBatch({ type: 'batch', seq: 1, resync: false, events: [liveEvent('download.failed', failedPayload('nzo_tv'))] });
    expect(store.getState().failed.data?.items.map((r) => r.nzoId)).toEqual(['nzo_b']);
  });
});
