// The window's api in browser mode: ContractApi over the HTTP route table and
// an EventStream over the WebSocket. Pure: fetch, WebSocket and timers are
// injected, so the same code runs in the browser and in Node tests.
import {
  CONTRACT,
  CONTRACT_CALLS,
  EventBatchSchema,
  WS_PATH,
  encodeHttpRequest,
  err,
  resultSchema,
  type CallName,
  type ContractApi,
  type EventBatch,
  type EventStream,
  type Result,
} from './contract';

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{ status: number; text(): Promise<string> }>;

export interface HttpApiOptions {
  /** http://127.0.0.1:port — '' for the page's own origin. */
  baseUrl: string;
  token: string;
  fetch: FetchLike;
}

async function callOverHttp(options: HttpApiOptions, call: CallName, input: unknown): Promise<Result<unknown>> {
  const req = encodeHttpRequest(call, (input ?? {}) as Record<string, unknown>);
  const headers: Record<string, string> = { Authorization: `Bearer ${options.token}`, Accept: 'application/json' };
  let status: number;
  let text: string;
  try {
    const init = req.body === undefined
      ? { method: req.method, headers }
      : { method: req.method, headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(req.body) };
    const res = await options.fetch(`${options.baseUrl}${req.url}`, init);
    status = res.status;
    text = await res.text();
  } catch (e) {
    return err('unavailable', `Cannot reach autoarr-tray: ${e instanceof Error ? e.message : String(e)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return err('internal', `${call}: HTTP ${status} without a JSON answer`);
  }
  const parsed = resultSchema(CONTRACT[call].output).safeParse(json);
  return parsed.success ? (parsed.data as Result<unknown>) : err('internal', `${call}: malformed answer (HTTP ${status})`);
}

export function createHttpApi(options: HttpApiOptions): ContractApi {
  const api: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
  for (const call of CONTRACT_CALLS) api[call] = (input) => callOverHttp(options, call, input);
  return api as unknown as ContractApi;
}

export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface TimersLike {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface WsEventStreamOptions {
  /** ws://127.0.0.1:port (no path). */
  wsBaseUrl: string;
  token: string;
  WebSocket: new (url: string) => WebSocketLike;
  timers: TimersLike;
  /** First reconnect delay; doubles up to maxReconnectMs. */
  reconnectMs?: number;
  maxReconnectMs?: number;
}

export interface WsEventStream extends EventStream {
  /** Tell the server whether the page is visible (hidden pages get nothing queued). */
  setVisible(visible: boolean): void;
  close(): void;
}

const OPEN = 1;

/**
 * Connects on the first subscriber and reconnects after a drop. A batch whose
 * seq is not the next one (a gap, or a new connection) reaches listeners with
 * `resync: true`, so they only ever need to look at that flag.
 */
export function createWsEventStream(options: WsEventStreamOptions): WsEventStream {
  const listeners = new Set<(batch: EventBatch) => void>();
  const base = options.reconnectMs ?? 1000;
  const max = options.maxReconnectMs ?? 30_000;
  let socket: WebSocketLike | null = null;
  let lastSeq = 0;
  let freshConnection = true;
  let delay = base;
  let retry: unknown = null;
  let closed = false;
  let visible = true;

  const connect = () => {
    retry = null;
    const ws = new options.WebSocket(`${options.wsBaseUrl}${WS_PATH}?format=batch&token=${encodeURIComponent(options.token)}`);
    socket = ws;
    lastSeq = 0;
    freshConnection = true;
    ws.onopen = () => {
      delay = base;
      if (!visible) ws.send(JSON.stringify({ type: 'visibility', visible }));
    };
    ws.onmessage = (event) => {
      if (typeof event.data !== 'string' || event.data === 'pong') return;
      let json: unknown;
      try {
        json = JSON.parse(event.data);
      } catch {
        return;
      }
      const parsed = EventBatchSchema.safeParse(json);
      if (!parsed.success) return;
      // Whatever happened while disconnected is unknown, so a new connection always starts with a resync.
      const inOrder = parsed.data.seq === lastSeq + 1 && !freshConnection;
      const batch = inOrder ? parsed.data : { ...parsed.data, resync: true };
      lastSeq = parsed.data.seq;
      freshConnection = false;
      for (const listener of listeners) listener(batch);
    };
    ws.onclose = () => {
      if (socket === ws) socket = null;
      if (closed || listeners.size === 0) return;
      retry = options.timers.setTimeout(connect, delay);
      delay = Math.min(delay * 2, max);
    };
    ws.onerror = () => {};
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (!socket && retry === null && !closed) connect();
      return () => {
        listeners.delete(listener);
      };
    },
    setVisible(v) {
      visible = v;
      if (socket && socket.readyState === OPEN) socket.send(JSON.stringify({ type: 'visibility', visible: v }));
    },
    close() {
      closed = true;
      if (retry !== null) options.timers.clearTimeout(retry);
      socket?.close();
      socket = null;
    },
  };
}
