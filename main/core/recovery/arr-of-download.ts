// Which *arr a download is recovered through. A download records the instance
// that owns it (metadata.arrInstance: its history knew the job, or its
// download category is the job's); recovery asks that instance and no other,
// so a 4K grab never lands on the HD Radarr. A download recorded before
// instances existed, or by a test that names only the app, goes to the app's
// first instance as it always did.
import type { DownloadRecord } from '../../../shared/downloads';
import type { DeferralService } from './download-lifecycle';
import type { RecoveryArr, RecoveryArrs } from './recovery-ports';

/** The instance id a download was recorded for, or null when only its app is known. */
export function arrInstanceOf(record: Pick<DownloadRecord, 'metadata'>): string | null {
  const id = record.metadata.arrInstance;
  return typeof id === 'string' && id !== '' ? id : null;
}

/**
 * The configured *arr that owns the download; null when it is a manual job or
 * its instance is not configured now (removed, disabled, no key): then it is
 * handled like a manual job rather than through another instance of the kind.
 */
export function arrOfDownload(record: Pick<DownloadRecord, 'sourceApp' | 'metadata'>, arrs: RecoveryArrs): RecoveryArr | null {
  if (record.sourceApp === 'manual') return null;
  const id = arrInstanceOf(record);
  if (id !== null && arrs.instances !== undefined) {
    const arr = arrs.instances[id];
    return arr !== undefined && arr.app === record.sourceApp ? arr : null;
  }
  return arrs[record.sourceApp] ?? null;
}

/**
 * Whether a download deferred by an outage waits for this service to answer. deferred_by names
 * the app only; which instance of it the download waits for is its own (the one recovery asks, see
 * arrOfDownload), so "Radarr 4K" answering wakes the 4K downloads and the first Radarr's none of them.
 * `instance` is set only for an instance other than the first of its app (as ServiceOutages tells it).
 */
export function waitsFor(
  record: Pick<DownloadRecord, 'deferredBy' | 'metadata'>,
  service: DeferralService,
  instance: string | undefined,
): boolean {
  if (record.deferredBy !== service) return false;
  // The download client (SABnzbd or NZBGet) is one: whatever waits for it wakes.
  if (service === 'sabnzbd' || service === 'nzbget') return true;
  return (arrInstanceOf(record) ?? service) === (instance ?? service);
}
