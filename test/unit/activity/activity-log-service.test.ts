import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivityLogService } from '../../../main/core/activity/activity-log-service';
import { ActivityRepository } from '../../../main/core/activity/activity-repository';
import { PollLineSampler } from '../../../main/core/activity/poll-line-sampler';
import type { NewActivityEntry } from '../../../main/core/activity/activity-entry';
import { EventBus } from '../../../main/core/events/event-bus';
import type { EventPayloadMap } from '../../../shared/events';
import { FakeClock } from '../../support/fake-clock';
import { openTempDatabase, type TempDatabase } from './temp-database';
import { DAY, line } from './activity-fixtures';

const failedPayload: EventPayloadMap['download.failed'] = {
  nzoId: 'SABnzbd_nzo_1',
  name: 'Show.S01E01',
  category: 'tv',
  failMessage: 'Aborted, cannot be completed',
  kind: 'missing_articles',
  severity: 'high',
  retryable: true,
  explanation: 'x',
  sourceApp: 'sonarr',
  item: null,
  sizeBytes: 1,
};
const retryPayload = (nzoId = 'SABnzbd_nzo_1'): EventPayloadMap['download.retry_started'] => ({
  nzoId,
  name: 'Show.S01E01',
  attempt: 1,
  maxAttempts: 3,
  strategy: 'retry_download',
  manual: false,
  dryRun: false,
});
const polled: EventPayloadMap['queue.polled'] = {
  queueCount: 0,
  historyCount: 0,
  newFailures: 0,
  downloading: 0,
  paused: false,
  durationMs: 1,
  historyChanged: false,
};

let tdb: TempDatabase;
let clock: FakeClock;
let bus: EventBus;
let repo: ActivityRepository;
let services: ActivityLogService[];
beforeEach(() => {
  tdb = openTempDatabase();
  clock = new FakeClock();
  bus = new EventBus({ clock });
  repo = new ActivityRepository(tdb.sqlite);
  services = [];
});
afterEach(async () => {
  for (const s of services) await s.stop();
  tdb.dispose();
});

function makeService(options: Partial<ConstructorParameters<typeof ActivityLogService>[0]> = {}): ActivityLogService {
  // Polls stand in for any event in these tests: every one is written (the hourly sampling has its own tests).
  const s = new ActivityLogService({ bus, repository: repo, clock, flushDelayMs: 100, onError: () => {}, pollLines: new PollLineSampler(0), ...options });
  services.push(s);
  return s;
}
const rows = (): number => (tdb.sqlite.prepare('SELECT COUNT(*) AS n FROM activity_log').get() as { n: number }).n;
const nextMacrotask = () => new Promise<void>((r) => setImmediate(r));

describe('ActivityLogService', () => {
  it('persists every published event with its ids, payload and table description after the short timer', async () => {
    const service = makeService();
    service.start();
    const failed = await bus.publish('download.failed', failedPayload, { source: 'poller' });
    const retry = await bus.publishCausedBy(failed, 'download.retry_started', retryPayload(), { source: 'recovery' });
    // Failures included: everything waits for the one batch (the announcer waits with afterWritten).
    expect(rows()).toBe(0);
    expect(service.status().pending).toBe(2);
    clock.advance(99);
    expect(rows()).toBe(0);
    clock.advance(1);
    expect(rows()).toBe(2);

    const timeline = service.correlationTimeline(failed.correlationId);
    expect(timeline.map((e) => [e.eventId, e.causationId])).toEqual([
      [failed.id, null],
      [retry.id, failed.id],
    ]);
    expect(timeline[1]).toMatchObject({
      eventType: 'download.retry_started',
      source: 'recovery',
      status: 'in_progress',
      severity: 'low',
      downloadId: 'SABnzbd_nzo_1',
      application: 'sonarr', // learned from the download.failed line
      correlationId: failed.correlationId,
      timestamp: clock.now() - 100,
      context: retryPayload(),
    });
    expect(timeline[0]).toMatchObject({ status: 'failed', severity: 'high', application: 'sonarr', context: failedPayload });
  });

  it('never blocks publish: a slow disk does not slow the publisher', async () => {
    const slowRepo = new ActivityRepository(tdb.sqlite);
    const insertMany = slowRepo.insertMany.bind(slowRepo);
    slowRepo.insertMany = (entries: readonly NewActivityEntry[]) => {
      const until = performance.now() + 150;
      while (performance.now() < until) {
        /* a disk that takes 150 ms per write */
      }
      return insertMany(entries);
    };
    const service = makeService({ repository: slowRepo });
    service.start();
    const t = performance.now();
    for (let i = 0; i < 200; i++) await bus.publish('queue.polled', polled);
    const publishMs = performance.now() - t;
    expect(publishMs).toBeLessThan(100);
    expect(rows()).toBe(0);
    expect(service.flush()).toBe(200);
    expect(rows()).toBe(200);
  });

  it('writes early, outside publish, when the queue reaches its size cap', async () => {
    const service = makeService({ maxBatch: 10 });
    service.start();
    for (let i = 0; i < 10; i++) await bus.publish('queue.polled', polled);
    expect(rows()).toBe(0);
    await nextMacrotask();
    expect(rows()).toBe(10);
    expect(service.status()).toMatchObject({ pending: 0, written: 10 });
  });

  it('fills the application from applicationOf when the payload does not name one', async () => {
    const service = makeService({ applicationOf: (id) => (id === 'nzo_known' ? 'radarr' : null) });
    service.start();
    await bus.publish('download.retry_started', retryPayload('nzo_known'));
    await bus.publish('download.retry_started', retryPayload('nzo_unknown'));
    expect(service.downloadTimeline('nzo_known')[0]?.application).toBe('radarr');
    expect(service.downloadTimeline('nzo_unknown')[0]?.application).toBeNull();
  });

  it('queries see queued events (they flush first); stats and query pass through', async () => {
    const service = makeService();
    service.start();
    await bus.publish('download.failed', failedPayload);
    await bus.publish('queue.polled', polled);
    expect(service.query({ status: 'failed' })).toMatchObject({ total: 1, items: [{ eventType: 'download.failed' }] });
    expect(service.stats().byType).toEqual({ 'download.failed': 1, 'queue.polled': 1 });
  });

  it('stop() writes what is queued and unsubscribes', async () => {
    const service = makeService();
    service.start();
    await bus.publish('queue.polled', polled);
    await service.stop();
    expect(rows()).toBe(1);
    await bus.publish('queue.polled', polled);
    clock.advance(1000);
    expect(rows()).toBe(1);
    expect(clock.pending()).toBe(0);
  });

  it('keeps the batch when a write fails and writes it on the next try', async () => {
    const errors: string[] = [];
    const flaky = new ActivityRepository(tdb.sqlite);
    const real = flaky.insertMany.bind(flaky);
    let fail = true;
    flaky.insertMany = (entries) => {
      if (fail) {
        fail = false;
        throw new Error('SQLITE_FULL');
      }
      return real(entries);
    };
    const service = makeService({ repository: flaky, onError: (e, during) => errors.push(`${during}: ${(e as Error).message}`) });
    service.start();
    await bus.publish('queue.polled', polled);
    clock.advance(100);
    expect(errors).toEqual(['flush: SQLITE_FULL']);
    expect(rows()).toBe(0);
    clock.advance(100);
    expect(rows()).toBe(1);
  });

  it('afterWritten runs once the line is committed, in the flush that writes it, and at once for a written line', async () => {
    const service = makeService();
    service.start();
    const failed = await bus.publish('download.failed', failedPayload, { source: 'poller' });
    const seen: string[] = [];
    service.afterWritten(failed.id, (written) => seen.push(`after commit (${written}): ${rows()} row(s)`));
    service.afterWritten(failed.id, () => seen.push('second waiter'));
    expect(seen).toEqual([]);
    clock.advance(100);
    expect(seen).toEqual(['after commit (true): 1 row(s)', 'second waiter']);
    service.afterWritten(failed.id, () => seen.push('already written'));
    expect(seen).toHaveLength(3);
    expect(seen[2]).toBe('already written');
    // Each waiter ran once: a later flush does not run them again.
    await bus.publish('queue.polled', polled);
    clock.advance(100);
    expect(seen).toHaveLength(3);
  });

  it('afterWritten waits through failed writes and runs when the retry commits; a throwing step does not break the flush', async () => {
    const flaky = new ActivityRepository(tdb.sqlite);
    const real = flaky.insertMany.bind(flaky);
    let failures = 2;
    flaky.insertMany = (entries) => {
      if (failures-- > 0) throw new Error('SQLITE_FULL');
      return real(entries);
    };
    const service = makeService({ repository: flaky });
    service.start();
    const failed = await bus.publish('download.failed', failedPayload, { source: 'poller' });
    const seen: number[] = [];
    const quiet = console.error;
    console.error = () => {};
    try {
      service.afterWritten(failed.id, () => {
        throw new Error('mark failed');
      });
      service.afterWritten(failed.id, () => seen.push(rows()));
      clock.advance(100);
      clock.advance(100);
      expect(seen).toEqual([]);
      clock.advance(100);
      expect(seen).toEqual([1]);
      expect(service.status()).toMatchObject({ written: 1, pending: 0 });
    } finally {
      console.error = quiet;
    }
  });

  it('afterWritten hears "not written" for a line dropped when the disk stays full', async () => {
    const broken = new ActivityRepository(tdb.sqlite);
    broken.insertMany = () => {
      throw new Error('SQLITE_FULL');
    };
    const service = makeService({ repository: broken, maxPending: 2 });
    service.start();
    const failed = await bus.publish('download.failed', failedPayload, { source: 'poller' });
    const heard: boolean[] = [];
    service.afterWritten(failed.id, (written) => heard.push(written));
    await bus.publish('queue.polled', polled);
    await bus.publish('queue.polled', polled);
    clock.advance(100);
    expect(service.status()).toMatchObject({ pending: 2, dropped: 1 });
    expect(heard).toEqual([false]);
    broken.insertMany = (entries) => repo.insertMany(entries);
    clock.advance(100);
    expect(rows()).toBe(2);
    expect(heard).toEqual([false]);
  });

  it('writes a quiet poll once an hour and every poll that found failures (the bus still carries each)', async () => {
    const service = makeService({ pollLines: new PollLineSampler() });
    service.start();
    for (let i = 0; i < 45; i++) {
      await bus.publish('queue.polled', { ...polled, newFailures: i === 10 ? 1 : 0 }, { source: 'poller' });
      clock.advance(120_000);
    }
    service.flush();
    const kinds = tdb.sqlite
      .prepare("SELECT json_extract(context, '$.newFailures') AS f FROM activity_log WHERE event_type = 'queue.polled' ORDER BY id")
      .all() as { f: number }[];
    // 0 min, the failure at 20 min, then 60 min after it (80 min): 3 of 45 polls over 88 minutes.
    expect(kinds.map((k) => k.f)).toEqual([0, 1, 0]);
  });

  it('retention at start and then daily deletes only old lines, chunk by chunk, yielding between chunks', async () => {
    const now = clock.now();
    repo.insertMany([
      ...Array.from({ length: 10 }, (_, i) => line({ timestamp: now - 91 * DAY + i })),
      ...Array.from({ length: 4 }, (_, i) => line({ timestamp: now - 89 * DAY + i, eventId: `young-${i}` })),
    ]);
    const chunks: number[] = [];
    const order: string[] = [];
    const spied = new ActivityRepository(tdb.sqlite);
    const realChunk = spied.deleteOlderThanChunk.bind(spied);
    spied.deleteOlderThanChunk = (cutoff, size) => {
      const n = realChunk(cutoff, size);
      chunks.push(n);
      order.push('chunk');
      return n;
    };
    const service = makeService({ repository: spied, retentionDays: 90, deleteChunkSize: 3 });
    service.start();
    // Work queued by someone else (the poller) gets its turn between chunks.
    setImmediate(() => order.push('poll'));
    while (!service.status().lastRetention) await nextMacrotask();
    expect(service.status().lastRetention?.deleted).toBe(10);
    expect(chunks).toEqual([3, 3, 3, 1]);
    expect(order.indexOf('poll')).toBeGreaterThan(0);
    expect(order.indexOf('poll')).toBeLessThan(order.lastIndexOf('chunk'));
    expect(rows()).toBe(4);
    expect(service.status().lastRetention).toEqual({ at: now, deleted: 10 });

    // A day later the 89-day-old lines are 90 days old and one more day past the cutoff.
    clock.advance(2 * DAY);
    await service.runRetention();
    expect(rows()).toBe(0);
  });

  it('setRetentionDays changes the cutoff used by the next run', async () => {
    const now = clock.now();
    repo.insertMany([line({ timestamp: now - 10 * DAY }), line({ timestamp: now - 2 * DAY })]);
    const service = makeService({ retentionDays: 90 });
    service.start();
    expect(await service.runRetention()).toBe(0);
    service.setRetentionDays(5);
    expect(await service.runRetention()).toBe(1);
    expect(rows()).toBe(1);
  });
});
