/**
 * Hostile input over browser mode's HTTP + WebSocket binding (startHttpBinding on loopback),
 * backed by the REAL core handlers (createCore, real SQLite in a temp dir; SABnzbd, Sonarr and
 * Radarr at closed loopback ports). fast-check sends, for every route, odd path ids (traversal,
 * unicode, huge), random query strings, random methods and bodies (not JSON, wrong JSON, huge,
 * __proto__ keys). Every answer is JSON, a Result envelope with a status matching its code; a
 * 500 only as a typed `internal` error; no stack; the server keeps answering. Also: no or a
 * wrong token → 401 everywhere, loopback by default, cross-origin WebSocket upgrades refused,
 * and the static file server never serves a file outside its folder.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHttpBinding, type HttpBinding } from '../../main/core/api/http-binding';
import { liveEventSourceFromBus } from '../../main/core/api/live-event-source';
import { API_PREFIX, CONTRACT_CALLS, HTTP_ROUTES, HTTP_STATUS_BY_CODE, WS_PATH, matchRoute, type CallName } from '../../shared/contract';
import { closedLoopbackPort, startTempCore, type TempCore } from './faults-temp-core';
import { TRAVERSAL, expectEnvelope, expectNoPollution, hostileInput, oddString } from './hostile-inputs';

const TOKEN = 'tok_' + 'x'.repeat(40);
const SECRET = 'THIS-FILE-IS-OUTSIDE-THE-STATIC-FOLDER';
const RUNS_PER_ROUTE = 120;
let t: TempCore;
let binding: HttpBinding;
let staticDir: string;
const reported: string[] = [];
const statuses = new Map<number, number>();
let tried = 0;

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/** node:http, not fetch: the path goes out exactly as written (no `..` folding). */
function send(method: string, rawPath: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: binding.port, method, path: rawPath, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', (e) => (body !== undefined && body.length > 1024 * 1024 ? resolve({ status: 413, contentType: 'reset', text: '' }) : reject(e)));
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

const auth = { Authorization: `Bearer ${TOKEN}` };
const ALLOWED_STATUS = new Set([200, 405, 413, ...Object.values(HTTP_STATUS_BY_CODE)]);

function pathFor(call: CallName, values: string[]): string {
  let i = 0;
  return HTTP_ROUTES[call].path.replace(/\{[^}]+\}/g, () => {
    const v = values[i++] ?? 'x';
    // Traversal strings go out raw when they are plain ASCII path characters, encoded otherwise.
    if (/^[\w.%/\\-]+$/.test(v)) return v;
    try {
      return encodeURIComponent(v);
    } catch {
      return '%ED%A0%80'; // a lone surrogate: send the invalid UTF-8 bytes it stands for
    }
  });
}

/** The call that really answers: another method on the same path is another call; `..` can leave /api. */
function expectApiAnswer(a: Answer, method: string, rawPath: string): void {
  statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
  if (a.contentType === 'reset') return; // the server cut an over-long upload short
  expect(a.text).not.toContain(SECRET);
  const pathname = new URL(rawPath, 'http://127.0.0.1').pathname;
  if (pathname !== API_PREFIX && !pathname.startsWith(`${API_PREFIX}/`)) {
    // Folded out of the API by `..`: the static server answers, and refuses anything outside its folder.
    expect([200, 400, 403, 404, 405]).toContain(a.status);
    return;
  }
  const matched = matchRoute(method, pathname).call;
  const call: CallName = matched ?? 'app.info';
  expect(ALLOWED_STATUS.has(a.status), `status ${a.status}: ${a.text.slice(0, 200)}`).toBe(true);
  expect(a.contentType).toContain('application/json');
  const body = JSON.parse(a.text) as { ok: boolean; error?: { code: keyof typeof HTTP_STATUS_BY_CODE } };
  // A 404/405 from the router is an envelope too, but not an answer of this call.
  if (a.status === 404 || a.status === 405 || a.status === 413) {
    expect(body.ok).toBe(false);
    expectEnvelope(body, call);
    return;
  }
  expectEnvelope(body, call);
  if (!body.ok) expect(a.status).toBe(HTTP_STATUS_BY_CODE[body.error!.code]);
  else expect(a.status).toBe(200);
  if (a.status === 500) expect(body.error?.code).toBe('internal');
}

/** An upgrade request with a raw request target (the ws client would normalise it). */
function rawUpgrade(target: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(binding.port, '127.0.0.1', () => {
      socket.write(
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('close', () => resolve(text));
    socket.on('error', () => resolve(text));
  });
}

beforeAll(async () => {
  const [sab, sonarr, radarr] = await Promise.all([closedLoopbackPort(), closedLoopbackPort(), closedLoopbackPort()]);
  t = await startTempCore({
    loopbackOnly: true,
    patch: {
      sabnzbd: { url: `http://127.0.0.1:${sab}` },
      sonarr: { url: `http://127.0.0.1:${sonarr}` },
      radarr: { url: `http://127.0.0.1:${radarr}` },
      apiKeys: { sabnzbd: 'k'.repeat(32), sonarr: 's'.repeat(32), radarr: 'r'.repeat(32) },
      monitoring: { requestTimeoutMs: 500 },
    },
  });
  staticDir = path.join(t.dir, 'renderer');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>autoarr</title>');
  fs.writeFileSync(path.join(t.dir, 'secret.txt'), SECRET);
  binding = await startHttpBinding({
    handlers: t.core.handlers,
    events: liveEventSourceFromBus(t.core.bus),
    token: TOKEN,
    port: 0,
    staticDir,
    onError: (call, error) => void reported.push(`${call}: ${String(error)}`),
    onServerError: (error) => void reported.push(`server: ${String(error)}`),
  });
}, 60_000);

afterAll(async () => {
  console.log(`[hostile-http] ${tried} requests tried; statuses ${JSON.stringify(Object.fromEntries(statuses))}; ${reported.length} errors reported`);
  await binding?.close();
  await t?.dispose();
});

describe('HTTP binding under hostile input', () => {
  for (const call of CONTRACT_CALLS as readonly CallName[]) {
    it(`${call}: any path id, query, method and body answers a typed Result`, async () => {
      const route = HTTP_ROUTES[call];
      const body = fc.oneof(
        hostileInput(call, false).map((v) => JSON.stringify(v) ?? 'null'),
        oddString.filter((s) => s.length < 4_000_000),
        fc.constantFrom('', '{', '{"a":', '[]', 'null', '"x"', '{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":1}}}'),
      );
      const query = fc.dictionary(
        fc.oneof(oddString.filter((s) => s.length < 1000), fc.constantFrom(...Object.keys(route.query ?? {}), '__proto__', 'constructor')),
        oddString.filter((s) => s.length < 1000),
        { maxKeys: 4 },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.array(oddString.filter((s) => s.length < 20_000), { minLength: 2, maxLength: 2 }),
          query,
          fc.option(body, { nil: undefined }),
          fc.constantFrom(route.method, route.method, route.method, 'GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
          async (ids, q, b, method) => {
            tried++;
            const qs = new URLSearchParams(Object.entries(q)).toString();
            const p = pathFor(call, ids) + (qs ? `?${qs}` : '');
            const headers: Record<string, string> = { ...auth, 'Content-Type': 'application/json' };
            const a = await send(method, p, headers, method === 'GET' ? undefined : b);
            expectApiAnswer(a, method, p);
            expectNoPollution();
          },
        ),
        { numRuns: RUNS_PER_ROUTE },
      );
    }, 120_000);
  }

  it('refuses a missing or wrong token on every route with 401, whatever the token looks like', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CONTRACT_CALLS),
        fc.option(fc.oneof(fc.string({ maxLength: 80 }).filter((s) => /^[\x21-\x7e]*$/.test(s)), fc.constant(TOKEN.slice(0, -1)), fc.constant(`${TOKEN}x`), fc.constant(TOKEN.toUpperCase())), { nil: undefined }),
        async (call, token) => {
          tried++;
          const headers: Record<string, string> = token === undefined ? {} : { Authorization: `Bearer ${token}` };
          const a = await send(HTTP_ROUTES[call].method, pathFor(call, ['x', 'y']), headers, HTTP_ROUTES[call].method === 'GET' ? undefined : '{}');
          expect(a.status).toBe(401);
          expect(JSON.parse(a.text)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
        },
      ),
      { numRuns: 200 },
    );
    // The token in the query string is for the WebSocket only, not for the API.
    expect((await send('GET', `/api/v1/app/info?token=${TOKEN}`, {})).status).toBe(401);
  });

  it('listens on loopback only by default', () => {
    expect(binding.host).toBe('127.0.0.1');
    expect(binding.url).toBe(`http://127.0.0.1:${binding.port}`);
    // The kernel's own view: this port is bound to 127.0.0.1 (0100007F), not 0.0.0.0.
    const tcp = fs.readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1);
    const portHex = binding.port.toString(16).toUpperCase().padStart(4, '0');
    const listening = tcp.map((l) => l.trim().split(/\s+/)).filter((f) => f[1]?.endsWith(`:${portHex}`) && f[3] === '0A');
    expect(listening.map((f) => f[1])).toEqual([`0100007F:${portHex}`]);
  });

  it('refuses WebSocket upgrades from another origin or without the token; accepts its own page', async () => {
    const attempt = (query: string, origin?: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${binding.wsUrl}${WS_PATH}${query}`, origin ? { origin } : {});
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => resolve(-1));
      });
    const origins = ['http://evil.example', 'null', 'http://127.0.0.1.evil.example', `http://127.0.0.1:${binding.port + 1}`, `https://127.0.0.1:${binding.port}`, 'file://'];
    for (const origin of origins) expect(await attempt(`?token=${TOKEN}`, origin), origin).toBe(403);
    expect(await attempt('')).toBe(401);
    expect(await rawUpgrade('//..%5c/x')).toMatch(/^HTTP\/1\.1 (400|404)/);
    expect(await attempt('?token=wrong', `http://127.0.0.1:${binding.port}`)).toBe(401);
    expect(await attempt(`?token=${TOKEN}`, `http://127.0.0.1:${binding.port}`)).toBe(101);
    expect(await attempt(`?token=${TOKEN}`, `http://localhost:${binding.port}`)).toBe(101);
    tried += origins.length + 4;
  });

  it('the static folder never serves a file outside it', async () => {
    const paths = fc.oneof(
      fc.constantFrom(...TRAVERSAL.filter((p) => !p.includes('\u0000')).map((p) => `/${p}`), '/%00', '/..%00/secret.txt', '//..%5c/index.html', '//evil.example/secret.txt', '/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/renderer/../secret.txt', '//secret.txt', '/.%2e/secret.txt', '/..\\secret.txt'),
      fc.array(fc.constantFrom('..', '.', '%2e%2e', '%2E%2e', '..%5c', 'secret.txt', 'index.html', ''), { minLength: 1, maxLength: 6 }).map((parts) => `/${parts.join('/')}`),
    );
    await fc.assert(
      fc.asyncProperty(paths, async (p) => {
        tried++;
        const a = await send('GET', p, {});
        expect(a.text).not.toContain(SECRET);
        expect([200, 400, 403, 404]).toContain(a.status);
      }),
      { numRuns: 300 },
    );
  });

  it('still answers afterwards, and no call or the server reported an error', async () => {
    const a = await send('GET', '/api/v1/app/info', auth);
    expect(a.status).toBe(200);
    expect(JSON.parse(a.text)).toMatchObject({ ok: true, value: { name: 'autoarr-tray', mode: 'browser' } });
    expect(reported).toEqual([]);
  });
});
