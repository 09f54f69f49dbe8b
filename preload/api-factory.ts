// Builds `window.autoarr` from the contract's channel list over whatever
// ipcRenderer it is given, so it is tested in Node with a fake. The object
// holds only functions that close over the ipc: the ipcRenderer itself (and
// its event objects, which carry `sender`) never reaches the page.
import { CONTRACT_CALLS } from '../shared/contract';
import {
  createIpcApi,
  createIpcEventStream,
  type IpcRendererEventsLike,
  type IpcRendererLike,
} from '../shared/ipc-api-client';
import { NAVIGATE_CHANNEL, isAppRoute, type WindowApi } from '../shared/window-api';

export type PreloadIpc = IpcRendererLike & IpcRendererEventsLike;

export function createWindowApi(ipc: PreloadIpc): WindowApi {
  const calls = createIpcApi(ipc);
  const stream = createIpcEventStream(ipc);
  const api: Record<string, unknown> = {};
  // Plain own properties: contextBridge copies only those, not a prototype chain.
  for (const call of CONTRACT_CALLS) api[call] = calls[call];
  api.events = { subscribe: (listener: Parameters<WindowApi['events']['subscribe']>[0]) => stream.subscribe(listener) };
  api.onNavigate = (listener: (hash: string) => void) => {
    const onMessage = (_event: unknown, ...args: unknown[]) => {
      if (isAppRoute(args[0])) listener(args[0]);
    };
    ipc.on(NAVIGATE_CHANNEL, onMessage);
    return () => {
      ipc.removeListener(NAVIGATE_CHANNEL, onMessage);
    };
  };
  return Object.freeze(api) as unknown as WindowApi;
}
