// The HTTP client the core asks SABnzbd and Sonarr/Radarr with, on node:http.
// Node's global fetch is undici: loading it at the first request costs the
// core ~10 MB of resident memory for as long as it runs (its JS, its WASM
// HTTP parser, the pages of the node binary holding them) and ~0.1-0.3 s of
// the first poll; the core only ever asks small JSON questions, reads a
// status, a header or two and a body it bounds itself (bounded-body.ts).
// So this answers fetch's calls with what those callers read, and behaves as
// fetch does where they could tell: redirects are followed (up to 20; 303,
// and 301/302 of a POST, go on as GET without the body), a content-encoded
// answer is decoded, an abort signal stops the request or the body, and a
// network failure rejects with TypeError('fetch failed') whose `cause` has
// the system error code (ECONNREFUSED…), as the callers' messages expect.
import http, { type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

/** What the core reads of an answer: a WHATWG Response has all of it (tests pass real ones). */
export interface HttpAnswer {
  readonly status: number;
  /** The reason phrase ("Not Found"), where the server sent one. */
  readonly statusText?: string;
  readonly headers: { get(name: string): string | null };
  readonly body: ReadableStream<Uint8Array> | null;
}

export interface HttpRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | FormData;
  signal?: AbortSignal;
  /** 'manual' answers a redirect as it came (same-origin-fetch.ts decides where a key may follow). */
  redirect?: 'follow' | 'manual';
}

export type FetchFn = (input: string, init?: HttpRequestInit) => Promise<HttpAnswer>;

const MAX_REDIRECTS = 20;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

/** Multipart bodies are rare (an NZB upload): the WHATWG encoder is borrowed for them only. */
async function encodeBody(body: string | FormData | undefined): Promise<{ bytes: Buffer | null; contentType: string | null }> {
  if (body === undefined) return { bytes: null, contentType: null };
  if (typeof body === 'string') return { bytes: Buffer.from(body), contentType: 'text/plain;charset=UTF-8' };
  const encoded = new Response(body);
  return { bytes: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type') };
}

function decoded(res: IncomingMessage): Readable {
  switch (String(res.headers['content-encoding'] ?? '').toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return res.pipe(zlib.createGunzip());
    case 'deflate':
      return res.pipe(zlib.createInflate());
    case 'br':
      return res.pipe(zlib.createBrotliDecompress());
    default:
      return res;
  }
}

function answerOf(res: IncomingMessage, method: string): HttpAnswer {
  const noBody = method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304;
  let body: ReadableStream<Uint8Array> | null = null;
  if (noBody) res.resume();
  else {
    const stream = decoded(res);
    // A failure of the decoder (bad gzip) or of the socket surfaces as the body's error, as with fetch.
    if (stream !== res) res.once('error', (error) => stream.destroy(error));
    body = Readable.toWeb(stream) as ReadableStream<Uint8Array>;
  }
  return {
    status: res.statusCode ?? 0,
    statusText: res.statusMessage ?? '',
    headers: {
      get(name) {
        const value = res.headers[name.toLowerCase()];
        if (value === undefined) return null;
        return Array.isArray(value) ? value.join(', ') : String(value);
      },
    },
    body,
  };
}

async function send(url: URL, method: string, headers: Record<string, string>, bytes: Buffer | null, signal: AbortSignal | undefined): Promise<IncomingMessage> {
  // https (and with it TLS) is loaded only for an https address.
  const lib: typeof http = url.protocol === 'https:' ? ((await import('node:https')).default as unknown as typeof http) : http;
  return new Promise((resolve, reject) => {
    let req: http.ClientRequest;
    try {
      req = lib.request(url, { method, headers: bytes ? { ...headers, 'content-length': String(bytes.length) } : headers, signal });
    } catch (error) {
      // A header value node refuses (a newline in an API key): fetch throws a TypeError too.
      reject(new TypeError(error instanceof Error ? error.message : String(error), { cause: error }));
      return;
    }
    req.once('response', resolve);
    req.once('error', (error) => reject(signal?.aborted ? error : fetchFailed(error)));
    req.end(bytes ?? undefined);
  });
}

export const nodeHttpFetch: FetchFn = async (input, init = {}) => {
  let url: URL;
  try {
    url = new URL(input);
  } catch (error) {
    throw new TypeError(`Invalid URL: ${input}`, { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fetchFailed(new Error(`unsupported protocol ${url.protocol}`));
  let method = (init.method ?? 'GET').toUpperCase();
  const encoded = await encodeBody(init.body);
  let bytes = encoded.bytes;
  const headers: Record<string, string> = { accept: '*/*', 'accept-encoding': 'gzip, deflate', ...lowerCased(init.headers ?? {}) };
  if (encoded.contentType !== null && headers['content-type'] === undefined) headers['content-type'] = encoded.contentType;
  for (let redirects = 0; ; redirects++) {
    init.signal?.throwIfAborted();
    const res = await send(url, method, headers, bytes, init.signal);
    const location = res.headers.location;
    if (!REDIRECTS.has(res.statusCode ?? 0) || location === undefined || init.redirect === 'manual') return answerOf(res, method);
    res.resume();
    if (redirects === MAX_REDIRECTS) throw fetchFailed(new Error('redirect count exceeded'));
    const next = new URL(location, url);
    if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
      method = method === 'HEAD' ? 'HEAD' : 'GET';
      bytes = null;
      delete headers['content-type'];
    }
    // Credentials stay with the host they were meant for (fetch drops Authorization across origins).
    if (next.origin !== url.origin) delete headers.authorization;
    url = next;
  }
};

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
