// Glue: app:// serves the built renderer. The scheme must be registered as
// privileged before `ready`; files are read by resolveAppAsset's rules only,
// and every answer carries the CSP.
import { readFile } from 'node:fs/promises';
import { APP_SCHEME } from './app-origin';
import { resolveAppAsset } from './app-asset-path';
import { CONTENT_SECURITY_POLICY } from './content-security-policy';
import type { ElectronFacade, ShellSession } from './electron-facade';

export function registerAppScheme(protocol: ElectronFacade['protocol']): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

function securityHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
}

export function serveRenderer(session: ShellSession, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const asset = resolveAppAsset(request.url, rendererDir);
    if (!asset.ok) {
      return new Response(asset.reason, { status: asset.status, headers: securityHeaders('text/plain; charset=utf-8') });
    }
    try {
      return new Response(await readFile(asset.filePath), { status: 200, headers: securityHeaders(asset.contentType) });
    } catch {
      return new Response('not found', { status: 404, headers: securityHeaders('text/plain; charset=utf-8') });
    }
  });
}
