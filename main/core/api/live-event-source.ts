// What the bindings need from the bus to push events: a plain subscription,
// so they do not depend on the bus implementation (the composition root adapts
// EventBusPort.subscribe('*', …) to this).
import type { AnyBusEvent } from '../../../shared/events';
import type { Unsubscribe } from '../../../shared/contract';
import type { EventBusPort } from '../events/event-bus-port';

export interface LiveEventSource {
  subscribe(listener: (event: AnyBusEvent) => void): Unsubscribe;
}

export function liveEventSourceFromBus(bus: Pick<EventBusPort, 'subscribe'>): LiveEventSource {
  return {
    subscribe(listener) {
      const sub = bus.subscribe('*', (event) => listener(event), { name: 'live-event-push', priority: -100 });
      return () => sub.unsubscribe();
    },
  };
}
