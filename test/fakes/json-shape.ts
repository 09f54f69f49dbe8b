// Compares a JSON value's shape (keys and types, recursively) with real
// examples of the same answer, so a fake can be held to captured answers
// without matching their values. Where the examples disagree (history `retry`
// is 1 or true, `url` null or a string), any type one of them has is accepted.

type JsonType = 'null' | 'string' | 'number' | 'boolean' | 'array' | 'object';

function typeOf(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  if (t === 'string' || t === 'number' || t === 'boolean' || t === 'object') return t;
  throw new Error(`not JSON: ${t}`);
}

/** Problems with `value` against `examples` (empty = same shape), each as `path: what`. */
export function shapeProblems(value: unknown, examples: readonly unknown[], path = '$'): string[] {
  if (examples.length === 0) return [`${path}: no real example to compare with`];
  const t = typeOf(value);
  const seen = new Set(examples.map(typeOf));
  if (!seen.has(t)) return [`${path}: ${t}, the real answers have ${[...seen].join(' or ')}`];
  if (t === 'object') {
    const objects = examples.filter((e) => typeOf(e) === 'object') as Record<string, unknown>[];
    const obj = value as Record<string, unknown>;
    const realKeys = new Set(objects.flatMap((o) => Object.keys(o)));
    const problems: string[] = [];
    for (const k of Object.keys(obj)) if (!realKeys.has(k)) problems.push(`${path}.${k}: not in the real answers`);
    for (const k of realKeys) {
      if (!(k in obj)) {
        if (objects.every((o) => k in o)) problems.push(`${path}.${k}: missing (every real answer has it)`);
        continue;
      }
      const withKey = objects.filter((o) => k in o).map((o) => o[k]);
      problems.push(...shapeProblems(obj[k], withKey, `${path}.${k}`));
    }
    return problems;
  }
  if (t === 'array') {
    const elements = (examples.filter((e) => Array.isArray(e)) as unknown[][]).flat();
    const arr = value as unknown[];
    if (arr.length === 0) return [];
    return arr.flatMap((el, i) => shapeProblems(el, elements, `${path}[${i}]`));
  }
  return [];
}
