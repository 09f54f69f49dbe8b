// What the preload puts on `window.autoarr` in the Electron window: every
// contract call under its own name (so it IS a ContractApi the renderer can
// use directly), the live event stream, and navigation requests from the main
// process (a notification click opens a download). No ipcRenderer, no Node.
import type { ContractApi, EventStream, Unsubscribe } from './contract';

/** Main → window: go to this hash route, e.g. `#/downloads/SABnzbd_nzo_abc`. */
export const NAVIGATE_CHANNEL = 'app.navigate';

export type WindowApi = ContractApi & {
  readonly events: EventStream;
  onNavigate(listener: (hash: string) => void): Unsubscribe;
};

/** Only in-app hash routes are forwarded to the window. */
export function isAppRoute(value: unknown): value is string {
  return typeof value === 'string' && /^#\/[^\s]*$/.test(value) && value.length <= 512;
}

export function downloadRoute(nzoId: string): string {
  return `#/downloads/${encodeURIComponent(nzoId)}`;
}

declare global {
  interface Window {
    /** Present in the Electron window only; browser mode uses the HTTP client. */
    autoarr?: WindowApi;
  }
}
