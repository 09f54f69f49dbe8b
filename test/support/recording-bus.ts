// A real EventBus on a FakeClock that records everything published on it, for
// tests of services that publish or react to events.
import type { AnyBusEvent, BusEvent, EventType } from '../../shared/events';
import { EventBus, type EventBusOptions } from '../../main/core/events/event-bus';
import { FakeClock } from './fake-clock';

export interface RecordingBus {
  readonly bus: EventBus;
  readonly clock: FakeClock;
  /** Every published event, in publish order. */
  readonly events: readonly AnyBusEvent[];
  ofType<K extends EventType>(type: K): BusEvent<K>[];
  types(): EventType[];
}

export function createRecordingBus(options: Omit<Partial<EventBusOptions>, 'clock'> & { clock?: FakeClock } = {}): RecordingBus {
  const clock = options.clock ?? new FakeClock();
  const bus = new EventBus({ ...options, clock });
  const events: AnyBusEvent[] = [];
  // Highest priority so a cause is recorded before the events its handlers publish.
  bus.subscribe('*', (event) => void events.push(event), { name: 'recorder', priority: Number.MAX_SAFE_INTEGER });
  return {
    bus,
    clock,
    events,
    ofType: <K extends EventType>(type: K) => events.filter((e): e is AnyBusEvent & BusEvent<K> => e.type === type),
    types: () => events.map((e) => e.type),
  };
}
