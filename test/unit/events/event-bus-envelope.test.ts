import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../main/core/events/event-bus';
import { FakeClock } from '../../support/fake-clock';
import { createRecordingBus } from '../../support/recording-bus';
import { failed, polled, recovered, retryStarted } from './payloads';

describe('EventBus envelope', () => {
  it('stamps timestamp from the clock, a default source and an id', async () => {
    const clock = new FakeClock(1_700_000_000_000);
    const bus = new EventBus({ clock });
    const first = await bus.publish('queue.polled', polled(0));
    clock.advance(250);
    const second = await bus.publish('queue.polled', polled(1), { source: 'poller' });
    expect(first.timestamp).toBe(1_700_000_000_000);
    expect(second.timestamp).toBe(1_700_000_000_250);
    expect(first.source).toBe('core');
    expect(second.source).toBe('poller');
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.id).not.toBe(second.id);
  });

  it('honours defaultSource and an injected id factory', async () => {
    let n = 0;
    const bus = new EventBus({ clock: new FakeClock(), defaultSource: 'recovery', newId: () => `id-${++n}` });
    const event = await bus.publish('queue.polled', polled(0));
    expect(event.source).toBe('recovery');
    expect(event.id).toBe('id-1');
  });

  it('keeps a given correlation id and causation id', async () => {
    const { bus, events } = createRecordingBus();
    await bus.publish('queue.polled', polled(0), { correlationId: 'c-1', causationId: 'e-0' });
    expect(events[0]?.correlationId).toBe('c-1');
    expect(events[0]?.causationId).toBe('e-0');
  });

  it('generates a fresh correlation id when missing', async () => {
    const { bus } = createRecordingBus();
    const a = await bus.publish('queue.polled', polled(0));
    const b = await bus.publish('queue.polled', polled(1));
    expect(a.correlationId).toEqual(expect.any(String));
    expect(a.correlationId.length).toBeGreaterThan(0);
    expect(a.correlationId).not.toBe(b.correlationId);
    expect(a.causationId).toBeNull();
  });

  it('shares one correlation id along failure → retry → recovered and chains causation ids', async () => {
    const { bus, events } = createRecordingBus();
    // A miniature recovery flow: each step reacts to the previous event.
    bus.subscribe('download.failed', async (e) => void (await bus.publishCausedBy(e, 'download.retry_started', retryStarted(e.payload.nzoId, 1))));
    bus.subscribe('download.retry_started', async (e) => void (await bus.publishCausedBy(e, 'download.recovered', recovered(e.payload.nzoId), { source: 'recovery' })));
    const failure = await bus.publish('download.failed', failed('nzo_9'), { source: 'poller' });

    expect(events.map((e) => e.type)).toEqual(['download.failed', 'download.retry_started', 'download.recovered']);
    const [f, r, ok] = events;
    expect(new Set(events.map((e) => e.correlationId))).toEqual(new Set([failure.correlationId]));
    expect(f?.causationId).toBeNull();
    expect(r?.causationId).toBe(f?.id);
    expect(ok?.causationId).toBe(r?.id);
    expect(ok?.source).toBe('recovery');
    // A separate publish starts a separate correlation.
    const other = await bus.publish('download.failed', failed('nzo_10'));
    expect(other.correlationId).not.toBe(failure.correlationId);
  });
});
