import { describe, expect, it } from 'vitest';
import { readOncePerRun } from '../../../main/core/run-cached-now';

function countingReader() {
  let reads = 0;
  return { read: () => ++reads * 1000, reads: () => reads };
}

describe('readOncePerRun', () => {
  it('reads once for a synchronous run and again after a microtask checkpoint', async () => {
    const r = countingReader();
    const now = readOncePerRun(r.read);
    expect([now(), now(), now()]).toEqual([1000, 1000, 1000]);
    expect(r.reads()).toBe(1);
    await Promise.resolve();
    expect(now()).toBe(2000);
    expect(r.reads()).toBe(2);
  });

  it('reads again after maxReuse calls even inside one run, so a long run sees time move', () => {
    const r = countingReader();
    const now = readOncePerRun(r.read, 3);
    const seen = Array.from({ length: 7 }, () => now());
    expect(seen).toEqual([1000, 1000, 1000, 2000, 2000, 2000, 3000]);
  });

  it('is fresh in a later timer callback', async () => {
    const r = countingReader();
    const now = readOncePerRun(r.read);
    now();
    const later = await new Promise<number>((resolve) => setTimeout(() => resolve(now()), 1));
    expect(later).toBe(2000);
  });

  it('rejects a maxReuse that is not a positive integer', () => {
    expect(() => readOncePerRun(Date.now, 0)).toThrow(RangeError);
    expect(() => readOncePerRun(Date.now, 1.5)).toThrow(RangeError);
  });
});
