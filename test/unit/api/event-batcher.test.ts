import { describe, expect, it } from 'vitest';
import { EventBatcher } from '../../../main/core/api/event-batcher';
import { FakeClock } from '../../support/fake-clock';
import type { AnyBusEvent } from '../../../shared/events';
import type { EventBatch } from '../../../shared/contract';

let n = 0;
function ev(): AnyBusEvent {
  n += 1;
  return {
    id: `ev-${n}`,
    type: 'config.applied',
    payload: { changedKeys: [`k${n}`] },
    source: 'test',
    timestamp: Date.UTC(2026, 0, 1) + n,
    correlationId: `c-${n}`,
    causationId: null,
  };
}

// A script is a list of steps; the test records which batches went out, when.
type Step = ['push', number] | ['advance', number] | ['active', boolean] | ['stop'] | ['markResync'];
interface Case {
  name: string;
  steps: Step[];
  /** [time offset, seq, resync, number of events] per batch sent. */
  expected: [number, number, boolean, number][];
}

const cases: Case[] = [
  { name: 'one event goes out after the delay, not before', steps: [['push', 1], ['advance', 149], ['advance', 1]], expected: [[150, 1, false, 1]] },
  { name: 'the timer starts at the first event (bounded latency)', steps: [['push', 1], ['advance', 100], ['push', 2], ['advance', 50]], expected: [[150, 1, false, 3]] },
  { name: 'a full batch flushes at once and the rest waits', steps: [['push', 5], ['advance', 150]], expected: [[0, 1, false, 4], [150, 2, false, 1]] },
  { name: 'sequence numbers grow per batch', steps: [['push', 1], ['advance', 150], ['push', 1], ['advance', 150]], expected: [[150, 1, false, 1], [300, 2, false, 1]] },
  { name: 'nothing is sent when nothing happened', steps: [['advance', 1000]], expected: [] },
  { name: 'stop flushes what is queued', steps: [['push', 2], ['stop'], ['push', 1], ['advance', 500]], expected: [[0, 1, false, 2]] },
  {
    name: 'hidden: dropped, then an empty resync batch when visible again',
    steps: [['active', false], ['push', 3], ['advance', 500], ['active', true], ['push', 1], ['advance', 150]],
    expected: [[500, 1, true, 0], [650, 2, false, 1]],
  },
  {
    name: 'hiding delivers what was queued before',
    steps: [['push', 2], ['advance', 10], ['active', false], ['advance', 500]],
    expected: [[10, 1, false, 2]],
  },
  { name: 'hidden with nothing dropped: no resync', steps: [['active', false], ['advance', 100], ['active', true], ['advance', 500]], expected: [] },
  { name: 'markResync rides on the next batch', steps: [['markResync'], ['push', 1], ['advance', 150]], expected: [[150, 1, true, 1]] },
];

describe('EventBatcher', () => {
  it.each(cases)('$name', ({ steps, expected }) => {
    const clock = new FakeClock();
    const start = clock.now();
    const sent: [number, EventBatch][] = [];
    const batcher = new EventBatcher({ clock, send: (b) => sent.push([clock.now() - start, b]), delayMs: 150, maxBatchSize: 4 });
    for (const step of steps) {
      if (step[0] === 'push') for (let i = 0; i < step[1]; i++) batcher.push(ev());
      else if (step[0] === 'advance') clock.advance(step[1]);
      else if (step[0] === 'active') batcher.setActive(step[1]);
      else if (step[0] === 'stop') batcher.stop();
      else batcher.markResync();
    }
    expect(sent.map(([t, b]) => [t, b.seq, b.resync, b.events.length])).toEqual(expected);
  });

  it('sends events in order in the seed shape', () => {
    const clock = new FakeClock();
    const sent: EventBatch[] = [];
    const batcher = new EventBatcher({ clock, send: (b) => sent.push(b) });
    const a = ev();
    const b = ev();
    batcher.push(a);
    batcher.push(b);
    clock.advance(150);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.events.map((e) => e.event_id)).toEqual([a.id, b.id]);
    expect(sent[0]!.events[0]).toEqual({
      event_id: a.id,
      event_type: 'config.applied',
      payload: a.payload,
      source: 'test',
      correlation_id: a.correlationId,
      causation_id: null,
      timestamp: a.timestamp / 1000,
      timestamp_iso: new Date(a.timestamp).toISOString(),
    });
    expect(clock.pending()).toBe(0);
  });
});
