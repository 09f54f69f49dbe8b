// NZBGet behind recovery's download-client port (RecoveryDownloadClient): the
// adapter's calls, plus where a category's jobs go and how much room is there.
// NZBGet 21 measures only its DestDir; a category folder of its own is measured
// here when NZBGet runs on this computer, and is unknown (null) otherwise.
import { clientOk, type DownloadClientResult } from '../download-client/download-client-error';
import type { FolderSpace as ClientFolderSpace } from '../download-client/download-client-port';
import type { FolderSpace, RecoveryDownloadClient } from '../recovery/recovery-ports';
import { isLoopback, statfsFreeBytes, type LocalFreeBytes } from '../sabnzbd/sabnzbd-recovery-port';
import type { NzbgetDownloadClient } from './nzbget-download-client';

export interface NzbgetRecoveryPortOptions {
  /** Measures a category's own folder when NZBGet runs on this computer. */
  localFreeBytes?: LocalFreeBytes;
}

export function nzbgetRecoveryPort(port: NzbgetDownloadClient, options: NzbgetRecoveryPortOptions = {}): RecoveryDownloadClient {
  const localFreeBytes = options.localFreeBytes ?? statfsFreeBytes;
  return {
    kind: port.kind,
    retryKeepsIds: port.retryKeepsIds,
    retry: (id) => port.retry(id),
    findJobs: (lookup) => port.findJobs(lookup),
    // NZBGet's GroupDelete always deletes the job's files.
    removeFromQueue: (id) => port.removeFromQueue(id),
    failureSettings: () => port.failureSettings(),
    categories: () => port.categories(),
    async folderSpace(category): Promise<DownloadClientResult<FolderSpace>> {
      const spaces = await port.diskSpace();
      if (!spaces.ok) return spaces;
      return clientOk(await categorySpace(spaces.value, category, isLoopback(port.address) ? localFreeBytes : null));
    },
  };
}

/** Pure but for `measureLocally`: the folder a category's jobs end in, and its free space. */
export async function categorySpace(spaces: readonly ClientFolderSpace[], category: string | null, measureLocally: LocalFreeBytes | null): Promise<FolderSpace> {
  const downloadFreeBytes = spaces.find((s) => s.role === 'incomplete')?.freeBytes ?? null;
  const complete = spaces.find((s) => s.role === 'complete') ?? null;
  const own = category === null ? null : (spaces.find((s) => s.role === 'category' && s.category === category && s.path !== null) ?? null);
  const target = own ?? complete;
  const folder = target?.path ?? null;
  const local = measureLocally && folder ? await measureLocally(folder) : null;
  if (local !== null) return { folder, freeBytes: local, measuredBy: 'this_computer', downloadFreeBytes };
  const freeBytes = target?.freeBytes ?? null;
  return { folder, freeBytes, measuredBy: freeBytes === null ? null : 'nzbget', downloadFreeBytes };
}
