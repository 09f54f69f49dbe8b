// Pushes core events to the window in batches (see EventBatcher) and only
// while the window can be seen: hidden or minimised, nothing is queued and
// the next batch after it reappears says `resync`. Written against a small
// window shape so it is tested in Node.
import type { Clock } from '../core/clock';
import { EventBatcher } from '../core/api/event-batcher';
import type { LiveEventSource } from '../core/api/live-event-source';
import { EVENT_PUSH_CHANNEL, type EventBatch } from '../../shared/contract';

export type VisibilityEvent = 'show' | 'hide' | 'minimize' | 'restore';

export interface PushWindow {
  isVisible(): boolean;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  send(channel: string, batch: EventBatch): void;
  on(event: VisibilityEvent, listener: () => void): unknown;
  off(event: VisibilityEvent, listener: () => void): unknown;
}

export interface EventPush {
  readonly batcher: EventBatcher;
  stop(): void;
}

const VISIBILITY_EVENTS: VisibilityEvent[] = ['show', 'hide', 'minimize', 'restore'];

export function isSeen(win: PushWindow): boolean {
  return !win.isDestroyed() && win.isVisible() && !win.isMinimized();
}

export function wireEventPush(options: { source: LiveEventSource; window: PushWindow; clock: Clock }): EventPush {
  const win = options.window;
  const batcher = new EventBatcher({
    clock: options.clock,
    active: isSeen(win),
    send: (batch) => {
      if (!win.isDestroyed()) win.send(EVENT_PUSH_CHANNEL, batch);
    },
  });
  const onVisibility = () => batcher.setActive(isSeen(win));
  for (const event of VISIBILITY_EVENTS) win.on(event, onVisibility);
  const unsubscribe = options.source.subscribe((event) => batcher.push(event));
  return {
    batcher,
    stop() {
      unsubscribe();
      for (const event of VISIBILITY_EVENTS) win.off(event, onVisibility);
      batcher.stop();
    },
  };
}
