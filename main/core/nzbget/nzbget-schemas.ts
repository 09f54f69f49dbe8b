// NZBGet's JSON-RPC answers as they really come (NZBGet 21, see
// test/fixtures/nzbget/): 64-bit sizes split into unsigned 32-bit Lo/Hi
// halves, status fields as upper-case words, post-processing parameters as
// {Name, Value} pairs. The schemas join the halves into byte counts and keep
// status words as plain strings: a newer NZBGet may add words, and the failure
// table falls back on them instead of the whole answer being refused.
import { z } from 'zod';

const U32 = 2 ** 32;

/** Lo/Hi halves → bytes. NZBGet sends -1 (both halves 0xFFFFFFFF) when it could not measure. */
export function joinInt64(lo: number, hi: number): number | null {
  if (lo === U32 - 1 && hi === U32 - 1) return null;
  return hi * U32 + lo;
}

const u32 = z.number().int().min(0);

/** Reads `<prefix>Lo` and `<prefix>Hi` of an answer object into bytes. */
function bytesOf(o: Record<string, unknown>, prefix: string): number | null {
  const lo = u32.safeParse(o[`${prefix}Lo`]);
  const hi = u32.safeParse(o[`${prefix}Hi`]);
  return lo.success && hi.success ? joinInt64(lo.data, hi.data) : null;
}

export const NzbgetParameterSchema = z.object({ Name: z.string(), Value: z.string() });
export type NzbgetParameter = z.infer<typeof NzbgetParameterSchema>;

/** The parameter an *arr sets on every NZB it sends (a 32-hex id); the *arr calls it the downloadId. */
export const ARR_DOWNLOAD_ID_PARAMETER = 'drone';

/** What the *arr apps report as this job's downloadId: their `drone` parameter, else the NZBID. */
export function arrDownloadId(nzbId: number, parameters: readonly NzbgetParameter[]): string {
  return parameters.find((p) => p.Name === ARR_DOWNLOAD_ID_PARAMETER)?.Value || String(nzbId);
}

export const NzbgetVersionSchema = z.string().min(1);

/** `status`: the global state. `FreeDiskSpace` is DestDir's free space (the only folder NZBGet 21 measures). */
export const NzbgetStatusSchema = z
  .looseObject({
    DownloadPaused: z.boolean(),
    PostPaused: z.boolean().optional(),
    ScanPaused: z.boolean().optional(),
    DownloadRate: z.number().optional(),
    ServerStandBy: z.boolean().optional(),
    ServerTime: z.number().optional(),
    FreeDiskSpaceLo: u32,
    FreeDiskSpaceHi: u32,
    /** nzbget.com 22+ also measures InterDir; NZBGet 21 does not send it. */
    FreeInterDiskSpaceLo: u32.optional(),
    FreeInterDiskSpaceHi: u32.optional(),
  })
  .transform((s) => ({
    downloadPaused: s.DownloadPaused,
    postPaused: s.PostPaused ?? false,
    downloadRate: s.DownloadRate ?? 0,
    serverTime: s.ServerTime ?? null,
    freeDestBytes: joinInt64(s.FreeDiskSpaceLo, s.FreeDiskSpaceHi),
    freeInterBytes: bytesOf(s, 'FreeInterDiskSpace'),
  }));
export type NzbgetStatus = z.output<typeof NzbgetStatusSchema>;

const jobFields = {
  NZBID: z.number().int().positive(),
  Kind: z.string().optional().default('NZB'),
  Category: z.string().optional().default(''),
  Status: z.string(),
  DestDir: z.string().optional().default(''),
  FinalDir: z.string().optional().default(''),
  FailedArticles: z.number().int().optional().default(0),
  Health: z.number().int().optional().default(1000),
  CriticalHealth: z.number().int().optional().default(1000),
  Parameters: z.array(NzbgetParameterSchema).optional().default([]),
  DupeKey: z.string().optional().default(''),
};

/** One job in the download queue (`listgroups`), also while NZBGet post-processes it. */
export const NzbgetGroupSchema = z
  .looseObject({
    ...jobFields,
    NZBName: z.string(),
    ActiveDownloads: z.number().int().optional().default(0),
    MaxPriority: z.number().int().optional().default(0),
  })
  .transform((g) => ({
    nzbId: g.NZBID,
    name: g.NZBName,
    kind: g.Kind,
    category: g.Category,
    status: g.Status,
    destDir: g.DestDir,
    activeDownloads: g.ActiveDownloads,
    priority: g.MaxPriority,
    sizeBytes: bytesOf(g, 'FileSize'),
    remainingBytes: bytesOf(g, 'RemainingSize'),
    pausedBytes: bytesOf(g, 'PausedSize'),
    failedArticles: g.FailedArticles,
    health: g.Health,
    criticalHealth: g.CriticalHealth,
    parameters: g.Parameters,
    downloadId: arrDownloadId(g.NZBID, g.Parameters),
  }));
export type NzbgetGroup = z.output<typeof NzbgetGroupSchema>;

/** One finished job in `history` (NZBGet keeps post-processing jobs in the queue, not here). */
export const NzbgetHistoryItemSchema = z
  .looseObject({
    ...jobFields,
    Name: z.string(),
    HistoryTime: z.number().int(),
    ParStatus: z.string().optional().default('NONE'),
    UnpackStatus: z.string().optional().default('NONE'),
    MoveStatus: z.string().optional().default('NONE'),
    ScriptStatus: z.string().optional().default('NONE'),
    DeleteStatus: z.string().optional().default('NONE'),
    MarkStatus: z.string().optional().default('NONE'),
    UrlStatus: z.string().optional().default('NONE'),
    RetryData: z.boolean().optional().default(false),
    TotalArticles: z.number().int().optional().default(0),
    ScriptStatuses: z.array(z.object({ Name: z.string(), Status: z.string() })).optional().default([]),
  })
  .transform((h) => ({
    nzbId: h.NZBID,
    name: h.Name,
    kind: h.Kind,
    category: h.Category,
    status: h.Status,
    historyTime: h.HistoryTime,
    destDir: h.FinalDir !== '' ? h.FinalDir : h.DestDir,
    sizeBytes: bytesOf(h, 'FileSize'),
    parStatus: h.ParStatus,
    unpackStatus: h.UnpackStatus,
    moveStatus: h.MoveStatus,
    scriptStatus: h.ScriptStatus,
    deleteStatus: h.DeleteStatus,
    markStatus: h.MarkStatus,
    urlStatus: h.UrlStatus,
    failedArticles: h.FailedArticles,
    totalArticles: h.TotalArticles,
    health: h.Health,
    criticalHealth: h.CriticalHealth,
    retryData: h.RetryData,
    scriptStatuses: h.ScriptStatuses,
    parameters: h.Parameters,
    downloadId: arrDownloadId(h.NZBID, h.Parameters),
  }));
export type NzbgetHistoryItem = z.output<typeof NzbgetHistoryItemSchema>;

export const NzbgetConfigSchema = z.array(z.object({ Name: z.string(), Value: z.string() }));
export type NzbgetConfigEntry = z.infer<typeof NzbgetConfigSchema>[number];

/** The JSON-RPC error envelope (bad method, bad parameter, refused action); success carries `result`. */
export const NzbgetErrorEnvelopeSchema = z.object({ error: z.object({ code: z.number().optional(), message: z.string() }) });

/** One entry of `log` (NZBGet's message buffer); only the ID is read. */
export const NzbgetMessageSchema = z.looseObject({ ID: z.number().int(), Kind: z.string(), Text: z.string() });
