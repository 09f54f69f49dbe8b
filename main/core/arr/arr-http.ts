// The one *arr transport every client shares (Sonarr/Radarr API v3, Lidarr/Readarr v1): base URL, API key
// header, a timeout per request, zod-validated bodies and errors as values.
import type { z } from 'zod';
import { systemClock, type Clock } from '../clock';
import { readBodyUpTo } from '../http/bounded-body';
import { fetchWithinOrigin } from '../http/same-origin-fetch';
import { originOf } from '../http/service-origin';
import { nodeHttpFetch, type FetchFn } from '../http/node-http-fetch';
import { describeNetworkError } from '../http/network-error';
import { arrErr, arrOk, type ArrResult } from './arr-result';

export type ArrAppLabel = 'Sonarr' | 'Radarr' | 'Lidarr' | 'Readarr';
/** Sonarr/Radarr speak API v3; Lidarr and Readarr API v1 (same resources, other items). */
export type ArrApiVersion = 'v3' | 'v1';

/** The port each app listens on by default, for the example in an error message. */
const DEFAULT_PORT: Record<ArrAppLabel, number> = { Sonarr: 8989, Radarr: 7878, Lidarr: 8686, Readarr: 8787 };
export type FetchLike = FetchFn;
export type QueryValue = string | number | boolean | undefined | ReadonlyArray<string | number>;
export type Query = Readonly<Record<string, QueryValue>>;
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ArrHttpOptions {
  app: ArrAppLabel;
  /** Default v3. */
  apiVersion?: ArrApiVersion;
  /** As the user typed it: `http://host:8989` or with a URL base, `http://host/sonarr/`. */
  baseUrl: string;
  apiKey: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  clock?: Clock;
  /** Longest answer read (default 32 MB): a release search or a series' whole history is a few MB at most. */
  maxResponseBytes?: number;
}

export interface ArrRequest {
  query?: Query;
  body?: unknown;
}

export interface ArrHttp {
  readonly app: ArrAppLabel;
  /** A JSON answer, validated by `schema`. */
  json<S extends z.ZodType>(method: HttpMethod, path: string, schema: S, req?: ArrRequest): Promise<ArrResult<z.output<S>>>;
  /** An answer whose body we do not need (DELETE, grab). */
  send(method: HttpMethod, path: string, req?: ArrRequest): Promise<ArrResult<null>>;
}

export const DEFAULT_ARR_TIMEOUT_MS = 10_000;
export const DEFAULT_ARR_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export function buildArrUrl(baseUrl: string, path: string, query?: Query, apiVersion: ArrApiVersion = 'v3'): string {
  const base = baseUrl.trim().replace(/\/+$/, '').replace(/\/api\/v[13]$/i, '');
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    // ASP.NET binds repeated keys to arrays: eventType=1&eventType=4.
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  const qs = params.toString();
  return `${base}/api/${apiVersion}${path}${qs ? `?${qs}` : ''}`;
}

/** Sonarr/Radarr omit nulls; older builds and proxies may not. One shape for the schemas. */
export function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = dropNulls(v);
    return out;
  }
  return value;
}

type Raw = { status: number; text: string };

export function createArrHttp(opts: ArrHttpOptions): ArrHttp {
  const doFetch: FetchLike = opts.fetch ?? nodeHttpFetch;
  const clock = opts.clock ?? systemClock;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_ARR_TIMEOUT_MS;
  const maxBytes = opts.maxResponseBytes ?? DEFAULT_ARR_MAX_RESPONSE_BYTES;
  const app = opts.app;

  async function raw(method: HttpMethod, path: string, req: ArrRequest = {}): Promise<ArrResult<Raw>> {
    let url: string;
    try {
      url = buildArrUrl(opts.baseUrl, path, req.query, opts.apiVersion);
      // The request must go to the server the address names (`http:` alone would become http://api/).
      if (new URL(url).origin !== originOf(opts.baseUrl)) throw new Error('origin');
    } catch {
      return arrErr('unreachable', `The ${app} address "${opts.baseUrl}" is not a valid URL (expected e.g. http://192.168.1.10:${DEFAULT_PORT[app]}).`);
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const headers: Record<string, string> = { 'X-Api-Key': opts.apiKey, Accept: 'application/json' };
    if (req.body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      const answer = await fetchWithinOrigin(doFetch, url, {
        method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: controller.signal,
      });
      if (answer.kind === 'left_origin') {
        return arrErr(
          'malformed',
          `${app} at ${opts.baseUrl} redirects (HTTP ${answer.status}) to ${answer.to}, another address — a login page or proxy in front of it? The API key is only sent to the address saved in Settings: enter ${app}'s direct address, or the new one if it moved.`,
          answer.status,
        );
      }
      if (answer.kind === 'redirect_loop') {
        return arrErr('malformed', `${app} at ${opts.baseUrl} kept redirecting (${answer.hops} times) without answering ${method} ${path}. Check the address in Settings.`);
      }
      const res = answer.response;
      const body = await readBodyUpTo(res, maxBytes);
      if (!body.ok) {
        return arrErr(
          'malformed',
          `${app} answered ${method} ${path} with more than ${Math.round(maxBytes / 1048576)} MB; the answer was not read. Is the address really ${app}'s (not a proxy or another program)?`,
          res.status,
        );
      }
      return arrOk({ status: res.status, text: body.text });
    } catch (e) {
      if (timedOut) return arrErr('timeout', `${app} did not answer within ${Math.round(timeoutMs / 100) / 10} s (${method} ${path}). Is it busy or stuck?`);
      return arrErr('unreachable', `Cannot reach ${app} at ${opts.baseUrl}: ${describeNetworkError(e)}. Check the address and that ${app} is running.`);
    } finally {
      clock.clearTimeout(timer);
    }
  }

  function statusError<T>(method: HttpMethod, path: string, r: Raw): ArrResult<T> {
    if (r.status === 401 || r.status === 403)
      return arrErr('bad_api_key', `${app} refused the API key (HTTP ${r.status}). Copy it from ${app} → Settings → General → Security → API Key.`, r.status);
    const detail = errorDetail(r.text);
    if (r.status === 404)
      return arrErr('not_found', `${app} has no such item (${method} ${path}: HTTP 404${detail ? `, "${detail}"` : ''}).`, 404);
    return arrErr('http_error', `${app} answered HTTP ${r.status} to ${method} ${path}${detail ? `: ${detail}` : ''}.`, r.status);
  }

  return {
    app,
    async json(method, path, schema, req) {
      const r = await raw(method, path, req);
      if (!r.ok) return r;
      if (r.value.status < 200 || r.value.status > 299) return statusError(method, path, r.value);
      let parsed: unknown;
      try {
        parsed = JSON.parse(r.value.text);
      } catch {
        const start = r.value.text.trimStart().slice(0, 40).replace(/\s+/g, ' ');
        return arrErr('malformed', `${app} answered ${method} ${path} with something that is not JSON ("${start}…"). Is the address really ${app}'s?`, r.value.status);
      }
      const checked = schema.safeParse(dropNulls(parsed));
      if (!checked.success) {
        const issue = checked.error.issues[0];
        const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unexpected shape';
        return arrErr('malformed', `${app} answered ${method} ${path} with an unexpected shape (${where}). Is this a supported ${app} version (${opts.apiVersion ?? 'v3'} API)?`, r.value.status);
      }
      return arrOk(checked.data);
    },
    async send(method, path, req) {
      const r = await raw(method, path, req);
      if (!r.ok) return r;
      if (r.value.status < 200 || r.value.status > 299) return statusError(method, path, r.value);
      return arrOk(null);
    },
  };
}

/** Sonarr/Radarr errors are `{message, description}` or a validation list `[{propertyName, errorMessage}]`. */
function errorDetail(text: string): string {
  if (!text) return '';
  try {
    const body: unknown = JSON.parse(text);
    if (Array.isArray(body)) {
      return body
        .map((v: unknown) => (typeof v === 'object' && v !== null && 'errorMessage' in v ? String(v.errorMessage) : ''))
        .filter(Boolean)
        .join('; ');
    }
    if (typeof body === 'object' && body !== null && 'message' in body) return String(body.message);
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 120);
}
