// The sender check as bindIpc needs it, over the shape of Electron's
// IpcMainInvokeEvent: no frame (navigated away, destroyed) is untrusted.
import { isTrustedSender } from './sender-policy';

export interface SenderFrameLike {
  url: string;
  /** null for the top frame. */
  parent: unknown;
}

export function isTrustedIpcEvent(event: { senderFrame: SenderFrameLike | null | undefined }): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  return isTrustedSender(frame.url, frame.parent === null);
}
