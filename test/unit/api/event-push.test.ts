import { describe, expect, it } from 'vitest';
import { connectEventPush } from '../../../main/core/api/event-push';
import { liveEventSourceFromBus } from '../../../main/core/api/live-event-source';
import type { EventBusPort } from '../../../main/core/events/event-bus-port';
import type { AnyBusEvent } from '../../../shared/events';
import type { EventBatch } from '../../../shared/contract';
import { FakeClock } from '../../support/fake-clock';

function recordingBus() {
  const handlers = new Map<string, (e: AnyBusEvent) => void>();
  let next = 0;
  const subscribe = ((pattern: string, handler: (e: AnyBusEvent) => void) => {
    const id = `s${++next}`;
    handlers.set(id, handler);
    return { id, unsubscribe: () => handlers.delete(id), pattern };
  }) as unknown as EventBusPort['subscribe'];
  return { bus: { subscribe }, emit: (e: AnyBusEvent) => [...handlers.values()].forEach((h) => h(e)), count: () => handlers.size };
}

const event: AnyBusEvent = {
  id: 'e1',
  type: 'audit.started',
  payload: { trigger: 'manual' },
  source: 'audit',
  timestamp: 1_000,
  correlationId: 'c1',
  causationId: null,
};

describe('connectEventPush', () => {
  it('batches bus events to the window, stays quiet while hidden, and unsubscribes on stop', () => {
    const clock = new FakeClock();
    const { bus, emit, count } = recordingBus();
    const sent: EventBatch[] = [];
    const push = connectEventPush({ events: liveEventSourceFromBus(bus), clock, send: (b) => sent.push(b) });
    emit(event);
    clock.advance(150);
    expect(sent.map((b) => [b.seq, b.resync, b.events.map((e) => e.event_id)])).toEqual([[1, false, ['e1']]]);
    push.setActive(false);
    emit(event);
    clock.advance(1000);
    expect(sent).toHaveLength(1);
    push.setActive(true);
    expect(sent.at(-1)).toEqual({ type: 'batch', seq: 2, resync: true, events: [] });
    push.stop();
    expect(count()).toBe(0);
  });
});
