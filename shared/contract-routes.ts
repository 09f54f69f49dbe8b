// Browser mode's HTTP route table: the seed's paths for the calls it had, and
// chosen ones for the rest. Each route says how path, query (snake_case, like
// the seed) and JSON body map onto the call's input. The server decodes with
// it and the browser client encodes with it, so the two cannot drift.
import type { CallName } from './contract';

export type HttpMethod = 'GET' | 'POST' | 'PUT';
/** `time` accepts epoch milliseconds or an ISO-8601 string. */
export type QueryParamType = 'string' | 'number' | 'boolean' | 'time';

export interface HttpRoute {
  method: HttpMethod;
  /** Placeholders in braces: `/api/v1/monitoring/retry/{nzo_id}`. */
  path: string;
  /** Placeholder → input key. */
  params?: Readonly<Record<string, string>>;
  /** Query parameter → input key and type. */
  query?: Readonly<Record<string, { key: string; type: QueryParamType }>>;
  /** The rest of the input travels as the JSON body. */
  body?: boolean;
}

export const API_PREFIX = '/api/v1';
export const WS_PATH = '/api/v1/monitoring/ws';

const q = (key: string, type: QueryParamType = 'string') => ({ key, type });
const paging = { limit: q('limit', 'number'), offset: q('offset', 'number') };

export const HTTP_ROUTES: { readonly [K in CallName]: HttpRoute } = {
  'app.info': { method: 'GET', path: '/api/v1/app/info' },
  'monitoring.status': { method: 'GET', path: '/api/v1/monitoring/status' },
  'monitoring.pollNow': { method: 'POST', path: '/api/v1/monitoring/poll' },
  'monitoring.pause': { method: 'POST', path: '/api/v1/monitoring/pause' },
  'monitoring.resume': { method: 'POST', path: '/api/v1/monitoring/resume' },
  'recovery.status': { method: 'GET', path: '/api/v1/monitoring/recovery/status' },
  'downloads.failed': {
    method: 'GET',
    path: '/api/v1/monitoring/failed',
    query: { ...paging, exclude_dlq: q('excludeDlq', 'boolean'), kind: q('kind'), app: q('app') },
  },
  'downloads.dlq': { method: 'GET', path: '/api/v1/monitoring/dlq', query: paging },
  'downloads.retry': { method: 'POST', path: '/api/v1/monitoring/retry/{nzo_id}', params: { nzo_id: 'nzoId' } },
  'downloads.retryAll': { method: 'POST', path: '/api/v1/monitoring/retry-all' },
  'downloads.dismiss': { method: 'POST', path: '/api/v1/monitoring/dismiss/{nzo_id}', params: { nzo_id: 'nzoId' } },
  'downloads.timeline': {
    method: 'GET',
    path: '/api/v1/monitoring/activity/download/{download_id}',
    params: { download_id: 'downloadId' },
  },
  'activity.query': {
    method: 'GET',
    path: '/api/v1/monitoring/activity',
    query: {
      event_type: q('eventType'),
      source: q('source'),
      status: q('status'),
      download_id: q('downloadId'),
      application: q('application'),
      severity: q('severity'),
      since: q('since', 'time'),
      until: q('until', 'time'),
      text: q('text'),
      page: q('page', 'number'),
      page_size: q('pageSize', 'number'),
    },
  },
  'activity.correlation': {
    method: 'GET',
    path: '/api/v1/monitoring/activity/correlation/{correlation_id}',
    params: { correlation_id: 'correlationId' },
  },
  'activity.stats': { method: 'GET', path: '/api/v1/monitoring/activity/stats', query: { since: q('since', 'time') } },
  'activity.statsBucketed': { method: 'GET', path: '/api/v1/monitoring/activity/stats/buckets', query: { days: q('days', 'number') } },
  'settings.get': { method: 'GET', path: '/api/v1/settings' },
  'settings.update': { method: 'PUT', path: '/api/v1/settings', body: true },
  'settings.testConnection': {
    method: 'POST',
    path: '/api/v1/settings/test/{service}',
    params: { service: 'service' },
    body: true,
  },
  'audit.run': { method: 'POST', path: '/api/v1/audit' },
  'downloads.links': { method: 'GET', path: '/api/v1/monitoring/links/{nzo_id}', params: { nzo_id: 'nzoId' } },
  'diagnostics.events': {
    method: 'GET',
    path: '/api/v1/diagnostics/events',
    query: { type: q('type'), correlation_id: q('correlationId'), limit: q('limit', 'number') },
  },
  'diagnostics.bus': { method: 'GET', path: '/api/v1/diagnostics/bus' },
  'diagnostics.deadLetters': { method: 'GET', path: '/api/v1/diagnostics/dead-letters' },
  'diagnostics.replay': { method: 'POST', path: '/api/v1/diagnostics/dead-letters/{id}/replay', params: { id: 'id' } },
  'webhooks.get': { method: 'GET', path: '/api/v1/settings/webhooks' },
  'webhooks.save': { method: 'PUT', path: '/api/v1/settings/webhooks', body: true },
  'webhooks.test': { method: 'POST', path: '/api/v1/settings/webhooks/test', body: true },
};

const ROUTE_ENTRIES = Object.entries(HTTP_ROUTES) as [CallName, HttpRoute][];

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

/** Find the call for a method + pathname; path placeholders come back decoded. */
export function matchRoute(
  method: string,
  pathname: string,
): { call: CallName; params: Record<string, string> } | { call: null; methodMismatch: boolean } {
  const got = segments(pathname);
  let methodMismatch = false;
  for (const [call, route] of ROUTE_ENTRIES) {
    const want = segments(route.path);
    if (want.length !== got.length) continue;
    const params: Record<string, string> = {};
    let matched = true;
    for (let i = 0; i < want.length && matched; i++) {
      const w = want[i] as string;
      const g = got[i] as string;
      if (w.startsWith('{') && w.endsWith('}')) {
        try {
          params[w.slice(1, -1)] = decodeURIComponent(g);
        } catch {
          matched = false;
        }
      } else matched = w === g;
    }
    if (!matched) continue;
    if (route.method !== method.toUpperCase()) {
      methodMismatch = true;
      continue;
    }
    return { call, params };
  }
  return { call: null, methodMismatch };
}

function decodeQueryValue(raw: string, type: QueryParamType): { ok: true; value: unknown } | { ok: false } {
  switch (type) {
    case 'string':
      return { ok: true, value: raw };
    case 'number': {
      const n = Number(raw);
      return raw.trim() !== '' && Number.isFinite(n) ? { ok: true, value: n } : { ok: false };
    }
    case 'boolean':
      if (['true', '1', 'yes'].includes(raw.toLowerCase())) return { ok: true, value: true };
      if (['false', '0', 'no'].includes(raw.toLowerCase())) return { ok: true, value: false };
      return { ok: false };
    case 'time': {
      const n = /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : Date.parse(raw);
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false };
    }
  }
}

/**
 * Build a call's raw input from the request parts (the call's zod schema
 * validates it afterwards). Unknown query parameters are ignored, like the seed.
 */
export function decodeHttpInput(
  call: CallName,
  parts: { params: Record<string, string>; query: URLSearchParams; body: unknown },
): { ok: true; input: Record<string, unknown> } | { ok: false; message: string } {
  const route = HTTP_ROUTES[call];
  const input: Record<string, unknown> = {};
  if (route.body && parts.body !== undefined) {
    if (parts.body === null || typeof parts.body !== 'object' || Array.isArray(parts.body)) {
      return { ok: false, message: 'The request body must be a JSON object' };
    }
    Object.assign(input, parts.body);
  }
  for (const [name, spec] of Object.entries(route.query ?? {})) {
    const raw = parts.query.get(name);
    if (raw === null || raw === '') continue;
    const v = decodeQueryValue(raw, spec.type);
    if (!v.ok) return { ok: false, message: `Query parameter ${name} must be a ${spec.type}, got "${raw}"` };
    input[spec.key] = v.value;
  }
  for (const [name, key] of Object.entries(route.params ?? {})) {
    const raw = parts.params[name];
    if (raw !== undefined) input[key] = raw;
  }
  return { ok: true, input };
}

/** The inverse of decodeHttpInput: where each input field goes in a request. */
export function encodeHttpRequest(
  call: CallName,
  input: Record<string, unknown>,
): { method: HttpMethod; url: string; body?: Record<string, unknown> } {
  const route = HTTP_ROUTES[call];
  const rest: Record<string, unknown> = { ...input };
  let path = route.path;
  for (const [name, key] of Object.entries(route.params ?? {})) {
    path = path.replace(`{${name}}`, encodeURIComponent(String(rest[key] ?? '')));
    delete rest[key];
  }
  const search = new URLSearchParams();
  for (const [name, spec] of Object.entries(route.query ?? {})) {
    const v = rest[spec.key];
    if (v !== undefined && v !== null) search.set(name, String(v));
  }
  const qs = search.toString();
  const url = qs ? `${path}?${qs}` : path;
  return route.body ? { method: route.method, url, body: rest } : { method: route.method, url };
}
