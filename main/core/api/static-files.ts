// Serves the built renderer in browser mode: files under one root only (no
// path traversal, no dotfiles), index.html for client-side routes, and a CSP
// that allows nothing but this origin.
import { createReadStream, realpathSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { contentTypeFor } from './content-types';

export function contentSecurityPolicy(host: string): string {
  // The Host header is echoed into a header: keep only characters a host:port can have.
  const safeHost = host.replace(/[^A-Za-z0-9.:[\]-]/g, '');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ws://${safeHost}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  // The token travels in the first URL: never send it onwards.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

export type StaticOutcome = 'served' | 'refused' | 'missing';

function resolveInside(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || (s.startsWith('.') && s.length > 1))) return null;
  const full = resolve(root, `.${decoded}`);
  return full === root || full.startsWith(root + sep) ? full : null;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function serveStatic(req: IncomingMessage, res: ServerResponse, rootDir: string, pathname: string): StaticOutcome {
  const root = realpathSync(rootDir);
  const headers = { ...SECURITY_HEADERS, 'Content-Security-Policy': contentSecurityPolicy(req.headers.host ?? '') };
  const target = resolveInside(root, pathname);
  if (target === null) {
    res.writeHead(403, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Forbidden');
    return 'refused';
  }
  let file = pathname.endsWith('/') ? resolve(target, 'index.html') : target;
  // A symlink inside the root must not lead out of it.
  if (isFile(file) && !(realpathSync(file) + sep).startsWith(root + sep)) {
    res.writeHead(403, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Forbidden');
    return 'refused';
  }
  if (!isFile(file)) {
    // Client-side routes (no extension) get the app; a missing asset is a real 404.
    const index = resolve(root, 'index.html');
    if (extname(pathname) !== '' || !isFile(index)) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return 'missing';
    }
    file = index;
  }
  const type = contentTypeFor(file);
  const cache = file.endsWith('.html') ? 'no-cache' : 'public, max-age=3600';
  res.writeHead(200, { ...headers, 'Content-Type': type, 'Cache-Control': cache });
  if (req.method === 'HEAD') {
    res.end();
    return 'served';
  }
  createReadStream(file).pipe(res);
  return 'served';
}
