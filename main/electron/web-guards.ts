// Glue: applies the navigation, window.open, permission and CSP rules to the
// session and to every webContents the app ever creates.
import type { WebContents } from 'electron';
import { withSecurityHeaders } from './content-security-policy';
import type { ElectronFacade, ShellSession } from './electron-facade';
import { externalUrlFor, isNavigationAllowed, isPermissionGranted } from './navigation-policy';

export type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function guardSession(session: ShellSession, log: (message: string) => void): void {
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

export function guardWebContents(contents: GuardedContents, shell: ElectronFacade['shell'], log: (message: string) => void): void {
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
export function guardAllWebContents(electron: Pick<ElectronFacade, 'app' | 'shell'>, log: (message: string) => void): void {
  electron.app.on('web-contents-created', (_event, contents) => guardWebContents(contents, electron.shell, log));
}
