// activity.persist: events/s from bus.publish to rows on disk through
// ActivityLogService (queue, batched transaction, daily rollup), against a raw
// better-sqlite3 prepared insert of the very same rows in one transaction
// into an identical fresh database (same table, same 8 indexes).
import { EventBus } from '../main/core/events/event-bus';
import { systemClock } from '../main/core/clock';
import { sequentialIds } from '../main/core/ids';
import { ActivityLogService } from '../main/core/activity/activity-log-service';
import { ActivityRepository } from '../main/core/activity/activity-repository';
import { PollLineSampler } from '../main/core/activity/poll-line-sampler';
import type { NewActivityEntry } from '../main/core/activity/activity-entry';
import { entryOf, sampleBusEvent } from './activity-entries';
import { openBenchDatabase } from './activity-database';
import { sampleEvent } from './sample-events';
import { result, type BenchResult } from './bench-result';

/** Events published between two yields to the event loop: a burst, as a busy poll produces. */
const BURST = 1_000;

async function serviceRate(dir: string, events: number): Promise<number> {
  const handle = openBenchDatabase(dir, 'persist-service.db');
  try {
    const bus = new EventBus({ clock: systemClock });
    // Every sample event is written, polls included: this row measures the write path, not the poll sampling.
    const service = new ActivityLogService({
      bus,
      repository: new ActivityRepository(handle.sqlite),
      clock: systemClock,
      pollLines: new PollLineSampler(0),
    });
    service.start();
    // start() runs retention on the empty table; let it finish before timing.
    await service.runRetention();
    const started = performance.now();
    for (let i = 0; i < events; i++) {
      const s = sampleEvent(i);
      void bus.publish(s.type, s.payload, { source: s.source, ...(s.correlationId ? { correlationId: s.correlationId } : {}) });
      if ((i + 1) % BURST === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    service.flush();
    const ms = performance.now() - started;
    const written = service.status().written;
    await service.stop();
    const rows = (handle.sqlite.prepare('SELECT COUNT(*) AS n FROM activity_log').get() as { n: number }).n;
    if (written !== events || rows !== events) throw new Error(`activity log wrote ${rows} of ${events} events`);
    return events / (ms / 1000);
  } finally {
    handle.close();
  }
}

function rawRate(dir: string, events: number): number {
  const handle = openBenchDatabase(dir, 'persist-raw.db');
  try {
    const newId = sequentialIds();
    const now = Date.now();
    const entries: NewActivityEntry[] = [];
    for (let i = 0; i < events; i++) entries.push(entryOf(sampleBusEvent(i, now + i, newId), i));
    // The same rows, ready to bind: the baseline is SQLite's insert cost alone.
    const rows = entries.map((e) => [
      e.timestamp, e.eventId, e.eventType, e.source, e.status, e.severity, e.message,
      e.downloadId, e.application, e.correlationId, e.causationId, JSON.stringify(e.context),
    ]);
    const insert = handle.sqlite.prepare(
      `INSERT INTO activity_log (timestamp, event_id, event_type, source, status, severity, message,
        download_id, application, correlation_id, causation_id, context) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertAll = handle.sqlite.transaction((all: unknown[][]) => {
      for (const r of all) insert.run(...r);
    });
    const started = performance.now();
    insertAll(rows);
    const ms = performance.now() - started;
    return events / (ms / 1000);
  } finally {
    handle.close();
  }
}

export async function benchActivityPersist(options: { persistEvents: number; dir: string }): Promise<BenchResult[]> {
  const n = options.persistEvents;
  const value = await serviceRate(options.dir, n);
  const baseline = rawRate(options.dir, n);
  return [
    result({
      name: 'activity.persist',
      value: Math.round(value),
      unit: 'events/s',
      baseline: 'raw prepared insert, one transaction',
      baseline_value: Math.round(baseline),
      goal: 'ratio >= 0.5',
      met: value / baseline >= 0.5,
    }),
  ];
}
