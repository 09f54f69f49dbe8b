// The Readarr client against the fake Readarr (API v1) over real HTTP, with
// the grabs going to the fake SABnzbd on loopback.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReadarrClient, type ReadarrClient } from '../../../main/core/arr/readarr-client';
import { createLidarrClient } from '../../../main/core/arr/lidarr-client';
import { startFakeReadarr } from '../../fakes/fake-readarr';
import type { FakeArr } from '../../fakes/fake-arr-server';
import { FakeSabnzbdModel, startFakeSabnzbd, type FakeSabnzbdServer } from '../../fakes/fake-sabnzbd';
import { FakeClock } from '../../support/fake-clock';
import { readarrLibrary } from './arr-seeds';

let clock: FakeClock;
let sab: FakeSabnzbdServer;
let fake: FakeArr;
let readarr: ReadarrClient;

beforeEach(async () => {
  clock = new FakeClock();
  // Jobs stay in the queue until a test finishes them.
  sab = await startFakeSabnzbd({ model: new FakeSabnzbdModel({ now: () => clock.now(), defaultDurationMs: Infinity }), apiKey: 'fakesab0123456789abcdef01234567' });
  fake = await startFakeReadarr({ clock, books: readarrLibrary(), sabnzbd: { url: sab.url, apiKey: sab.apiKey } });
  readarr = createReadarrClient({ baseUrl: fake.url, apiKey: fake.apiKey, timeoutMs: 5000 });
});
afterEach(async () => {
  await fake.close();
  await sab.close();
});

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

async function grab(bookId: number, pick: (guid: string) => boolean = () => true) {
  const releases = unwrap(await readarr.searchReleases(bookId));
  const chosen = releases.find((r) => pick(r.guid))!;
  unwrap(await readarr.grabRelease({ guid: chosen.guid, indexerId: chosen.indexerId }));
  return { chosen, downloadId: fake.grabs().at(-1)!.downloadId };
}

describe('Readarr client against the fake Readarr (API v1)', () => {
  it('status is Readarr; a Lidarr client pointed here is told it has the wrong app', async () => {
    const s = unwrap(await readarr.systemStatus());
    expect(s).toMatchObject({ appName: 'Readarr' });
    expect(s.version).toMatch(/^0\.4\./);
    const swapped = await createLidarrClient({ baseUrl: fake.url, apiKey: fake.apiKey }).systemStatus();
    expect(!swapped.ok && swapped.error.code).toBe('wrong_app');
    expect(!swapped.ok && swapped.error.message).toMatch(/answers as Readarr, not Lidarr\. Did you swap the Lidarr and Readarr addresses\?/);
  });

  it('a wrong API key is 401 → bad_api_key; unknown routes and items are 404 → not_found', async () => {
    const wrong = await createReadarrClient({ baseUrl: fake.url, apiKey: 'nope' }).systemStatus();
    expect(!wrong.ok && wrong.error).toMatchObject({ code: 'bad_api_key', status: 401 });
    const v3 = await fetch(`${fake.url}/api/v3/system/status`, { headers: { 'X-Api-Key': fake.apiKey } });
    expect(v3.status).toBe(404);
    const nope = await fetch(`${fake.url}/api/v1/movie/1`, { headers: { 'X-Api-Key': fake.apiKey } });
    expect(nope.status).toBe(404);
    const noAuthor = await readarr.author(999);
    expect(!noAuthor.ok && noAuthor.error.code).toBe('not_found');
    const noBook = await readarr.searchReleases(999);
    expect(!noBook.ok && noBook.error.code).toBe('not_found');
  });

  it('interactive search per book: {id, name} qualities by Readarr’s weights (AZW3, EPUB, PDF); author and book names', async () => {
    const releases = unwrap(await readarr.searchReleases(41));
    expect(releases.map((r) => r.quality.quality)).toEqual([
      { id: 4, name: 'AZW3', source: 'unknown', resolution: 0 },
      { id: 3, name: 'EPUB', source: 'unknown', resolution: 0 },
      { id: 1, name: 'PDF', source: 'unknown', resolution: 0 },
    ]);
    expect(releases[0]).toMatchObject({ authorName: 'Ursula K. Le Guin', bookTitle: 'The Dispossessed', rejected: false, indexerId: 4 });
    expect(fake.calls.at(-1)).toMatchObject({ path: '/release', query: { bookId: '41' } });
  });

  it('a grab goes to SABnzbd with Readarr’s default category; lookupByDownloadId maps it to {authorId, bookId, title}', async () => {
    const { chosen, downloadId } = await grab(41, (g) => g === 'guid-b41-epub');
    expect(sab.requests.find((q) => q.mode === 'addfile')?.params).toMatchObject({ cat: 'Readarr' });
    expect(unwrap(await readarr.lookupByDownloadId(downloadId))).toEqual({ authorId: 4, bookId: 41, title: chosen.title });
    expect(await readarr.findByDownloadId(downloadId)).toEqual({ authorId: 4, bookId: 41, title: chosen.title });
    expect(unwrap(await readarr.lookupByDownloadId('SABnzbd_nzo_unknown'))).toBeNull();
    fake.core.history.splice(0);
    expect(unwrap(await readarr.lookupByDownloadId(downloadId))).toEqual({ authorId: 4, bookId: 41, title: chosen.title });
  });

  it('book history uses Readarr’s own numbers (downloadFailed = 4); the blocklist carries bookIds', async () => {
    fake.setAutoRedownload(false);
    const { chosen, downloadId } = await grab(41);
    clock.advance(1000);
    sab.model.fail(downloadId, 'Unpacking failed, CRC error');
    await fake.checkDownloads();
    const all = unwrap(await readarr.historyForBook(4, 41));
    expect(all.map((h) => h.eventType)).toEqual(['downloadFailed', 'grabbed']);
    expect(all[0]).toMatchObject({ authorId: 4, bookId: 41, data: { message: 'Unpacking failed, CRC error' } });
    expect(fake.calls.at(-1)).toMatchObject({ path: '/history/author', query: { authorId: '4', bookId: '41' } });
    expect(unwrap(await readarr.historyForBook(4, 41, { eventType: 'downloadFailed' }))).toHaveLength(1);
    expect(fake.calls.at(-1)?.query.eventType).toBe('4');
    expect(unwrap(await readarr.historyForBook(4, 42))).toEqual([]);
    const bl = unwrap(await readarr.blocklistPage());
    expect(bl.records[0]).toMatchObject({ authorId: 4, bookIds: [41], sourceTitle: chosen.title });
  });

  it('/queue has no item filter: queueWhere({}) with a match; removeFromQueue without blocklist just removes', async () => {
    const { downloadId } = await grab(41);
    const mine = unwrap(await readarr.queueWhere({}, (q) => q.bookId === 41));
    expect(mine.map((q) => [q.authorId, q.bookId, q.downloadId])).toEqual([[4, 41, downloadId]]);
    expect(unwrap(await readarr.queueWhere({}, (q) => q.bookId === 42))).toEqual([]);
    // Compile-time only: Readarr's /queue has no bookIds/authorIds filter to send.
    // @ts-expect-error ReadarrQueueFilter has no keys
    const typeOnly = () => readarr.queueWhere({ bookIds: [41] });
    expect(typeof typeOnly).toBe('function');
    unwrap(await readarr.removeFromQueue(mine[0]!.id, { removeFromClient: true }));
    expect(sab.requests.some((q) => q.mode === 'queue' && q.params.name === 'delete' && q.params.value === downloadId)).toBe(true);
    expect(unwrap(await readarr.queuePage()).totalRecords).toBe(0);
    expect(unwrap(await readarr.blocklistPage()).totalRecords).toBe(0);
  });

  it('BookSearch grabs the best release; the import writes bookFileImported (3) and downloadImported (8) and leaves wanted/missing', async () => {
    const before = unwrap(await readarr.wantedMissing());
    expect(before.records.map((b) => [b.id, b.title, b.authorId, b.author?.authorName])).toEqual([
      [41, 'The Dispossessed', 4, 'Ursula K. Le Guin'],
      [42, 'The Left Hand of Darkness', 4, 'Ursula K. Le Guin'],
    ]);
    const cmd = unwrap(await readarr.searchBooks([41]));
    expect(cmd).toMatchObject({ name: 'BookSearch', commandName: 'Book Search', body: { bookIds: [41] } });
    await fake.idle();
    const g = fake.grabs()[0]!;
    expect(g.release.guid).toBe('guid-b41-azw3');
    sab.model.complete(g.downloadId);
    await fake.checkDownloads();
    expect(unwrap(await readarr.wantedMissing()).records.map((b) => b.id)).toEqual([42]);
    expect(unwrap(await readarr.historyByDownloadId(g.downloadId, { eventTypes: ['bookFileImported', 'downloadImported'] })).map((h) => h.eventType)).toEqual([
      'downloadImported',
      'bookFileImported',
    ]);
    expect(fake.calls.at(-1)?.query.eventType).toEqual(['3', '8']);
  });

  it('author(id) gives the author page: name and the titleSlug Readarr’s web UI routes by', async () => {
    expect(unwrap(await readarr.author(4))).toEqual({ id: 4, title: 'Ursula K. Le Guin', titleSlug: '4-ursula-k-le-guin' });
  });
});
