// Maps an app:// request to a file under the built renderer folder. The only
// way out of that folder would be a `..` (plain, percent-encoded, or a
// backslash on Windows) or an absolute path; every such request is refused
// after resolving, by checking the result is still inside the root.
import path from 'node:path';
import { contentTypeFor } from '../core/api/content-types';
import { APP_HOST, APP_SCHEME } from './app-origin';

export type AppAssetResolution =
  | { ok: true; filePath: string; contentType: string }
  | { ok: false; status: 400 | 403 | 404; reason: string };

export { contentTypeFor };

export function resolveAppAsset(requestUrl: string, rootDir: string, pathApi: typeof path = path): AppAssetResolution {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400, reason: 'malformed URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST) {
    return { ok: false, status: 403, reason: 'foreign origin' };
  }
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'bad percent-encoding' };
  }
  if (relative.includes('\0')) return { ok: false, status: 400, reason: 'NUL in path' };
  // The URL parser already folded literal `..`; what is left came percent-encoded.
  if (relative.split(/[/\\]/).includes('..')) return { ok: false, status: 403, reason: 'parent segment' };
  relative = relative.replace(/^\//, '');
  if (/^[/\\]/.test(relative)) return { ok: false, status: 403, reason: 'absolute path' };
  if (relative === '') relative = 'index.html';
  if (pathApi.isAbsolute(relative) || /^[a-zA-Z]:/.test(relative)) {
    return { ok: false, status: 403, reason: 'absolute path' };
  }
  const root = pathApi.resolve(rootDir);
  const filePath = pathApi.resolve(root, relative);
  if (filePath !== root && !filePath.startsWith(root + pathApi.sep)) {
    return { ok: false, status: 403, reason: 'outside the renderer folder' };
  }
  if (filePath === root) return { ok: false, status: 404, reason: 'a folder' };
  return { ok: true, filePath, contentType: contentTypeFor(filePath) };
}
