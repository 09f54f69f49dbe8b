import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildArrUrl } from '../../../main/core/arr/arr-http';
import { itemPageUrl } from '../../../main/core/arr/item-page';
import { createSonarrClient } from '../../../main/core/arr/sonarr-client';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const s = createServer(handler);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

describe('the shared *arr HTTP base', () => {
  it('builds v3 URLs from what users type, with repeated keys for arrays', () => {
    expect(buildArrUrl('http://h:8989', '/queue', { page: 2, x: undefined })).toBe('http://h:8989/api/v3/queue?page=2');
    expect(buildArrUrl('http://h/sonarr/', '/history', { eventType: [1, 4] })).toBe('http://h/sonarr/api/v3/history?eventType=1&eventType=4');
    expect(buildArrUrl('http://h:8989/api/v3/', '/system/status')).toBe('http://h:8989/api/v3/system/status');
  });

  it('builds Lidarr/Readarr v1 URLs; a pasted …/api/v1 (or …/api/v3) address is the app address', () => {
    expect(buildArrUrl('http://h:8686', '/history/artist', { artistId: 2, albumId: 21 }, 'v1')).toBe('http://h:8686/api/v1/history/artist?artistId=2&albumId=21');
    expect(buildArrUrl('http://h/readarr/api/v1/', '/release', { bookId: 41 }, 'v1')).toBe('http://h/readarr/api/v1/release?bookId=41');
    expect(buildArrUrl('http://h:8686/api/v3', '/system/status', undefined, 'v1')).toBe('http://h:8686/api/v1/system/status');
    expect(buildArrUrl('http://h:8989/api/v1', '/system/status')).toBe('http://h:8989/api/v3/system/status');
  });

  it('links an item to its page in each web UI: series, movie, artist (by foreignArtistId), author (by titleSlug)', () => {
    expect(itemPageUrl('http://nas/sonarr/', 'sonarr', 'the-expanse')).toBe('http://nas/sonarr/series/the-expanse');
    expect(itemPageUrl('http://nas:7878', 'radarr', 'dune')).toBe('http://nas:7878/movie/dune');
    expect(itemPageUrl('http://nas:8686', 'lidarr', 'a74b1b7f-71a5-4011-9441-d0b5e4122711')).toBe('http://nas:8686/artist/a74b1b7f-71a5-4011-9441-d0b5e4122711');
    expect(itemPageUrl('http://nas/readarr', 'readarr', '1406384-ursula-k-le-guin')).toBe('http://nas/readarr/author/1406384-ursula-k-le-guin');
  });

  it('sends X-Api-Key and answers unreachable for a closed port', async () => {
    const url = await serve((_req, res) => res.end());
    const port = Number(new URL(url).port);
    await new Promise((r) => servers.pop()!.close(r));
    const r = await createSonarrClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: 'k' }).systemStatus();
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('unreachable');
      expect(r.error.message).toContain('connection refused');
    }
  });

  it('times out a server that never answers', async () => {
    let seenKey: string | undefined;
    const url = await serve((req) => {
      seenKey = req.headers['x-api-key'] as string;
    });
    const t0 = Date.now();
    const r = await createSonarrClient({ baseUrl: url, apiKey: 'secret', timeoutMs: 200 }).queuePage();
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(seenKey).toBe('secret');
    expect(!r.ok && r.error.code).toBe('timeout');
    expect(!r.ok && r.error.message).toMatch(/did not answer within 0\.2 s/);
  });

  it('HTML or broken JSON is malformed; a wrong shape is malformed with the path', async () => {
    const html = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!DOCTYPE html><html><body>SABnzbd</body></html>');
    });
    const a = await createSonarrClient({ baseUrl: html, apiKey: 'k' }).systemStatus();
    expect(!a.ok && a.error.code).toBe('malformed');
    expect(!a.ok && a.error.message).toContain('not JSON');

    const shape = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ page: 1, pageSize: 10, totalRecords: 'many', records: [] }));
    });
    const b = await createSonarrClient({ baseUrl: shape, apiKey: 'k' }).queuePage();
    expect(!b.ok && b.error.code).toBe('malformed');
    expect(!b.ok && b.error.message).toContain('totalRecords');
  });

  it('an answer beyond the size limit is not read: malformed, declared or streamed', async () => {
    const big = 'x'.repeat(64 * 1024);
    const declared = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(big.length + 2) });
      res.end(JSON.stringify(big));
    });
    const a = await createSonarrClient({ baseUrl: declared, apiKey: 'k', maxResponseBytes: 16 * 1024 }).systemStatus();
    expect(!a.ok && a.error.code).toBe('malformed');
    expect(!a.ok && a.error.message).toMatch(/with more than .* MB; the answer was not read/);

    const streamed = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      for (let i = 0; i < 8; i++) res.write(big);
      res.end();
    });
    const b = await createSonarrClient({ baseUrl: streamed, apiKey: 'k', maxResponseBytes: 16 * 1024 }).queuePage();
    expect(!b.ok && b.error.code).toBe('malformed');
    // Under the limit the same server is read as usual (and is then not JSON).
    const c = await createSonarrClient({ baseUrl: streamed, apiKey: 'k' }).queuePage();
    expect(!c.ok && c.error.message).toContain('not JSON');
  });

  it('nulls are accepted where the app would omit them; other statuses are http_error with the app’s message', async () => {
    const url = await serve((req, res) => {
      res.writeHead(req.url?.includes('status') ? 200 : 500, { 'Content-Type': 'application/json' });
      res.end(req.url?.includes('status') ? JSON.stringify({ appName: 'Sonarr', version: '4.0.0.1', instanceName: null }) : JSON.stringify({ message: 'database is locked' }));
    });
    const client = createSonarrClient({ baseUrl: url, apiKey: 'k' });
    expect((await client.systemStatus()).ok).toBe(true);
    const r = await client.blocklistPage();
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ code: 'http_error', status: 500 });
      expect(r.error.message).toContain('database is locked');
    }
  });

  it('a URL that is not a URL is reported as such', async () => {
    const r = await createSonarrClient({ baseUrl: 'not a url', apiKey: 'k' }).systemStatus();
    expect(!r.ok && r.error.code).toBe('unreachable');
    expect(!r.ok && r.error.message).toContain('not a valid URL');
  });

  it('an address that only becomes one with the path added (`http:` → http://api/) is not asked', async () => {
    const asked: string[] = [];
    const fetch = (input: string) => {
      asked.push(input);
      return Promise.resolve(new Response('{}'));
    };
    const r = await createSonarrClient({ baseUrl: 'http:', apiKey: 'k', fetch }).systemStatus();
    expect(!r.ok && r.error.message).toContain('not a valid URL');
    expect(asked).toEqual([]);
  });

  it('follows a redirect on the same server; one to another server is an error and the key is not sent there', async () => {
    const seenElsewhere: (string | undefined)[] = [];
    const elsewhere = createServer((req, res) => {
      seenElsewhere.push(req.headers['x-api-key'] as string | undefined);
      res.end('{}');
    });
    servers.push(elsewhere);
    await new Promise<void>((r) => elsewhere.listen(0, '127.0.0.2', () => r()));
    const away = `http://127.0.0.2:${(elsewhere.address() as AddressInfo).port}`;
    const url = await serve((req, res) => {
      if (req.url?.startsWith('/sonarr/')) return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ appName: 'Sonarr', version: '4.0.0' }));
      if (req.url?.startsWith('/moved/')) return res.writeHead(308, { Location: `${away}${req.url}` }).end();
      res.writeHead(301, { Location: `/sonarr${req.url ?? ''}` }).end();
    });
    const same = await createSonarrClient({ baseUrl: url, apiKey: 'k' }).systemStatus();
    expect(same.ok && same.value.version).toBe('4.0.0');
    const moved = await createSonarrClient({ baseUrl: `${url}/moved`, apiKey: 'k' }).systemStatus();
    expect(!moved.ok && moved.error.code).toBe('malformed');
    expect(!moved.ok && moved.error.message).toContain(`redirects (HTTP 308) to ${away}, another address`);
    expect(seenElsewhere).toEqual([]);
  });
});
