// Reads the team's REAL SABnzbd 3.7.1 captures at test time (never copied into
// the repo) and serves them over loopback HTTP the way SABnzbd sent them.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { teamShared } from '../../support/team-shared';

export const FIXTURE_DIR = teamShared('fixtures', 'sabnzbd');

export interface RawAnswer {
  status: number;
  contentType: string;
  body: string;
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, name), 'utf8'));
}

/** The answer as SABnzbd sent it: JSON files as JSON, `_not_json` envelopes as their bare text and status. */
export function fixtureAnswer(name: string): RawAnswer {
  const content = fixtureJson(name) as Record<string, unknown>;
  if (content._not_json === true) {
    return { status: Number(content.http_status), contentType: String(content.content_type), body: String(content.body) };
  }
  return { status: 200, contentType: 'application/json', body: JSON.stringify(content) };
}

export function jsonAnswer(value: unknown, status = 200): RawAnswer {
  return { status, contentType: 'application/json', body: JSON.stringify(value) };
}

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
}

export interface FakeSabServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** A loopback server answering each request with `answer(request)`; `null` never answers (a hang). */
export async function startSabServer(answer: (req: SeenRequest) => RawAnswer | null): Promise<FakeSabServer> {
  const requests: SeenRequest[] = [];
  const hanging: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      const seen: SeenRequest = {
        method: req.method ?? 'GET',
        path: u.pathname,
        query: u.searchParams,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      const a = answer(seen);
      if (a === null) {
        hanging.push(res);
        return;
      }
      res.writeHead(a.status, { 'Content-Type': a.contentType });
      res.end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of hanging) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port that was just listening and is now closed: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
