import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startHttpBinding, type HttpBinding } from '../../../main/core/api/http-binding';
import type { LiveEventSource } from '../../../main/core/api/live-event-source';
import { createHttpApi, createWsEventStream, type WebSocketLike } from '../../../shared/http-api-client';
import {
  CONTRACT,
  CONTRACT_CALLS,
  WS_PATH,
  type CallName,
  type ContractApi,
  type EventBatch,
} from '../../../shared/contract';
import type { AnyBusEvent } from '../../../shared/events';
import { SAMPLE_INPUTS, SAMPLE_OUTPUTS, sampleHandlers, type Received } from './sample-handlers';

const TOKEN = 'test-token-0123456789abcdef';

class TestEvents implements LiveEventSource {
  readonly listeners = new Set<(e: AnyBusEvent) => void>();
  subscribe(listener: (e: AnyBusEvent) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(e: AnyBusEvent) {
    for (const l of this.listeners) l(e);
  }
}

let n = 0;
function ev(): AnyBusEvent {
  n += 1;
  return {
    id: `ev-${n}`,
    type: 'queue.polled',
    payload: { queueCount: n, historyCount: 0, newFailures: 0, downloading: 0, paused: false, durationMs: 3, historyChanged: false },
    source: 'poller',
    timestamp: Date.now(),
    correlationId: `c-${n}`,
    causationId: null,
  };
}

function rawGet(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

interface OpenedWs {
  status: number;
  ws: WebSocket | null;
  /** Resolves with the next message, including ones that arrived before the call. */
  next: () => Promise<string>;
  seen: () => string[];
}

/** Opens a socket buffering every message from the start; status is the HTTP status of a refused upgrade. */
function openWs(url: string, headers: Record<string, string> = {}) {
  return new Promise<OpenedWs>((resolve) => {
    const ws = new WebSocket(url, { headers });
    const inbox: string[] = [];
    const all: string[] = [];
    let waiter: ((m: string) => void) | null = null;
    ws.on('message', (data) => {
      const text = data.toString();
      all.push(text);
      if (waiter) {
        const w = waiter;
        waiter = null;
        w(text);
      } else inbox.push(text);
    });
    const next = () =>
      new Promise<string>((r) => {
        const m = inbox.shift();
        if (m !== undefined) r(m);
        else waiter = r;
      });
    ws.on('open', () => resolve({ status: 101, ws, next, seen: () => [...all] }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0, ws: null, next, seen: () => [] }));
    ws.on('error', () => {});
  });
}

const fetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => fetch(url, init);

describe('HTTP + WS binding over loopback', () => {
  let server: HttpBinding;
  let staticDir: string;
  let tmp: string;
  const events = new TestEvents();
  const received: Received = [];

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'autoarr-http-'));
    staticDir = join(tmp, 'renderer');
    mkdirSync(join(staticDir, 'assets'), { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>autoarr</title>');
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(tmp, 'secret.txt'), 'do not serve');
    server = await startHttpBinding({ handlers: sampleHandlers(received), events, token: TOKEN, staticDir, batchDelayMs: 20 });
  });
  afterAll(async () => {
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 by default', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it.each(CONTRACT_CALLS)('%s round-trips through the browser client', async (call) => {
    const api = createHttpApi({ baseUrl: server.url, token: TOKEN, fetch: fetchLike });
    received.length = 0;
    const fn = api[call] as (input: unknown) => ReturnType<ContractApi[CallName]>;
    expect(await fn(SAMPLE_INPUTS[call])).toEqual({ ok: true, value: SAMPLE_OUTPUTS[call] });
    expect(received).toEqual([{ call, input: CONTRACT[call].input.parse(SAMPLE_INPUTS[call]) }]);
  });

  it.each([
    ['no token', {}, ''],
    ['a wrong token', { Authorization: 'Bearer nope-nope-nope-nope' }, ''],
    ['a token in the query only', {}, `?token=${TOKEN}`],
  ] as [string, Record<string, string>, string][])('refuses API calls with %s (401)', async (_name, headers, qs) => {
    const res = await rawGet(server.port, `/api/v1/monitoring/status${qs}`, headers);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toEqual({ ok: false, error: { code: 'unauthorized', message: expect.any(String) } });
  });

  it('the client reports a wrong token as unauthorized', async () => {
    const api = createHttpApi({ baseUrl: server.url, token: 'wrong-wrong-wrong-wrong', fetch: fetchLike });
    const r = await api['monitoring.status']({});
    expect(!r.ok && r.error.code).toBe('unauthorized');
  });

  it.each([
    ['/api/v1/nope', 404, 'not_found'],
    ['/api/v1/monitoring/failed?limit=abc', 400, 'invalid_input'],
    ['/api/v1/monitoring/failed?kind=bogus', 400, 'invalid_input'],
    ['/api/v1/monitoring/activity?since=2&until=1', 400, 'invalid_input'],
    ['/api/v1/monitoring/retry/abc', 405, 'not_found'],
  ] as const)('GET %s → %i %s', async (path, status, code) => {
    const res = await rawGet(server.port, path, { Authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body).error.code).toBe(code);
  });

  it('maps handler errors to their HTTP status (not_found → 404)', async () => {
    const res = await fetch(`${server.url}/api/v1/monitoring/retry/missing`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error: { code: 'not_found', message: 'No download missing' } });
  });

  it('refuses a body that is not JSON', async () => {
    const res = await fetch(`${server.url}/api/v1/settings`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: '{nope',
    });
    expect(res.status).toBe(400);
  });

  it('serves the renderer with a CSP, falls back to index.html, refuses traversal', async () => {
    const index = await rawGet(server.port, '/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>autoarr</title>');
    expect(index.headers['content-security-policy']).toContain("default-src 'self'");
    expect(index.headers['content-security-policy']).toContain(`ws://127.0.0.1:${server.port}`);
    const asset = await rawGet(server.port, '/assets/app.js');
    expect(asset.body).toBe('console.log(1)');
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect((await rawGet(server.port, '/downloads/failed')).body).toContain('<title>autoarr</title>');
    expect((await rawGet(server.port, '/assets/missing.js')).status).toBe(404);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f..%2fsecret.txt', '/..%5csecret.txt']) {
      const res = await rawGet(server.port, path);
      expect(res.status, path).toBe(403);
      expect(res.body).not.toContain('do not serve');
    }
  });

  describe('WebSocket', () => {
    const wsUrl = () => `${server.wsUrl}${WS_PATH}`;

    it.each([
      ['no token', '', {}, 401],
      ['a wrong token', '?token=wrong-wrong-wrong-wrong', {}, 401],
      ['a foreign Origin', `?token=${TOKEN}`, { Origin: 'http://evil.example' }, 403],
      ['a look-alike Origin', `?token=${TOKEN}`, { Origin: `http://127.0.0.1:${1}` }, 403],
    ] as const)('refuses an upgrade with %s', async (_name, qs, headers, status) => {
      const r = await openWs(`${wsUrl()}${qs}`, headers);
      expect(r.status).toBe(status);
    });

    it('accepts its own origin, starts with a resync, pushes batches and answers ping', async () => {
      const { ws, status, next } = await openWs(`${wsUrl()}?format=batch&token=${TOKEN}`, { Origin: server.url });
      expect(status).toBe(101);
      const socket = ws!;
      const first = JSON.parse(await next()) as EventBatch;
      expect(first).toEqual({ type: 'batch', seq: 1, resync: true, events: [] });
      const pong = next();
      socket.send('ping');
      expect(await pong).toBe('pong');
      const a = ev();
      const b = ev();
      const batch = next();
      events.emit(a);
      events.emit(b);
      const second = JSON.parse(await batch) as EventBatch;
      expect(second.seq).toBe(2);
      expect(second.resync).toBe(false);
      expect(second.events.map((e) => e.event_id)).toEqual([a.id, b.id]);
      expect(second.events[0]!.timestamp_iso).toBe(new Date(a.timestamp).toISOString());
      socket.close();
    });

    it("without ?format=batch it speaks the seed's shape: one {type:'event', data} message per event, and ping/pong", async () => {
      const { ws, status, next } = await openWs(`${wsUrl()}?token=${TOKEN}`);
      expect(status).toBe(101);
      const socket = ws!;
      const pong = next();
      socket.send('ping');
      expect(await pong).toBe('pong');
      const a = ev();
      const first = next();
      events.emit(a);
      const message = JSON.parse(await first) as { type: string; data: Record<string, unknown> };
      expect(message.type).toBe('event');
      expect(message.data).toMatchObject({
        event_id: a.id,
        event_type: a.type,
        correlation_id: a.correlationId,
        timestamp: a.timestamp / 1000,
        timestamp_iso: new Date(a.timestamp).toISOString(),
      });
      expect(message.data.payload).toEqual(a.payload);
      socket.close();
    });

    it('a hidden page gets nothing queued, then a resync when visible', async () => {
      const { ws, next, seen } = await openWs(`${wsUrl()}?format=batch&token=${TOKEN}`);
      const socket = ws!;
      await next(); // the connect-time resync
      socket.send(JSON.stringify({ type: 'visibility', visible: false }));
      const pong = next();
      socket.send('ping'); // messages are handled in order: after this, the server knows
      await pong;
      const before = seen().length;
      events.emit(ev());
      await new Promise((r) => setTimeout(r, 80));
      expect(seen().length).toBe(before);
      const resync = next();
      socket.send(JSON.stringify({ type: 'visibility', visible: true }));
      expect(JSON.parse(await resync)).toEqual({ type: 'batch', seq: 2, resync: true, events: [] });
      socket.close();
    });

    it('the browser event stream delivers batches over a real socket', async () => {
      const stream = createWsEventStream({
        wsBaseUrl: server.wsUrl,
        token: TOKEN,
        WebSocket: WebSocket as unknown as new (url: string) => WebSocketLike,
        timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
        reconnectMs: 10,
      });
      const got: EventBatch[] = [];
      const waitFor = async (count: number) => {
        for (let i = 0; i < 200 && got.length < count; i++) await new Promise((r) => setTimeout(r, 10));
        expect(got.length).toBeGreaterThanOrEqual(count);
      };
      stream.subscribe((b) => got.push(b));
      await waitFor(1);
      expect(got[0]).toMatchObject({ seq: 1, resync: true });
      const e = ev();
      events.emit(e);
      await waitFor(2);
      expect(got[1]).toMatchObject({ seq: 2, resync: false, events: [{ event_id: e.id }] });
      stream.close();
    });
  });
});
