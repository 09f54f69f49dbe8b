// bus.publish: events/s through the EventBus to 10 subscribers, with the
// history ring and handler-time stats on (the app's settings), against Node's
// EventEmitter.emit to 10 listeners. Both loops build a fresh payload per
// event, and both handlers do the same trivial work. publish is called the
// way a burst arrives (not awaited one by one; the last one is awaited).
import { EventEmitter } from 'node:events';
import { EventBus } from '../main/core/events/event-bus';
import { systemClock } from '../main/core/clock';
import type { EventPayloadMap } from '../shared/events';
import { result, type BenchResult } from './bench-result';
import { median } from './sample-stats';

const SUBSCRIBERS = 10;
const ROUNDS = 5;

type Polled = EventPayloadMap['queue.polled'];

function payload(i: number): Polled {
  return { queueCount: i & 7, historyCount: i, newFailures: 0, downloading: 1, paused: false, durationMs: 3, historyChanged: false };
}

async function busRate(events: number): Promise<{ rate: number; seen: number }> {
  const bus = new EventBus({ clock: systemClock, historySize: 1000 });
  let seen = 0;
  const patterns = ['queue.polled', 'queue.*', '*'] as const;
  for (let s = 0; s < SUBSCRIBERS; s++) {
    bus.subscribe(patterns[s % patterns.length]!, (e) => {
      seen += e.type === 'queue.polled' ? 1 : 0;
    });
  }
  const started = performance.now();
  let last: unknown;
  for (let i = 0; i < events; i++) last = bus.publish('queue.polled', payload(i));
  await last;
  const ms = performance.now() - started;
  // Reading the stats proves they were kept; a bus that skipped them would be measuring less.
  if (bus.stats().deliveries !== events * SUBSCRIBERS) throw new Error('bus lost deliveries');
  return { rate: events / (ms / 1000), seen };
}

function emitterRate(events: number): { rate: number; seen: number } {
  const emitter = new EventEmitter();
  let seen = 0;
  for (let s = 0; s < SUBSCRIBERS; s++) {
    emitter.on('queue.polled', (p: Polled) => {
      seen += p.downloading === 1 ? 1 : 0;
    });
  }
  const started = performance.now();
  for (let i = 0; i < events; i++) emitter.emit('queue.polled', payload(i));
  const ms = performance.now() - started;
  return { rate: events / (ms / 1000), seen };
}

export async function benchBusPublish(options: { busEvents: number }): Promise<BenchResult[]> {
  const n = options.busEvents;
  // Warm both paths up so the JIT has compiled them before timing.
  await busRate(Math.min(n, 20_000));
  emitterRate(Math.min(n, 20_000));
  const bus: number[] = [];
  const emitter: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const b = await busRate(n);
    const e = emitterRate(n);
    if (b.seen !== n * SUBSCRIBERS || e.seen !== n * SUBSCRIBERS) throw new Error('a subscriber missed events');
    bus.push(b.rate);
    emitter.push(e.rate);
  }
  const value = median(bus);
  const baseline = median(emitter);
  return [
    result({
      name: 'bus.publish',
      value: Math.round(value),
      unit: 'events/s',
      baseline: 'EventEmitter.emit, 10 listeners',
      baseline_value: Math.round(baseline),
      goal: 'ratio >= 0.5',
      met: value / baseline >= 0.5,
    }),
  ];
}
