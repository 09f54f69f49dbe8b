import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../main/core/events/event-bus';
import { FakeClock } from '../../support/fake-clock';
import { configApplied, failed, polled } from './payloads';

describe('EventBus types and payloads', () => {
  it('rejects an unknown event type at compile time and at run time', async () => {
    const bus = new EventBus({ clock: new FakeClock() });
    const seen: string[] = [];
    bus.subscribe('*', (e) => void seen.push(e.type));
    // @ts-expect-error: not one of the 16 event types
    await expect(bus.publish('download.exploded', { nzoId: 'x' })).rejects.toThrow(TypeError);
    const bogus: string = 'queue.poled';
    await expect(bus.publish(bogus as 'queue.polled', polled(0))).rejects.toThrow(/Unknown event type: "queue.poled"/);
    expect(seen).toEqual([]);
    expect(bus.stats().publishedTotal).toBe(0);
  });

  it('gives every handler a deeply frozen payload that one handler cannot change for the next', async () => {
    const bus = new EventBus({ clock: new FakeClock() });
    const seen: unknown[] = [];
    bus.subscribe('download.failed', (e) => {
      (e.payload as { name: string }).name = 'tampered';
    });
    bus.subscribe('download.failed', (e) => {
      (e.payload.item!.episodeIds as number[]).push(999);
    });
    bus.subscribe('download.failed', (e) => void seen.push(structuredClone(e.payload)));
    const event = await bus.publish('download.failed', failed('nzo_1'));
    expect(seen).toEqual([failed('nzo_1')]);
    expect(Object.isFrozen(event.payload)).toBe(true);
    expect(Object.isFrozen(event.payload.item)).toBe(true);
    expect(Object.isFrozen(event.payload.item?.episodeIds)).toBe(true);
    // Both tampering handlers failed (strict mode) and were dead-lettered.
    expect(bus.deadLetters().map((d) => d.error)).toEqual([
      expect.stringMatching(/read only|read-only/),
      expect.stringMatching(/not extensible|read only|frozen/),
    ]);
  });

  it('freezes nested arrays of a payload too', async () => {
    const bus = new EventBus({ clock: new FakeClock() });
    const payload = configApplied('a', 'b');
    await bus.publish('config.applied', payload);
    expect(() => (payload.changedKeys as string[]).push('c')).toThrow(TypeError);
    expect(payload.changedKeys).toEqual(['a', 'b']);
  });

  it('validates payloads against the zod schemas only in strict mode', async () => {
    const strict = new EventBus({ clock: new FakeClock(), validatePayloads: true });
    const lax = new EventBus({ clock: new FakeClock() });
    const bad = { ...polled(1), queueCount: 'many' } as unknown as ReturnType<typeof polled>;
    await expect(strict.publish('queue.polled', bad)).rejects.toThrow(/Invalid payload for queue.polled/);
    expect(await strict.publish('queue.polled', polled(1))).toMatchObject({ type: 'queue.polled' });
    expect(await lax.publish('queue.polled', { ...bad })).toMatchObject({ type: 'queue.polled' });
  });

  it('rejects nonsense options at construction', () => {
    const clock = new FakeClock();
    expect(() => new EventBus({ clock, historySize: -1 })).toThrow(RangeError);
    expect(() => new EventBus({ clock, handlerTimeoutMs: 0 })).toThrow(RangeError);
    expect(() => new EventBus({ clock, deadLetterLimit: 1.5 })).toThrow(RangeError);
  });
});
