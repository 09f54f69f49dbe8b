// SABnzbd behind recovery's download-client port (RecoveryDownloadClient). Most
// calls are the SABnzbd adapter's (SabnzbdDownloadClient); what it adds is where a job's files go and how
// much room is there: SABnzbd's queue reports only its download folder
// (diskspace1) and its completed-download folder (diskspace2), while a
// category may unpack to a folder of its own on another disk (the real
// disk-full capture: 76 GB free in both, the category's 1 MiB disk full).
import { statfs } from 'node:fs/promises';
import type { FolderSpace, RecoveryDownloadClient } from '../recovery/recovery-ports';
import type { SabnzbdClient } from './sabnzbd-client';
import { SabnzbdDownloadClient } from './sabnzbd-download-client';
import { sabOk, type SabnzbdResult } from './sabnzbd-error';
import type { SabFolders } from './sabnzbd-schemas';

const GIB = 1024 ** 3;

/** Free bytes at `path` (or its nearest existing parent) on this computer; null when it cannot be read. */
export type LocalFreeBytes = (path: string) => Promise<number | null>;

export const statfsFreeBytes: LocalFreeBytes = async (path) => {
  for (let p = path, i = 0; p !== '' && i < 32; i++) {
    try {
      const s = await statfs(p);
      return s.bavail * s.bsize;
    } catch {
      const parent = parentOf(p);
      if (parent === p) return null;
      p = parent;
    }
  }
  return null;
};

export interface SabnzbdRecoveryPortOptions {
  /** Measures a category's own folder when SABnzbd runs on this computer. */
  localFreeBytes?: LocalFreeBytes;
}

export function sabnzbdRecoveryPort(client: SabnzbdClient, options: SabnzbdRecoveryPortOptions = {}): RecoveryDownloadClient {
  const localFreeBytes = options.localFreeBytes ?? statfsFreeBytes;
  const port = new SabnzbdDownloadClient(client);
  return {
    kind: port.kind,
    retryKeepsIds: port.retryKeepsIds,
    retry: (id) => port.retry(id),
    findJobs: (lookup) => port.findJobs(lookup),
    removeFromQueue: (id, o) => port.removeFromQueue(id, o),
    failureSettings: () => port.failureSettings(),
    categories: () => port.categories(),
    async folderSpace(category): Promise<SabnzbdResult<FolderSpace>> {
      const [folders, queue] = await Promise.all([client.folders(), client.queue()]);
      if (!folders.ok) return folders;
      if (!queue.ok) return queue;
      const downloadFreeBytes = queue.value.diskspace1 === null ? null : queue.value.diskspace1 * GIB;
      const completeFreeBytes = queue.value.diskspace2 === null ? null : queue.value.diskspace2 * GIB;
      const { folder, own } = categoryFolder(folders.value, category);
      // A SABnzbd on this computer: its folders are ours to measure, exactly where the job is written.
      const local = isLoopback(client.address) && folder ? await localFreeBytes(folder) : null;
      if (local !== null) return sabOk({ folder, freeBytes: local, measuredBy: 'this_computer', downloadFreeBytes });
      if (!own) return sabOk({ folder, freeBytes: completeFreeBytes, measuredBy: completeFreeBytes === null ? null : 'sabnzbd', downloadFreeBytes });
      // A category folder elsewhere on another computer: SABnzbd does not say, and its complete folder is no guide.
      return sabOk({ folder, freeBytes: null, measuredBy: null, downloadFreeBytes });
    },
  };
}

/** The folder a category's jobs are unpacked to; `own` when it is not inside the completed-download folder. */
export function categoryFolder(folders: SabFolders, category: string | null): { folder: string | null; own: boolean } {
  const dir = folders.categories.find((c) => c.name === category)?.dir.trim() ?? '';
  const complete = folders.completeDir.trim() || null;
  if (dir === '') return { folder: complete, own: false };
  if (isAbsolute(dir)) return { folder: dir, own: !complete || !isInside(dir, complete) };
  return { folder: complete ? joinPath(complete, dir) : null, own: false };
}

function isAbsolute(p: string): boolean {
  return /^([a-zA-Z]:[\\/]|[\\/])/.test(p);
}

function joinPath(base: string, rel: string): string {
  const sep = base.includes('\\') && !base.includes('/') ? '\\' : '/';
  return `${base.replace(/[\\/]+$/, '')}${sep}${rel.replace(/^[\\/]+/, '')}`;
}

function isInside(p: string, dir: string): boolean {
  const norm = (s: string) => s.replace(/[\\/]+$/, '').toLowerCase();
  return norm(p) === norm(dir) || norm(p).startsWith(`${norm(dir)}/`) || norm(p).startsWith(`${norm(dir)}\\`);
}

function parentOf(p: string): string {
  const trimmed = p.replace(/[\\/]+$/, '');
  const i = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (i <= 0) return i === 0 ? trimmed.slice(0, 1) : trimmed;
  return trimmed.slice(0, i);
}

export function isLoopback(address: string): boolean {
  try {
    const host = new URL(address).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\./.test(host);
  } catch {
    return false;
  }
}
