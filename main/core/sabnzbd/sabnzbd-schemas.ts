// SABnzbd's answers as they really come (see the 3.7.1 captures): numbers are
// often strings, history `retry` is 0/1 for jobs but `true` for failed URL
// fetches, and an unchanged history is `{"history": false}`. The schemas
// accept those shapes and hand the rest of the core clean numbers and booleans.
import { z } from 'zod';

/** 12, "12", "0.52" → number. Empty or non-numeric strings are rejected. */
const numberish = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/, 'expected a number')
    .transform(Number),
]);

/** true / 1 / "1" → true; false / 0 / "0" / "" → false. */
const boolish = z.union([z.boolean(), z.number(), z.string()]).transform((v) => {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  return v.trim() !== '' && v.trim() !== '0' && v.trim().toLowerCase() !== 'false';
});

/** A number where SABnzbd sometimes sends junk ("", null): junk becomes null rather than failing the whole answer. */
const optionalNumber = numberish.nullable().optional().catch(null).transform((v) => v ?? null);

export const SabVersionSchema = z.object({ version: z.string() });

/** A job in the download queue. */
export const SabQueueSlotSchema = z.object({
  nzo_id: z.string().min(1),
  filename: z.string(),
  status: z.string(),
  cat: z.string().nullable().optional().transform((v) => v ?? null),
  mbleft: numberish,
  mb: numberish,
  percentage: optionalNumber,
  priority: z.union([z.string(), z.number()]).optional(),
  labels: z.array(z.string()).optional().default([]),
  timeleft: z.string().optional(),
});
export type SabQueueSlot = z.infer<typeof SabQueueSlotSchema>;

export const SabQueueSchema = z.object({
  paused: boolish,
  status: z.string().optional(),
  kbpersec: optionalNumber,
  noofslots: optionalNumber,
  noofslots_total: optionalNumber,
  /** Free GB in the download (incomplete) folder. */
  diskspace1: optionalNumber,
  /** Free GB in the completed-download folder. */
  diskspace2: optionalNumber,
  slots: z.array(SabQueueSlotSchema),
});
export type SabQueue = z.infer<typeof SabQueueSchema>;
export const SabQueueResponseSchema = z.object({ queue: SabQueueSchema });

/** A job in history: finished (Completed/Failed) or still in post-processing (Queued, Running, Extracting…). */
export const SabHistorySlotSchema = z.object({
  nzo_id: z.string().min(1),
  name: z.string(),
  status: z.string(),
  category: z.string().nullable().optional().transform((v) => v ?? null),
  fail_message: z.string().nullable().optional().transform((v) => v ?? ''),
  /** Epoch seconds when the job left post-processing; 0/absent while still in it. */
  completed: optionalNumber,
  bytes: optionalNumber,
  retry: boolish.optional().default(false),
  url: z.string().nullable().optional().transform((v) => v ?? null),
  storage: z.string().nullable().optional().transform((v) => v ?? null),
  action_line: z.string().nullable().optional().transform((v) => v ?? null),
});
export type SabHistorySlot = z.infer<typeof SabHistorySlotSchema>;

export const SabHistorySchema = z.object({
  noofslots: numberish,
  last_history_update: numberish,
  slots: z.array(SabHistorySlotSchema),
  /** SABnzbd 4.x: how many of `slots` are post-processing jobs. */
  ppslots: optionalNumber,
});
export type SabHistory = z.infer<typeof SabHistorySchema>;
/** `history: false` is SABnzbd saying "nothing changed since last_history_update". */
export const SabHistoryResponseSchema = z.object({ history: z.union([z.literal(false), SabHistorySchema]) });

export const SabRetryResponseSchema = z.object({ status: z.literal(true), nzo_id: z.string().min(1) });
export const SabStatusResponseSchema = z.object({ status: boolish });
export const SabAddResponseSchema = z.object({ status: boolish, nzo_ids: z.array(z.string()).default([]) });
export const SabCategoriesResponseSchema = z.object({ categories: z.array(z.string()) });

/** The misc settings that decide how and when jobs fail. */
export const SabFailureConfigSchema = z.object({
  fail_hopeless_jobs: boolish.optional().default(false),
  pre_check: boolish.optional().default(false),
  /** Minutes a fresh post is held back (0 = off). */
  propagation_delay: numberish.optional().default(0),
  /** 0 off, 1 discard, 2 pause, 3 fail to history, 4 tag. */
  no_dupes: numberish.optional().default(0),
});
export type SabFailureConfig = z.infer<typeof SabFailureConfigSchema>;
export const SabMiscConfigResponseSchema = z.object({ config: z.object({ misc: SabFailureConfigSchema }) });

/** The folders SABnzbd writes to (get_config section misc). */
export const SabFolderConfigSchema = z.object({
  download_dir: z.string().optional().default(''),
  complete_dir: z.string().optional().default(''),
});
export const SabFolderConfigResponseSchema = z.object({ config: z.object({ misc: SabFolderConfigSchema }) });

/** A category's own folder: '' = the completed-download folder, relative = inside it, absolute = elsewhere. */
export const SabCategoryConfigSchema = z.object({ name: z.string(), dir: z.string().nullable().optional().transform((v) => v ?? '') });
export const SabCategoryConfigResponseSchema = z.object({ config: z.object({ categories: z.array(SabCategoryConfigSchema) }) });
export interface SabFolders {
  downloadDir: string;
  completeDir: string;
  categories: { name: string; dir: string }[];
}

/** `{"status": false, "error": "..."}`: an API-level refusal on HTTP 200. */
export const SabApiErrorSchema = z.object({ status: z.literal(false), error: z.string() });

/** History statuses that are final; everything else is still in post-processing. */
export const FINAL_HISTORY_STATUSES = ['Completed', 'Failed'] as const;
export function isFinalHistoryStatus(status: string): boolean {
  return (FINAL_HISTORY_STATUSES as readonly string[]).includes(status);
}

export type SabCategoryFolder = { name: string; dir: string };
