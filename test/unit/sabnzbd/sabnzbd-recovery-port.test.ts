// Where a disk-full job waits for room: the folder it is unpacked to, not the
// download folder. The real disk-full capture had 76 GB free in SABnzbd's
// download and complete folders (queue.json: diskspace1 = diskspace2 = 76.56)
// while category `tiny` unpacked to its own 1 MiB disk, which was full.
import { afterEach, describe, expect, it } from 'vitest';
import { SabnzbdClient } from '../../../main/core/sabnzbd/sabnzbd-client';
import { categoryFolder, sabnzbdRecoveryPort, type LocalFreeBytes } from '../../../main/core/sabnzbd/sabnzbd-recovery-port';
import { diskWaitLine } from '../../../main/core/recovery/disk-space';
import { fixtureAnswer, fixtureJson, jsonAnswer, startSabServer, type FakeSabServer } from './sabnzbd-fixtures';

const KEY = 'REDACTED_API_KEY';
const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

// get_config as SABnzbd 3.7.1 answers it (the harness' categories: tv and movies in the complete folder, tiny on its own disk).
const MISC = { config: { misc: { download_dir: '/srv/sabnzbd/sab/incomplete', complete_dir: '/srv/sabnzbd/sab/complete', fail_hopeless_jobs: 1 } } };
const CATEGORIES = {
  config: {
    categories: [
      { name: '*', order: 0, pp: '3', script: 'Default', dir: '', newzbin: '', priority: 0 },
      { name: 'tv', order: 1, pp: '', script: 'Default', dir: '', newzbin: '', priority: -100 },
      { name: 'movies', order: 2, pp: '', script: 'Default', dir: 'films', newzbin: '', priority: -100 },
      { name: 'tiny', order: 3, pp: '', script: 'Default', dir: '/srv/sabnzbd/tiny', newzbin: '', priority: -100 },
    ],
  },
};

let server: FakeSabServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function portAt(host: string, local: LocalFreeBytes) {
  server = await startSabServer((req) => {
    const mode = req.query.get('mode');
    if (mode === 'queue') return fixtureAnswer('queue.json');
    if (mode === 'get_config') return jsonAnswer(req.query.get('section') === 'categories' ? CATEGORIES : MISC);
    return jsonAnswer({ status: false, error: 'not implemented' });
  });
  // `host` is what the user typed; the request still goes to our loopback server through the fetch below.
  const url = server.url.replace('127.0.0.1', host);
  const target = server.url;
  const client = new SabnzbdClient({ connection: { url, apiKey: KEY, timeoutMs: 2_000 }, fetch: (input, init) => fetch(String(input).replace(url, target), init) });
  return sabnzbdRecoveryPort(client, { localFreeBytes: local });
}

describe('free space where a category’s jobs are unpacked', () => {
  const capture = fixtureJson('queue.json') as { queue: { diskspace1: string; diskspace2: string } };

  it('the real capture: both SABnzbd folders have 76 GB free, the category’s own disk 1 MiB — the wait reads the 1 MiB', async () => {
    expect(capture.queue.diskspace1).toBe('76.56');
    const seen: string[] = [];
    const port = await portAt('127.0.0.1', async (p) => (seen.push(p), 1 * MIB));
    const space = await port.folderSpace('tiny');
    expect(space.ok && space.value).toEqual({ folder: '/srv/sabnzbd/tiny', freeBytes: MIB, measuredBy: 'this_computer', downloadFreeBytes: 76.56 * GIB });
    expect(seen).toEqual(['/srv/sabnzbd/tiny']);
    // The 3 MB job of the capture does not fit: it waits, naming the folder.
    expect(diskWaitLine(space.ok ? space.value : (null as never), 3 * MIB)).toMatch(/Waiting for free disk space: \/srv\/sabnzbd\/tiny has 0\.001 GB free, the job needs 0\.003 GB/);
  });

  it('a category inside the complete folder is measured there (SABnzbd’s diskspace2 when it runs elsewhere)', async () => {
    const port = await portAt('nas.local', async () => {
      throw new Error('a remote SABnzbd’s folders are not measured here');
    });
    const tv = await port.folderSpace('tv');
    expect(tv.ok && tv.value).toMatchObject({ folder: '/srv/sabnzbd/sab/complete', freeBytes: 76.56 * GIB, measuredBy: 'sabnzbd' });
    const movies = await port.folderSpace('movies');
    expect(movies.ok && movies.value).toMatchObject({ folder: '/srv/sabnzbd/sab/complete/films', freeBytes: 76.56 * GIB, measuredBy: 'sabnzbd' });
    // A category folder of its own on another computer: nobody can tell, and 76 GB elsewhere is no answer.
    const tiny = await port.folderSpace('tiny');
    expect(tiny.ok && tiny.value).toMatchObject({ folder: '/srv/sabnzbd/tiny', freeBytes: null, measuredBy: null });
    expect(diskWaitLine(tiny.ok ? tiny.value : (null as never), 3 * MIB)).toBeNull();
  });

  it('resolves category folders the way SABnzbd does', () => {
    const folders = { downloadDir: 'C:\\Downloads\\incomplete', completeDir: 'C:\\Downloads\\complete', categories: [{ name: 'tv', dir: 'TV' }, { name: 'big', dir: 'D:\\Movies' }, { name: 'in', dir: 'C:\\Downloads\\complete\\x' }] };
    expect(categoryFolder(folders, 'tv')).toEqual({ folder: 'C:\\Downloads\\complete\\TV', own: false });
    expect(categoryFolder(folders, 'big')).toEqual({ folder: 'D:\\Movies', own: true });
    expect(categoryFolder(folders, 'in')).toEqual({ folder: 'C:\\Downloads\\complete\\x', own: false });
    expect(categoryFolder(folders, null)).toEqual({ folder: 'C:\\Downloads\\complete', own: false });
  });

  it('room means room for the job’s size (a floor when the size is unknown)', () => {
    const at = (free: number) => ({ folder: '/x', freeBytes: free, measuredBy: 'sabnzbd' as const, downloadFreeBytes: null });
    expect(diskWaitLine(at(5 * MIB), 3 * MIB)).toBeNull();
    expect(diskWaitLine(at(2 * MIB), 3 * MIB)).not.toBeNull();
    expect(diskWaitLine(at(512 * MIB), null)).not.toBeNull();
    expect(diskWaitLine(at(2 * GIB), null)).toBeNull();
  });
});
