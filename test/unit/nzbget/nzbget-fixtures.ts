/**
 * The real NZBGet 21 captures in test/fixtures/nzbget/ (see its README), and a fetch that
 * serves them by JSON-RPC method, so the client is tested against what NZBGet really sends.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { FetchFn } from '../../../main/core/nzbget/nzbget-client';

export const NZBGET_FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/nzbget/', import.meta.url));

export function nzbgetFixture(name: string): unknown {
  return JSON.parse(readFileSync(`${NZBGET_FIXTURE_DIR}${name}`, 'utf8'));
}

const EnvelopeSchema = z.object({ http_status: z.number(), content_type: z.string(), body: z.unknown() });

/** An API capture as the Response NZBGet sent. */
export function capturedResponse(name: string): Response {
  const e = EnvelopeSchema.parse(nzbgetFixture(name));
  const body = typeof e.body === 'string' ? e.body : JSON.stringify(e.body);
  return new Response(body, { status: e.http_status, headers: { 'content-type': e.content_type } });
}

/** Every history capture (file name → the job object NZBGet sent). */
export function historyCaptures(): Map<string, unknown> {
  const files = readdirSync(NZBGET_FIXTURE_DIR).filter((f) => f.endsWith('.json') && !/^(api|error|editqueue)-/.test(f));
  return new Map(files.map((f) => [f.replace(/\.json$/, ''), nzbgetFixture(f)]));
}

export interface SeenCall {
  url: string;
  method: string;
  params: unknown[];
  authorization: string | null;
}

/** A fetch answering each JSON-RPC method with `answer(method)`; records what was asked. */
export function rpcFetch(answer: (method: string, params: unknown[]) => Response | Promise<Response>): { fetch: FetchFn; calls: SeenCall[] } {
  const calls: SeenCall[] = [];
  const fetch: FetchFn = async (url, init) => {
    const request = z.object({ method: z.string(), params: z.array(z.unknown()) }).parse(JSON.parse(String(init?.body)));
    const headers = new Headers(init?.headers);
    calls.push({ url, method: request.method, params: request.params, authorization: headers.get('authorization') });
    return answer(request.method, request.params);
  };
  return { fetch, calls };
}

export function rpcResult(result: unknown): Response {
  return new Response(JSON.stringify({ version: '1.1', id: 1, result }), { status: 200, headers: { 'content-type': 'application/json' } });
}

/** A loopback port nothing listens on (taken, then released). */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
