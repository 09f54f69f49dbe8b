import { describe, expect, it } from 'vitest';
import { newId, sequentialIds } from '../../../main/core/ids';
import { deepFreeze } from '../../../main/core/events/deep-freeze';
import { EventHistory } from '../../../main/core/events/event-history';
import { DeadLetterList, type DeadLetter } from '../../../main/core/events/dead-letter-list';
import type { AnyBusEvent } from '../../../shared/events';
import { polled } from './payloads';

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ids', () => {
  it('newId gives random UUIDs', () => {
    expect(newId()).toMatch(UUID_SHAPE);
    expect(newId()).not.toBe(newId());
  });

  it('sequentialIds are UUID-shaped and unique across the 4096-id rollover', () => {
    const next = sequentialIds();
    const ids = Array.from({ length: 10_000 }, next);
    expect(new Set(ids).size).toBe(10_000);
    for (const id of [ids[0], ids[4095], ids[4096], ids[9999]]) expect(id).toMatch(UUID_SHAPE);
    expect(ids[4096]!.endsWith('000000001000')).toBe(true);
  });

  it('two factories (two processes) do not collide', () => {
    const a = sequentialIds();
    const b = sequentialIds();
    expect(a()).not.toBe(b());
  });
});

describe('deepFreeze', () => {
  it('freezes nested objects and arrays and returns its input', () => {
    const value = { a: { b: [1, { c: 2 }] }, d: null, e: 'x' };
    expect(deepFreeze(value)).toBe(value);
    expect(Object.isFrozen(value.a)).toBe(true);
    expect(Object.isFrozen(value.a.b)).toBe(true);
    expect(Object.isFrozen(value.a.b[1])).toBe(true);
  });

  it('leaves primitives alone', () => {
    expect(deepFreeze(3)).toBe(3);
    expect(deepFreeze(null)).toBeNull();
  });
});

const ev = (n: number, correlationId = `c${n}`): AnyBusEvent => ({
  id: `e${n}`,
  type: 'queue.polled',
  payload: polled(n),
  source: 'test',
  timestamp: n,
  correlationId,
  causationId: null,
});

describe('EventHistory', () => {
  it('wraps around a fixed number of slots', () => {
    const h = new EventHistory(4);
    for (let i = 0; i < 10; i++) h.record(ev(i));
    expect(h.length).toBe(4);
    expect(h.query().map((e) => e.id)).toEqual(['e6', 'e7', 'e8', 'e9']);
    expect(h.query({ limit: 2 }).map((e) => e.id)).toEqual(['e8', 'e9']);
    h.clear();
    expect(h.query()).toEqual([]);
  });
});

describe('DeadLetterList', () => {
  const letter = (id: string): DeadLetter => ({
    id,
    event: ev(1),
    subscriptionId: 's',
    handlerName: 'h',
    error: 'e',
    attempts: 1,
    firstFailedAt: 1,
    lastFailedAt: 1,
  });

  it('drops the oldest beyond its limit and keeps order on recordFailure', () => {
    const list = new DeadLetterList(2);
    list.add(letter('a'));
    list.add(letter('b'));
    list.recordFailure('a', 'again', 5);
    list.add(letter('c'));
    expect(list.list().map((d) => d.id)).toEqual(['b', 'c']);
    expect(list.recordFailure('zzz', 'x', 1)).toBeUndefined();
  });

  it('keeps nothing with limit 0', () => {
    const list = new DeadLetterList(0);
    list.add(letter('a'));
    expect(list.size).toBe(0);
  });
});
