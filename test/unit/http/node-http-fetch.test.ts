// nodeHttpFetch against a real local HTTP server: what the core's callers
// read behaves as with fetch (status, headers, a bounded body, redirects,
// decoding, aborts, the error shape their messages are built from), and
// undici — Node's fetch, ~10 MB resident — is never loaded for it.
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBodyUpTo } from '../../../main/core/http/bounded-body';
import { nodeHttpFetch, type HttpAnswer } from '../../../main/core/http/node-http-fetch';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
let server: http.Server;
let base: string;
const seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('latin1') });
      const u = new URL(req.url ?? '/', 'http://x');
      switch (u.pathname) {
        case '/json':
          res.writeHead(200, { 'content-type': 'application/json', 'x-two': ['a', 'b'] }).end('{"ok":true}');
          return;
        case '/gzip':
          res.writeHead(200, { 'content-encoding': 'gzip' }).end(zlib.gzipSync('decoded text'));
          return;
        case '/redirect':
          res.writeHead(Number(u.searchParams.get('code') ?? 302), { location: '/json' }).end();
          return;
        case '/loop':
          res.writeHead(302, { location: '/loop' }).end();
          return;
        case '/slow':
          res.writeHead(200);
          res.write('part');
          return; // never ends
        case '/big':
          res.writeHead(200, { 'content-length': String(5_000_000) }).end(Buffer.alloc(5_000_000, 'x'));
          return;
        case '/empty':
          res.writeHead(204).end();
          return;
        default:
          res.writeHead(404).end('nope');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function text(res: HttpAnswer): Promise<string> {
  const body = await readBodyUpTo(res, 10_000_000);
  if (!body.ok) throw new Error('too big');
  return body.text;
}

describe('nodeHttpFetch', () => {
  it('answers status, headers (case-insensitive, repeated ones joined) and the body; sends method, headers and a string body', async () => {
    const res = await nodeHttpFetch(`${base}/json?x=1`, { method: 'POST', headers: { 'X-Api-Key': 'k' }, body: '{"a":1}' });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/json');
    expect(res.headers.get('x-two')).toBe('a, b');
    expect(res.headers.get('missing')).toBeNull();
    expect(await text(res)).toBe('{"ok":true}');
    const req = seen.at(-1)!;
    expect(req).toMatchObject({ method: 'POST', url: '/json?x=1', body: '{"a":1}' });
    expect(req.headers['x-api-key']).toBe('k');
    expect(req.headers['content-length']).toBe('7');
  });

  it('a 404 is an answer, not an error', async () => {
    const res = await nodeHttpFetch(`${base}/nothing`);
    expect(res.status).toBe(404);
    expect(await text(res)).toBe('nope');
  });

  it('follows redirects as fetch does: 302 keeps GET, 303 turns a POST into a GET without its body, and gives up after 20', async () => {
    expect((await nodeHttpFetch(`${base}/redirect?code=302`)).status).toBe(200);
    const res = await nodeHttpFetch(`${base}/redirect?code=303`, { method: 'POST', body: 'payload' });
    expect(await text(res)).toBe('{"ok":true}');
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/json', body: '' });
    const kept = await nodeHttpFetch(`${base}/redirect?code=307`, { method: 'POST', body: 'payload' });
    expect(kept.status).toBe(200);
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/json', body: 'payload' });
    await expect(nodeHttpFetch(`${base}/loop`)).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed' });
  });

  it('decodes a gzip answer, and reads nothing for a 204', async () => {
    expect(await text(await nodeHttpFetch(`${base}/gzip`))).toBe('decoded text');
    expect((await nodeHttpFetch(`${base}/empty`)).body).toBeNull();
  });

  it('sends a FormData body as multipart (an NZB upload)', async () => {
    const form = new FormData();
    form.append('name', new Blob(['<nzb/>'], { type: 'application/x-nzb' }), 'a.nzb');
    await nodeHttpFetch(`${base}/json`, { method: 'POST', body: form });
    const req = seen.at(-1)!;
    expect(req.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(req.body).toContain('filename="a.nzb"');
    expect(req.body).toContain('<nzb/>');
  });

  it('a refused connection rejects like fetch: TypeError("fetch failed") with the system error as cause', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error: unknown = await nodeHttpFetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('fetch failed');
    expect(((error as TypeError).cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('an abort stops a request waiting for its answer, and a body still arriving', async () => {
    const before = new AbortController();
    const pending = nodeHttpFetch(`${base}/slow`, { signal: before.signal });
    const res = await pending;
    const reading = readBodyUpTo(res, 1_000);
    before.abort();
    await expect(reading).rejects.toThrow();
    const already = new AbortController();
    already.abort();
    await expect(nodeHttpFetch(`${base}/json`, { signal: already.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('a header node refuses (a newline in an API key) rejects with a TypeError instead of hanging', async () => {
    await expect(nodeHttpFetch(`${base}/json`, { headers: { 'X-Api-Key': 'bad\nkey' } })).rejects.toBeInstanceOf(TypeError);
  });

  it('the size bound holds before reading: a declared 5 MB answer over a 1 MB bound is refused', async () => {
    const body = await readBodyUpTo(await nodeHttpFetch(`${base}/big`), 1_000_000);
    expect(body).toEqual({ ok: false, bytesRead: 0 });
  });

  it('never loads undici (Node\'s fetch) for a request', () => {
    // In a fresh process: the test runner itself may have loaded it.
    const script = `
      import http from 'node:http';
      const { nodeHttpFetch } = await import(${JSON.stringify(path.join(repoRoot, 'main/core/http/node-http-fetch.ts'))});
      const server = http.createServer((q, r) => r.end('hi')).listen(0, '127.0.0.1', async () => {
        const res = await nodeHttpFetch('http://127.0.0.1:' + server.address().port + '/');
        const reader = res.body.getReader(); while (!(await reader.read()).done);
        console.log(JSON.stringify({ status: res.status, undici: process.moduleLoadList.some((m) => m.includes('undici')) }));
        server.close();
      });`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ status: 200, undici: false });
  });
});
