import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../../shared/events';
import { EventBus } from '../../../main/core/events/event-bus';
import { FakeClock } from '../../support/fake-clock';
import { auditStarted, polled } from './payloads';

describe('EventBus history', () => {
  it('keeps only the last historySize events, oldest first', async () => {
    const bus = new EventBus({ clock: new FakeClock(), historySize: 3 });
    for (let i = 0; i < 7; i++) await bus.publish('queue.polled', polled(i));
    const history = bus.history();
    expect(history.map((e) => (e.type === 'queue.polled' ? e.payload.queueCount : -1))).toEqual([4, 5, 6]);
    expect(bus.stats().historyLength).toBe(3);
  });

  it('defaults to 1000 events', async () => {
    const bus = new EventBus({ clock: new FakeClock() });
    for (let i = 0; i < 1005; i++) await bus.publish('queue.polled', polled(i));
    const history = bus.history();
    expect(history).toHaveLength(1000);
    expect(history[0]?.payload).toEqual(polled(5));
  });

  it('keeps nothing with historySize 0', async () => {
    const bus = new EventBus({ clock: new FakeClock(), historySize: 0 });
    await bus.publish('queue.polled', polled(0));
    expect(bus.history()).toEqual([]);
  });

  it('queries by type, correlation id and limit (most recent kept)', async () => {
    const bus = new EventBus({ clock: new FakeClock(), historySize: 50 });
    const root = await bus.publish('audit.started', auditStarted());
    await bus.publish('queue.polled', polled(0));
    const child = await bus.publishCausedBy(root, 'queue.polled', polled(1));
    await bus.publish('queue.polled', polled(2));
    await bus.publishCausedBy(child, 'audit.started', auditStarted());

    expect(bus.history({ type: 'queue.polled' }).map((e) => e.payload)).toEqual([polled(0), polled(1), polled(2)]);
    expect(bus.history({ correlationId: root.correlationId }).map((e) => e.type)).toEqual(['audit.started', 'queue.polled', 'audit.started']);
    expect(bus.history({ type: 'queue.polled', correlationId: root.correlationId })).toEqual([child]);
    expect(bus.history({ type: 'queue.polled', limit: 2 }).map((e) => e.payload)).toEqual([polled(1), polled(2)]);
    expect(bus.history({ limit: 0 })).toEqual([]);
  });
});

describe('EventBus stats', () => {
  it('counts publishes per type, deliveries, failures, subscribers and handler time', async () => {
    const bus = new EventBus({ clock: new FakeClock(), timingSampleEvery: 1 });
    bus.subscribe('queue.polled', () => {
      // Busy for ~2 ms so the mean has something to show.
      const until = performance.now() + 2;
      while (performance.now() < until);
    });
    bus.subscribe('queue.polled', () => {
      throw new Error('x');
    });
    bus.subscribe('audit.started', () => {}, { filter: () => false });
    for (let i = 0; i < 3; i++) await bus.publish('queue.polled', polled(i));
    await bus.publish('audit.started', auditStarted());

    const stats = bus.stats();
    expect(stats.published['queue.polled']).toBe(3);
    expect(stats.published['audit.started']).toBe(1);
    expect(stats.published['download.failed']).toBe(0);
    expect(Object.keys(stats.published).sort()).toEqual([...EVENT_TYPES].sort());
    expect(stats.publishedTotal).toBe(4);
    expect(stats.deliveries).toBe(6);
    expect(stats.handlerFailures).toBe(3);
    expect(stats.handlerTimeouts).toBe(0);
    expect(stats.subscribers).toBe(3);
    expect(stats.deadLetters).toBe(3);
    // Six calls: three of ~2 ms, three of ~0 ms.
    expect(stats.meanHandlerMs).toBeGreaterThanOrEqual(0.9);
    expect(stats.meanHandlerMs).toBeLessThan(200);
  });

  it('samples handler time on every Nth publish only', async () => {
    const bus = new EventBus({ clock: new FakeClock(), timingSampleEvery: 4 });
    const busy = () => {
      const until = performance.now() + 1;
      while (performance.now() < until);
    };
    bus.subscribe('queue.polled', busy);
    expect(bus.stats().meanHandlerMs).toBe(0);
    for (let i = 0; i < 8; i++) await bus.publish('queue.polled', polled(i));
    expect(bus.stats().meanHandlerMs).toBeGreaterThanOrEqual(0.9);
  });

  it('returns a snapshot, not live counters', async () => {
    const bus = new EventBus({ clock: new FakeClock() });
    const before = bus.stats();
    await bus.publish('queue.polled', polled(0));
    expect(before.publishedTotal).toBe(0);
    expect(before.published['queue.polled']).toBe(0);
    expect(bus.stats().publishedTotal).toBe(1);
  });
});
