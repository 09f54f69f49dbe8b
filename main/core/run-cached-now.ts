// Reading the wall clock is not free: Date.now() measured 44-53 ns on these
// 2-core VMs (bench/README.md), as much as the rest of an EventBus publish
// without its handlers. Code that runs in one synchronous stretch (a poll
// cycle announcing its results, a burst of bus events) cannot observe time
// passing anyway, so one reading serves the whole stretch: it expires at the
// next microtask checkpoint, and after `maxReuse` reads in any case, so a long
// stretch still sees time move.

/** Wraps `read` so that it runs at most once per `maxReuse` calls within one synchronous run. */
export function readOncePerRun(read: () => number, maxReuse = 32): () => number {
  if (!Number.isInteger(maxReuse) || maxReuse < 1) throw new RangeError(`maxReuse must be a positive integer, got ${maxReuse}`);
  let reading = 0;
  let uses = maxReuse;
  let expiryQueued = false;
  const settled = Promise.resolve();
  const expire = (): void => {
    uses = maxReuse;
    expiryQueued = false;
  };
  return () => {
    if (uses < maxReuse) {
      uses++;
      return reading;
    }
    reading = read();
    uses = 1;
    if (!expiryQueued) {
      expiryQueued = true;
      // A promise reaction, not queueMicrotask: Node wraps the latter in an
      // AsyncResource, which costs ten times as much.
      void settled.then(expire);
    }
    return reading;
  };
}
