// Reads an HTTP answer only up to a size limit. SABnzbd pages its history and
// the *arr answers we ask for are pages or one item's records, so an answer
// far beyond the limit means something is wrong (a proxy, a different program,
// a server ignoring `limit`); reading it whole would hold it, and the objects
// parsed from it, in memory several times over before noticing.
import type { HttpAnswer } from './node-http-fetch';

export type BoundedBody = { ok: true; text: string } | { ok: false; bytesRead: number };

export async function readBodyUpTo(res: HttpAnswer, maxBytes: number): Promise<BoundedBody> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    return { ok: false, bytesRead: 0 };
  }
  if (!res.body) return { ok: true, text: '' };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, bytesRead: total };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks, total).toString('utf8') };
}
