// Holds the one fake SABnzbd (test/fakes/fake-sabnzbd.ts, used by the demo,
// the tests and the benches) to the real SABnzbd 3.7.1: every answer it gives
// must parse with the production schemas and have the keys and types of the
// real captured answer to the same request (../shared/fixtures/sabnzbd, read
// at test time), slot by slot, Completed against Completed, a failed URL fetch
// against a failed URL fetch. A field the fake adds, drops or retypes fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { SabnzbdClient } from '../../../main/core/sabnzbd/sabnzbd-client';
import {
  SabAddResponseSchema,
  SabApiErrorSchema,
  SabCategoriesResponseSchema,
  SabCategoryConfigResponseSchema,
  SabFolderConfigResponseSchema,
  SabHistoryResponseSchema,
  SabMiscConfigResponseSchema,
  SabQueueResponseSchema,
  SabRetryResponseSchema,
  SabStatusResponseSchema,
  SabVersionSchema,
} from '../../../main/core/sabnzbd/sabnzbd-schemas';
import { FakeSabnzbdModel, startFakeSabnzbd, type FakeSabnzbdServer } from '../../fakes/fake-sabnzbd';
import { shapeProblems } from '../../fakes/json-shape';
import { fixtureJson } from './sabnzbd-fixtures';

type Json = Record<string, unknown>;
const KEY = 'fakekey0123456789abcdef012345678';
const NOT_COMPLETE = 'Aborted, cannot be completed - https://sabnzbd.org/not-complete';

let clock = Date.UTC(2026, 11, 3, 8, 0, 0);
let model: FakeSabnzbdModel;
let sab: FakeSabnzbdServer;

beforeAll(async () => {
  model = new FakeSabnzbdModel({ now: () => clock, defaultDurationMs: 60_000 });
  sab = await startFakeSabnzbd({ model, apiKey: KEY });
});
afterAll(async () => {
  await sab.close();
});

async function raw(query: string): Promise<{ status: number; contentType: string; text: string }> {
  const res = await fetch(`${sab.url}/api?${query}&output=json`);
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

async function answer(query: string): Promise<Json> {
  const r = await raw(`${query}&apikey=${KEY}`);
  expect(r.status).toBe(200);
  expect(r.contentType).toBe('application/json;charset=UTF-8');
  return JSON.parse(r.text) as Json;
}

function parses<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  return parsed.data as z.output<S>;
}

const real = (file: string) => fixtureJson(file) as Json;
const slotsOf = (file: string, envelope: 'queue' | 'history') => (real(file)[envelope] as { slots: Json[] }).slots;
const HISTORY_FILES = ['history.json', 'history-failed-only.json', 'history-cat-movies.json', 'history-postprocessing.json'];
const QUEUE_FILES = ['queue.json', 'queue-busy.json', 'queue-downloading.json', 'queue-after-retry.json', 'queue-paused-all.json'];
const urlFailed = (s: Json) => s.status === 'Failed' && String(s.fail_message).startsWith('URL Fetching failed');
const kindOf = (s: Json) => `${String(s.status)}${urlFailed(s) ? ' (URL fetch)' : ''}`;

/** The envelope against the real envelopes (slots aside), each slot against the real slots of its kind. */
function historyProblems(fake: Json): string[] {
  const history = fake.history as Json & { slots: Json[] };
  const realHistories = HISTORY_FILES.map((f) => real(f).history as Json);
  const problems = shapeProblems({ ...history, slots: [] }, realHistories.map((h) => ({ ...h, slots: [] })));
  const realSlots = HISTORY_FILES.flatMap((f) => slotsOf(f, 'history'));
  for (const slot of history.slots) {
    problems.push(...shapeProblems(slot, realSlots.filter((s) => kindOf(s) === kindOf(slot)), `history slot ${kindOf(slot)}`));
  }
  return problems;
}

function queueProblems(fake: Json, realFile: string): string[] {
  const queue = fake.queue as Json & { slots: Json[] };
  const realQueue = real(realFile).queue as Json;
  const problems = shapeProblems({ ...queue, slots: [] }, [{ ...realQueue, slots: [] }]);
  const realSlots = QUEUE_FILES.flatMap((f) => slotsOf(f, 'queue'));
  for (const slot of queue.slots) problems.push(...shapeProblems(slot, realSlots, `queue slot ${String(slot.status)}`));
  return problems;
}

describe('the fake SABnzbd answers as SABnzbd 3.7.1 does', () => {
  it('version, and a missing or wrong api key as a 403 with bare text whatever output asks for', async () => {
    expect(parses(SabVersionSchema, JSON.parse((await raw('mode=version')).text))).toEqual(real('version.json'));
    for (const [query, file] of [
      ['mode=queue', 'error-apikey-missing.json'],
      ['mode=queue&apikey=0123456789abcdef0123456789abcdef', 'error-apikey-wrong.json'],
    ] as const) {
      const r = await raw(query);
      const envelope = real(file);
      expect({ status: r.status, contentType: r.contentType, text: r.text }).toEqual({
        status: envelope.http_status,
        contentType: envelope.content_type,
        text: envelope.body,
      });
    }
    const xml = await fetch(`${sab.url}/api?mode=queue&output=xml&apikey=0123456789abcdef0123456789abcdef`);
    expect([xml.status, await xml.text()]).toEqual([real('error-apikey-wrong-xml.json').http_status, real('error-apikey-wrong-xml.json').body]);
  });

  it('an empty queue, then one with a download running, a paused job and a propagating one', async () => {
    const empty = await answer('mode=queue');
    parses(SabQueueResponseSchema, empty);
    expect(queueProblems(empty, 'queue-empty.json')).toEqual([]);
    model.add({ name: 'Fake.Propagating.Show.S03E01.720p-FAKE', category: 'tv', propagationMin: 1440 });
    model.add({ name: 'Fake.Paused.Movie.2017.1080p-FAKE', category: 'movies', paused: true });
    const slow = model.add({ name: 'Fake.Slow.Download.S03E02.720p-FAKE', category: 'tv', sizeMb: 0.48 });
    clock += 15_000;
    const q = await answer('mode=queue');
    parses(SabQueueResponseSchema, q);
    expect(queueProblems(q, 'queue-downloading.json')).toEqual([]);
    const slots = (q.queue as { slots: Json[] }).slots;
    expect(slots.map((s) => s.status)).toEqual(['Propagating', 'Paused', 'Downloading']);
    expect(slots[0]?.labels).toEqual(['PROPAGATING 1440 min']);
    expect(slots[2]).toMatchObject({ nzo_id: slow.nzoId, percentage: '25' });
  });

  it('pause and resume, the whole queue and one job', async () => {
    expect(await answer('mode=pause')).toEqual(real('pause-all.json'));
    const paused = await answer('mode=queue');
    expect(queueProblems(paused, 'queue-paused-all.json')).toEqual([]);
    expect((paused.queue as Json).status).toBe('Paused');
    expect(await answer('mode=resume')).toEqual(real('resume-all.json'));
    const job = model.queue.find((j) => j.status === 'Paused')!;
    for (const name of ['resume', 'pause']) {
      const a = await answer(`mode=queue&name=${name}&value=${job.nzoId}`);
      expect(shapeProblems(a, [real(`queue-${name}.json`)])).toEqual([]);
      expect(parses(SabStatusResponseSchema, a).status).toBe(true);
    }
  });

  it('history: completed, failed with the real messages, a failed URL fetch, one in post-processing', async () => {
    const done = model.add({ name: 'Fake.Show.S01E01.720p-FAKE', category: 'tv' });
    model.complete(done.nzoId);
    for (const message of [NOT_COMPLETE, 'Unpacking failed, archive requires a password', 'Repair failed, not enough repair blocks (18 short)']) {
      model.fail(model.add({ name: `Fake.Movie.${message.length}.1080p-FAKE`, category: 'movies' }).nzoId, message);
    }
    const url = model.add({ name: 'Fake.Url.Missing', category: 'tv', url: 'http://127.0.0.1:9/Fake.Url.Missing.nzb' });
    model.fail(url.nzoId, 'URL Fetching failed; File not on server');
    model.add({ name: 'Fake.PP.Show.S01E07.720p-FAKE', category: 'tv', durationMs: 0, postProcessingMs: 60_000 });
    clock += 1_000;
    model.advance();
    // Waiting behind it: SABnzbd lists the jobs waiting for post-processing above the one it runs.
    model.startPostProcessing(model.add({ name: 'Fake.Waiting.Show.S01E08.720p-FAKE', category: 'tv' }).nzoId, 'Queued');

    const h = await answer('mode=history&limit=50');
    const parsed = parses(SabHistoryResponseSchema, h).history;
    expect(historyProblems(h)).toEqual([]);
    const kinds = (h.history as { slots: Json[] }).slots.map(kindOf);
    expect(kinds).toEqual(['Queued', 'Running', 'Failed (URL fetch)', 'Failed', 'Failed', 'Failed', 'Completed']);
    expect(parsed === false ? null : parsed.slots.find((s) => s.nzo_id === url.nzoId)?.retry).toBe(true);

    expect(historyProblems(await answer('mode=history&failed_only=1&limit=100'))).toEqual([]);
    const movies = await answer('mode=history&category=movies&limit=100');
    expect(historyProblems(movies)).toEqual([]);
    expect((movies.history as Json).noofslots).toBe(3);
    const page = (await answer('mode=history&start=1&limit=2')).history as { slots: Json[]; noofslots: number };
    expect([page.slots.length, page.noofslots]).toEqual([2, 7]);
    // Nothing changed since the caller's last_history_update: SABnzbd answers `history: false`.
    const current = parses(SabHistoryResponseSchema, h).history;
    const since = current === false ? 0 : current.last_history_update;
    expect(await answer(`mode=history&last_history_update=${since}`)).toEqual({ history: false });
  });

  it('retry (a new id), retry_all, deletes, and the refusals SABnzbd words as it does', async () => {
    const failed = model.historyJobs.find((j) => j.status === 'Failed' && j.url === null)!;
    const retried = await answer(`mode=retry&value=${failed.nzoId}`);
    expect(shapeProblems(retried, [real('retry.json')])).toEqual([]);
    expect(parses(SabRetryResponseSchema, retried).nzo_id).not.toBe(failed.nzoId);
    expect(await answer('mode=retry&value=SABnzbd_nzo_doesnotexist')).toEqual(real('error-retry-unknown-id.json'));
    expect(shapeProblems(await answer('mode=retry_all'), [real('history-retry-all.json')])).toEqual([]);
    const queued = model.queue[0]!;
    const deleted = await answer(`mode=queue&name=delete&value=${queued.nzoId}&del_files=1`);
    expect(shapeProblems(deleted, [real('queue-delete.json')])).toEqual([]);
    expect(deleted.nzo_ids).toEqual([queued.nzoId]);
    const old = model.historyJobs.at(-1)!;
    expect(await answer(`mode=history&name=delete&value=${old.nzoId}&del_files=1`)).toEqual(real('history-delete.json'));
    expect(model.find(old.nzoId)).toBeUndefined();
    expect(old.filesDeleted).toBe(true);
    expect(await answer('mode=nosuchmode')).toEqual(real('error-unknown-mode.json'));
    parses(SabApiErrorSchema, await answer('mode=nosuchmode'));
  });

  it('categories and config as the core reads them; adds by file and by URL', async () => {
    const cats = await answer('mode=get_cats');
    expect(shapeProblems(cats, [real('get-cats.json')])).toEqual([]);
    expect(parses(SabCategoriesResponseSchema, cats).categories[0]).toBe('*');
    // No capture of get_config exists (a lead): the production schemas are the check.
    parses(SabMiscConfigResponseSchema, await answer('mode=get_config&section=misc'));
    parses(SabFolderConfigResponseSchema, await answer('mode=get_config&section=misc'));
    parses(SabCategoryConfigResponseSchema, await answer('mode=get_config&section=categories'));
    parses(SabAddResponseSchema, await answer('mode=addurl&name=http%3A%2F%2F127.0.0.1%3A9%2FFake.Url.nzb&cat=tv'));

    const client = new SabnzbdClient({ connection: { url: sab.url, apiKey: KEY, timeoutMs: 5_000 } });
    const added = await client.addFile({ fileName: 'Fake.Added.S01E01.nzb', content: '<nzb><file/></nzb>' }, { category: 'tv' });
    expect(added.ok && model.find(added.value[0]!)?.name).toBe('Fake.Added.S01E01');
    expect((await client.folders()).ok).toBe(true);
    expect((await client.failureConfig()).ok).toBe(true);
    expect(await new SabnzbdClient({ connection: { url: sab.url, apiKey: 'wrong', timeoutMs: 5_000 } }).queue()).toMatchObject({
      ok: false,
      error: { code: 'bad_api_key' },
    });
  });
});

describe('the shape check can fail', () => {
  it('names a retyped, a missing and an extra field against a real slot', () => {
    const realSlot = slotsOf('history.json', 'history').find((s) => s.status === 'Failed')!;
    const broken: Json = { ...realSlot, retry: '1', extra: 1 };
    delete broken.fail_message;
    expect(shapeProblems(broken, [realSlot])).toEqual([
      '$.extra: not in the real answers',
      '$.fail_message: missing (every real answer has it)',
      '$.retry: string, the real answers have number',
    ]);
  });
});
