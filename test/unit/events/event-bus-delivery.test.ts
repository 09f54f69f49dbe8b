import { describe, expect, it } from 'vitest';
import type { AnyBusEvent, BusEvent } from '../../../shared/events';
import { EventBus } from '../../../main/core/events/event-bus';
import { FakeClock } from '../../support/fake-clock';
import { auditStarted, configApplied, failed, polled, retryStarted } from './payloads';

const newBus = () => new EventBus({ clock: new FakeClock() });

describe('EventBus delivery', () => {
  it('delivers the exact published event to one subscriber', async () => {
    const bus = newBus();
    const seen: BusEvent<'queue.polled'>[] = [];
    bus.subscribe('queue.polled', (e) => void seen.push(e));
    const published = await bus.publish('queue.polled', polled(4));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe(published);
    expect(seen[0]!.payload).toEqual(polled(4));
  });

  it('is fine with no subscribers', async () => {
    const bus = newBus();
    const event = await bus.publish('audit.started', auditStarted());
    expect(event.type).toBe('audit.started');
    expect(bus.stats().deliveries).toBe(0);
  });

  it('delivers sequential publishes in order', async () => {
    const bus = newBus();
    const counts: number[] = [];
    bus.subscribe('queue.polled', (e) => void counts.push(e.payload.queueCount));
    for (let i = 0; i < 20; i++) await bus.publish('queue.polled', polled(i));
    expect(counts).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('gives handlers only their own type', async () => {
    const bus = newBus();
    const polledSeen: string[] = [];
    const auditSeen: string[] = [];
    bus.subscribe('queue.polled', (e) => void polledSeen.push(e.type));
    bus.subscribe('audit.started', (e) => void auditSeen.push(e.type));
    await bus.publish('queue.polled', polled(1));
    await bus.publish('audit.started', auditStarted());
    await bus.publish('queue.polled', polled(2));
    expect(polledSeen).toEqual(['queue.polled', 'queue.polled']);
    expect(auditSeen).toEqual(['audit.started']);
  });

  it('passes data, correlation id and type through unchanged', async () => {
    const bus = newBus();
    let got: BusEvent<'download.failed'> | undefined;
    bus.subscribe('download.failed', (e) => void (got = e));
    await bus.publish('download.failed', failed('SABnzbd_nzo_1'), { correlationId: 'corr-42' });
    expect(got?.type).toBe('download.failed');
    expect(got?.correlationId).toBe('corr-42');
    expect(got?.payload).toEqual(failed('SABnzbd_nzo_1'));
  });

  it('returns a subscription handle with an id and unsubscribe', () => {
    const bus = newBus();
    const a = bus.subscribe('queue.polled', () => {});
    const b = bus.subscribe('queue.polled', () => {});
    expect(typeof a.id).toBe('string');
    expect(a.id).not.toBe(b.id);
    expect(typeof a.unsubscribe).toBe('function');
    expect(bus.stats().subscribers).toBe(2);
  });

  it('runs several handlers on one type, and one handler on several types', async () => {
    const bus = newBus();
    const calls: string[] = [];
    bus.subscribe('queue.polled', () => void calls.push('first'));
    bus.subscribe('queue.polled', () => void calls.push('second'));
    const shared = (e: AnyBusEvent) => void calls.push(`shared:${e.type}`);
    bus.subscribe('audit.started', shared);
    bus.subscribe('config.applied', shared);
    await bus.publish('queue.polled', polled(1));
    await bus.publish('audit.started', auditStarted());
    await bus.publish('config.applied', configApplied('x'));
    expect(calls).toEqual(['first', 'second', 'shared:audit.started', 'shared:config.applied']);
  });

  it('stops delivering after unsubscribe, also for one of several', async () => {
    const bus = newBus();
    const calls: string[] = [];
    const a = bus.subscribe('queue.polled', () => void calls.push('a'));
    bus.subscribe('queue.polled', () => void calls.push('b'));
    await bus.publish('queue.polled', polled(1));
    a.unsubscribe();
    a.unsubscribe(); // idempotent
    await bus.publish('queue.polled', polled(2));
    expect(calls).toEqual(['a', 'b', 'b']);
    expect(bus.stats().subscribers).toBe(1);
  });

  it('applies a filter predicate and routes by it', async () => {
    const bus = newBus();
    const big: number[] = [];
    const small: number[] = [];
    bus.subscribe('queue.polled', (e) => void big.push(e.payload.queueCount), { filter: (e) => e.payload.queueCount >= 10 });
    bus.subscribe('queue.polled', (e) => void small.push(e.payload.queueCount), { filter: (e) => e.payload.queueCount < 10 });
    for (const n of [1, 15, 9, 10]) await bus.publish('queue.polled', polled(n));
    expect(big).toEqual([15, 10]);
    expect(small).toEqual([1, 9]);
    expect(bus.stats().deliveries).toBe(4);
  });

  it('reaches all subscribers in registration order', async () => {
    const bus = newBus();
    const order: number[] = [];
    for (let i = 0; i < 5; i++) bus.subscribe('queue.polled', () => void order.push(i));
    await bus.publish('queue.polled', polled(0));
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('runs higher priority first, equal priority in registration order', async () => {
    const bus = newBus();
    const order: string[] = [];
    bus.subscribe('queue.polled', () => void order.push('low'), { priority: -5 });
    bus.subscribe('queue.polled', () => void order.push('default-1'));
    bus.subscribe('queue.polled', () => void order.push('high'), { priority: 10 });
    bus.subscribe('queue.*', () => void order.push('default-2'));
    bus.subscribe('*', () => void order.push('mid'), { priority: 5 });
    await bus.publish('queue.polled', polled(0));
    expect(order).toEqual(['high', 'mid', 'default-1', 'default-2', 'low']);
  });

  it('delivers to 100 subscribers', async () => {
    const bus = newBus();
    const hits = new Array<number>(100).fill(0);
    for (let i = 0; i < 100; i++) bus.subscribe('queue.polled', () => void hits[i]!++);
    await bus.publish('queue.polled', polled(0));
    await bus.publish('queue.polled', polled(1));
    expect(hits.every((h) => h === 2)).toBe(true);
    expect(bus.stats().deliveries).toBe(200);
  });

  it('survives 1000 subscribe/unsubscribe cycles without leaking subscribers', async () => {
    const bus = newBus();
    let hits = 0;
    const keeper = bus.subscribe('queue.polled', () => void hits++);
    for (let i = 0; i < 1000; i++) {
      const s = bus.subscribe('queue.polled', () => void (hits += 1000));
      if (i % 100 === 0) await bus.publish('queue.polled', polled(i));
      s.unsubscribe();
    }
    expect(bus.stats().subscribers).toBe(1);
    await bus.publish('queue.polled', polled(0));
    expect(hits).toBe(10 * 1001 + 1);
    keeper.unsubscribe();
    expect(bus.stats().subscribers).toBe(0);
  });

  it('delivers everything to a wildcard subscriber', async () => {
    const bus = newBus();
    const types: string[] = [];
    bus.subscribe('*', (e) => void types.push(e.type));
    await bus.publish('queue.polled', polled(0));
    await bus.publish('download.failed', failed('n1'));
    await bus.publish('audit.started', auditStarted());
    expect(types).toEqual(['queue.polled', 'download.failed', 'audit.started']);
  });

  it('delivers a family to a prefix subscriber', async () => {
    const bus = newBus();
    const types: string[] = [];
    bus.subscribe('download.*', (e) => void types.push(e.type));
    await bus.publish('download.failed', failed('n1'));
    await bus.publish('queue.polled', polled(0));
    await bus.publish('download.retry_started', retryStarted('n1', 1));
    expect(types).toEqual(['download.failed', 'download.retry_started']);
  });

  it('rejects a pattern that matches no known type', () => {
    const bus = newBus();
    expect(() => bus.subscribe('downloads.*', () => {})).toThrow(TypeError);
    // @ts-expect-error: not an event type nor a pattern
    expect(() => bus.subscribe('download', () => {})).toThrow(/Unknown event type/);
    expect(bus.stats().subscribers).toBe(0);
  });

  it('does not call a handler unsubscribed by an earlier handler of the same delivery, and keeps going', async () => {
    const bus = newBus();
    const calls: string[] = [];
    bus.subscribe('queue.polled', () => {
      calls.push('a');
      b.unsubscribe();
    });
    const b = bus.subscribe('queue.polled', () => void calls.push('b'));
    bus.subscribe('queue.polled', () => void calls.push('c'));
    await bus.publish('queue.polled', polled(0));
    await bus.publish('queue.polled', polled(1));
    expect(calls).toEqual(['a', 'c', 'a', 'c']);
  });

  it('lets a handler unsubscribe itself during delivery', async () => {
    const bus = newBus();
    const calls: string[] = [];
    const once = bus.subscribe('queue.polled', () => {
      calls.push('once');
      once.unsubscribe();
    });
    bus.subscribe('queue.polled', () => void calls.push('always'));
    await bus.publish('queue.polled', polled(0));
    await bus.publish('queue.polled', polled(1));
    expect(calls).toEqual(['once', 'always', 'always']);
  });

  it('starts a handler subscribed during delivery from the next event', async () => {
    const bus = newBus();
    const calls: string[] = [];
    let added = false;
    bus.subscribe('queue.polled', (e) => {
      calls.push(`a${e.payload.queueCount}`);
      if (!added) {
        added = true;
        bus.subscribe('queue.polled', (ev) => void calls.push(`late${ev.payload.queueCount}`), { priority: 100 });
      }
    });
    bus.subscribe('queue.polled', (e) => void calls.push(`b${e.payload.queueCount}`));
    await bus.publish('queue.polled', polled(0));
    await bus.publish('queue.polled', polled(1));
    expect(calls).toEqual(['a0', 'b0', 'late1', 'a1', 'b1']);
  });
});
