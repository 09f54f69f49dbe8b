// Which *arr a download is recovered through. A download records the instance
// that owns it (metadata.arrInstance: its history knew the job, or its
// download category is the job's); recovery asks that instance and no other,
// so a 4K grab never lands on the HD Radarr. A download recorded before
// instances existed, or by a test that names only the app, goes to the app's
// first instance as it always did.
import type { DownloadRecord } from '../../../shared/downloads';
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
