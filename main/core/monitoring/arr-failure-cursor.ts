// How far the *arr failure watch has read one instance's downloadFailed history,
// kept in the StateStore so a restart does not read (and weigh) it again.
// `/history/since?date=` is inclusive, so records at exactly the newest date
// read are told apart by their history ids.
import { z } from 'zod';
import type { ArrApp } from '../../../shared/domain';

/**
 * The first Sonarr/Radarr (no instance, or its id is the app's name) keep the key they always had,
 * so an upgrade re-reads nothing; every other instance has its own, by its settings id.
 */
export const arrFailureCursorKey = (app: ArrApp, instanceId?: string): string =>
  instanceId === undefined || instanceId === '' || instanceId === app
    ? `monitoring.${app}.failedHistoryCursor`
    : `monitoring.${app}.instance.${instanceId}.failedHistoryCursor`;

export const ArrFailureCursorSchema = z.object({
  /** Epoch ms of the newest downloadFailed record read. */
  newestMs: z.number(),
  /** History ids of the records read at exactly newestMs. */
  idsAtNewest: z.array(z.number()),
});
export type ArrFailureCursor = z.infer<typeof ArrFailureCursorSchema>;

export function parseArrFailureCursor(raw: string | null): ArrFailureCursor | null {
  if (raw === null) return null;
  try {
    const r = ArrFailureCursorSchema.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export interface DatedRecord {
  id: number;
  /** Epoch ms (NaN when the app sent a date we cannot read). */
  ms: number;
}

export function isUnread(record: DatedRecord, cursor: ArrFailureCursor | null): boolean {
  if (cursor === null) return true;
  if (record.ms > cursor.newestMs) return true;
  return record.ms === cursor.newestMs && !cursor.idsAtNewest.includes(record.id);
}

export function advanceArrFailureCursor(cursor: ArrFailureCursor | null, read: readonly DatedRecord[]): ArrFailureCursor | null {
  let newest = cursor?.newestMs ?? Number.NEGATIVE_INFINITY;
  for (const r of read) if (Number.isFinite(r.ms)) newest = Math.max(newest, r.ms);
  if (!Number.isFinite(newest)) return cursor;
  const ids = new Set(cursor && cursor.newestMs === newest ? cursor.idsAtNewest : []);
  for (const r of read) if (r.ms === newest) ids.add(r.id);
  return { newestMs: newest, idsAtNewest: [...ids] };
}
