// A failure first seen while its *arr was down keeps the app the category map
// named but no item (the poller could not ask). Without an item no other
// release can be searched, so every strategy would fail and a healthy download
// would end in the dead-letter queue. Before recovery picks a strategy it asks
// the app again; this file says what its answer means.
import { ARR_APP_LABEL, type ArrApp, type ArrItemRef } from '../../../shared/domain';
import type { DownloadRecord } from '../../../shared/downloads';
import type { ArrError } from '../arr/arr-result';
import { arrOfDownload } from './arr-of-download';
import type { RecoveryArr, RecoveryArrs } from './recovery-ports';
import { arrOutage, type Outage } from './service-outage';

export type ItemLookup =
  /** The app knows the download: link it and go on. */
  | { outcome: 'found'; item: ArrItemRef }
  /** The app answered and does not know it: not its download; go on as before. */
  | { outcome: 'unknown' }
  /** The app did not answer: an outage, the step waits (nothing spent). */
  | { outcome: 'outage'; outage: Outage }
  /** The app answered with an error that waiting will not fix (e.g. a wrong API key): go on as before. */
  | { outcome: 'refused'; error: ArrError };

/** The *arr to ask, when the record names one, has no item, and that app is configured. */
export function arrToRelink(record: DownloadRecord, arrs: RecoveryArrs): RecoveryArr | null {
  if (record.sourceApp === 'manual' || record.item !== null) return null;
  return arrOfDownload(record, arrs);
}

export async function lookUpItem(arr: RecoveryArr, nzoId: string): Promise<ItemLookup> {
  const r = await arr.itemByDownloadId(nzoId);
  if (r.ok) return r.value ? { outcome: 'found', item: r.value } : { outcome: 'unknown' };
  const outage = arrOutage(arr, r.error);
  return outage ? { outcome: 'outage', outage } : { outcome: 'refused', error: r.error };
}

/** The record's metadata with a note saying when and how the item was linked. */
export function linkedMetadata(record: DownloadRecord, app: ArrApp, now: number): Record<string, unknown> {
  const label = ARR_APP_LABEL[app];
  const previous = Array.isArray(record.metadata.sourceNotes) ? (record.metadata.sourceNotes as unknown[]) : [];
  return {
    ...record.metadata,
    itemLinkedAt: now,
    sourceNotes: [...previous, `${label} was asked again before recovery and linked the download to its item.`],
  };
}
