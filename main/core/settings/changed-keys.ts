// Which settings changed, as dotted leaf paths (`monitoring.maxRetries`,
// `categoryMap.tv`): what config.applied carries so each service reacts only
// to what concerns it.
function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function changedKeys(before: unknown, after: unknown, prefix = ''): string[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => changedKeys(before[k], after[k], prefix ? `${prefix}.${k}` : k));
  }
  if (isPlainObject(before) || isPlainObject(after)) {
    // An object appeared or vanished: every leaf under it changed.
    return changedKeys(isPlainObject(before) ? before : {}, isPlainObject(after) ? after : {}, prefix);
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [prefix];
}
