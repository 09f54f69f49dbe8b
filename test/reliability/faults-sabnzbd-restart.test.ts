/**
 * The REAL SABnzbd 3.7.1 (test/integration/harness) stopped mid-poll and started again at
 * the same address, against the whole core (createCore, real SQLite in a temp dir). The
 * core talks to SABnzbd through a TCP gate on a fixed loopback port: the gate holds a poll
 * in flight while the real SABnzbd is killed (the poll's connection drops), then its port
 * refuses connections like a stopped SABnzbd's, then it forwards to a NEW real SABnzbd
 * (same API key) on the same port. Fails, never skips, without the SABnzbd install.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitoringStatus } from '../../shared/contract';
import type { AnyBusEvent } from '../../shared/events';
import { NntpServer } from '../integration/harness/nntp-server';
import { SabnzbdInstance } from '../integration/harness/sabnzbd-instance';
import { TcpGate } from './faults-tcp-gate';
import { startTempCore, type TempCore } from './faults-temp-core';

let nntp: NntpServer;
let first: SabnzbdInstance | null = null;
let second: SabnzbdInstance | null = null;
let gate: TcpGate;
let t: TempCore;

const sabErrors = (from: number) =>
  t.events.slice(from).filter((e): e is AnyBusEvent & { type: 'service.error' } => e.type === 'service.error' && e.payload.service === 'sabnzbd');

async function pollNow(): Promise<MonitoringStatus> {
  const r = await t.core.handlers['monitoring.pollNow']({});
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

async function until(what: string, probe: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  nntp = await NntpServer.start();
  first = await SabnzbdInstance.start({ nntp, tinyBytes: 0 });
  gate = await TcpGate.open(first.port);
  t = await startTempCore({
    patch: {
      sabnzbd: { url: `http://127.0.0.1:${gate.port}/sabnzbd` },
      apiKeys: { sabnzbd: first.apiKey },
      monitoring: { requestTimeoutMs: 10_000 },
    },
  });
}, 120_000);

afterAll(async () => {
  await t?.dispose();
  await gate?.down();
  await first?.stop();
  await second?.stop();
  await nntp?.stop();
}, 60_000);

describe('the real SABnzbd stopped mid-poll and started again', () => {
  it('error with a clear message while it is gone, ok again once it is back, same correlation', async () => {
    const healthy = await pollNow();
    expect(healthy.services.sabnzbd).toMatchObject({ state: 'ok', message: null });
    const base = `http://127.0.0.1:${gate.port}/sabnzbd`;

    // A poll in flight when SABnzbd dies.
    const from = t.events.length;
    gate.hold();
    const inFlight = t.core.handlers['monitoring.pollNow']({});
    await until('the poll to reach SABnzbd', () => gate.heldCount() >= 1);
    await first!.stop();
    first = null;
    gate.release();
    const dropped = await inFlight;
    expect(dropped.ok).toBe(true);
    const [midPoll] = sabErrors(from);
    expect(midPoll?.payload).toMatchObject({ code: 'unreachable', recovered: false, consecutiveFailures: 1 });
    expect(midPoll!.payload.message).toBe(
      `SABnzbd at ${base} cannot be reached (connection dropped). Check that SABnzbd is running and that the address in Settings is right.`,
    );
    expect(dropped.ok && dropped.value.services.sabnzbd).toMatchObject({ state: 'error', message: midPoll!.payload.message });
    expect(midPoll!.payload.nextRetryAt).toBeGreaterThan(midPoll!.timestamp);

    // Stopped: its port refuses connections.
    await gate.down();
    const refused = await pollNow();
    const down = sabErrors(from)[1]!;
    expect(down.payload).toMatchObject({ code: 'unreachable', consecutiveFailures: 2, recovered: false });
    expect(down.payload.message).toContain('cannot be reached (connection refused)');
    expect(refused.services.sabnzbd).toMatchObject({ state: 'error', message: down.payload.message });
    expect(down.correlationId).toBe(midPoll!.correlationId);
    expect(t.logged.filter((l) => l.startsWith('error:'))).toEqual([]);

    // Started again at the same address (same key, new process, empty history).
    second = await SabnzbdInstance.start({ nntp, tinyBytes: 0, misc: { api_key: (t.settings.apiKey('sabnzbd') ?? '') } });
    expect(second.apiKey).toBe(t.settings.apiKey('sabnzbd'));
    await gate.up(second.port);
    const back = await pollNow();
    expect(back.services.sabnzbd).toMatchObject({ state: 'ok', message: null });
    expect(back.lastError).toBeNull();
    const recovered = sabErrors(from).at(-1)!;
    expect(recovered.payload).toMatchObject({ code: 'recovered', recovered: true, consecutiveFailures: 2 });
    expect(recovered.payload.message).toBe(`SABnzbd at ${base} answers again (after 2 failed polls).`);
    expect(recovered.correlationId).toBe(midPoll!.correlationId);
    // The poller is back on its regular schedule, not backing off.
    expect(back.nextPollAt! - back.lastPollAt!).toBeGreaterThanOrEqual(3_600_000 - 5_000);
    expect(t.events.filter((e) => e.type === 'queue.polled').length).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
