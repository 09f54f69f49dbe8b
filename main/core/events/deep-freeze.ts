// Freezing the payload once per publish makes it read-only for every handler
// at the cost of one walk, instead of a clone per handler.

/** Freezes `value` and everything reachable from it, in place; returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) freezeTree(value);
  return value;
}

function freezeTree(obj: object): void {
  Object.freeze(obj);
  const record = obj as Record<string, unknown>;
  for (const key in record) {
    const child = record[key];
    // A frozen child was frozen by us earlier (or is a shared constant); its
    // subtree is already done, so skipping it keeps re-published payloads cheap.
    if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) freezeTree(child);
  }
}
