import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, resolveAppAsset } from '../../../main/electron/app-asset-path';

const root = path.resolve('/srv/app/dist/renderer');

describe('resolveAppAsset', () => {
  it.each([
    ['app://autoarr/', 'index.html'],
    ['app://autoarr/index.html', 'index.html'],
    ['app://autoarr/assets/index-abc.js', 'assets/index-abc.js'],
    ['app://autoarr/assets/a%20b.css', 'assets/a b.css'],
    ['app://autoarr/index.html?x=1#/downloads/1', 'index.html'],
    // The URL parser folds a `..` that stays inside the root.
    ['app://autoarr/assets/../index.html', 'index.html'],
  ])('%s → %s', (url, rel) => {
    const r = resolveAppAsset(url, root);
    expect(r).toMatchObject({ ok: true, filePath: path.join(root, rel) });
  });

  it.each([
    // Literal dots are folded by the URL parser before we see them: what is left stays inside.
    ['app://autoarr/../../etc/passwd', 'etc/passwd'],
    ['app://autoarr/%2e%2e/%2e%2e/etc/passwd', 'etc/passwd'],
  ])('%s is folded to %s inside the root', (url, rel) => {
    expect(resolveAppAsset(url, root)).toMatchObject({ ok: true, filePath: path.join(root, rel) });
  });

  it.each([
    'app://autoarr/..%2f..%2fetc%2fpasswd',
    'app://autoarr/assets/..%2F..%2F..%2Fsecret',
    'app://autoarr/..%5c..%5cwindows%5cwin.ini',
    'app://autoarr/%2fetc%2fpasswd',
    'app://autoarr//etc/passwd',
    'app://autoarr/C:%5cWindows%5cwin.ini',
    'app://autoarr/%00index.html',
    'app://autoarr/%E0%A4%A',
    'app://evil/index.html',
    'https://autoarr/index.html',
  ])('refuses %s', (url) => {
    const r = resolveAppAsset(url, root);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect([400, 403, 404]).toContain(r.status);
  });

  it('never answers a path outside the root, whatever the input (property)', async () => {
    const fc = await import('fast-check');
    fc.assert(
      fc.property(fc.array(fc.constantFrom('..', '%2e%2e', '%2f', '%5c', 'a', 'b.js', '.', '/', '\\', '%00', 'C:'), { maxLength: 12 }), (parts) => {
        const r = resolveAppAsset(`app://autoarr/${parts.join('/')}`, root);
        if (r.ok) expect(r.filePath.startsWith(root + path.sep)).toBe(true);
      }),
    );
  });

  it('backslash traversal is refused with Windows path rules too', () => {
    const winRoot = 'C:\\app\\dist\\renderer';
    expect(resolveAppAsset('app://autoarr/..%5c..%5csecret.txt', winRoot, path.win32).ok).toBe(false);
    expect(resolveAppAsset('app://autoarr/D:%5csecret.txt', winRoot, path.win32).ok).toBe(false);
    expect(resolveAppAsset('app://autoarr/assets%5capp.js', winRoot, path.win32)).toMatchObject({
      ok: true,
      filePath: 'C:\\app\\dist\\renderer\\assets\\app.js',
    });
  });

  it('names the content type', () => {
    expect(contentTypeFor('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/x/app.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/x/blob.bin')).toBe('application/octet-stream');
  });
});
