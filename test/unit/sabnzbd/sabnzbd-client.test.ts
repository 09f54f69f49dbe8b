import { afterEach, describe, expect, it } from 'vitest';
import { SabnzbdClient, baseAddress } from '../../../main/core/sabnzbd/sabnzbd-client';
import { contractCodeFor } from '../../../main/core/sabnzbd/sabnzbd-error';
import {
  closedPort,
  fixtureAnswer,
  fixtureJson,
  jsonAnswer,
  startSabServer,
  type FakeSabServer,
  type RawAnswer,
  type SeenRequest,
} from './sabnzbd-fixtures';

const KEY = 'k3y-that-must-never-leak-0123456789';
let server: FakeSabServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

/** Answers by `mode` (and `name` for history delete) from the real captures. */
function byMode(overrides: Record<string, RawAnswer | null> = {}) {
  return (req: SeenRequest): RawAnswer | null => {
    const mode = req.query.get('mode') ?? '';
    const key = req.query.get('name') === 'delete' ? 'history-delete' : mode;
    if (key in overrides) return overrides[key] ?? null;
    const files: Record<string, string> = {
      version: 'version.json',
      queue: 'queue-downloading.json',
      history: 'history.json',
      'history-delete': 'history-delete.json',
      retry: 'retry.json',
      get_cats: 'get-cats.json',
      addfile: 'queue-delete.json',
    };
    const file = files[key];
    return file ? fixtureAnswer(file) : fixtureAnswer('error-unknown-mode.json');
  };
}

async function clientFor(answer: (req: SeenRequest) => RawAnswer | null, timeoutMs = 2000, path = '') {
  server = await startSabServer(answer);
  return new SabnzbdClient({ connection: { url: server.url + path, apiKey: KEY, timeoutMs } });
}

describe('SabnzbdClient on real SABnzbd 3.7.1 answers', () => {
  it('reads version, queue, categories', async () => {
    const c = await clientFor(byMode());
    expect(await c.version()).toEqual({ ok: true, value: '3.7.1' });

    const q = await c.queue();
    if (!q.ok) throw new Error(q.error.message);
    expect(q.value.paused).toBe(false);
    expect(q.value.slots.map((s) => s.status)).toEqual(['Propagating', 'Paused', 'Downloading', 'Downloading']);
    const slow = q.value.slots.find((s) => s.nzo_id === 'SABnzbd_nzo_e2ak93j2');
    expect(slow?.mbleft).toBeCloseTo(0.36);
    expect(slow?.percentage).toBe(25);

    expect(await c.categories()).toEqual({ ok: true, value: ['tv', 'movies', 'tiny'] });
  });

  it('reads history with numbers as numbers and retry as a boolean for both of its real types', async () => {
    const c = await clientFor(byMode());
    const h = await c.history({ limit: 100 });
    if (!h.ok || h.value === null) throw new Error('expected a history page');
    expect(h.value.noofslots).toBe(24);
    expect(h.value.last_history_update).toBe(230);
    const urlFail = h.value.slots.find((s) => s.nzo_id === 'SABnzbd_nzo_tce70mmt');
    const par2Fail = h.value.slots.find((s) => s.nzo_id === 'SABnzbd_nzo__l51te1e');
    const done = h.value.slots.find((s) => s.nzo_id === 'SABnzbd_nzo_5o38qsqn');
    expect(urlFail?.retry).toBe(true); // JSON true in the capture
    expect(par2Fail?.retry).toBe(true); // 1 in the capture
    expect(done?.retry).toBe(false); // 0 in the capture
    expect(par2Fail?.fail_message).toBe('Repair failed, not enough repair blocks (18 short)');
    expect(typeof par2Fail?.bytes).toBe('number');
  });

  it('parses every real history and queue capture', async () => {
    const files = ['history.json', 'history-failed-only.json', 'history-cat-movies.json', 'history-postprocessing.json'];
    for (const f of files) {
      const c = await clientFor(byMode({ history: fixtureAnswer(f) }));
      const h = await c.history();
      expect(h.ok, f).toBe(true);
      await server?.close();
    }
    for (const f of ['queue.json', 'queue-busy.json', 'queue-empty.json', 'queue-paused-all.json', 'queue-after-retry.json']) {
      const c = await clientFor(byMode({ queue: fixtureAnswer(f) }));
      const q = await c.queue();
      expect(q.ok, f).toBe(true);
      await server?.close();
    }
    server = null;
  });

  it('sends the history query SABnzbd understands', async () => {
    const c = await clientFor(byMode());
    await c.history({ start: 50, limit: 25, failedOnly: true, category: 'tv', lastHistoryUpdate: 229 });
    const q = server!.requests[0]!.query;
    expect(server!.requests[0]!.path).toBe('/api');
    expect(Object.fromEntries(q)).toEqual({
      mode: 'history',
      output: 'json',
      apikey: KEY,
      start: '50',
      limit: '25',
      failed_only: '1',
      category: 'tv',
      last_history_update: '229',
    });
  });

  it('answers null when SABnzbd says the history did not change', async () => {
    // SABnzbd (api.py _api_history): `if last_history_update == LAST_HISTORY_UPDATE: report(keyword="history", data=False)`
    const c = await clientFor(byMode({ history: jsonAnswer({ history: false }) }));
    expect(await c.history({ lastHistoryUpdate: 230 })).toEqual({ ok: true, value: null });
  });

  it('retry answers the NEW nzo_id; an unknown id is an api_error', async () => {
    const c = await clientFor(byMode());
    expect(await c.retry('SABnzbd_nzo_tef2hle_')).toEqual({ ok: true, value: 'SABnzbd_nzo_o7slod74' });
    expect(server!.requests[0]!.query.get('value')).toBe('SABnzbd_nzo_tef2hle_');
    await server!.close();

    const c2 = await clientFor(byMode({ retry: fixtureAnswer('error-retry-unknown-id.json') }));
    const r = await c2.retry('SABnzbd_nzo_doesnotexist');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('api_error');
      expect(r.error.message).toContain('item does not exist');
    }
  });

  it('deletes from history with or without files', async () => {
    const c = await clientFor(byMode());
    expect(await c.deleteFromHistory('SABnzbd_nzo_clam3mmm', { deleteFiles: true })).toEqual({ ok: true, value: true });
    expect(await c.deleteFromHistory('SABnzbd_nzo_clam3mmm', { deleteFiles: false })).toEqual({ ok: true, value: true });
    const [withFiles, without] = server!.requests;
    expect(Object.fromEntries(withFiles!.query)).toMatchObject({ mode: 'history', name: 'delete', value: 'SABnzbd_nzo_clam3mmm', del_files: '1' });
    expect(without!.query.get('del_files')).toBe('0');
  });

  it('reads the failure-related misc config', async () => {
    // Shape from SABnzbd config.get_dconfig(section): {"config": {"misc": {keyword: value, …}}}
    const misc = { fail_hopeless_jobs: 1, pre_check: 0, propagation_delay: 1440, no_dupes: 3, cache_limit: '1G' };
    const c = await clientFor(byMode({ get_config: jsonAnswer({ config: { misc } }) }));
    expect(await c.failureConfig()).toEqual({
      ok: true,
      value: { fail_hopeless_jobs: true, pre_check: false, propagation_delay: 1440, no_dupes: 3 },
    });
    expect(server!.requests[0]!.query.get('section')).toBe('misc');
  });

  it('adds by URL and by file upload; a refused add is an api_error', async () => {
    const added = jsonAnswer({ status: true, nzo_ids: ['SABnzbd_nzo_new1'] });
    const c = await clientFor(byMode({ addurl: added, addfile: added }));
    expect(await c.addUrl('http://127.0.0.1:9/x.nzb', { category: 'tv' })).toEqual({ ok: true, value: ['SABnzbd_nzo_new1'] });
    expect(server!.requests[0]!.query.get('name')).toBe('http://127.0.0.1:9/x.nzb');
    expect(server!.requests[0]!.query.get('cat')).toBe('tv');

    expect(await c.addFile({ fileName: 'Show.S01E01.nzb', content: '<nzb></nzb>' }, { priority: -2 })).toEqual({
      ok: true,
      value: ['SABnzbd_nzo_new1'],
    });
    const upload = server!.requests[1]!;
    expect(upload.method).toBe('POST');
    expect(upload.query.get('mode')).toBe('addfile');
    expect(upload.query.get('priority')).toBe('-2');
    expect(upload.body).toContain('name="name"; filename="Show.S01E01.nzb"');
    expect(upload.body).toContain('<nzb></nzb>');
    await server!.close();

    // prequeue-reject / invalid-nzb / empty-nzb in scenarios.json all answered this
    const scenarios = fixtureJson('scenarios.json') as Record<string, { add: unknown }>;
    const c2 = await clientFor(byMode({ addfile: jsonAnswer(scenarios['invalid-nzb']!.add) }));
    const r = await c2.addFile({ fileName: 'bad.nzb', content: 'not xml' });
    expect(r.ok ? 'ok' : r.error.code).toBe('api_error');
  });

  it('keeps a path prefix such as /sabnzbd', async () => {
    const c = await clientFor(byMode(), 2000, '/sabnzbd/');
    await c.version();
    expect(server!.requests[0]!.path).toBe('/sabnzbd/api');
    expect(baseAddress('http://h:8080/sabnzbd/api')).toBe('http://h:8080/sabnzbd');
  });
});

describe('SabnzbdClient error mapping', () => {
  const cases: Array<[string, RawAnswer, string, RegExp]> = [
    ['wrong key (real 403 text)', fixtureAnswer('error-apikey-wrong.json'), 'bad_api_key', /rejected the API key — copy it from SABnzbd → Config → General/],
    ['wrong key asked for xml (real 403 text)', fixtureAnswer('error-apikey-wrong-xml.json'), 'bad_api_key', /rejected the API key/],
    ['missing key (real 403 text)', fixtureAnswer('error-apikey-missing.json'), 'bad_api_key', /asked for an API key/],
    ['bare 403', { status: 403, contentType: 'text/plain', body: 'Forbidden' }, 'bad_api_key', /HTTP 403/],
    [
      'an HTML page',
      { status: 200, contentType: 'text/html', body: '<!DOCTYPE html><html><body>Login</body></html>' },
      'malformed',
      /web page \(HTTP 200\)/,
    ],
    [
      'truncated JSON',
      { status: 200, contentType: 'application/json', body: fixtureAnswer('history.json').body.slice(0, 900) },
      'malformed',
      /incomplete or unreadable answer to "queue"/,
    ],
    ['JSON of the wrong shape', jsonAnswer({ queue: { paused: false, slots: 'none' } }), 'malformed', /does not understand \(queue\.slots/],
    ['a 500 with a JSON body', jsonAnswer({ oops: 1 }, 500), 'malformed', /HTTP 500/],
    ['status false (real unknown-mode answer)', fixtureAnswer('error-unknown-mode.json'), 'api_error', /refused "queue": not implemented/],
  ];

  it.each(cases)('%s → %s', async (_label, answer, code, message) => {
    const c = await clientFor(() => answer);
    const r = await c.queue();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.message).toMatch(message);
    expect(r.error.message).toContain(server!.url);
    expect(r.error.message).not.toContain(KEY);
  });

  it('a server that never answers → timeout, after about timeoutMs', async () => {
    const c = await clientFor(() => null, 150);
    const started = Date.now();
    const r = await c.queue();
    const took = Date.now() - started;
    expect(r.ok ? 'ok' : r.error.code).toBe('timeout');
    if (!r.ok) expect(r.error.message).toMatch(/did not answer within 0\.2 s/);
    expect(took).toBeGreaterThanOrEqual(140);
    expect(took).toBeLessThan(3000);
  });

  it('a closed port → unreachable, connection refused', async () => {
    const port = await closedPort();
    const c = new SabnzbdClient({ connection: { url: `http://127.0.0.1:${port}`, apiKey: KEY, timeoutMs: 2000 } });
    const r = await c.version();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('unreachable');
    expect(r.error.message).toContain(`http://127.0.0.1:${port}`);
    expect(r.error.message).toContain('connection refused');
    expect(contractCodeFor(r.error.code)).toBe('unavailable');
  });

  it('no address, or not an address → unreachable with what to do', async () => {
    for (const url of ['', 'not a url', 'http:']) {
      const c = new SabnzbdClient({ connection: { url, apiKey: KEY, timeoutMs: 1000 } });
      const r = await c.version();
      expect(r.ok ? 'ok' : r.error.code).toBe('unreachable');
      if (!r.ok) expect(r.error.message).toMatch(/Settings|web address/);
    }
  });

  it('reads the connection on every request, so new settings apply at once', async () => {
    server = await startSabServer(byMode());
    let key = 'old';
    const c = new SabnzbdClient({ connection: () => ({ url: server!.url, apiKey: key, timeoutMs: 1000 }) });
    await c.version();
    key = 'new';
    await c.version();
    expect(server.requests.map((r) => r.query.get('apikey'))).toEqual(['old', 'new']);
  });
});
