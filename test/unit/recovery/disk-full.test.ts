// Disk full waits on the disk that is full; a file too large for the file
// system goes to Needs attention at once, saying what to change.
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorld, settle, untilDue, type World } from './engine-world';

let w: World | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

describe('disk full', () => {
  it('waits on the folder the job is unpacked to (its category’s own disk), not on the complete folder with room to spare', async () => {
    w = await makeWorld({ releases: [] });
    w.sab.freeGb = 76.56; // the complete folder, as in the real capture
    w.sab.categoryFolders.set('tiny', { folder: '/srv/sabnzbd/tiny', freeGb: 500 / 1024 ** 3 }); // 500 bytes free; the job is 1000
    w.engine.start();
    const id = w.sab.add('Sabh.Disk.Full.Movie.2022.1080p-SABH', 'tiny');
    await w.announcer.announce(w.sab.finish(id, 'Failed', 'Unpacking failed, write error or disk is full?'));
    for (let i = 0; i < 3; i++) await untilDue(w, id);
    expect(w.sab.retries).toEqual([]);
    expect(w.store.attempts(id)).toEqual([]); // waiting spends nothing
    expect(w.store.get(id)!.lastError).toMatch(/^Waiting for free disk space: \/srv\/sabnzbd\/tiny has 0\.000 GB free/);
    w.sab.categoryFolders.set('tiny', { folder: '/srv/sabnzbd/tiny', freeGb: 1 });
    await untilDue(w, id);
    expect(w.sab.retries).toEqual([id]);
    expect(w.store.get(id)).toMatchObject({ status: 'awaiting_replacement', currentStrategy: 'retry_download' });
  });

  it('a folder nobody can measure (a category disk on another computer) does not block the retry for ever', async () => {
    w = await makeWorld({ releases: [] });
    w.sab.categoryFolders.set('tiny', { folder: '/srv/sabnzbd/tiny', freeGb: null });
    w.engine.start();
    const id = w.sab.add('Some.Movie', 'tiny');
    await w.announcer.announce(w.sab.finish(id, 'Failed', 'Unpacking failed, write error or disk is full?'));
    await untilDue(w, id);
    expect(w.sab.retries).toEqual([id]);
  });
});

describe('a file too large for the file system', () => {
  it('goes to Needs attention at once with what to change; a person’s Retry (after fixing it) retries the job', async () => {
    w = await makeWorld({ releases: [] });
    w.engine.start();
    const id = w.sab.add('Big.Movie.2023.2160p', 'movies');
    await w.announcer.announce(w.sab.finish(id, 'Failed', 'Unpacking failed, file too large for filesystem (FAT?)'));
    await settle(w);
    const rec = w.store.get(id)!;
    expect(rec).toMatchObject({ kind: 'file_too_large', status: 'dlq', inDlq: true, attempts: 0 });
    expect(rec.dlqReason).toMatch(/FAT32 stops at 4 GB.*freeing space will not help.*NTFS, exFAT, ext4 or APFS/);
    expect(w.rb.ofType('download.moved_to_dlq')[0]!.payload.reason).toBe(rec.dlqReason);
    expect(w.sab.retries).toEqual([]);
    const r = await w.engine.retryNow(id);
    expect(r.ok).toBe(true);
    expect(w.sab.retries).toEqual([id]);
  });
});
