// What a hostile or broken caller sends: fast-check arbitraries for contract
// inputs (anything at all, JSON, the call's own field names with wrong types,
// huge and odd unicode strings, prototype-pollution keys, path-traversal ids),
// and the checks every answer must pass whatever came in.
import fc from 'fast-check';
import { expect } from 'vitest';
import { z } from 'zod';
import { CONTRACT, ERROR_CODES, type CallName } from '../../shared/contract';

const HUGE = 'A'.repeat(2_000_000);
export const TRAVERSAL = [
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '....//....//etc/passwd',
  '/etc/passwd',
  'SABnzbd_nzo_x/../../secret',
  '\u0000',
  'file:///etc/passwd',
];

export const oddString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(...TRAVERSAL, HUGE, '\uD800', '\u202Eevil', '𝕏'.repeat(10_000), '__proto__', 'constructor', '<script>alert(1)</script>', "'; DROP TABLE download_monitoring; --"),
);

/** Built with JSON.parse so `__proto__` is an own key, as it arrives from a socket. */
export const pollution = fc.constantFrom(
  () => JSON.parse('{"__proto__":{"polluted":"yes","ok":true}}') as unknown,
  () => JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}') as unknown,
  () => JSON.parse('{"__proto__":{"nzoId":"x","limit":5},"nzoId":{"__proto__":{"length":1}}}') as unknown,
  () => JSON.parse('{"monitoring":{"__proto__":{"pollIntervalSeconds":5}},"__proto__":{"dryRun":true}}') as unknown,
).map((make) => make());

const wrongValue = fc.oneof(
  oddString,
  fc.double(),
  fc.integer(),
  fc.constantFrom(-1, 0, Number.MAX_SAFE_INTEGER, 1e308, -0, 2 ** 31),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue(), { maxLength: 5 }),
  fc.dictionary(oddString, fc.jsonValue(), { maxKeys: 4 }),
  pollution,
);

function fieldsOf(call: CallName): string[] {
  const schema = CONTRACT[call].input;
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** Inputs for one call; `structured` adds values only IPC can carry (undefined, Map, Date, …). */
export function hostileInput(call: CallName, structured: boolean): fc.Arbitrary<unknown> {
  const fields = fieldsOf(call);
  const keyed =
    fields.length > 0
      ? fc.dictionary(fc.constantFrom(...fields, '__proto__', 'constructor', 'prototype'), wrongValue, { maxKeys: fields.length + 2 })
      : fc.dictionary(oddString, wrongValue, { maxKeys: 3 });
  return fc.oneof(
    { weight: 3, arbitrary: keyed },
    { weight: 2, arbitrary: fc.jsonValue() },
    { weight: 1, arbitrary: pollution },
    { weight: 1, arbitrary: oddString },
    { weight: structured ? 2 : 0, arbitrary: fc.anything({ withMap: true, withSet: true, withDate: true, withTypedArray: true, withBigInt: true, withNullPrototype: true }) },
  );
}

const STACK = /\n\s+at |\bat [\w.<>]+ \(|\.ts:\d+|\.js:\d+|node:internal|\/work\/|node_modules/;

/** A Result envelope whatever came in; errors carry a known code and a message without a stack trace. */
export function expectEnvelope(answer: unknown, call: CallName): void {
  expect(answer).toBeTypeOf('object');
  const r = answer as { ok: unknown; value?: unknown; error?: { code: unknown; message: unknown } };
  expect(typeof r.ok).toBe('boolean');
  if (r.ok) {
    expect(CONTRACT[call].output.safeParse(r.value).success).toBe(true);
    return;
  }
  expect(ERROR_CODES).toContain(r.error?.code);
  expect(typeof r.error?.message).toBe('string');
  expect(r.error!.message as string).not.toMatch(STACK);
}

export function expectNoPollution(): void {
  const probe: Record<string, unknown> = {};
  expect(probe.polluted).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
}
