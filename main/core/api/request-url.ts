// A request target as a URL, or null. `new URL()` throws on targets a client
// can send at will (e.g. `//..%5c/x` reads as a host name); thrown inside a
// request or upgrade listener that would take the whole server down.
export function requestUrl(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}
