// ipc.storm: 1 000 events/s arrive on the bus for a few seconds; the
// EventBatcher (as wired to the window) pushes them in batches. Each batch is
// serialized and parsed, as IPC and the WebSocket do. Measured: events/s that
// reached the window, events lost (published but never received, or a gap in
// the batch sequence), and the largest single batch against the size cap.
import { systemClock } from '../main/core/clock';
import { EventBus } from '../main/core/events/event-bus';
import { DEFAULT_MAX_BATCH_SIZE, EventBatcher } from '../main/core/api/event-batcher';
import type { EventBatch } from '../shared/contract';
import { result, type BenchResult } from './bench-result';
import { sampleEvent } from './sample-events';

const TICK_MS = 10;

export async function benchIpcStorm(options: { stormRate: number; stormSeconds: number }): Promise<BenchResult[]> {
  const bus = new EventBus({ clock: systemClock });
  let received = 0;
  let maxBatch = 0;
  let lastSeq = 0;
  let gaps = 0;
  let resyncs = 0;
  let lastSendAt = 0;
  const batcher = new EventBatcher({
    clock: systemClock,
    send: (batch) => {
      const seen = JSON.parse(JSON.stringify(batch)) as EventBatch;
      if (seen.seq !== lastSeq + 1) gaps++;
      if (seen.resync) resyncs++;
      lastSeq = seen.seq;
      received += seen.events.length;
      maxBatch = Math.max(maxBatch, seen.events.length);
      lastSendAt = performance.now();
    },
  });
  bus.subscribe('*', (e) => batcher.push(e), { name: 'window-push' });

  const total = options.stormRate * options.stormSeconds;
  let published = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    // Publish what the rate says is due by now, so a late timer catches up rather than lowering the rate.
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * options.stormRate));
      for (; published < due; published++) {
        const s = sampleEvent(published);
        void bus.publish(s.type, s.payload, { source: s.source });
      }
      if (published >= total) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  // Let the last batch's timer fire on its own, as it would in the app.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const seconds = (lastSendAt - started) / 1000;
  batcher.stop();
  const lost = published - received + gaps;
  return [
    result({
      name: 'ipc.storm',
      value: Math.round(received / seconds),
      unit: 'events/s',
      baseline: null,
      baseline_value: null,
      goal: `no event lost (${options.stormRate}/s arriving)`,
      met: lost === 0 && resyncs === 0,
    }),
    result({ name: 'ipc.storm_lost', value: lost, unit: 'events', baseline: null, baseline_value: null, goal: '= 0', met: lost === 0 }),
    result({
      name: 'ipc.storm_max_batch',
      value: maxBatch,
      unit: 'events',
      baseline: null,
      baseline_value: null,
      goal: `<= ${DEFAULT_MAX_BATCH_SIZE} (size cap)`,
      met: maxBatch <= DEFAULT_MAX_BATCH_SIZE,
    }),
  ];
}
