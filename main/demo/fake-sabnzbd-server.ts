// The fake SABnzbd on loopback HTTP: /sabnzbd/api answered by
// fake-sabnzbd-api.ts from a FakeSabnzbdModel. Used by the demo, the tests
// (through test/fakes/fake-sabnzbd.ts) and the benches.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerFakeSabnzbd, type FakeSabRequest } from './fake-sabnzbd-api';
import type { FakeSabnzbdModel } from './fake-sabnzbd-model';

export interface FakeSabSeenRequest {
  mode: string;
  params: Record<string, string>;
}

export interface FakeSabnzbdServer {
  /** Base address with SABnzbd's url_base, e.g. http://127.0.0.1:41234/sabnzbd. */
  readonly url: string;
  readonly apiKey: string;
  readonly model: FakeSabnzbdModel;
  /** Every request, in order (the api key is in params as sent). */
  readonly requests: FakeSabSeenRequest[];
  /** Requests answered, by mode. */
  readonly requestCounts: Record<string, number>;
  /** While down, every connection is dropped at once (like a stopped SABnzbd). */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

export interface FakeSabnzbdServerOptions {
  model: FakeSabnzbdModel;
  apiKey: string;
  port?: number;
  /** Keep every request in `requests` (default true; benches polling for hours turn it off). */
  recordRequests?: boolean;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function readUpload(req: IncomingMessage): Promise<FakeSabRequest['upload']> {
  const body = await readBody(req);
  if (body.byteLength === 0) return null;
  const form = await new Response(new Uint8Array(body), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
  const file = form.get('name') ?? form.get('nzbfile');
  if (!(file instanceof Blob)) return null;
  const fileName = 'name' in file && typeof file.name === 'string' ? file.name : 'unnamed.nzb';
  return { fileName, content: await file.text() };
}

export async function startFakeSabnzbd(options: FakeSabnzbdServerOptions): Promise<FakeSabnzbdServer> {
  const { model, apiKey } = options;
  const requests: FakeSabSeenRequest[] = [];
  const requestCounts: Record<string, number> = {};
  let down = false;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!/\/api$/.test(url.pathname)) {
      res.writeHead(404, { 'Content-Type': 'text/html' });
      res.end('Not found');
      return;
    }
    const mode = url.searchParams.get('mode') ?? '';
    requestCounts[mode] = (requestCounts[mode] ?? 0) + 1;
    if (options.recordRequests !== false) requests.push({ mode, params: Object.fromEntries(url.searchParams) });
    const upload = req.method === 'POST' ? await readUpload(req) : null;
    const answer = answerFakeSabnzbd(model, apiKey, { query: url.searchParams, upload });
    res.writeHead(answer.status, { 'Content-Type': answer.contentType });
    res.end(answer.body);
  };

  const server: Server = createServer((req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/sabnzbd`,
    apiKey,
    model,
    requests,
    requestCounts,
    setDown(value) {
      down = value;
      if (value) server.closeAllConnections();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
