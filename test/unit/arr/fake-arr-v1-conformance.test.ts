// The fake Lidarr and Readarr against what their OpenAPI documents declare,
// without the documents in the repo: below is a hand-written list, read from
// Lidarr src/Lidarr.Api.V1/openapi.json (develop 0501e61565a3527351a82453156caa72214e3c18,
// file last changed 97ae317c7e5830c4ba53a2dff0812a54c9531c6e) and Readarr
// src/Readarr.Api.V1/openapi.json (develop 4fb62c072a4ec872a9b1e24741ab7bb331313dc4,
// file last changed 8fb1aff68aa28a50b93fdd7db1012de2891c78a3), of the
// operations we use (method, path, query names) and the properties of the
// resources the fakes serve. Every request the clients send must be a declared
// operation with declared query names, and every property the fakes answer
// with must be declared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArrCommonApi } from '../../../main/core/arr/arr-common-api';
import type { ArrResult } from '../../../main/core/arr/arr-result';
import { createLidarrClient } from '../../../main/core/arr/lidarr-client';
import { createReadarrClient } from '../../../main/core/arr/readarr-client';
import { startFakeLidarr } from '../../fakes/fake-lidarr';
import { startFakeReadarr } from '../../fakes/fake-readarr';
import type { FakeArr } from '../../fakes/fake-arr-server';
import { FakeClock } from '../../support/fake-clock';
import { lidarrLibrary, readarrLibrary } from './arr-seeds';

const words = (s: string) => s.split(' ').filter(Boolean);

const COMMON = {
  SystemResource:
    'appName instanceName version buildTime isDebug isProduction isAdmin isUserInteractive startupPath appData osName osVersion isNetCore isLinux isOsx isWindows isDocker mode branch databaseType databaseVersion authentication migrationVersion urlBase runtimeVersion runtimeName startTime packageVersion packageAuthor packageUpdateMechanism packageUpdateMechanismMessage',
  CommandResource:
    'id name commandName message body priority status result queued started ended duration exception trigger clientUserAgent stateChangeTime sendUpdatesToClient updateScheduledTask lastExecutionTime',
  DownloadClientConfigResource: 'id downloadClientWorkingFolders enableCompletedDownloadHandling autoRedownloadFailed autoRedownloadFailedFromInteractiveSearch',
  QualityModel: 'quality revision',
  Quality: 'id name',
  Revision: 'version real isRepack',
};

const SPEC = {
  lidarr: {
    ...COMMON,
    operations: [
      'GET /system/status',
      'GET /history page pageSize sortKey sortDirection includeArtist includeAlbum includeTrack eventType albumId downloadId artistIds quality',
      'GET /history/since date eventType includeArtist includeAlbum includeTrack',
      'GET /history/artist artistId albumId eventType includeArtist includeAlbum includeTrack',
      'GET /queue page pageSize sortKey sortDirection includeUnknownArtistItems includeArtist includeAlbum artistIds protocol quality',
      'DELETE /queue/{id} removeFromClient blocklist skipRedownload changeCategory',
      'GET /blocklist page pageSize sortKey sortDirection',
      'DELETE /blocklist/{id}',
      'GET /release albumId artistId',
      'POST /release',
      'GET /command',
      'POST /command',
      'GET /command/{id}',
      'GET /config/downloadclient',
      'GET /downloadclient',
      'GET /wanted/missing page pageSize sortKey sortDirection includeArtist monitored',
      'GET /artist/{id}',
      'GET /album/{id}',
    ],
    events: 'unknown grabbed artistFolderImported trackFileImported downloadFailed trackFileDeleted trackFileRenamed albumImportIncomplete downloadImported trackFileRetagged downloadIgnored',
    HistoryResource: 'id albumId artistId trackId sourceTitle quality customFormats customFormatScore qualityCutoffNotMet date downloadId eventType data album artist track',
    QueueResource:
      'id artistId albumId artist album quality customFormats customFormatScore size title sizeleft timeleft estimatedCompletionTime added status trackedDownloadStatus trackedDownloadState statusMessages errorMessage downloadId protocol downloadClient downloadClientHasPostImportCategory indexer outputPath trackFileCount trackHasFileCount downloadForced',
    BlocklistResource: 'id artistId albumIds sourceTitle quality customFormats date protocol indexer message artist',
    ReleaseResource:
      'id guid quality qualityWeight age ageHours ageMinutes size indexerId indexer releaseGroup subGroup releaseHash title discography sceneSource airDate artistName albumTitle approved temporarilyRejected rejected rejections publishDate commentUrl downloadUrl infoUrl downloadAllowed releaseWeight customFormats customFormatScore magnetUrl infoHash seeders leechers protocol indexerFlags artistId albumId downloadClientId downloadClient',
    ItemResource:
      'id title disambiguation overview artistId foreignAlbumId monitored anyReleaseOk profileId duration albumType secondaryTypes mediumCount ratings releaseDate releases genres media artist images links lastSearchTime statistics addOptions remoteCover',
    ParentResource:
      'id status ended artistName foreignArtistId mbId tadbId discogsId allMusicId overview artistType disambiguation links nextAlbum lastAlbum images members remotePoster path qualityProfileId metadataProfileId monitored monitorNewItems rootFolderPath folder genres cleanName sortName tags added addOptions ratings statistics',
  },
  readarr: {
    ...COMMON,
    operations: [
      'GET /system/status',
      'GET /history page pageSize sortKey sortDirection includeAuthor includeBook eventType bookId downloadId',
      'GET /history/since date eventType includeAuthor includeBook',
      'GET /history/author authorId bookId eventType includeAuthor includeBook',
      'GET /queue page pageSize sortKey sortDirection includeUnknownAuthorItems includeAuthor includeBook',
      'DELETE /queue/{id} removeFromClient blocklist skipRedownload changeCategory',
      'GET /blocklist page pageSize sortKey sortDirection',
      'DELETE /blocklist/{id}',
      'GET /release bookId authorId',
      'POST /release',
      'GET /command',
      'POST /command',
      'GET /command/{id}',
      'GET /config/downloadclient',
      'GET /downloadclient',
      'GET /wanted/missing page pageSize sortKey sortDirection includeAuthor monitored',
      'GET /author/{id}',
      'GET /book/{id}',
    ],
    events: 'unknown grabbed bookFileImported downloadFailed bookFileDeleted bookFileRenamed bookImportIncomplete downloadImported bookFileRetagged downloadIgnored',
    HistoryResource: 'id bookId authorId sourceTitle quality customFormats customFormatScore qualityCutoffNotMet date downloadId eventType data book author',
    QueueResource:
      'id authorId bookId author book quality customFormats customFormatScore size title sizeleft timeleft estimatedCompletionTime status trackedDownloadStatus trackedDownloadState statusMessages errorMessage downloadId protocol downloadClient downloadClientHasPostImportCategory indexer outputPath downloadForced',
    BlocklistResource: 'id authorId bookIds sourceTitle quality customFormats date protocol indexer message author',
    ReleaseResource:
      'id guid quality qualityWeight age ageHours ageMinutes size indexerId indexer releaseGroup subGroup releaseHash title discography sceneSource airDate authorName bookTitle approved temporarilyRejected rejected rejections publishDate commentUrl downloadUrl infoUrl downloadAllowed releaseWeight customFormats customFormatScore magnetUrl infoHash seeders leechers protocol indexerFlags authorId bookId downloadClientId downloadClient',
    ItemResource:
      'id title authorTitle seriesTitle disambiguation overview authorId foreignBookId foreignEditionId titleSlug monitored anyEditionOk ratings releaseDate pageCount genres author images links statistics added addOptions remoteCover editions grabbed',
    ParentResource:
      'id authorMetadataId status ended authorName authorNameLastFirst foreignAuthorId titleSlug overview disambiguation links nextBook lastBook images remotePoster path qualityProfileId metadataProfileId monitored monitorNewItems rootFolderPath genres cleanName sortName sortNameLastFirst tags added addOptions ratings statistics',
  },
} as const;

type Spec = (typeof SPEC)[keyof typeof SPEC];

/** Keys of `value` the resource does not declare; quality models are checked down to Quality {id, name}. */
function undeclared(spec: Spec, resource: keyof Spec, value: unknown, at = '$'): string[] {
  const declared = new Set(words(spec[resource] as string));
  const out: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!declared.has(k)) out.push(`${at}.${k}`);
    if (v === null) out.push(`${at}.${k}: null`);
    if (k === 'quality' && resource !== 'QualityModel') {
      out.push(...undeclared(spec, 'QualityModel', v, `${at}.quality`));
      const qm = v as { quality: unknown; revision: unknown };
      out.push(...undeclared(spec, 'Quality', qm.quality, `${at}.quality.quality`), ...undeclared(spec, 'Revision', qm.revision, `${at}.quality.revision`));
    }
  }
  return out;
}

describe.each([
  {
    app: 'lidarr' as const,
    start: (clock: FakeClock) => startFakeLidarr({ clock, albums: lidarrLibrary() }),
    client: (f: FakeArr) => {
      const c = createLidarrClient({ baseUrl: f.url, apiKey: f.apiKey });
      return {
        c: c as ArrCommonApi<'grabbed' | 'downloadFailed'>,
        wanted: (): Promise<ArrResult<unknown>> => c.wantedMissing(),
        search: () => c.searchReleases(21),
        itemHistory: () => c.historyForAlbum(2, 21, { eventType: 'grabbed' }),
        command: () => c.searchAlbums([22]),
        lookup: (id: string) => c.lookupByDownloadId(id),
        page: () => c.artist(2),
        queueFilter: { artistIds: [2] },
      };
    },
    item: '/album/21',
    parent: '/artist/2',
  },
  {
    app: 'readarr' as const,
    start: (clock: FakeClock) => startFakeReadarr({ clock, books: readarrLibrary() }),
    client: (f: FakeArr) => {
      const c = createReadarrClient({ baseUrl: f.url, apiKey: f.apiKey });
      return {
        c: c as ArrCommonApi<'grabbed' | 'downloadFailed'>,
        wanted: (): Promise<ArrResult<unknown>> => c.wantedMissing(),
        search: () => c.searchReleases(41),
        itemHistory: () => c.historyForBook(4, 41, { eventType: 'grabbed' }),
        command: () => c.searchBooks([42]),
        lookup: (id: string) => c.lookupByDownloadId(id),
        page: () => c.author(4),
        queueFilter: {},
      };
    },
    item: '/book/41',
    parent: '/author/4',
  },
])('fake $app and its client against the $app v1 spec', ({ app, start, client, item, parent }) => {
  const spec: Spec = SPEC[app];
  let fake: FakeArr;
  const get = async (path: string) => {
    const res = await fetch(`${fake.url}/api/v1${path}`, { headers: { 'X-Api-Key': fake.apiKey } });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  beforeAll(async () => {
    const clock = new FakeClock();
    fake = await start(clock);
    const { c, wanted, search, itemHistory, command, lookup, page, queueFilter } = client(fake);
    const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    // Every client call once, with state behind it: a grab, a failure (blocklist + redownload), an import.
    ok(await c.systemStatus());
    const [best] = ok(await search());
    ok(await c.grabRelease({ guid: best!.guid, indexerId: best!.indexerId }));
    const first = fake.grabs()[0]!.downloadId;
    clock.advance(1000);
    await fake.reportDownload(first, 'Failed', 'Aborted, cannot be completed - https://sabnzbd.org/not-complete');
    const second = fake.grabs()[1]!.downloadId;
    ok(await c.historyByDownloadId(first, { eventTypes: ['grabbed', 'downloadFailed'] }));
    ok(await c.historySince(new Date(0), { eventType: 'downloadFailed' }));
    ok(await itemHistory());
    ok(await lookup(second));
    ok(await c.queueWhere(queueFilter));
    ok(await c.findQueueItemByDownloadId(second));
    ok(await c.blocklistPage());
    const cmd = ok(await command());
    await fake.idle();
    ok(await c.commandStatus(cmd.id));
    ok(await c.commands());
    ok(await c.downloadClientConfig());
    ok(await wanted());
    ok(await page());
    const [queued] = ok(await c.queueWhere({}));
    ok(await c.removeFromQueue(queued!.id, { blocklist: true, skipRedownload: true }));
    const bl = ok(await c.blocklistPage());
    ok(await c.removeFromBlocklist(bl.records[0]!.id));
    // One download left in the queue for the shape checks.
    const next = ok(await search()).find((r) => !r.rejected)!;
    ok(await c.grabRelease({ guid: next.guid, indexerId: next.indexerId }));
  });
  afterAll(async () => {
    await fake.close();
  });

  it('every request the client sent is a declared operation with declared query names', () => {
    const ops = new Map(spec.operations.map((o) => [o.split(' ').slice(0, 2).join(' '), new Set(words(o).slice(2))]));
    const wrong: string[] = [];
    for (const call of fake.calls) {
      const op = `${call.method} ${call.path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
      const allowed = ops.get(op);
      if (!allowed) wrong.push(`${op}: not in the spec`);
      else for (const k of Object.keys(call.query)) if (!allowed.has(k)) wrong.push(`${op}: query ${k} not declared`);
    }
    expect(fake.calls.length).toBeGreaterThan(15);
    expect(wrong).toEqual([]);
  });

  it('resources carry only declared properties, and eventType names are the enum’s', async () => {
    const errors: string[] = [];
    const check = (resource: keyof Spec, v: unknown, at: string) => errors.push(...undeclared(spec, resource, v, at));
    check('SystemResource', (await get('/system/status')).body, 'status');
    const history = (await get('/history?page=1&pageSize=50')).body as { records: { eventType: string }[] };
    expect(history.records.length).toBeGreaterThanOrEqual(4);
    for (const h of history.records) {
      check('HistoryResource', h, 'history');
      expect(words(spec.events)).toContain(h.eventType);
    }
    const queue = (await get('/queue')).body as { records: unknown[] };
    expect(queue.records.length).toBe(1);
    for (const q of queue.records) check('QueueResource', q, 'queue');
    const blocklist = (await get('/blocklist')).body as { records: unknown[] };
    expect(blocklist.records.length).toBeGreaterThanOrEqual(1);
    for (const b of blocklist.records) check('BlocklistResource', b, 'blocklist');
    const releases = (await get(`/release?${app === 'lidarr' ? 'albumId=21' : 'bookId=41'}`)).body as unknown[];
    for (const r of releases) check('ReleaseResource', r, 'release');
    for (const c of (await get('/command')).body as unknown[]) check('CommandResource', c, 'command');
    check('DownloadClientConfigResource', (await get('/config/downloadclient')).body, 'config');
    const missing = (await get(`/wanted/missing?${app === 'lidarr' ? 'includeArtist' : 'includeAuthor'}=true`)).body as { records: Record<string, unknown>[] };
    for (const m of missing.records) {
      check('ItemResource', m, 'missing');
      check('ParentResource', m[app === 'lidarr' ? 'artist' : 'author'], 'missing.parent');
    }
    check('ItemResource', (await get(item)).body, 'item');
    check('ParentResource', (await get(parent)).body, 'parent');
    expect(errors).toEqual([]);
  });

  it('the checker can fail: a v3 field is not declared', () => {
    expect(undeclared(spec, 'QueueResource', { id: 1, languages: [], movieId: 7, quality: { quality: { id: 6, name: 'FLAC', source: 'x' }, revision: {} } })).toEqual([
      '$.languages',
      '$.movieId',
      '$.quality.quality.source',
    ]);
  });
});
