// Which IPC senders may call the core: the top frame of our own app:// page.
// A subframe (even one of ours) or any other origin is refused, so an
// injected iframe or a page navigated elsewhere can never reach a handler.
import { isAppUrl } from './app-origin';

export function isTrustedSender(frameUrl: string | undefined | null, isMainFrame: boolean): boolean {
  return isMainFrame && isAppUrl(frameUrl);
}
