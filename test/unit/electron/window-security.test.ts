import { describe, expect, it } from 'vitest';
import { windowOptions } from '../../../main/electron/window-options';
import { CONTENT_SECURITY_POLICY, withSecurityHeaders } from '../../../main/electron/content-security-policy';
import { externalUrlFor, isNavigationAllowed, isPermissionGranted } from '../../../main/electron/navigation-policy';
import { isTrustedSender } from '../../../main/electron/sender-policy';
import { isAppUrl } from '../../../main/electron/app-origin';

describe('windowOptions', () => {
  const opts = windowOptions({ preloadPath: '/app/dist/preload/index.cjs' });
  const web = opts.webPreferences!;

  it('isolates the page from Node and Electron, explicitly', () => {
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.webviewTag).toBe(false);
  });

  it('loads the given preload and starts hidden until ready-to-show', () => {
    expect(web.preload).toBe('/app/dist/preload/index.cjs');
    expect(opts.show).toBe(false);
  });

  it('fits a tray-popup size', () => {
    expect(opts.minWidth).toBeLessThanOrEqual(380);
    expect(opts.minHeight).toBeLessThanOrEqual(560);
  });

  it('adds the icon only when given one', () => {
    expect('icon' in opts).toBe(false);
    expect(windowOptions({ preloadPath: '/p', iconPath: '/i.png' }).icon).toBe('/i.png');
  });
});

describe('Content-Security-Policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')] as const;
    }),
  );

  it.each([
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self' 'unsafe-inline'"],
    ['img-src', "'self' data:"],
    ['connect-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['frame-ancestors', "'none'"],
  ])('%s is %s', (name, value) => {
    expect(directives.get(name)).toBe(value);
  });

  it('never lets scripts run inline or from eval', () => {
    expect(directives.get('script-src')).not.toMatch(/unsafe/);
    expect(directives.size).toBe(8);
  });

  it('replaces any policy a response carried, whatever its capitalisation', () => {
    const out = withSecurityHeaders({
      'content-security-policy': ["default-src *"],
      'CONTENT-SECURITY-POLICY': "script-src 'unsafe-eval'",
      'Content-Type': 'text/html',
    });
    const cspKeys = Object.keys(out).filter((k) => k.toLowerCase() === 'content-security-policy');
    expect(cspKeys).toEqual(['Content-Security-Policy']);
    expect(out['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(out['Content-Type']).toEqual(['text/html']);
    expect(out['X-Content-Type-Options']).toEqual(['nosniff']);
  });

  it('adds the policy when the response had no headers', () => {
    expect(withSecurityHeaders(undefined)['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });
});

describe('navigation and window.open', () => {
  it.each([
    ['app://autoarr/index.html', true],
    ['app://autoarr/', true],
    ['app://autoarr/index.html#/downloads/x', true],
    ['app://evil/index.html', false],
    ['app://autoarr:8080/index.html', false],
    ['app://user:pw@autoarr/index.html', false],
    ['https://example.com/', false],
    ['http://127.0.0.1:8080/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['data:text/html,hi', false],
    ['not a url', false],
    ['', false],
  ])('navigating to %s allowed: %s', (url, allowed) => {
    expect(isNavigationAllowed(url)).toBe(allowed);
  });

  it.each([
    ['https://sonarr.example/series/1', 'https://sonarr.example/series/1'],
    ['http://192.168.1.10:8989/', 'http://192.168.1.10:8989/'],
    ['file:///etc/passwd', null],
    ['javascript:alert(1)', null],
    ['app://autoarr/index.html', null],
    ['smb://nas/share', null],
    ['https://user:pw@host/', null],
    ['::', null],
  ])('window.open(%s) → external %s', (url, external) => {
    expect(externalUrlFor(url)).toBe(external);
  });

  it.each(['media', 'notifications', 'geolocation', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb'])(
    'permission %s is denied',
    (permission) => {
      expect(isPermissionGranted(permission, 'app://autoarr/index.html')).toBe(false);
    },
  );
});

describe('IPC sender check', () => {
  it.each([
    ['app://autoarr/index.html', true, true],
    ['app://autoarr/index.html#/activity', true, true],
    ['app://autoarr/index.html', false, false],
    ['app://other/index.html', true, false],
    ['https://autoarr/index.html', true, false],
    ['file:///app/dist/renderer/index.html', true, false],
    ['about:blank', true, false],
    ['', true, false],
    [undefined, true, false],
    [null, true, false],
  ] as const)('frame %s (main frame: %s) trusted: %s', (url, isMain, trusted) => {
    expect(isTrustedSender(url, isMain)).toBe(trusted);
  });

  it('isAppUrl agrees with the sender check for main frames', () => {
    expect(isAppUrl('app://autoarr/x')).toBe(isTrustedSender('app://autoarr/x', true));
  });
});
