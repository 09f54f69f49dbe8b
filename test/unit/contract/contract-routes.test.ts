import { describe, expect, it } from 'vitest';
import {
  CONTRACT,
  CONTRACT_CALLS,
  HTTP_ROUTES,
  decodeHttpInput,
  encodeHttpRequest,
  matchRoute,
  type CallName,
} from '../../../shared/contract';

// One input per call that uses every field its route maps, so encode → match →
// decode must give back exactly what went in.
const SAMPLE_INPUTS: { [K in CallName]: Record<string, unknown> } = {
  'app.info': {},
  'monitoring.status': {},
  'monitoring.pollNow': {},
  'monitoring.pause': {},
  'monitoring.resume': {},
  'recovery.status': {},
  'downloads.failed': { limit: 20, offset: 40, excludeDlq: true, kind: 'encrypted', app: 'sonarr' },
  'downloads.dlq': { limit: 5, offset: 0 },
  'downloads.retry': { nzoId: 'SABnzbd_nzo_a/b c' },
  'downloads.retryAll': {},
  'downloads.dismiss': { nzoId: 'SABnzbd_nzo_x' },
  'downloads.timeline': { downloadId: 'SABnzbd_nzo_y' },
  'activity.query': {
    eventType: 'download.failed',
    source: 'poller',
    status: 'failed',
    downloadId: 'SABnzbd_nzo_z',
    application: 'radarr',
    severity: 'high',
    since: 1000,
    until: 2000,
    text: 'par2 & rar',
    page: 3,
    pageSize: 25,
  },
  'activity.correlation': { correlationId: 'corr-1' },
  'activity.stats': { since: 123 },
  'settings.get': {},
  'settings.update': { monitoring: { pollIntervalSeconds: 60 }, apiKeys: { sonarr: 'k' } },
  'settings.testConnection': { service: 'radarr', url: 'http://127.0.0.1:7878', apiKey: 'abc' },
  'audit.run': {},
  'activity.statsBucketed': { days: 7 },
  'downloads.links': { nzoId: 'SABnzbd_nzo_a/b' },
  'diagnostics.events': { type: 'queue.polled', correlationId: 'corr 1', limit: 20 },
  'diagnostics.bus': {},
  'diagnostics.deadLetters': {},
  'diagnostics.replay': { id: 'dl/7' },
  'webhooks.get': {},
  'webhooks.save': { targets: [{ id: 'a1', kind: 'apprise', name: 'Apprise', enabled: false, events: { failed: true, dlq: false, recovered: true }, url: 'http://127.0.0.1:8000/notify/key' }] },
  'webhooks.test': { kind: 'json', url: 'http://127.0.0.1:9/hook?token=x', name: 'Mine' },
};

describe('HTTP route table', () => {
  it('has exactly one route per contract call', () => {
    expect(Object.keys(HTTP_ROUTES).sort()).toEqual([...CONTRACT_CALLS].sort());
    const keys = CONTRACT_CALLS.map((c) => `${HTTP_ROUTES[c].method} ${HTTP_ROUTES[c].path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(CONTRACT_CALLS)('%s: encode → match → decode round-trips and validates', (call) => {
    const input = SAMPLE_INPUTS[call];
    const req = encodeHttpRequest(call, input);
    const url = new URL(req.url, 'http://127.0.0.1');
    const m = matchRoute(req.method, url.pathname);
    expect(m.call).toBe(call);
    if (m.call === null) return;
    const decoded = decodeHttpInput(call, { params: m.params, query: url.searchParams, body: req.body });
    expect(decoded).toEqual({ ok: true, input });
    expect(CONTRACT[call].input.safeParse(input).success).toBe(true);
  });

  it('keeps the seed paths', () => {
    expect(matchRoute('GET', '/api/v1/monitoring/status')).toEqual({ call: 'monitoring.status', params: {} });
    expect(matchRoute('GET', '/api/v1/monitoring/recovery/status').call).toBe('recovery.status');
    expect(matchRoute('GET', '/api/v1/monitoring/activity/stats').call).toBe('activity.stats');
    expect(matchRoute('POST', '/api/v1/monitoring/retry/abc')).toEqual({ call: 'downloads.retry', params: { nzo_id: 'abc' } });
    expect(matchRoute('GET', '/api/v1/monitoring/activity/correlation/c%2F1')).toEqual({
      call: 'activity.correlation',
      params: { correlation_id: 'c/1' },
    });
  });

  it('tells an unknown path from a wrong method', () => {
    expect(matchRoute('GET', '/api/v1/monitoring/retry/abc')).toEqual({ call: null, methodMismatch: true });
    expect(matchRoute('GET', '/api/v1/nope')).toEqual({ call: null, methodMismatch: false });
  });

  it.each([
    ['downloads.failed', 'exclude_dlq=maybe', /exclude_dlq must be a boolean/],
    ['downloads.failed', 'limit=ten', /limit must be a number/],
    ['activity.query', 'since=yesterday-ish', /since must be a time/],
  ] as const)('%s ?%s is refused with a clear message', (call, qs, message) => {
    const r = decodeHttpInput(call, { params: {}, query: new URLSearchParams(qs), body: undefined });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('accepts the seed-style query spellings', () => {
    const r = decodeHttpInput('activity.query', {
      params: {},
      query: new URLSearchParams('since=2026-01-02T00:00:00Z&page_size=10&event_type=queue.polled'),
      body: undefined,
    });
    expect(r).toEqual({ ok: true, input: { since: Date.UTC(2026, 0, 2), pageSize: 10, eventType: 'queue.polled' } });
    const f = decodeHttpInput('downloads.failed', { params: {}, query: new URLSearchParams('exclude_dlq=1'), body: undefined });
    expect(f).toEqual({ ok: true, input: { excludeDlq: true } });
  });

  it('refuses a non-object body', () => {
    const r = decodeHttpInput('settings.update', { params: {}, query: new URLSearchParams(), body: [1] });
    expect(r.ok).toBe(false);
  });
});
