// fetch that follows redirects only within the origin it was asked for.
// fetch's own redirect handling resends custom headers (Sonarr/Radarr's
// X-Api-Key) to any host a server names, and a redirect can carry SABnzbd's
// `apikey` query along: a proxy, a login page or a moved server would receive
// the key. Here a redirect to the same origin is followed (a base path that
// gains a slash), and one to another origin is answered as a value for the
// client to explain, without a request going there.
import type { FetchFn, HttpAnswer } from './node-http-fetch';
import { originOf } from './service-origin';

export type FetchWithInit = FetchFn;

export type SameOriginAnswer =
  | { kind: 'response'; response: HttpAnswer }
  /** The server sent us elsewhere; `to` is the other origin (never the full URL, which may carry the key). */
  | { kind: 'left_origin'; status: number; to: string }
  | { kind: 'redirect_loop'; hops: number };

export const MAX_SAME_ORIGIN_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export async function fetchWithinOrigin(fetchFn: FetchWithInit, url: string, init: Parameters<FetchFn>[1] & {}): Promise<SameOriginAnswer> {
  const origin = originOf(url);
  let current = url;
  let method = init.method ?? 'GET';
  let body = init.body;
  for (let hops = 0; ; hops++) {
    const response = await fetchFn(current, { ...init, method, body, redirect: 'manual' });
    const location = response.headers.get('location');
    if (!REDIRECT_STATUSES.has(response.status) || location === null) return { kind: 'response', response };
    await response.body?.cancel().catch(() => undefined);
    let target: URL;
    try {
      target = new URL(location, current);
    } catch {
      return { kind: 'left_origin', status: response.status, to: 'an unreadable address' };
    }
    if (origin === null || target.origin !== origin) {
      return { kind: 'left_origin', status: response.status, to: target.origin === 'null' ? `a ${target.protocol} address` : target.origin };
    }
    if (hops + 1 > MAX_SAME_ORIGIN_REDIRECTS) return { kind: 'redirect_loop', hops: hops + 1 };
    // As fetch does: 303, and 301/302 after a POST, continue as a GET without the body.
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
    }
    current = target.href;
  }
}
