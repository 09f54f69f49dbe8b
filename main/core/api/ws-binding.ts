// The live-event WebSocket of browser mode. An upgrade needs the token
// (`?token=` — browsers cannot set headers on a WebSocket — or a Bearer
// header) and, when a browser sends an Origin, it must be this server's own:
// a page on another site must not read the stream. Each connection gets its
// own batcher; its first batch is an empty `resync` so a (re)connected window
// re-fetches what it may have missed. Clients that do not ask for batches
// (`?format=batch`, which the window does) get the seed's message shape, one
// `{type:'event', data}` per event, so the seed's consumers keep working.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { ClientMessageSchema, WS_PATH, toLiveEvent, type LiveEventMessage } from '../../../shared/contract';
import type { Clock } from '../clock';
import { bearerFrom, tokenMatches } from './bearer-token-check';
import { requestUrl } from './request-url';
import { EventBatcher } from './event-batcher';
import type { LiveEventSource } from './live-event-source';

export interface WsBindingOptions {
  token: string;
  events: LiveEventSource;
  clock: Clock;
  /** Origins a browser page may connect from (the server's own). */
  isAllowedOrigin: (origin: string) => boolean;
  batchDelayMs?: number;
  maxBatchSize?: number;
  /** Above this many unsent bytes a client is too slow: skip and ask it to resync. */
  maxBufferedBytes?: number;
}

export interface WsBinding {
  clientCount(): number;
  close(): Promise<void>;
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`);
}

export function attachWsBinding(server: Server, options: WsBindingOptions): WsBinding {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const maxBuffered = options.maxBufferedBytes ?? 4 * 1024 * 1024;

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = requestUrl(req.url);
    if (url === null || url.pathname !== WS_PATH) return refuse(socket, 404, 'Not Found');
    if (!tokenMatches(url.searchParams.get('token') ?? bearerFrom(req), options.token)) {
      return refuse(socket, 401, 'Unauthorized');
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !options.isAllowedOrigin(origin)) return refuse(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  server.on('upgrade', onUpgrade);

  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    const wantsBatches = requestUrl(req.url)?.searchParams.get('format') === 'batch';
    if (!wantsBatches) {
      const unsubscribeSeed = options.events.subscribe((event) => {
        if (ws.readyState !== WebSocket.OPEN || ws.bufferedAmount > maxBuffered) return;
        const message: LiveEventMessage = { type: 'event', data: toLiveEvent(event) };
        ws.send(JSON.stringify(message));
      });
      ws.on('message', (data: RawData, isBinary: boolean) => {
        if (!isBinary && data.toString() === 'ping') ws.send('pong');
      });
      ws.on('close', () => unsubscribeSeed());
      return;
    }
    const batcher = new EventBatcher({
      clock: options.clock,
      delayMs: options.batchDelayMs,
      maxBatchSize: options.maxBatchSize,
      send: (batch) => {
        if (ws.readyState !== WebSocket.OPEN) return;
        if (ws.bufferedAmount > maxBuffered) {
          batcher.markResync();
          return;
        }
        ws.send(JSON.stringify(batch));
      },
    });
    batcher.markResync();
    batcher.flush(true);
    const unsubscribe = options.events.subscribe((event) => batcher.push(event));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return;
      const text = data.toString();
      if (text === 'ping') {
        ws.send('pong');
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return;
      }
      const msg = ClientMessageSchema.safeParse(parsed);
      if (msg.success) batcher.setActive(msg.data.visible);
    });
    ws.on('close', () => {
      unsubscribe();
      batcher.stop();
    });
  });

  return {
    clientCount: () => wss.clients.size,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.off('upgrade', onUpgrade);
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolveClose());
      }),
  };
}
