// A failed fetch in words: Node's fetch throws "fetch failed" and keeps the
// useful part (ECONNREFUSED, ENOTFOUND, …) in `cause`.
export function describeNetworkError(e: unknown): string {
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String((cause as { code: unknown }).code) : '';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND') return 'host name not found';
  if (code === 'ECONNRESET') return 'connection reset';
  if (code === 'EHOSTUNREACH') return 'host unreachable';
  return cause instanceof Error ? cause.message : String(cause);
}
