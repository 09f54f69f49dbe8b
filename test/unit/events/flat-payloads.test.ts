import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FLAT_PAYLOAD_TYPES, acceptsOnlyPrimitives, isFlatObjectSchema } from '../../../main/core/events/flat-payloads';
import { EventBus } from '../../../main/core/events/event-bus';
import { FakeClock } from '../../support/fake-clock';

describe('flat payload types', () => {
  it('reads primitives-only payloads off the real event schemas', () => {
    expect(FLAT_PAYLOAD_TYPES.has('queue.polled')).toBe(true);
    expect(FLAT_PAYLOAD_TYPES.has('queue.state_changed')).toBe(true);
    expect(FLAT_PAYLOAD_TYPES.has('service.error')).toBe(true);
    // An item object, a list of strategies, a list of findings: these need the deep walk.
    expect(FLAT_PAYLOAD_TYPES.has('download.failed')).toBe(false);
    expect(FLAT_PAYLOAD_TYPES.has('download.moved_to_dlq')).toBe(false);
    expect(FLAT_PAYLOAD_TYPES.has('audit.completed')).toBe(false);
  });

  it('looks through optional, nullable and unions, and takes anything else for an object', () => {
    expect(acceptsOnlyPrimitives(z.string().nullable().optional())).toBe(true);
    expect(acceptsOnlyPrimitives(z.union([z.number(), z.literal('x'), z.null()]))).toBe(true);
    expect(acceptsOnlyPrimitives(z.union([z.number(), z.object({})]))).toBe(false);
    expect(acceptsOnlyPrimitives(z.date())).toBe(false);
    expect(acceptsOnlyPrimitives(z.array(z.string()).optional())).toBe(false);
    expect(acceptsOnlyPrimitives(z.record(z.string(), z.number()))).toBe(false);
    expect(isFlatObjectSchema(z.object({ a: z.number(), b: z.object({ c: z.number() }).nullable() }))).toBe(false);
  });

  it('a flat payload is still frozen, and a nested one all the way down', async () => {
    const bus = new EventBus({ clock: new FakeClock() });
    const polled = { queueCount: 1, historyCount: 2, newFailures: 0, downloading: 0, paused: false, durationMs: 1, historyChanged: false };
    const dlq = { nzoId: 'n', name: 'x', reason: 'r', attempts: 3, strategiesTried: ['retry_download' as const] };
    await bus.publish('queue.polled', polled);
    await bus.publish('download.moved_to_dlq', dlq);
    expect(Object.isFrozen(polled)).toBe(true);
    expect(Object.isFrozen(dlq)).toBe(true);
    expect(Object.isFrozen(dlq.strategiesTried)).toBe(true);
  });
});
