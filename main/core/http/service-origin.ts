// Where a service address really points: scheme, host and port, as the WHATWG
// URL parser (the one fetch uses) reads it. Two addresses with the same origin
// reach the same server, whatever their case, default port, trailing slash or
// base path (`http://NAS:80/sabnzbd/` and `http://nas` are one origin). An API
// key is bound to the origin of the address it was saved with.

/** `http://nas:8080` for any address on that server; null for an empty or unusable address. */
export function originOf(address: string): string | null {
  const trimmed = address.trim();
  if (trimmed === '') return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.hostname === '') return null;
  return url.origin;
}

/** Both addresses usable and on the same server. */
export function sameOrigin(a: string, b: string): boolean {
  const left = originOf(a);
  return left !== null && left === originOf(b);
}
