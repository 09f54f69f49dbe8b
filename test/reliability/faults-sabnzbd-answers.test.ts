/**
 * SABnzbd answering badly, against the whole core (createCore, real SQLite in a temp dir)
 * over real loopback HTTP: slow past the timeout, 401, 403 "API Key Incorrect", an HTML
 * error page, a login page, JSON cut off, and a 50 MB history. Each fault must reach the
 * window as a service.error a person can act on AND as monitoring.status
 * services.sabnzbd = error with that message; the next good answer turns it back to ok.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitoringStatus } from '../../shared/contract';
import type { AnyBusEvent } from '../../shared/events';
import { FaultySabnzbd, type SabFault } from './faulty-sabnzbd';
import { startTempCore, type TempCore } from './faults-temp-core';

let sab: FaultySabnzbd;
let t: TempCore;

const PAGE = 50;

async function status(): Promise<MonitoringStatus> {
  const r = await t.core.handlers['monitoring.status']({});
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

async function pollNow(): Promise<MonitoringStatus> {
  const r = await t.core.handlers['monitoring.pollNow']({});
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const serviceErrors = (from: number) =>
  t.events.slice(from).filter((e): e is AnyBusEvent & { type: 'service.error' } => e.type === 'service.error' && e.payload.service === 'sabnzbd');

/** Reads as a sentence for a person: names the address, no stack, no JSON, no "undefined". */
function expectReadable(message: string): void {
  expect(message).toContain('127.0.0.1');
  expect(message).not.toMatch(/\n\s+at |undefined|\[object|SyntaxError|ZodError|\{"/);
  expect(message).not.toContain(sab.apiKey);
  expect(message.length).toBeLessThan(400);
}

beforeAll(async () => {
  // ~60 000 jobs in the fake SABnzbd: 50 MB when read whole.
  sab = await FaultySabnzbd.start({ totalSlots: 60_000, recentSlots: 120 });
  t = await startTempCore({
    patch: { sabnzbd: { url: '' }, monitoring: { requestTimeoutMs: 500 } },
  });
  const applied = await t.core.handlers['settings.update']({ sabnzbd: { url: sab.url }, apiKeys: { sabnzbd: sab.apiKey } });
  expect(applied.ok).toBe(true);
}, 60_000);

afterAll(async () => {
  await t?.dispose();
  await sab?.close();
});

describe('SABnzbd faults reach the window as clear errors, then clear', () => {
  it('a healthy first poll pages the history with `limit` and never asks for all of it', async () => {
    expect(sab.wholeHistoryBytes()).toBeGreaterThanOrEqual(50_000_000);
    const s = await pollNow();
    expect(s.services.sabnzbd).toMatchObject({ state: 'ok', message: null });
    const history = sab.requests.filter((r) => r.mode === 'history');
    expect(history.length).toBeGreaterThanOrEqual(3); // 120 recent jobs = 3 pages of 50
    for (const r of history) {
      expect(r.params.limit).toBe(String(PAGE));
    }
    // It stopped at the first job older than the first-run lookback: 3 pages, not 680.
    expect(history.map((r) => r.params.start)).toEqual(['0', '50', '100']);
  });

  const faults: { name: string; fault: SabFault; code: string; says: RegExp }[] = [
    { name: 'slow past the timeout', fault: { kind: 'slow', delayMs: 2_500 }, code: 'timeout', says: /did not answer within 0\.5 s/ },
    {
      name: '401',
      fault: { kind: 'status', status: 401, contentType: 'text/plain', body: 'Unauthorized' },
      code: 'bad_api_key',
      says: /refused access \(HTTP 401\) — check the API key/,
    },
    {
      name: '403 API Key Incorrect (what SABnzbd really sends)',
      fault: { kind: 'status', status: 403, contentType: 'text/html;charset=utf-8', body: 'API Key Incorrect' },
      code: 'bad_api_key',
      says: /rejected the API key — copy it from SABnzbd → Config → General/,
    },
    {
      name: '403 from a proxy',
      fault: { kind: 'status', status: 403, contentType: 'text/html', body: '<html><body><h1>403 Forbidden</h1></body></html>' },
      code: 'bad_api_key',
      says: /refused access \(HTTP 403\)/,
    },
    {
      name: 'an HTML error page (502 from a reverse proxy)',
      fault: { kind: 'status', status: 502, contentType: 'text/html', body: '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>' },
      code: 'malformed',
      says: /answered with a web page \(HTTP 502\) instead of SABnzbd's API/,
    },
    {
      name: 'a login page with HTTP 200',
      fault: { kind: 'status', status: 200, contentType: 'text/html', body: '\n  <html><form action="/login"><input name="password"></form></html>' },
      code: 'malformed',
      says: /answered with a web page \(HTTP 200\)/,
    },
    { name: 'JSON cut off mid-answer', fault: { kind: 'truncated' }, code: 'malformed', says: /incomplete or unreadable answer to "(queue|history)"/ },
    {
      name: 'a plain 500 with a Python traceback',
      fault: { kind: 'status', status: 500, contentType: 'text/plain', body: 'Traceback (most recent call last):\n  File "x.py"' },
      code: 'malformed',
      says: /answered HTTP 500 instead of API data/,
    },
  ];

  for (const f of faults) {
    it(`${f.name}: service.error + status error with that message, then ok again`, async () => {
      const from = t.events.length;
      sab.fault = f.fault;
      const during = await pollNow();
      const [error] = serviceErrors(from);
      expect(error?.payload).toMatchObject({ code: f.code, recovered: false, consecutiveFailures: 1 });
      const message = error!.payload.message;
      expect(message).toMatch(f.says);
      expectReadable(message);
      expect(during.services.sabnzbd).toMatchObject({ state: 'error', message });
      expect(during.lastError).toBe(message);
      expect((await status()).services.sabnzbd.state).toBe('error');

      sab.fault = { kind: 'none' };
      const after = await pollNow();
      expect(after.services.sabnzbd).toMatchObject({ state: 'ok', message: null });
      expect(after.lastError).toBeNull();
      const recovered = serviceErrors(from).at(-1)!;
      expect(recovered.payload).toMatchObject({ code: 'recovered', recovered: true });
      expect(recovered.payload.message).toMatch(/answers again \(after 1 failed poll\)/);
      expect(recovered.correlationId).toBe(error!.correlationId);
    });
  }

  it('a 50 MB history in one answer (limit ignored) is refused with a clear error, not read whole', async () => {
    // Room to read 20 MB over loopback: this fault is about size, not speed.
    expect((await t.core.handlers['settings.update']({ monitoring: { requestTimeoutMs: 15_000 } })).ok).toBe(true);
    const from = t.events.length;
    const heapBefore = process.memoryUsage().heapUsed;
    sab.fault = { kind: 'whole_history' };
    const during = await pollNow();
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    const [error] = serviceErrors(from);
    expect(error?.payload.code).toBe('malformed');
    expect(error!.payload.message).toMatch(/sent more than 20 MB in answer to "history"/);
    expectReadable(error!.payload.message);
    expect(during.services.sabnzbd).toMatchObject({ state: 'error', message: error!.payload.message });
    // The client stopped reading: the server never got to send it all.
    await new Promise((r) => setTimeout(r, 300));
    const [answer] = sab.streamed;
    expect(answer!.of).toBeGreaterThanOrEqual(50_000_000);
    expect(answer!.sent).toBeLessThan(answer!.of * 0.75);
    // Parsing 50 MB of JSON costs hundreds of MB of heap; a refused answer costs next to nothing.
    expect(heapGrowth).toBeLessThan(64 * 1024 * 1024);
    console.log(`[faults] 50 MB history refused; heap growth ${(heapGrowth / 1024 / 1024).toFixed(1)} MB; ${(answer!.sent / 1e6).toFixed(1)} of ${(answer!.of / 1e6).toFixed(1)} MB sent`);

    sab.fault = { kind: 'none' };
    expect((await pollNow()).services.sabnzbd.state).toBe('ok');
  });
});
