// Glue: applies the navigation, window.open, permission and CSP rules to the
// session and to every webContents the app ever creates.
import { app, shell, type Session, type WebContents } from 'electron';
import { withSecurityHeaders } from './content-security-policy';
import { externalUrlFor, isNavigationAllowed, isPermissionGranted } from './navigation-policy';

export function guardSession(session: Session, log: (message: string) => void): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    const granted = isPermissionGranted(permission);
    if (!granted) log(`denied permission request: ${permission}`);
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission));
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withSecurityHeaders(details.responseHeaders) });
  });
}

export function guardWebContents(contents: WebContents, log: (message: string) => void): void {
  const refuseNavigation = (event: { preventDefault(): void; url: string }) => {
    if (isNavigationAllowed(event.url)) return;
    event.preventDefault();
    log(`blocked navigation to ${event.url}`);
  };
  contents.on('will-navigate', (event) => refuseNavigation(event));
  contents.on('will-frame-navigate', (event) => refuseNavigation(event));
  contents.on('will-redirect', (event) => refuseNavigation(event));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalUrlFor(url);
    if (external) void shell.openExternal(external);
    else log(`blocked window.open(${url})`);
    return { action: 'deny' };
  });
}

/** Every webContents, including ones a bug might create later. */
export function guardAllWebContents(log: (message: string) => void): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, log));
}
