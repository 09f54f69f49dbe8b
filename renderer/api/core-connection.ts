// The one seam between the window and the core: a ContractApi plus, when the
// transport can push, an EventStream. Electron's preload provides both on
// `window.autoarr`; browser mode builds them over HTTP + WebSocket.
import type { ContractApi, EventStream, Unsubscribe } from '../../shared/contract';

export interface CoreConnection {
  api: ContractApi;
  events: EventStream | null;
  transport: 'ipc' | 'http';
  /** Main-process navigation requests (a notification click), Electron only. */
  onNavigate: ((listener: (hash: string) => void) => Unsubscribe) | null;
}
