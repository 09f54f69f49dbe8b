// The NZBGet client against NZBGet 21's real answers (test/fixtures/nzbget), and against
// the faults a user meets: a dead server, a wrong password, a web page or junk instead of
// JSON-RPC, a refusal, a hang. No error message carries the password.
import { afterEach, describe, expect, it } from 'vitest';
import { NzbgetClient, baseAddress, type FetchFn } from '../../../main/core/nzbget/nzbget-client';
import { FakeClock } from '../../support/fake-clock';
import { capturedResponse, closedPort, rpcFetch, rpcResult } from './nzbget-fixtures';

const PASSWORD = 'pa55word-that-must-never-leak';
const URL_ = 'http://nzbget.lan:6789';
const clocks: FakeClock[] = [];
afterEach(() => clocks.splice(0));

function client(fetch: FetchFn, o: { url?: string; timeoutMs?: number; clock?: FakeClock } = {}) {
  return new NzbgetClient({ connection: { url: o.url ?? URL_, username: 'nzbget', password: PASSWORD, timeoutMs: o.timeoutMs ?? 5000 }, fetch, ...(o.clock ? { clock: o.clock } : {}) });
}

const CAPTURED: Record<string, string> = {
  version: 'api-version.json',
  status: 'api-status.json',
  config: 'api-config.json',
  listgroups: 'api-listgroups.json',
  history: 'api-history.json',
};
const captured = rpcFetch((method) => capturedResponse(CAPTURED[method] ?? 'error-unknown-method.json'));

describe('NzbgetClient on real NZBGet 21 answers', () => {
  it('POSTs JSON-RPC to <url>/jsonrpc with Basic auth, like Sonarr and Radarr', async () => {
    const r = await client(captured.fetch, { url: `${URL_}/` }).version();
    expect(r).toEqual({ ok: true, value: '21.0' });
    const call = captured.calls.at(-1)!;
    expect(call).toMatchObject({ url: `${URL_}/jsonrpc`, method: 'version', params: [] });
    expect(call.authorization).toBe(`Basic ${Buffer.from(`nzbget:${PASSWORD}`).toString('base64')}`);
  });

  it('joins the 64-bit Lo/Hi halves: free space of DestDir in bytes', async () => {
    const r = await client(captured.fetch).status();
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.freeDestBytes).toBeGreaterThan(2 ** 32); // the capture's Hi half is non-zero
    expect(r.value.freeInterBytes).toBeNull(); // NZBGet 21 measures only DestDir
    expect(r.value.downloadPaused).toBe(false);
  });

  it("reads the queue with the *arr's drone id as downloadId", async () => {
    const r = await client(captured.fetch).listGroups();
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value[0]).toMatchObject({ status: 'PAUSED', downloadId: '0123456789abcdef0123456789abcdef', category: 'tv' });
    expect(r.value[0]?.remainingBytes).toBeGreaterThan(0);
  });

  it('reads the whole history, the NZBID as downloadId when no *arr sent the job', async () => {
    const r = await client(captured.fetch).history();
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.length).toBeGreaterThan(10);
    for (const item of r.value) expect(item.downloadId).toBe(String(item.nzbId));
    expect(new Set(r.value.map((i) => i.status))).toContain('FAILURE/HEALTH');
  });

  it('sends editqueue as (command, param, [ids]) and reports a job it did not find', async () => {
    const f = rpcFetch((method) => capturedResponse(method === 'editqueue' ? 'editqueue-no-such-job.json' : 'api-version.json'));
    const r = await client(f.fetch).editQueue('HistoryRedownload', [999_999]);
    expect(f.calls[0]?.params).toEqual(['HistoryRedownload', '', [999_999]]);
    expect(r).toMatchObject({ ok: false, error: { code: 'api_error' } });
    if (!r.ok) expect(r.error.message).toContain('did not apply HistoryRedownload to job 999999');
  });

  it('sends append parameters as a flat name/value run (objects become parameters named "Name")', async () => {
    const f = rpcFetch(() => rpcResult(42));
    const r = await client(f.fetch).append('Show.S01E01.nzb', '<nzb/>', { category: 'tv', parameters: { drone: 'abc' } });
    expect(r).toEqual({ ok: true, value: 42 });
    expect(f.calls[0]?.params[1]).toBe(Buffer.from('<nzb/>').toString('base64'));
    expect(f.calls[0]?.params[9]).toEqual(['drone', 'abc']);
  });
});

describe('NzbgetClient faults', () => {
  const expectError = (r: { ok: boolean; error?: { code: string; message: string } }, code: string, text: RegExp) => {
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe(code);
    expect(r.error?.message).toMatch(text);
    expect(r.error?.message).not.toContain(PASSWORD);
  };

  it('wrong username or password (NZBGet: 401, empty body) → bad_api_key naming ControlUsername/ControlPassword', async () => {
    const r = await client(rpcFetch(() => capturedResponse('error-wrong-password.json')).fetch).history();
    expectError(r, 'bad_api_key', /nzbget\.lan:6789 refused the username or password \(HTTP 401\).*ControlUsername and ControlPassword/);
  });

  it('dead server (connection refused) → unreachable', async () => {
    const port = await closedPort();
    const r = await new NzbgetClient({ connection: { url: `http://127.0.0.1:${port}`, username: 'u', password: PASSWORD, timeoutMs: 5000 } }).status();
    expectError(r, 'unreachable', /cannot be reached \(connection refused\)/);
  });

  it('no answer within the timeout → timeout', async () => {
    const clock = new FakeClock();
    const hang: FetchFn = (_url, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    const pending = client(hang, { clock, timeoutMs: 3000 }).history();
    clock.advance(3000);
    expectError(await pending, 'timeout', /did not answer within 3 s/);
  });

  it('malformed JSON → malformed, never a thrown error', async () => {
    const r = await client(rpcFetch(() => new Response('{"version":"1.1","result":[{"NZBID":', { status: 200 })).fetch).history();
    expectError(r, 'malformed', /incomplete or unreadable answer to "history"/);
  });

  it('a web page (wrong address, login page) → malformed naming it', async () => {
    const r = await client(rpcFetch(() => new Response('<!DOCTYPE html><html>login</html>', { status: 200 })).fetch).version();
    expectError(r, 'malformed', /answered with a web page \(HTTP 200\)/);
  });

  it('an answer of the wrong shape → malformed naming the field', async () => {
    const r = await client(rpcFetch(() => rpcResult([{ NZBID: 'seven', Name: 'x' }])).fetch).history();
    expectError(r, 'malformed', /answered "history" in a form.*result\.0/);
  });

  it("JSON-RPC error → api_error with NZBGet's words", async () => {
    const r = await client(rpcFetch(() => capturedResponse('error-unknown-edit-command.json')).fetch).editQueue('HistoryRedownload', [1]);
    expectError(r, 'api_error', /refused "editqueue": Invalid action/);
  });

  it('a read dropped on a stale kept-alive connection is sent once more; an action is not', async () => {
    let n = 0;
    const dropped = () => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }));
    const f = rpcFetch(() => (n++ === 0 ? dropped() : rpcResult('21.0')));
    expect(await client(f.fetch).version()).toEqual({ ok: true, value: '21.0' });
    n = 0;
    const g = rpcFetch(() => (n++ === 0 ? dropped() : rpcResult(true)));
    expectError(await client(g.fetch).editQueue('HistoryRedownload', [1]), 'unreachable', /connection dropped/);
    expect(g.calls).toHaveLength(1);
  });

  it('no address → unreachable telling where to enter it', async () => {
    expectError(await client(captured.fetch, { url: ' ' }).version(), 'unreachable', /No NZBGet address is set/);
  });

  it('keeps a path prefix and strips a pasted /jsonrpc', () => {
    expect(baseAddress('http://host:6789/nzbget/jsonrpc/')).toBe('http://host:6789/nzbget');
  });
});
