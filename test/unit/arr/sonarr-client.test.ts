import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSonarrClient, type SonarrClient } from '../../../main/core/arr/sonarr-client';
import { ArrRequestError } from '../../../main/core/arr/arr-result';
import { startFakeSonarr } from '../../fakes/fake-sonarr';
import type { FakeArr } from '../../fakes/fake-arr-server';
import { FakeClock } from '../../support/fake-clock';
import { release, SONARR_Q, sonarrLibrary } from './arr-seeds';

let clock: FakeClock;
let fake: FakeArr;
let sonarr: SonarrClient;

beforeEach(async () => {
  clock = new FakeClock();
  fake = await startFakeSonarr({ clock, series: sonarrLibrary() });
  sonarr = createSonarrClient({ baseUrl: fake.url, apiKey: fake.apiKey, timeoutMs: 5000 });
});
afterEach(async () => {
  await fake.close();
});

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

async function grabFirst(episodeId = 101) {
  const releases = unwrap(await sonarr.searchReleases(episodeId));
  const chosen = releases[0]!;
  unwrap(await sonarr.grabRelease({ guid: chosen.guid, indexerId: chosen.indexerId }));
  return chosen;
}

describe('Sonarr client against the fake Sonarr', () => {
  it('reads system status and checks it is Sonarr', async () => {
    const s = unwrap(await sonarr.systemStatus());
    expect(s.appName).toBe('Sonarr');
    expect(s.version).toMatch(/^4\./);
    expect(fake.calls.at(-1)).toMatchObject({ method: 'GET', path: '/system/status' });
  });

  it('a wrong API key is bad_api_key with a message that says where to find the key', async () => {
    const wrong = createSonarrClient({ baseUrl: fake.url, apiKey: 'nope' });
    const r = await wrong.systemStatus();
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('bad_api_key');
      expect(r.error.status).toBe(401);
      expect(r.error.message).toContain('Settings → General → Security');
    }
  });

  it('interactive search returns spec-shaped releases with rejections, best first', async () => {
    const releases = unwrap(await sonarr.searchReleases(101));
    expect(releases.map((r) => r.guid)).toEqual(['guid-e1-1080-a', 'guid-e1-1080-b', 'guid-e1-720']);
    expect(releases[0]).toMatchObject({
      indexerId: 3,
      indexer: 'NZBgeek (Prowlarr)',
      releaseGroup: 'NTb',
      rejected: false,
      rejections: [],
      quality: { quality: { id: 3, name: 'WEBDL-1080p', source: 'web', resolution: 1080 } },
      mappedSeriesId: 10,
    });
    const onDisk = unwrap(await sonarr.searchReleases(103));
    expect(onDisk).toEqual([]);
    const nf = await sonarr.searchReleases(999);
    expect(!nf.ok && nf.error.code).toBe('not_found');
  });

  it('a grab records a grabbed event with downloadId, indexer and release group; findByDownloadId maps it back', async () => {
    const chosen = await grabFirst();
    const [grab] = fake.grabs();
    expect(grab).toMatchObject({ itemId: 101, category: 'tv', source: 'InteractiveSearch' });
    const history = unwrap(await sonarr.historyByDownloadId(grab!.downloadId));
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      eventType: 'grabbed',
      episodeId: 101,
      seriesId: 10,
      downloadId: grab!.downloadId,
      sourceTitle: chosen.title,
      data: { indexer: 'NZBgeek (Prowlarr)', releaseGroup: 'NTb', guid: 'guid-e1-1080-a', releaseSource: 'InteractiveSearch' },
    });
    expect(await sonarr.findByDownloadId(grab!.downloadId)).toEqual({ seriesId: 10, episodeIds: [101], title: chosen.title });
    expect(await sonarr.findByDownloadId('SABnzbd_nzo_unknown')).toBeNull();
  });

  it('history filters send eventType as numbers and get camelCase names back', async () => {
    await grabFirst();
    const id = fake.grabs()[0]!.downloadId;
    await fake.reportDownload(id, 'Failed', 'Aborted, cannot be completed - https://sabnzbd.org/not-complete');
    const failed = unwrap(await sonarr.historyByDownloadId(id, { eventTypes: ['downloadFailed'] }));
    expect(failed.map((h) => h.eventType)).toEqual(['downloadFailed']);
    expect(failed[0]!.data.message).toContain('not-complete');
    const call = fake.calls.find((c) => c.path === '/history' && c.query.eventType !== undefined);
    expect(call?.query.eventType).toBe('4');
    const both = unwrap(await sonarr.historyByDownloadId(id, { eventTypes: ['grabbed', 'downloadFailed'] }));
    expect(both.map((h) => h.eventType).sort()).toEqual(['downloadFailed', 'grabbed']);
    expect(fake.calls.at(-1)?.query.eventType).toEqual(['1', '4']);
  });

  it('history by episode, by series (and season) and since a date', async () => {
    await grabFirst();
    clock.advance(60_000);
    const since = new Date(clock.now());
    clock.advance(60_000);
    await fake.reportDownload(fake.grabs()[0]!.downloadId, 'Failed', 'Repair failed, not enough repair blocks (18 short)');
    await fake.idle();
    const ep = unwrap(await sonarr.historyForEpisode(101));
    // grabbed, downloadFailed, then the automatic redownload's grabbed: newest first
    expect(ep.records.map((h) => h.eventType)).toEqual(['grabbed', 'downloadFailed', 'grabbed']);
    expect(ep.totalRecords).toBe(3);
    const onlyFailed = unwrap(await sonarr.historyForEpisode(101, { eventTypes: ['downloadFailed'] }));
    expect(onlyFailed.records).toHaveLength(1);
    expect(unwrap(await sonarr.historyForSeries(10, { eventType: 'grabbed' }))).toHaveLength(2);
    expect(unwrap(await sonarr.historyForSeries(10, { seasonNumber: 2 }))).toHaveLength(0);
    const recent = unwrap(await sonarr.historySince(since));
    expect(recent.map((h) => h.eventType)).toEqual(['downloadFailed', 'grabbed']);
    expect(unwrap(await sonarr.historySince(since, { eventType: 'downloadFailed' }))).toHaveLength(1);
  });

  it('grabbing after 30 minutes is a stale release (404 → not_found)', async () => {
    const [r] = unwrap(await sonarr.searchReleases(101));
    clock.advance(31 * 60_000);
    const g = await sonarr.grabRelease({ guid: r!.guid, indexerId: r!.indexerId });
    expect(g.ok).toBe(false);
    if (!g.ok) {
      expect(g.error.code).toBe('not_found');
      expect(g.error.message).toMatch(/stale release/);
    }
    expect(fake.grabs()).toHaveLength(0);
    const unknown = await sonarr.grabRelease({ guid: 'never-searched', indexerId: 3 });
    expect(!unknown.ok && unknown.error.code).toBe('not_found');
    // Same guid, different indexer: a different cache key.
    unwrap(await sonarr.searchReleases(101));
    const other = await sonarr.grabRelease({ guid: r!.guid, indexerId: 99 });
    expect(!other.ok && other.error.code).toBe('not_found');
  });

  it('finds a queue item by downloadId across pages', async () => {
    for (let i = 0; i < 7; i++) {
      fake.addRelease(102, release(`g-${i}`, `The.Expanse.S01E02.720p.WEB-DL-GRP${i}`, SONARR_Q.webdl720));
    }
    // Queue several downloads of episode 102 directly through the grab cache.
    const found = unwrap(await sonarr.searchReleases(102));
    for (const r of found) unwrap(await sonarr.grabRelease({ guid: r.guid, indexerId: r.indexerId }));
    const page1 = unwrap(await sonarr.queuePage({ page: 1, pageSize: 2 }));
    expect(page1).toMatchObject({ page: 1, pageSize: 2, totalRecords: 7, sortKey: 'timeleft' });
    expect(page1.records).toHaveLength(2);
    const last = fake.grabs().at(-1)!.downloadId;
    const before = fake.calls.length;
    const item = unwrap(await sonarr.findQueueItemByDownloadId(last, { pageSize: 2 }));
    expect(item).toMatchObject({ downloadId: last, episodeId: 102, seriesId: 10, protocol: 'usenet', trackedDownloadState: 'downloading' });
    expect(fake.calls.length - before).toBe(4);
    expect(unwrap(await sonarr.findQueueItemByDownloadId('nope', { pageSize: 2 }))).toBeNull();
  });

  it('removing from the queue with blocklist fails the release, blocklists it and lets Sonarr search again', async () => {
    await grabFirst();
    const first = fake.grabs()[0]!;
    const q = unwrap(await sonarr.findQueueItemByDownloadId(first.downloadId))!;
    unwrap(await sonarr.removeFromQueue(q.id, { blocklist: true }));
    expect(fake.calls.at(-1)?.query).toMatchObject({ removeFromClient: 'true', blocklist: 'true', skipRedownload: 'false' });
    await fake.idle();
    const bl = unwrap(await sonarr.blocklistPage());
    expect(bl.totalRecords).toBe(1);
    expect(bl.records[0]).toMatchObject({ sourceTitle: first.release.title, seriesId: 10, episodeIds: [101], message: 'Manually marked as failed' });
    // autoRedownloadFailed: the next acceptable (not blocklisted) release
    expect(fake.grabs().map((g) => g.release.guid)).toEqual(['guid-e1-1080-a', 'guid-e1-1080-b']);
    expect(fake.grabs()[1]!.source).toBe('Search');
    const search = unwrap(await sonarr.searchReleases(101));
    const blocked = search.find((r) => r.guid === 'guid-e1-1080-a');
    expect(blocked?.rejected).toBe(true);
    expect(blocked?.rejections).toContain('Release is blocklisted');
    // The replacement now in the queue also rules out anything not better than it.
    expect(blocked?.rejections).toContain('Release in queue is of equal or higher preference: WEBDL-1080p');

    unwrap(await sonarr.removeFromBlocklist(bl.records[0]!.id));
    expect(unwrap(await sonarr.blocklistPage()).totalRecords).toBe(0);
    const again = await sonarr.removeFromBlocklist(bl.records[0]!.id);
    expect(!again.ok && again.error.code).toBe('not_found');
    const gone = await sonarr.removeFromQueue(q.id);
    expect(!gone.ok && gone.error.code).toBe('not_found');
  });

  it('skipRedownload keeps Sonarr from grabbing a replacement', async () => {
    await grabFirst();
    const q = unwrap(await sonarr.findQueueItemByDownloadId(fake.grabs()[0]!.downloadId))!;
    unwrap(await sonarr.removeFromQueue(q.id, { blocklist: true, skipRedownload: true }));
    await fake.idle();
    expect(fake.grabs()).toHaveLength(1);
    expect(unwrap(await sonarr.queuePage()).totalRecords).toBe(0);
  });

  it('EpisodeSearch runs as a command: queued, then completed with the best acceptable release grabbed', async () => {
    const cmd = unwrap(await sonarr.searchEpisodes([101]));
    expect(cmd).toMatchObject({ name: 'EpisodeSearch', status: 'queued', body: { episodeIds: [101] } });
    await fake.idle();
    const done = unwrap(await sonarr.commandStatus(cmd.id));
    expect(done).toMatchObject({ status: 'completed', result: 'successful' });
    expect(fake.grabs()).toHaveLength(1);
    expect(fake.grabs()[0]).toMatchObject({ source: 'UserInvokedSearch', release: { guid: 'guid-e1-1080-a' } });
    const missing = await sonarr.commandStatus(4242);
    expect(!missing.ok && missing.error.code).toBe('not_found');
  });

  it('download client config and wanted/missing (paged; an import drops the episode)', async () => {
    expect(unwrap(await sonarr.downloadClientConfig())).toEqual({
      id: 1,
      downloadClientWorkingFolders: '_UNPACK_|_FAILED_',
      enableCompletedDownloadHandling: true,
      autoRedownloadFailed: true,
      autoRedownloadFailedFromInteractiveSearch: true,
    });
    fake.setAutoRedownload(false);
    expect(unwrap(await sonarr.downloadClientConfig()).autoRedownloadFailed).toBe(false);

    const p1 = unwrap(await sonarr.wantedMissing({ pageSize: 1 }));
    expect(p1.totalRecords).toBe(2);
    expect(p1.records[0]).toMatchObject({ id: 102, hasFile: false, series: { title: 'The Expanse' } });
    await grabFirst();
    await fake.reportDownload(fake.grabs()[0]!.downloadId, 'Completed');
    const after = unwrap(await sonarr.wantedMissing());
    expect(after.records.map((e) => e.id)).toEqual([102]);
    const imported = unwrap(await sonarr.historyForEpisode(101, { eventTypes: ['downloadFolderImported'] }));
    expect(imported.records).toHaveLength(1);
  });

  it('lookupByDownloadId reports transport errors as values; findByDownloadId throws them', async () => {
    const wrong = createSonarrClient({ baseUrl: fake.url, apiKey: 'bad' });
    const r = await wrong.lookupByDownloadId('x');
    expect(!r.ok && r.error.code).toBe('bad_api_key');
    await expect(wrong.findByDownloadId('x')).rejects.toBeInstanceOf(ArrRequestError);
  });
});
