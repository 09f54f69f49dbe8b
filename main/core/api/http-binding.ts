// Browser mode: the contract served over HTTP + a WebSocket for live events,
// bound to loopback unless told otherwise. Every /api request needs the bearer
// token; answers are the Result envelope itself, with an HTTP status that
// matches the error code. The built renderer is served from staticDir without
// a token (it holds no data; the page reads the token from its first URL).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_PREFIX, HTTP_STATUS_BY_CODE, decodeHttpInput, err, matchRoute, type ContractHandlers, type Result } from '../../../shared/contract';
import { systemClock, type Clock } from '../clock';
import { bearerFrom, tokenMatches } from './bearer-token-check';
import { requestUrl } from './request-url';
import { invokeHandler, type CallErrorReporter } from './invoke-handler';
import type { LiveEventSource } from './live-event-source';
import { SECURITY_HEADERS, serveStatic } from './static-files';
import { attachWsBinding } from './ws-binding';

export interface HttpBindingOptions {
  handlers: ContractHandlers;
  events: LiveEventSource;
  token: string;
  /** Loopback by default: browser mode is for this machine. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The built renderer (dist/renderer); null serves the API only. */
  staticDir?: string | null;
  clock?: Clock;
  batchDelayMs?: number;
  maxBodyBytes?: number;
  onError?: CallErrorReporter;
  /** Failures outside any call (socket errors, static file errors). */
  onServerError?: (error: unknown) => void;
}

export interface HttpBinding {
  readonly host: string;
  readonly port: number;
  /** http://host:port (no trailing slash). */
  readonly url: string;
  readonly wsUrl: string;
  close(): Promise<void>;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: Result<unknown>, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(text);
}

function sendError(res: ServerResponse, result: Extract<Result<unknown>, { ok: false }>, status?: number, extra?: Record<string, string>) {
  sendJson(res, status ?? HTTP_STATUS_BY_CODE[result.error.code], result, extra);
}

async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, options: HttpBindingOptions): Promise<void> {
  if (!tokenMatches(bearerFrom(req), options.token)) {
    return sendError(res, err('unauthorized', 'Missing or wrong token (Authorization: Bearer <token>)'), 401, {
      'WWW-Authenticate': 'Bearer',
    });
  }
  const match = matchRoute(req.method ?? 'GET', url.pathname);
  if (match.call === null) {
    return match.methodMismatch
      ? sendError(res, err('not_found', `${req.method} is not allowed on ${url.pathname}`), 405)
      : sendError(res, err('not_found', `No such API route: ${url.pathname}`));
  }
  let body: unknown;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    let text: string;
    try {
      text = await readBody(req, options.maxBodyBytes ?? 1024 * 1024);
    } catch (e) {
      if (e instanceof BodyTooLarge) return sendError(res, err('invalid_input', 'Request body too large'), 413);
      throw e;
    }
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        return sendError(res, err('invalid_input', 'The request body is not valid JSON'));
      }
    }
  }
  const decoded = decodeHttpInput(match.call, { params: match.params, query: url.searchParams, body });
  if (!decoded.ok) return sendError(res, err('invalid_input', decoded.message));
  const result = await invokeHandler(options.handlers, match.call, decoded.input, options.onError);
  if (result.ok) sendJson(res, 200, result);
  else sendError(res, result);
}

export async function startHttpBinding(options: HttpBindingOptions): Promise<HttpBinding> {
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? systemClock;
  const server: Server = createServer((req, res) => {
    const url = requestUrl(req.url);
    if (url === null) return sendError(res, err('invalid_input', 'The request path is not a valid URL'), 400);
    const isApi = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
    const work = isApi
      ? handleApi(req, res, url, options)
      : Promise.resolve().then(() => {
          if (req.method !== 'GET' && req.method !== 'HEAD') {
            return sendError(res, err('not_found', `${req.method} ${url.pathname}`), 405);
          }
          if (!options.staticDir) return sendError(res, err('not_found', `Nothing at ${url.pathname}`));
          // The raw path, not the URL-normalised one: a `..` must be refused, not silently resolved.
          const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
          serveStatic(req, res, options.staticDir, rawPath.startsWith('/') ? rawPath : `/${rawPath}`);
        });
    work.catch((e: unknown) => {
      options.onServerError?.(e);
      if (!res.headersSent) sendError(res, err('internal', 'The server failed to answer'));
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const isLoopback = ['127.0.0.1', '::1', 'localhost'].includes(host);
  const ownOrigins = new Set(
    [urlHost, ...(isLoopback ? LOOPBACK_NAMES : [])].map((h) => `http://${h}:${port}`),
  );
  const ws = attachWsBinding(server, {
    token: options.token,
    events: options.events,
    clock,
    batchDelayMs: options.batchDelayMs,
    isAllowedOrigin: (origin) => ownOrigins.has(origin.toLowerCase()),
  });

  const url = `http://${urlHost}:${port}`;
  return {
    host,
    port,
    url,
    wsUrl: `ws://${urlHost}:${port}`,
    close: async () => {
      await ws.close();
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
    },
  };
}
