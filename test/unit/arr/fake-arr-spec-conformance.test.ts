// The fakes answer in the shapes the real apps' OpenAPI documents declare.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSonarr } from '../../fakes/fake-sonarr';
import { startFakeRadarr } from '../../fakes/fake-radarr';
import type { FakeArr } from '../../fakes/fake-arr-server';
import { FakeClock } from '../../support/fake-clock';
import { radarrLibrary, sonarrLibrary } from './arr-seeds';
import { specShapeErrors, type OpenApiDoc } from './spec-shape';
import { teamShared } from '../../support/team-shared';

const spec = (app: string) => JSON.parse(readFileSync(teamShared('specs', `${app}-openapi.json`), 'utf8')) as OpenApiDoc;

// Command bodies are the derived command's own properties (episodeIds, movieIds),
// which the spec's base `Command` cannot list.
const SKIP = ['$.body', '$[].body'];

describe.each([
  {
    app: 'sonarr',
    start: (clock: FakeClock) => startFakeSonarr({ clock, series: sonarrLibrary() }),
    itemQuery: 'episodeId=101',
    itemId: 101,
    search: { name: 'EpisodeSearch', episodeIds: [101] },
    perItemHistory: '/history/series?seriesId=10',
    missing: 'EpisodeResourcePagingResource',
  },
  {
    app: 'radarr',
    start: (clock: FakeClock) => startFakeRadarr({ clock, movies: radarrLibrary() }),
    itemQuery: 'movieId=7',
    itemId: 7,
    search: { name: 'MoviesSearch', movieIds: [7] },
    perItemHistory: '/history/movie?movieId=7',
    missing: 'MovieResourcePagingResource',
  },
])('fake $app responses match its OpenAPI document', ({ app, start, itemQuery, search, perItemHistory, missing }) => {
  let fake: FakeArr;
  const doc = spec(app);
  const get = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${fake.url}/api/v3${path}`, { ...init, headers: { 'X-Api-Key': fake.apiKey, 'Content-Type': 'application/json' } });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };

  beforeAll(async () => {
    const clock = new FakeClock();
    fake = await start(clock);
    // State for every resource: a search, a grab, a failure (blocklist + redownload), a command.
    const releases = (await get(`/release?${itemQuery}`)).body as { guid: string; indexerId: number }[];
    await get('/release', { method: 'POST', body: JSON.stringify({ guid: releases[0]!.guid, indexerId: releases[0]!.indexerId }) });
    clock.advance(1000);
    await fake.reportDownload(fake.grabs()[0]!.downloadId, 'Failed', 'Aborted, cannot be completed - https://sabnzbd.org/not-complete');
    await get('/command', { method: 'POST', body: JSON.stringify(search) });
    await fake.idle();
  });
  afterAll(async () => {
    await fake.close();
  });

  it.each([
    ['/system/status', 'SystemResource'],
    ['/history?page=1&pageSize=50', 'HistoryResourcePagingResource'],
    ['/history/since?date=2000-01-01T00:00:00Z', { type: 'array', items: { $ref: '#/components/schemas/HistoryResource' } }],
    ['/queue', 'QueueResourcePagingResource'],
    ['/blocklist', 'BlocklistResourcePagingResource'],
    ['/command', { type: 'array', items: { $ref: '#/components/schemas/CommandResource' } }],
    ['/command/1', 'CommandResource'],
    ['/config/downloadclient', 'DownloadClientConfigResource'],
  ] as const)('%s', async (path, schema) => {
    const r = await get(path);
    expect(r.status).toBe(200);
    expect(specShapeErrors(doc, schema, r.body, { skip: SKIP })).toEqual([]);
  });

  it('per-item history, release search and wanted/missing', async () => {
    const h = await get(perItemHistory);
    expect((h.body as unknown[]).length).toBeGreaterThan(1);
    expect(specShapeErrors(doc, { type: 'array', items: { $ref: '#/components/schemas/HistoryResource' } }, h.body)).toEqual([]);
    const rel = await get(`/release?${itemQuery}`);
    expect(specShapeErrors(doc, { type: 'array', items: { $ref: '#/components/schemas/ReleaseResource' } }, rel.body)).toEqual([]);
    const w = await get('/wanted/missing');
    expect(specShapeErrors(doc, missing, w.body)).toEqual([]);
  });

  it('the state behind those shapes is real: paged envelopes, populated records', async () => {
    const h = (await get('/history?page=1&pageSize=2')).body as { totalRecords: number; records: unknown[]; sortKey: string };
    expect(h.totalRecords).toBe(3);
    expect(h.records).toHaveLength(2);
    expect(h.sortKey).toBe('date');
    const q = (await get('/queue')).body as { totalRecords: number };
    expect(q.totalRecords).toBe(1);
  });

  it('the checker itself rejects nulls, undeclared keys and wrong enum values', () => {
    expect(specShapeErrors(doc, 'CommandResource', { id: 1, status: 'done', message: null, extra: 1 })).toHaveLength(3);
  });
});
