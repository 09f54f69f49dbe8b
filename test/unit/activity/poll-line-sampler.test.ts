import { describe, expect, it } from 'vitest';
import { PollLineSampler, QUIET_POLL_LINE_EVERY_MS } from '../../../main/core/activity/poll-line-sampler';
import { EventPayloadSchemas, type AnyBusEvent, type EventPayloadMap } from '../../../shared/events';

const MIN = 60_000;

function poll(atMin: number, change: Partial<EventPayloadMap['queue.polled']> = {}): AnyBusEvent {
  const payload = EventPayloadSchemas['queue.polled'].parse({
    queueCount: 3,
    historyCount: 40,
    newFailures: 0,
    downloading: 1,
    paused: false,
    durationMs: 12,
    historyChanged: false,
    ...change,
  });
  return { id: `p${atMin}`, type: 'queue.polled', payload, source: 'poller', timestamp: atMin * MIN, correlationId: 'c', causationId: null } as AnyBusEvent;
}

describe('PollLineSampler: which polls become activity lines', () => {
  it('writes the first poll, then a quiet poll once an hour, and every poll that found failures or changed the pause', () => {
    const sampler = new PollLineSampler();
    const rows: [AnyBusEvent, boolean][] = [
      [poll(0), true], // the first one after start: the poller is alive
      [poll(2), false],
      [poll(4, { historyChanged: true }), false], // a download finished: its own lines say so
      [poll(6, { newFailures: 2 }), true],
      [poll(8), false],
      [poll(10, { paused: true }), true],
      [poll(12, { paused: true }), false],
      [poll(14), true], // resumed
      [poll(14 + 58), false],
      [poll(14 + 60), true], // an hour after the last line
      [poll(14 + 62), false],
    ];
    expect(rows.map(([e]) => sampler.keep(e))).toEqual(rows.map(([, keep]) => keep));
  });

  it('keeps every event that is not a poll', () => {
    const sampler = new PollLineSampler();
    sampler.keep(poll(0));
    const other = { ...poll(1), type: 'monitoring.started', payload: { intervalSeconds: 120 } } as AnyBusEvent;
    expect(sampler.keep(other)).toBe(true);
    expect(sampler.keep(other)).toBe(true);
  });

  it('a day of quiet 120 s polls is 24 lines, not 720', () => {
    const sampler = new PollLineSampler();
    let kept = 0;
    for (let t = 0; t < 24 * 60; t += 2) if (sampler.keep(poll(t))) kept += 1;
    expect(kept).toBe((24 * 60 * MIN) / QUIET_POLL_LINE_EVERY_MS);
  });
});
