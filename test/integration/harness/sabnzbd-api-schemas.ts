/**
 * zod shapes for the parts of SABnzbd's JSON API the harness reads. Loose objects: every
 * other field SABnzbd sends is kept, so tests can assert on it too.
 */
import { z } from 'zod';

export const historySlotSchema = z.looseObject({
  nzo_id: z.string(),
  name: z.string(),
  status: z.string(),
  fail_message: z.string(),
  category: z.string().nullable(),
  // 1/0 for downloaded jobs, but the JSON boolean for failed URL fetches.
  retry: z.union([z.number(), z.boolean()]),
});
export type HistorySlot = z.infer<typeof historySlotSchema>;

export const historyResponseSchema = z.object({
  history: z.looseObject({ slots: z.array(historySlotSchema), noofslots: z.number() }),
});

export const queueSlotSchema = z.looseObject({
  nzo_id: z.string(),
  filename: z.string(),
  status: z.string(),
  cat: z.string(),
  // Usually the label ("Normal", "High", ...), but SABnzbd 3.7.1 maps priorities missing from
  // its label table (e.g. -2 Paused, right after the add) to the NUMBER 0 (api.py build_queue).
  priority: z.union([z.string(), z.number()]),
  percentage: z.string(),
});
export type QueueSlot = z.infer<typeof queueSlotSchema>;

export const queueResponseSchema = z.object({
  queue: z.looseObject({ slots: z.array(queueSlotSchema), status: z.string(), paused: z.boolean() }),
});

export const addResponseSchema = z.object({ status: z.boolean(), nzo_ids: z.array(z.string()) });
export type AddResponse = z.infer<typeof addResponseSchema>;

/** mode=retry and mode=cancel_pp: `{status:true, nzo_id}` or `{status:false, error}`. */
export const idResponseSchema = z.looseObject({ status: z.boolean(), nzo_id: z.string().optional(), error: z.string().optional() });
export type IdResponse = z.infer<typeof idResponseSchema>;
