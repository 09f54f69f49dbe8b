import { describe, expect, it } from 'vitest';
import { EventBus, type HandlerFailure } from '../../../main/core/events/event-bus';
import { FakeClock } from '../../support/fake-clock';
import { polled } from './payloads';

function setup(options: { deadLetterLimit?: number; handlerTimeoutMs?: number } = {}) {
  const clock = new FakeClock();
  const failures: HandlerFailure[] = [];
  const bus = new EventBus({ clock, ...options, onHandlerError: (f) => void failures.push(f) });
  return { clock, bus, failures };
}

describe('EventBus error isolation and dead letters', () => {
  it('keeps delivering to the others when a handler throws', async () => {
    const { bus } = setup();
    const calls: string[] = [];
    bus.subscribe('queue.polled', () => void calls.push('before'));
    bus.subscribe('queue.polled', () => {
      throw new Error('boom');
    });
    bus.subscribe('queue.polled', () => void calls.push('after'));
    expect(await bus.publish('queue.polled', polled(1))).toMatchObject({ type: 'queue.polled' });
    expect(calls).toEqual(['before', 'after']);
  });

  it('never lets sync throws or async rejections escape publish', async () => {
    const { bus, failures } = setup();
    bus.subscribe('queue.polled', function syncThrower() {
      throw new TypeError('sync');
    });
    bus.subscribe('queue.polled', async function asyncRejecter() {
      await Promise.resolve();
      throw new Error('async');
    });
    bus.subscribe('queue.polled', () => Promise.reject('a bare string'));
    bus.subscribe('queue.polled', () => {
      throw { code: 42 };
    });
    const event = await bus.publish('queue.polled', polled(1));
    expect(event.type).toBe('queue.polled');
    expect(failures.map((f) => f.error).sort()).toEqual(['a bare string', 'async', 'sync', '{"code":42}'].sort());
    expect(bus.stats().handlerFailures).toBe(4);
  });

  it('puts a failure in the dead-letter list with handler name, error text, attempts and times', async () => {
    const { bus, clock } = setup();
    bus.subscribe(
      'queue.polled',
      () => {
        throw new Error('database is locked');
      },
      { name: 'activity-log' },
    );
    const event = await bus.publish('queue.polled', polled(1));
    const [entry, ...rest] = bus.deadLetters();
    expect(rest).toHaveLength(0);
    expect(entry).toMatchObject({
      event,
      handlerName: 'activity-log',
      error: 'database is locked',
      attempts: 1,
      firstFailedAt: clock.now(),
      lastFailedAt: clock.now(),
    });
    expect(entry?.id).toEqual(expect.any(String));
  });

  it('names a handler after its function when no name is given', async () => {
    const { bus } = setup();
    bus.subscribe('queue.polled', function notifyTray() {
      throw new Error('x');
    });
    await bus.publish('queue.polled', polled(1));
    expect(bus.deadLetters()[0]?.handlerName).toBe('notifyTray');
  });

  it('clears the dead-letter list', async () => {
    const { bus } = setup();
    bus.subscribe('queue.polled', () => {
      throw new Error('x');
    });
    await bus.publish('queue.polled', polled(1));
    await bus.publish('queue.polled', polled(2));
    expect(bus.deadLetters()).toHaveLength(2);
    bus.clearDeadLetters();
    expect(bus.deadLetters()).toHaveLength(0);
    expect(bus.stats().deadLetters).toBe(0);
  });

  it('bounds the dead-letter list, dropping the oldest', async () => {
    const { bus } = setup({ deadLetterLimit: 3 });
    bus.subscribe('queue.polled', () => {
      throw new Error('x');
    });
    for (let i = 0; i < 5; i++) await bus.publish('queue.polled', polled(i));
    expect(bus.deadLetters().map((d) => d.event.payload)).toEqual([polled(2), polled(3), polled(4)]);
    expect(bus.stats().handlerFailures).toBe(5);
  });

  it('replays to the failed handler only and removes the entry on success', async () => {
    const { bus } = setup();
    const calls: string[] = [];
    let broken = true;
    bus.subscribe('queue.polled', () => void calls.push('healthy'));
    bus.subscribe('queue.polled', (e) => {
      calls.push(`flaky:${e.payload.queueCount}`);
      if (broken) throw new Error('not yet');
    });
    const event = await bus.publish('queue.polled', polled(7));
    const [entry] = bus.deadLetters();
    broken = false;
    const result = await bus.replayDeadLetter(entry!.id);
    expect(result).toEqual({ ok: true, event });
    expect(calls).toEqual(['healthy', 'flaky:7', 'flaky:7']);
    expect(bus.deadLetters()).toHaveLength(0);
  });

  it('keeps the entry and counts the attempt when a replay fails', async () => {
    const { bus, clock, failures } = setup();
    let attempt = 0;
    bus.subscribe('queue.polled', async () => {
      attempt++;
      throw new Error(`failure ${attempt}`);
    });
    await bus.publish('queue.polled', polled(1));
    const id = bus.deadLetters()[0]!.id;
    const firstAt = clock.now();
    clock.advance(1000);
    const result = await bus.replayDeadLetter(id);
    expect(result).toEqual({ ok: false, error: { code: 'handler_failed', message: 'failure 2' } });
    expect(bus.deadLetters()).toEqual([
      expect.objectContaining({ id, attempts: 2, error: 'failure 2', firstFailedAt: firstAt, lastFailedAt: firstAt + 1000 }),
    ]);
    expect(failures.at(-1)?.deadLetterId).toBe(id);
  });

  it('answers replay of an unknown entry or a gone handler with an error value', async () => {
    const { bus } = setup();
    const sub = bus.subscribe('queue.polled', () => {
      throw new Error('x');
    });
    await bus.publish('queue.polled', polled(1));
    expect(await bus.replayDeadLetter('nope')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    sub.unsubscribe();
    const id = bus.deadLetters()[0]!.id;
    expect(await bus.replayDeadLetter(id)).toMatchObject({ ok: false, error: { code: 'handler_gone' } });
    expect(bus.deadLetters()).toHaveLength(1);
  });

  it('cuts off a slow handler at the timeout and dead-letters it while the others complete', async () => {
    const { bus, clock, failures } = setup({ handlerTimeoutMs: 5000 });
    const done: string[] = [];
    bus.subscribe('queue.polled', () => new Promise<void>(() => {}), { name: 'stuck' });
    bus.subscribe('queue.polled', async () => {
      await new Promise<void>((r) => clock.setTimeout(r, 100));
      done.push('quick-async');
    });
    bus.subscribe('queue.polled', () => void done.push('sync'));
    let settled = false;
    const publishing = Promise.resolve(bus.publish('queue.polled', polled(1))).then(() => (settled = true));

    await clock.advanceAsync(4999, 100);
    expect(done).toEqual(['sync', 'quick-async']);
    expect(settled).toBe(false);
    await clock.advanceAsync(1);
    await publishing;
    expect(settled).toBe(true);
    expect(bus.deadLetters()).toEqual([expect.objectContaining({ handlerName: 'stuck', error: expect.stringMatching(/5000 ms/) })]);
    expect(failures).toEqual([expect.objectContaining({ handlerName: 'stuck', timedOut: true })]);
    expect(bus.stats().handlerTimeouts).toBe(1);
    expect(clock.pending()).toBe(0);
  });

  it('disarms the timeout of a handler that finishes in time', async () => {
    const { bus, clock } = setup();
    bus.subscribe('queue.polled', async () => {});
    await bus.publish('queue.polled', polled(1));
    expect(clock.pending()).toBe(0);
    expect(bus.deadLetters()).toHaveLength(0);
  });

  it('treats a throwing filter like a failing handler', async () => {
    const { bus } = setup();
    const calls: string[] = [];
    bus.subscribe('queue.polled', () => void calls.push('filtered'), {
      filter: () => {
        throw new Error('bad filter');
      },
    });
    bus.subscribe('queue.polled', () => void calls.push('other'));
    await bus.publish('queue.polled', polled(1));
    expect(calls).toEqual(['other']);
    expect(bus.deadLetters()[0]?.error).toBe('bad filter');
  });

  it('swallows errors of the onHandlerError hook itself', async () => {
    const bus = new EventBus({
      clock: new FakeClock(),
      onHandlerError: () => {
        throw new Error('hook broke');
      },
    });
    bus.subscribe('queue.polled', () => {
      throw new Error('x');
    });
    expect(await bus.publish('queue.polled', polled(1))).toMatchObject({ type: 'queue.polled' });
    expect(bus.deadLetters()).toHaveLength(1);
  });
});
