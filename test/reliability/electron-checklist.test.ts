/**
 * The Electron security checklist (electronjs.org/docs/latest/tutorial/security), item by
 * item, against the shell's own pure pieces: window options, CSP, navigation/window-open and
 * permission guards (driven through fake WebContents/Session objects), the IPC sender check,
 * the app:// protocol and the preload's exposed API. One readable list for a reviewer; the
 * details of each piece are tested next to it in test/unit/electron.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN } from '../../main/electron/app-origin';
import { CONTENT_SECURITY_POLICY, withSecurityHeaders } from '../../main/electron/content-security-policy';
import { isTrustedIpcEvent } from '../../main/electron/ipc-sender';
import { externalUrlFor, isNavigationAllowed, isPermissionGranted } from '../../main/electron/navigation-policy';
import { guardSession, guardWebContents } from '../../main/electron/web-guards';
import { windowOptions } from '../../main/electron/window-options';
import { createWindowApi, type PreloadIpc } from '../../preload/api-factory';
import { CONTRACT_CALLS } from '../../shared/contract';
import { REPO_ROOT } from './faults-temp-core';

const prefs = windowOptions({ preloadPath: '/app/preload.js' }).webPreferences ?? {};
const csp = new Map(
  CONTENT_SECURITY_POLICY.split(';').map((d) => {
    const [name, ...values] = d.trim().split(/\s+/);
    return [name ?? '', values] as const;
  }),
);

type Listener = (...args: unknown[]) => void;

/** Records what would be handed to the OS browser. */
function fakeShell() {
  const opened: string[] = [];
  return { opened, shell: { openExternal: async (url: string) => void opened.push(url), openPath: async () => '' } };
}

/** Records what the guards register on a WebContents, so the test can fire it. */
function fakeContents() {
  const on = new Map<string, Listener>();
  let openHandler: ((d: { url: string }) => { action: string }) | null = null;
  const contents = {
    on: (name: string, l: Listener) => void on.set(name, l),
    setWindowOpenHandler: (h: (d: { url: string }) => { action: string }) => void (openHandler = h),
  };
  const fire = (name: string, url: string): boolean => {
    let prevented = false;
    on.get(name)?.({ url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { contents, on, fire, open: (url: string) => openHandler!({ url }) };
}

describe('Electron security checklist', () => {
  it('2. no Node.js integration for remote or local content', () => {
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('3. context isolation on; 4. process sandbox on', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
  });

  it('5. permission requests from the page are denied (handler on the session)', () => {
    const calls: Record<string, unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: unknown) => void (calls.request = h),
      setPermissionCheckHandler: (h: unknown) => void (calls.check = h),
      webRequest: { onHeadersReceived: (h: unknown) => void (calls.headers = h) },
    };
    const log: string[] = [];
    guardSession(session as never, (m) => void log.push(m));
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial']) {
      let granted: boolean | null = null;
      (calls.request as (c: unknown, p: string, cb: (g: boolean) => void) => void)({}, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
      expect((calls.check as (c: unknown, p: string) => boolean)({}, permission)).toBe(false);
      expect(isPermissionGranted(permission, APP_ENTRY_URL)).toBe(false);
    }
    expect(log).toContain('denied permission request: media');
    // 7. The CSP is forced onto every response the session sees.
    let answered: { responseHeaders: Record<string, string[]> } | null = null;
    (calls.headers as (d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void)(
      { responseHeaders: { 'content-security-policy': ["default-src *; script-src 'unsafe-eval'"] } },
      (r) => (answered = r),
    );
    expect(answered!.responseHeaders).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY], 'X-Content-Type-Options': ['nosniff'] });
  });

  it('6. webSecurity stays on; 8. no insecure content; 9. no experimental features; 10. no enableBlinkFeatures', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('7. a Content Security Policy: only our own scripts, no inline/eval, no plugins, no framing, no <base>', () => {
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(withSecurityHeaders(undefined)['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it('11. no <webview>: the tag is off and any attach is prevented', () => {
    expect(prefs.webviewTag).toBe(false);
    const c = fakeContents();
    guardWebContents(c.contents as never, fakeShell().shell, () => undefined);
    expect(c.fire('will-attach-webview', APP_ENTRY_URL)).toBe(true);
  });

  it('13. navigation is limited to app://autoarr (will-navigate, frame navigations, redirects)', () => {
    const c = fakeContents();
    const log: string[] = [];
    guardWebContents(c.contents as never, fakeShell().shell, (m) => void log.push(m));
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(c.fire(event, `${APP_ORIGIN}/index.html#/failures`), event).toBe(false);
      for (const foreign of ['https://evil.example/', 'file:///etc/passwd', 'app://evil/index.html', 'app://autoarr:81/', 'app://user:pw@autoarr/', 'javascript:alert(1)', 'http://127.0.0.1:8787/']) {
        expect(c.fire(event, foreign), `${event} ${foreign}`).toBe(true);
        expect(isNavigationAllowed(foreign)).toBe(false);
      }
    }
    expect(log.some((l) => l.startsWith('blocked navigation to https://evil.example/'))).toBe(true);
  });

  it('14. new windows are never created; 15. only plain http(s) links go to the OS browser', () => {
    const c = fakeContents();
    const log: string[] = [];
    const os = fakeShell();
    guardWebContents(c.contents as never, os.shell, (m) => void log.push(m));
    // Links the shell would refuse outright (no shell.openExternal is reached for these).
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-msdt:/id', 'app://autoarr/index.html', 'not a url']) {
      expect(c.open(url)).toEqual({ action: 'deny' });
      expect(externalUrlFor(url)).toBeNull();
    }
    expect(log).toContain('blocked window.open(file:///etc/passwd)');
    expect(externalUrlFor('https://user:pw@evil.example/')).toBeNull();
    expect(externalUrlFor('https://sonarr.tv/docs')).toBe('https://sonarr.tv/docs');
    expect(os.opened).toEqual([]);
    expect(c.open('https://sonarr.tv/docs')).toEqual({ action: 'deny' });
    expect(os.opened).toEqual(['https://sonarr.tv/docs']);
  });

  it('17. every IPC message is checked for its sender: only the main frame of app://autoarr', () => {
    expect(isTrustedIpcEvent({ senderFrame: { url: APP_ENTRY_URL, parent: null } })).toBe(true);
    expect(isTrustedIpcEvent({ senderFrame: { url: APP_ENTRY_URL, parent: {} } })).toBe(false); // a subframe
    expect(isTrustedIpcEvent({ senderFrame: { url: 'https://evil.example/', parent: null } })).toBe(false);
    expect(isTrustedIpcEvent({ senderFrame: { url: 'file:///app/index.html', parent: null } })).toBe(false);
    expect(isTrustedIpcEvent({ senderFrame: null })).toBe(false); // navigated away or destroyed
  });

  it('18. a custom privileged protocol (app://), never file://, serves the window', () => {
    expect(APP_ENTRY_URL).toBe('app://autoarr/index.html');
    const protocolSource = fs.readFileSync(path.join(REPO_ROOT, 'main/electron/app-protocol.ts'), 'utf8');
    expect(protocolSource).toMatch(/registerSchemesAsPrivileged/);
    expect(protocolSource).toMatch(/'Content-Security-Policy': CONTENT_SECURITY_POLICY/);
    const windowSource = fs.readFileSync(path.join(REPO_ROOT, 'main/electron/main-window.ts'), 'utf8');
    expect(windowSource).not.toMatch(/loadFile\(|file:\/\//);
  });

  it('the preload exposes contract calls (+ events, onNavigate) only — never ipcRenderer, send, or a generic invoke', () => {
    const sent: string[] = [];
    const ipc = {
      invoke: (channel: string) => {
        sent.push(channel);
        return Promise.resolve({ ok: true, value: null });
      },
      on: () => undefined,
      removeListener: () => undefined,
    } as unknown as PreloadIpc;
    const api = createWindowApi(ipc) as unknown as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...CONTRACT_CALLS, 'events', 'onNavigate'].sort());
    expect(Object.isFrozen(api)).toBe(true);
    for (const value of Object.values(api)) expect(value).not.toBe(ipc);
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipcRenderer|"send"|"invoke"/);
    const preloadSource = fs.readFileSync(path.join(REPO_ROOT, 'preload/index.ts'), 'utf8');
    expect(preloadSource).toMatch(/exposeInMainWorld\('autoarr', createWindowApi\(ipcRenderer\)\)/);
  });

  it('16. a current Electron', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const major = Number(/(\d+)/.exec(pkg.devDependencies.electron ?? '')?.[1]);
    expect(major).toBeGreaterThanOrEqual(38);
  });
});
