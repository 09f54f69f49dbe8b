// A small seeded PRNG (mulberry32): the crash plan is the same for the same seed.
export interface SeededRandom {
  readonly seed: number;
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

export function seededRandom(seed: number): SeededRandom {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    seed,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
  };
}

/** CRASH_SEED from the environment, else a fresh one (printed by the caller so a run can be repeated). */
export function crashSeed(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env.CRASH_SEED;
  if (raw !== undefined && raw.trim() !== '') {
    const n = Number(raw);
    if (!Number.isSafeInteger(n)) throw new Error(`CRASH_SEED must be an integer, got ${raw}`);
    return n;
  }
  return Math.floor(Math.random() * 2 ** 31);
}
