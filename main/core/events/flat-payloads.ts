// Which event types carry payloads of primitives only, read off their zod
// schemas once at load. The bus freezes such a payload with one Object.freeze
// and skips the walk over its fields looking for objects to freeze: that walk
// was a tenth of a publish in the bus benchmark, and the busiest events
// (queue.polled, queue.state_changed) have nothing to find.
// A payload carrying keys its schema does not name is a caller bug
// (`validatePayloads` catches the wrong shapes); such extras are not walked.
import type { z } from 'zod';
import { EVENT_TYPES, EventPayloadSchemas, type EventType } from '../../../shared/events';

/** Schema kinds whose values are never objects (a Date is one, so `date` is not here). */
const PRIMITIVE_KINDS: ReadonlySet<string> = new Set(['string', 'number', 'boolean', 'bigint', 'enum', 'literal', 'null', 'undefined']);
/** Wrappers that change what is allowed around a value, not what the value is. */
const WRAPPER_KINDS: ReadonlySet<string> = new Set(['optional', 'nullable', 'default', 'readonly', 'nonoptional']);

interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  options?: readonly z.ZodType[];
}

/** True when every value the schema accepts is a primitive (anything unknown counts as an object). */
export function acceptsOnlyPrimitives(schema: z.ZodType): boolean {
  const def = schema._zod.def as unknown as SchemaDef;
  if (PRIMITIVE_KINDS.has(def.type)) return true;
  if (WRAPPER_KINDS.has(def.type) && def.innerType) return acceptsOnlyPrimitives(def.innerType);
  if (def.type === 'union' && def.options) return def.options.every(acceptsOnlyPrimitives);
  return false;
}

/** True when every field of an object schema accepts only primitives. */
export function isFlatObjectSchema(schema: z.ZodObject): boolean {
  return Object.values(schema.shape as Record<string, z.ZodType>).every(acceptsOnlyPrimitives);
}

export const FLAT_PAYLOAD_TYPES: ReadonlySet<EventType> = new Set(
  EVENT_TYPES.filter((type) => isFlatObjectSchema(EventPayloadSchemas[type] as unknown as z.ZodObject)),
);
