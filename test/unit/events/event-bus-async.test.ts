import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../main/core/events/event-bus';
import { FakeClock } from '../../support/fake-clock';
import { polled } from './payloads';

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('EventBus with async handlers', () => {
  it('has finished every async handler when publish resolves', async () => {
    const bus = new EventBus({ clock: new FakeClock() });
    const finished: number[] = [];
    bus.subscribe('queue.polled', async (e) => {
      await tick();
      await tick();
      finished.push(e.payload.queueCount);
    });
    await bus.publish('queue.polled', polled(3));
    expect(finished).toEqual([3]);
  });

  it('returns the event itself when every handler was synchronous, a promise of it when one was not', async () => {
    const bus = new EventBus({ clock: new FakeClock() });
    const sync = bus.publish('queue.polled', polled(1));
    expect(sync).not.toBeInstanceOf(Promise);
    expect(sync).toMatchObject({ type: 'queue.polled', payload: { queueCount: 1 } });
    bus.subscribe('queue.polled', () => void 0);
    expect(bus.publish('queue.polled', polled(2))).not.toBeInstanceOf(Promise);
    bus.subscribe('queue.polled', async () => tick());
    const pending = bus.publish('queue.polled', polled(3));
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toMatchObject({ type: 'queue.polled', payload: { queueCount: 3 } });
  });

  it('runs async handlers concurrently, not one after the other', async () => {
    const clock = new FakeClock();
    const bus = new EventBus({ clock });
    const log: string[] = [];
    for (const name of ['a', 'b']) {
      bus.subscribe('queue.polled', async () => {
        log.push(`start ${name}`);
        await new Promise<void>((r) => clock.setTimeout(r, 1000));
        log.push(`end ${name}`);
      });
    }
    const publishing = bus.publish('queue.polled', polled(0));
    expect(log).toEqual(['start a', 'start b']);
    // One second is enough for both only if they wait side by side.
    await clock.advanceAsync(1000);
    await publishing;
    expect(log).toEqual(['start a', 'start b', 'end a', 'end b']);
  });

  it('mixes sync and async handlers, keeping the call order', async () => {
    const bus = new EventBus({ clock: new FakeClock() });
    const log: string[] = [];
    bus.subscribe('queue.polled', () => void log.push('sync 1'));
    bus.subscribe('queue.polled', async () => {
      log.push('async start');
      await tick();
      log.push('async end');
    });
    bus.subscribe('queue.polled', () => void log.push('sync 2'));
    await bus.publish('queue.polled', polled(0));
    expect(log).toEqual(['sync 1', 'async start', 'sync 2', 'async end']);
  });

  it('delivers every one of many concurrent publishes', async () => {
    const bus = new EventBus({ clock: new FakeClock() });
    const seenA = new Set<number>();
    const seenB = new Set<number>();
    bus.subscribe('queue.polled', async (e) => {
      await tick();
      seenA.add(e.payload.queueCount);
    });
    bus.subscribe('queue.polled', (e) => void seenB.add(e.payload.queueCount));
    const events = await Promise.all(Array.from({ length: 200 }, (_, i) => bus.publish('queue.polled', polled(i))));
    expect(seenA.size).toBe(200);
    expect(seenB.size).toBe(200);
    expect(new Set(events.map((e) => e.id)).size).toBe(200);
    expect(bus.stats().publishedTotal).toBe(200);
  });

  it('lets one async handler work on concurrent publishes at the same time', async () => {
    const clock = new FakeClock();
    const bus = new EventBus({ clock });
    let running = 0;
    let maxRunning = 0;
    const done: number[] = [];
    bus.subscribe('queue.polled', async (e) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise<void>((r) => clock.setTimeout(r, 100 * (3 - e.payload.queueCount)));
      running--;
      done.push(e.payload.queueCount);
    });
    const all = Promise.all([0, 1, 2].map((i) => bus.publish('queue.polled', polled(i))));
    await clock.advanceAsync(300, 100);
    await all;
    expect(maxRunning).toBe(3);
    // Shorter waits finish first: the deliveries really overlapped.
    expect(done).toEqual([2, 1, 0]);
  });

  it('adopts foreign thenables returned by a handler', async () => {
    const bus = new EventBus({ clock: new FakeClock() });
    let resolved = false;
    bus.subscribe('queue.polled', () => {
      const thenable = {
        then(onFulfilled: (v: unknown) => void) {
          setImmediate(() => {
            resolved = true;
            onFulfilled(undefined);
          });
        },
      };
      return thenable as unknown as Promise<void>;
    });
    await bus.publish('queue.polled', polled(0));
    expect(resolved).toBe(true);
  });
});
