// @vitest-environment jsdom
import { QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { CallName, DownloadPage, EventBatch, In, LiveEventData, MonitoringStatus } from '../../../shared/contract';
import { contractQueryOptions } from '../../../renderer/data/contract-query';
import { createWindowState, type WindowState } from '../../../renderer/window-state';
import { activityEntry, createFakeApi, settle, T0, type FakeApi } from './fake-contract-api';

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

/** A view showing a call: the query is fetched and stays active (observed), as when it is on screen. */
async function show<K extends CallName>(w: WindowState, call: K, input: In<K>) {
  const observer = new QueryObserver(w.queryClient, contractQueryOptions(w.api, call, input));
  const unsubscribe = observer.subscribe(() => {});
  await settle();
  return unsubscribe;
}

const FIRST_PAGE = { limit: 50, offset: 0, excludeDlq: false } as const;
const failedPage = (w: WindowState, input: In<'downloads.failed'> = FIRST_PAGE) => w.queryClient.getQueryData<DownloadPage>(['downloads.failed', input]);

function setup(fake: FakeApi = createFakeApi(), schedule = manualScheduler()) {
  return { fake, sched: schedule, w: createWindowState(fake.api, null, { schedule: schedule.schedule }) };
}

describe('window store and query cache', () => {
  it('applies a whole pushed batch to every cached list with one store update and one scheduled reconcile', async () => {
    const { w, sched } = setup();
    await show(w, 'downloads.failed', FIRST_PAGE);
    await show(w, 'monitoring.status', {});
    let sets = 0;
    const unsub = w.store.subscribe(() => sets++);
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
    w.store.getState().applyBatch(batch);
    unsub();
    expect(sets).toBe(1);
    const page = failedPage(w);
    expect(page?.items[0]?.nzoId).toBe('nzo_new');
    expect(page?.total).toBe(4);
    expect(page?.items.find((r) => r.nzoId === 'nzo_a')).toMatchObject({ status: 'retrying', attempts: 1, currentStrategy: 'retry_download' });
    expect(w.queryClient.getQueryData<MonitoringStatus>(['monitoring.status', {}])?.lastPollAt).toBe(T0 + 5000);
    expect(w.store.getState().live).toMatchObject({ lastSeq: 1, received: 3, resyncs: 0 });
    // A quiet reconcile is scheduled, not run inside the batch.
    expect(sched.queued).toHaveLength(1);
  });

  it('a new failure appears on the first page only, never on page 2', async () => {
    const { w } = setup();
    const second = { ...FIRST_PAGE, offset: 50 };
    await show(w, 'downloads.failed', FIRST_PAGE);
    await show(w, 'downloads.failed', second);
    w.store.getState().applyBatch({ type: 'batch', seq: 1, resync: false, events: [liveEvent('download.failed', failedPayload('nzo_new'))] });
    expect(failedPage(w)?.items[0]?.nzoId).toBe('nzo_new');
    expect(failedPage(w, second)?.items).toEqual([]);
  });

  it('refetches the lists on screen on a sequence gap or a resync flag, not on the next batch in order', async () => {
    const { w, fake } = setup();
    await show(w, 'downloads.dlq', { limit: 50, offset: 0 });
    expect(fake.callsTo('downloads.dlq')).toHaveLength(1);

    w.store.getState().applyBatch({ type: 'batch', seq: 1, resync: false, events: [] });
    w.store.getState().applyBatch({ type: 'batch', seq: 2, resync: false, events: [] });
    await settle();
    expect(fake.callsTo('downloads.dlq')).toHaveLength(1);

    w.store.getState().applyBatch({ type: 'batch', seq: 4, resync: false, events: [] });
    await settle();
    expect(fake.callsTo('downloads.dlq')).toHaveLength(2);
    expect(w.store.getState().live.resyncs).toBe(1);

    w.store.getState().applyBatch({ type: 'batch', seq: 5, resync: true, events: [] });
    await settle();
    expect(fake.callsTo('downloads.dlq')).toHaveLength(3);
    expect(w.store.getState().live.resyncs).toBe(2);
  });

  it('moves a download to the inbox live and drops it from a failures list that excludes needs-attention rows', async () => {
    const { w } = setup();
    const excluding = { ...FIRST_PAGE, excludeDlq: true };
    await show(w, 'downloads.failed', excluding);
    await show(w, 'downloads.dlq', { limit: 50, offset: 0 });
    expect(failedPage(w, excluding)?.items.map((r) => r.nzoId)).toEqual(['nzo_a', 'nzo_b']);
    w.store.getState().applyBatch({
      type: 'batch',
      seq: 1,
      resync: false,
      events: [liveEvent('download.moved_to_dlq', { nzoId: 'nzo_b', name: 'b', reason: 'No release left', attempts: 3, strategiesTried: ['retry_download'] })],
    });
    expect(failedPage(w, excluding)?.items.map((r) => r.nzoId)).toEqual(['nzo_a']);
    expect(w.queryClient.getQueryData<DownloadPage>(['downloads.dlq', { limit: 50, offset: 0 }])?.items[0]).toMatchObject({
      nzoId: 'nzo_b',
      status: 'dlq',
      dlqReason: 'No release left',
    });
  });

  it('retry calls the api, shows the attempt starting and updates the cached row; an error is kept for the row', async () => {
    const { w, fake } = setup();
    await show(w, 'downloads.failed', FIRST_PAGE);
    await w.store.getState().retry('nzo_a');
    expect(fake.callsTo('downloads.retry')).toEqual([{ nzoId: 'nzo_a' }]);
    expect(w.store.getState().rowActions.nzo_a).toMatchObject({ state: 'done' });
    expect(w.store.getState().rowActions.nzo_a?.message).toContain('Attempt 1 of 3 starting');
    expect(failedPage(w)?.items.find((r) => r.nzoId === 'nzo_a')?.status).toBe('retrying');

    fake.failWith('downloads.retry', { code: 'conflict', message: 'nzo_b is already being recovered' });
    await w.store.getState().retry('nzo_b');
    expect(w.store.getState().rowActions.nzo_b).toEqual({ kind: 'retry', state: 'error', message: 'nzo_b is already being recovered' });
  });

  it('dismiss removes the row from the cached inbox', async () => {
    const { w, fake } = setup();
    await show(w, 'downloads.dlq', { limit: 50, offset: 0 });
    await w.store.getState().dismiss('nzo_dead');
    expect(w.queryClient.getQueryData(['downloads.dlq', { limit: 50, offset: 0 }])).toEqual({ items: [], total: 0 });
    expect(fake.callsTo('downloads.dismiss')).toEqual([{ nzoId: 'nzo_dead' }]);
  });

  it('Retry all calls downloads.retryAll once, keeps its message and refetches the lists', async () => {
    const { w, fake } = setup();
    await show(w, 'downloads.failed', FIRST_PAGE);
    await w.store.getState().retryAllFailed();
    await settle();
    expect(fake.callsTo('downloads.retryAll')).toHaveLength(1);
    expect(fake.callsTo('downloads.retry')).toHaveLength(0);
    expect(w.store.getState().retryAll).toEqual({ state: 'done', message: 'Started 2 attempts' });
    expect(fake.callsTo('downloads.failed')).toHaveLength(2);
    expect(failedPage(w)?.items.filter((r) => r.status === 'retrying')).toHaveLength(2);
  });

  it('remembers that the core is unreachable until a call succeeds again', async () => {
    const { w, fake } = setup();
    fake.failWith('*', { code: 'unavailable', message: 'Cannot reach autoarr-tray: connection refused' });
    await w.queryClient.fetchQuery(contractQueryOptions(w.api, 'monitoring.status', {})).catch(() => undefined);
    expect(w.store.getState().coreError?.code).toBe('unavailable');
    fake.failWith('*', null);
    await w.queryClient.fetchQuery({ ...contractQueryOptions(w.api, 'monitoring.status', {}), staleTime: 0 });
    expect(w.store.getState().coreError).toBeNull();
  });

  it('test connection reports the core message for a wrong key and app + version when it works', async () => {
    const { w, fake } = setup();
    await w.store.getState().testConnection('sabnzbd', 'http://127.0.0.1:8080', 'nope');
    expect(w.store.getState().connectionTests.sabnzbd).toEqual({ state: 'error', message: 'SABnzbd refused the API key: API Key Incorrect' });
    expect(fake.callsTo('settings.testConnection')).toEqual([{ service: 'sabnzbd', url: 'http://127.0.0.1:8080', apiKey: 'nope' }]);
    await w.store.getState().testConnection('sonarr', '', 'good-key');
    expect(w.store.getState().connectionTests.sonarr?.message).toBe('Connected to Sonarr 3.7.1 (4 ms)');
  });

  it('loads activity pages for the rows in view only, and drops answers for an old filter', async () => {
    const activity = Array.from({ length: 1000 }, (_, i) => activityEntry(i + 1));
    const fake = createFakeApi({ activity });
    const w = createWindowState(fake.api, null, { activityPageSize: 100, schedule: () => {} });
    w.store.getState().setActivityFilter({});
    await settle();
    expect(w.store.getState().activity.total).toBe(1000);
    w.store.getState().ensureActivityRows(250, 320);
    await settle();
    expect(Object.keys(w.store.getState().activity.pages).sort()).toEqual(['1', '3', '4']);
    expect(fake.callsTo('activity.query').map((q) => (q as { page: number }).page)).toEqual([1, 3, 4]);

    w.store.getState().ensureActivityRows(500, 510); // page 6 in flight…
    w.store.getState().setActivityFilter({ source: 'poller' }); // …when the filter changes
    await settle();
    const a = w.store.getState().activity;
    expect(a.total).toBe(500);
    expect(Object.keys(a.pages)).toEqual(['1']);
    expect(a.pages[1]?.every((e) => e.source === 'poller')).toBe(true);
  });

  it('fetchAllActivity pages through everything the filter matches', async () => {
    const activity = Array.from({ length: 1234 }, (_, i) => activityEntry(i + 1));
    const { w } = setup(createFakeApi({ activity }));
    w.store.getState().setActivityFilter({ application: 'sonarr' });
    const r = await w.store.getState().fetchAllActivity();
    expect(r.ok && r.value.length).toBe(617);
    expect(r.ok && r.value.every((e) => e.application === 'sonarr')).toBe(true);
  });

  it('builds a provisional row from a live failure using the configured max attempts', async () => {
    const fake = createFakeApi({ failed: [], dlq: [] });
    fake.data.settings.settings.monitoring.maxRetries = 5;
    const { w } = setup(fake);
    await show(w, 'downloads.failed', FIRST_PAGE);
    await show(w, 'settings.get', {});
    w.store.getState().applyBatch({ type: 'batch', seq: 1, resync: false, events: [liveEvent('download.failed', failedPayload('nzo_z'))] });
    expect(failedPage(w)?.items).toEqual([
      expect.objectContaining({ nzoId: 'nzo_z', name: 'Live.nzo_z', status: 'failed', maxAttempts: 5, correlationId: 'corr-x' }),
    ]);
    // The same failure pushed twice (e.g. replayed) is not listed twice.
    w.store.getState().applyBatch({ type: 'batch', seq: 2, resync: false, events: [liveEvent('download.failed', failedPayload('nzo_z'))] });
    expect(failedPage(w)?.items).toHaveLength(1);
  });

  it('ignores a live failure that the list filter hides', async () => {
    const { w } = setup();
    const radarrOnly = { ...FIRST_PAGE, app: 'radarr' as const };
    await show(w, 'downloads.failed', radarrOnly);
    w.store.getState().applyBatch({ type: 'batch', seq: 1, resync: false, events: [liveEvent('download.failed', failedPayload('nzo_tv'))] });
    expect(failedPage(w, radarrOnly)?.items.map((r) => r.nzoId)).toEqual(['nzo_b']);
  });
});
