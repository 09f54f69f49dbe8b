// Wires live events to one window through a batcher: the Electron shell calls
// this with `send = batch => webContents.send(EVENT_PUSH_CHANNEL, batch)` and
// forwards the window's show/hide to setActive.
import type { EventBatch } from '../../../shared/contract';
import type { Clock } from '../clock';
import { EventBatcher } from './event-batcher';
import type { LiveEventSource } from './live-event-source';

export interface EventPush {
  setActive(visible: boolean): void;
  stop(): void;
}

export function connectEventPush(options: {
  events: LiveEventSource;
  clock: Clock;
  send: (batch: EventBatch) => void;
  delayMs?: number;
  active?: boolean;
}): EventPush {
  const batcher = new EventBatcher({ clock: options.clock, send: options.send, delayMs: options.delayMs, active: options.active });
  const unsubscribe = options.events.subscribe((event) => batcher.push(event));
  return {
    setActive: (visible) => batcher.setActive(visible),
    stop: () => {
      unsubscribe();
      batcher.stop();
    },
  };
}
