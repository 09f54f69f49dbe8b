/**
 * zod shapes for the parts of NZBGet's JSON-RPC answers the harness reads. Loose objects:
 * every other field NZBGet sends is kept, so tests (and the fixture captures) see it too.
 * Deliberately separate from main/core/nzbget/nzbget-schemas.ts: the harness must not
 * trust the code it is testing.
 */
import { z } from 'zod';

export const nzbgetParameterSchema = z.object({ Name: z.string(), Value: z.string() });

export const nzbgetHistoryItemSchema = z.looseObject({
  NZBID: z.number(),
  Name: z.string(),
  Kind: z.string(),
  Status: z.string(),
  Category: z.string(),
  ParStatus: z.string(),
  UnpackStatus: z.string(),
  MoveStatus: z.string(),
  ScriptStatus: z.string(),
  DeleteStatus: z.string(),
  MarkStatus: z.string(),
  FailedArticles: z.number(),
  Health: z.number(),
  CriticalHealth: z.number(),
  HistoryTime: z.number(),
  Parameters: z.array(nzbgetParameterSchema),
});
export type NzbgetHistoryItem = z.infer<typeof nzbgetHistoryItemSchema>;

export const nzbgetGroupSchema = z.looseObject({
  NZBID: z.number(),
  NZBName: z.string(),
  Status: z.string(),
  Category: z.string(),
  Parameters: z.array(nzbgetParameterSchema),
});
export type NzbgetGroup = z.infer<typeof nzbgetGroupSchema>;

export const rpcEnvelopeSchema = z.union([
  z.object({ version: z.string().optional(), result: z.unknown() }),
  z.object({ version: z.string().optional(), error: z.object({ name: z.string().optional(), code: z.number(), message: z.string() }) }),
]);
