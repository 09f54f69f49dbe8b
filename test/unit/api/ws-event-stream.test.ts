import { describe, expect, it } from 'vitest';
import { createWsEventStream, type WebSocketLike } from '../../../shared/http-api-client';
import type { EventBatch } from '../../../shared/contract';
import { FakeClock } from '../../support/fake-clock';

class FakeSocket implements WebSocketLike {
  static made: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  push(batch: Omit<EventBatch, 'type' | 'events'>) {
    this.onmessage?.({ data: JSON.stringify({ type: 'batch', events: [], ...batch }) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
}

function setup() {
  FakeSocket.made = [];
  const clock = new FakeClock();
  const stream = createWsEventStream({
    wsBaseUrl: 'ws://127.0.0.1:9',
    token: 't/k n',
    WebSocket: FakeSocket,
    timers: { setTimeout: (fn, ms) => clock.setTimeout(fn, ms), clearTimeout: (h) => clock.clearTimeout(h as never) },
    reconnectMs: 100,
    maxReconnectMs: 400,
  });
  const got: [number, boolean][] = [];
  stream.subscribe((b) => got.push([b.seq, b.resync]));
  return { clock, stream, got };
}

describe('createWsEventStream', () => {
  it('connects on subscribe with the token in the query', () => {
    setup();
    expect(FakeSocket.made.map((s) => s.url)).toEqual(['ws://127.0.0.1:9/api/v1/monitoring/ws?format=batch&token=t%2Fk%20n']);
  });

  it('passes in-order batches and flags a gap as resync', () => {
    const { got } = setup();
    const s = FakeSocket.made[0]!;
    s.open();
    s.push({ seq: 1, resync: true });
    s.push({ seq: 2, resync: false });
    s.push({ seq: 4, resync: false });
    s.push({ seq: 5, resync: false });
    expect(got).toEqual([[1, true], [2, false], [4, true], [5, false]]);
  });

  it('ignores pong and malformed messages', () => {
    const { got } = setup();
    const s = FakeSocket.made[0]!;
    s.onmessage?.({ data: 'pong' });
    s.onmessage?.({ data: '{"type":"batch","seq":0}' });
    s.onmessage?.({ data: 'not json' });
    expect(got).toEqual([]);
  });

  it('reconnects with doubling delays capped, and the new connection starts as resync', () => {
    const { clock, got } = setup();
    FakeSocket.made[0]!.open();
    FakeSocket.made[0]!.push({ seq: 1, resync: false });
    FakeSocket.made[0]!.push({ seq: 2, resync: false });
    const times: number[] = [];
    const t0 = clock.now();
    for (let i = 0; i < 4; i++) {
      const before = FakeSocket.made.length;
      FakeSocket.made.at(-1)!.drop();
      while (FakeSocket.made.length === before) clock.advance(10);
      times.push(clock.now() - t0);
    }
    // 100, +200, +400, +400 (capped)
    expect(times).toEqual([100, 300, 700, 1100]);
    const last = FakeSocket.made.at(-1)!;
    last.open();
    last.push({ seq: 1, resync: false });
    expect(got.at(-1)).toEqual([1, true]);
  });

  it('sends visibility changes, and says hidden on reconnect', () => {
    const { stream, clock } = setup();
    const s = FakeSocket.made[0]!;
    s.open();
    stream.setVisible(false);
    expect(s.sent).toEqual(['{"type":"visibility","visible":false}']);
    s.drop();
    clock.advance(100);
    const s2 = FakeSocket.made[1]!;
    s2.open();
    expect(s2.sent).toEqual(['{"type":"visibility","visible":false}']);
  });

  it('close stops reconnecting', () => {
    const { stream, clock } = setup();
    FakeSocket.made[0]!.open();
    stream.close();
    FakeSocket.made[0]!.drop();
    clock.advance(10_000);
    expect(FakeSocket.made).toHaveLength(1);
  });
});
