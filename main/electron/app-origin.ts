// The window's only origin. A standard, secure custom scheme (registered
// before ready) gives the renderer a real origin for CSP 'self' and lets the
// IPC sender check compare origins instead of trusting file:// paths.
export const APP_SCHEME = 'app';
export const APP_HOST = 'autoarr';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True only for app://autoarr/… — any other scheme, host, port or credentials is foreign. */
export function isAppUrl(url: string | undefined | null): boolean {
  if (typeof url !== 'string' || url === '') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
