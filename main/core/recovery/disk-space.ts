// "Is the space back?" for disk-full failures. The job failed writing where it
// is unpacked: SABnzbd's completed-download folder or its category's own folder
// (the real disk-full capture: that folder full, the download folder with 76 GB
// free). A retry waits until THAT folder has room for the job; when its free
// space cannot be measured at all, the retry runs and says so, rather than
// waiting for ever on a number nobody has.
import type { DownloadRecord } from '../../../shared/downloads';
import type { FolderSpace, RecoveryDownloadClient } from './recovery-ports';
import { sabOutage } from './service-outage';

/** Room needed when the job's size is unknown. */
export const DEFAULT_MIN_FREE_BYTES = 1024 ** 3;

const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(bytes < 1024 ** 3 ? 3 : 1)} GB`;

/** Pure: the line to wait with, or null when the folder has room for the job (or cannot be measured). */
export function diskWaitLine(space: FolderSpace, jobBytes: number | null, minFreeBytes = DEFAULT_MIN_FREE_BYTES): string | null {
  if (space.freeBytes === null) return null;
  const needed = jobBytes !== null && jobBytes > 0 ? jobBytes : minFreeBytes;
  if (space.freeBytes >= needed) return null;
  const where = space.folder ? `${space.folder}` : 'the folder it is unpacked to';
  return `Waiting for free disk space: ${where} has ${gb(space.freeBytes)} free, the job needs ${gb(needed)}.`;
}

/** Asks the download client; answers the wait line, or null when the retry may run. */
export async function diskWait(record: DownloadRecord, sab: Pick<RecoveryDownloadClient, 'kind' | 'folderSpace'>, options: { minFreeBytes: number }): Promise<string | null> {
  const space = await sab.folderSpace(record.category);
  if (!space.ok) {
    const down = sabOutage(space.error, sab.kind);
    return `Waiting for free disk space: ${sab.kind === 'nzbget' ? 'NZBGet' : 'SABnzbd'} could not be asked (${down ? down.message : space.error.message}).`;
  }
  const size = typeof record.metadata.sizeBytes === 'number' ? record.metadata.sizeBytes : null;
  return diskWaitLine(space.value, size, options.minFreeBytes);
}
