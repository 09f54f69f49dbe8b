// Counts the callbacks the event loop runs, by what scheduled them, through
// async_hooks: a timer is labelled with the first frame of our code that
// created it (run with --enable-source-maps for source file names). Used only
// in the traced twin of the idle child, to say WHICH timers wake the core;
// the hooks cost CPU, so the measured child never has them.
import { createHook } from 'node:async_hooks';

export interface CallbackTrace {
  /** Start counting from zero (the idle window begins). */
  reset(): void;
  /** Callbacks run since reset, by label, most frequent first. Promise reactions are not loop wake-ups and are left out. */
  counts(): [string, number][];
}

const OWN_FRAMES = /node:|callback-trace|clock\.ts|run-cached-now|<anonymous>/;

function origin(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const stack = new Error().stack?.split('\n').slice(2) ?? [];
  Error.stackTraceLimit = limit;
  for (const line of stack) {
    if (OWN_FRAMES.test(line)) continue;
    const where = /\(?([^()\s]+):(\d+):\d+\)?$/.exec(line.trim());
    if (where) return `${where[1]!.split('/').slice(-2).join('/')}:${where[2]}`;
  }
  return 'node internals';
}

export function traceCallbacks(): CallbackTrace {
  const labels = new Map<number, string>();
  let counts = new Map<string, number>();
  createHook({
    init(asyncId, type, triggerAsyncId) {
      if (type === 'PROMISE') return;
      // Created inside a callback of node's own (a socket's retry timer): name what started that chain.
      const where = origin();
      const parent = labels.get(triggerAsyncId);
      labels.set(asyncId, where === 'node internals' && parent !== undefined ? `${type} < ${parent}` : `${type} ${where}`);
    },
    before(asyncId) {
      const label = labels.get(asyncId);
      if (label !== undefined) counts.set(label, (counts.get(label) ?? 0) + 1);
    },
    destroy(asyncId) {
      labels.delete(asyncId);
    },
  }).enable();
  return {
    reset: () => {
      counts = new Map();
    },
    counts: () => [...counts.entries()].sort((a, b) => b[1] - a[1]),
  };
}
