// Chooses the transport at startup: the preload's `window.autoarr` inside
// Electron, otherwise the browser-mode HTTP + WebSocket client pointed at the
// page's own origin with the token. No token → the caller shows a prompt.
import { createHttpApi, createWsEventStream, type FetchLike, type WebSocketLike } from '../../shared/http-api-client';
import type { WindowApi } from '../../shared/window-api';
import { CONTRACT_CALLS } from '../../shared/contract';
import type { CoreConnection } from './core-connection';

export function isWindowApi(value: unknown): value is WindowApi {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return CONTRACT_CALLS.every((call) => typeof v[call] === 'function');
}

export function connectionFromBridge(bridge: WindowApi): CoreConnection {
  return { api: bridge, events: bridge.events ?? null, transport: 'ipc', onNavigate: (l) => bridge.onNavigate(l) };
}

export function browserConnection(origin: string, token: string, win: Window): CoreConnection {
  const fetchLike: FetchLike = (url, init) => win.fetch(url, init);
  const api = createHttpApi({ baseUrl: origin, token, fetch: fetchLike });
  const stream = createWsEventStream({
    wsBaseUrl: origin.replace(/^http/, 'ws'),
    token,
    // The DOM's handler types are narrower than the client's structural socket type.
    WebSocket: globalThis.WebSocket as unknown as new (url: string) => WebSocketLike,
    timers: { setTimeout: (fn, ms) => win.setTimeout(fn, ms), clearTimeout: (h) => win.clearTimeout(h as number) },
  });
  const onVisibility = () => stream.setVisible(win.document.visibilityState !== 'hidden');
  win.document.addEventListener('visibilitychange', onVisibility);
  return { api, events: stream, transport: 'http', onNavigate: null };
}
