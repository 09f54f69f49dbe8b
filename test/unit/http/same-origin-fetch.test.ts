// Redirects over real HTTP: followed within the origin, refused (without a request) beyond it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeHttpFetch } from '../../../main/core/http/node-http-fetch';
import { MAX_SAME_ORIGIN_REDIRECTS, fetchWithinOrigin } from '../../../main/core/http/same-origin-fetch';

interface Hit {
  method: string;
  url: string;
  key: string | undefined;
  body: string;
}

async function serve(host: string, route: (url: string, method: string) => { status: number; location?: string; body?: string }) {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const key = req.headers['x-api-key'];
      hits.push({ method: req.method ?? '', url: req.url ?? '', key: typeof key === 'string' ? key : undefined, body });
      const a = route(req.url ?? '/', req.method ?? 'GET');
      res.writeHead(a.status, a.location ? { Location: a.location } : {});
      res.end(a.body ?? '');
    });
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const port = (server.address() as AddressInfo).port;
  return { hits, url: `http://${host}:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let other: Awaited<ReturnType<typeof serve>>;
let home: Awaited<ReturnType<typeof serve>>;
// The client the core really asks with (node:http), in its redirect: 'manual' mode.
const realFetch = nodeHttpFetch;

beforeAll(async () => {
  other = await serve('127.0.0.2', () => ({ status: 200, body: 'other' }));
  home = await serve('127.0.0.1', (url) => {
    if (url === '/moved') return { status: 301, location: '/here' };
    if (url === '/see-other') return { status: 303, location: '/here' };
    if (url === '/temporary') return { status: 307, location: '/here' };
    if (url === '/loop') return { status: 302, location: '/loop' };
    if (url.startsWith('/away')) return { status: 307, location: `${other.url}${url}` };
    if (url === '/scheme') return { status: 302, location: home.url.replace('http:', 'https:') + '/here' };
    if (url === '/no-location') return { status: 304 };
    return { status: 200, body: 'home' };
  });
});
afterAll(async () => {
  await Promise.all([other.close(), home.close()]);
});

describe('fetchWithinOrigin', () => {
  it('follows a redirect within the origin, keeping method, headers and body where fetch would', async () => {
    home.hits.length = 0;
    const a = await fetchWithinOrigin(realFetch, `${home.url}/temporary`, { method: 'POST', body: 'payload', headers: { 'X-Api-Key': 'k' } });
    expect(a.kind).toBe('response');
    expect(a.kind === 'response' ? await new Response(a.response.body).text() : '').toBe('home');
    expect(home.hits.map((h) => [h.method, h.url, h.key, h.body])).toEqual([
      ['POST', '/temporary', 'k', 'payload'],
      ['POST', '/here', 'k', 'payload'],
    ]);
  });

  it.each([['/see-other'], ['/moved']])('%s after a POST continues as a GET without the body', async (path) => {
    home.hits.length = 0;
    const a = await fetchWithinOrigin(realFetch, `${home.url}${path}`, { method: 'POST', body: 'payload' });
    expect(a.kind).toBe('response');
    expect(home.hits.map((h) => [h.method, h.url, h.body])).toEqual([
      ['POST', path, 'payload'],
      ['GET', '/here', ''],
    ]);
  });

  it('refuses a redirect to another origin without sending anything there, and names only its origin', async () => {
    other.hits.length = 0;
    const a = await fetchWithinOrigin(realFetch, `${home.url}/away?apikey=secret`, { headers: { 'X-Api-Key': 'secret' } });
    expect(a).toEqual({ kind: 'left_origin', status: 307, to: other.url });
    expect(other.hits).toEqual([]);
  });

  it('http → https of the same host is another origin too', async () => {
    const a = await fetchWithinOrigin(realFetch, `${home.url}/scheme`, {});
    expect(a).toEqual({ kind: 'left_origin', status: 302, to: home.url.replace('http:', 'https:') });
  });

  it('stops a redirect loop', async () => {
    home.hits.length = 0;
    const a = await fetchWithinOrigin(realFetch, `${home.url}/loop`, {});
    expect(a).toEqual({ kind: 'redirect_loop', hops: MAX_SAME_ORIGIN_REDIRECTS + 1 });
    expect(home.hits).toHaveLength(MAX_SAME_ORIGIN_REDIRECTS + 1);
  });

  it('a 3xx without Location is an answer like any other', async () => {
    const a = await fetchWithinOrigin(realFetch, `${home.url}/no-location`, {});
    expect(a.kind === 'response' ? a.response.status : a.kind).toBe(304);
  });
});
