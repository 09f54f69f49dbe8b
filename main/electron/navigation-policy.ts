// What the window may load or open. The renderer is a hash-routed single page
// served from app://, so any real navigation or new window is either a bug or
// an injected link: refuse it. Plain web links a person clicks (e.g. to the
// Sonarr UI) open in the system browser, never inside our privileged window.
import { isAppUrl } from './app-origin';

export function isNavigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/** The URL to hand to the OS browser for a denied window.open, or null to drop it. */
export function externalUrlFor(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  return parsed.href;
}

/**
 * Camera, microphone, notifications, geolocation, clipboard reads…: the window
 * needs none of them. Notifications come from the main process instead.
 */
export function isPermissionGranted(_permission: string, _requestingUrl?: string): boolean {
  return false;
}
