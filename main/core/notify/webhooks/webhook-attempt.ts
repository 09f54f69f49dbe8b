// One HTTP attempt at a webhook, and what it means for the next one:
//   delivered — any 2xx;
//   retry     — the endpoint may take it later: no answer, a timeout, 5xx,
//               408, 429 (rate limited: its Retry-After, or Discord's
//               `retry_after` in seconds, says how long to wait), 424 (Apprise
//               API: a service behind it failed);
//   refused   — another 4xx: the URL or the payload is wrong, and sending the
//               same again cannot help.
// Messages name the target and its host only: the URL is a secret.
import type { Clock } from '../../clock';
import { readBodyUpTo } from '../../http/bounded-body';
import { describeNetworkError } from '../../http/network-error';
import type { FetchFn, HttpAnswer } from '../../http/node-http-fetch';
import type { WebhookRequest } from './webhook-request';

export type AttemptOutcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'retry'; status: number | null; message: string; retryAfterMs: number | null }
  | { kind: 'refused'; status: number | null; message: string };

export interface AttemptDeps {
  fetch: FetchFn;
  clock: Clock;
  timeoutMs: number;
  /** Aborts the request when the app stops or the target is removed. */
  signal?: AbortSignal;
}

/** Error answers are read only this far: enough for a message or a Discord retry_after. */
const MAX_ERROR_BODY = 64 * 1024;
const DETAIL_LIMIT = 160;

const RETRYABLE_4XX = new Set([408, 424, 425, 429]);

/** Retry-After as seconds or an HTTP date; Discord's X-RateLimit-Reset-After and body `retry_after` are seconds. */
export function retryAfterMs(headers: HttpAnswer['headers'], bodyText: string, now: number): number | null {
  const header = headers.get('retry-after')?.trim();
  if (header) {
    if (/^\d+(\.\d+)?$/.test(header)) return Math.ceil(Number(header) * 1000);
    const date = Date.parse(header);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const resetAfter = headers.get('x-ratelimit-reset-after')?.trim();
  if (resetAfter && /^\d+(\.\d+)?$/.test(resetAfter)) return Math.ceil(Number(resetAfter) * 1000);
  try {
    const body: unknown = JSON.parse(bodyText);
    if (typeof body === 'object' && body !== null && 'retry_after' in body && typeof body.retry_after === 'number' && body.retry_after >= 0) {
      return Math.ceil(body.retry_after * 1000);
    }
  } catch {
    // not JSON
  }
  return null;
}

/** A short reason from an error body: Discord's/ntfy's JSON `message`/`error`, or plain text; never HTML. */
export function errorDetail(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.startsWith('<')) return '';
  try {
    const body: unknown = JSON.parse(trimmed);
    if (typeof body === 'object' && body !== null) {
      for (const key of ['message', 'error', 'detail']) {
        const v = (body as Record<string, unknown>)[key];
        if (typeof v === 'string' && v.trim() !== '') return v.trim().slice(0, DETAIL_LIMIT);
      }
    }
    return '';
  } catch {
    return trimmed.replace(/\s+/g, ' ').slice(0, DETAIL_LIMIT);
  }
}

export async function attemptWebhook(req: WebhookRequest, label: string, deps: AttemptDeps): Promise<AttemptOutcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = deps.clock.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, deps.timeoutMs);
  // A stop clears the timeout at once, so a stopped core leaves no timer behind.
  const onAbort = () => {
    deps.clock.clearTimeout(timer);
    controller.abort();
  };
  deps.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await deps.fetch(req.url, { method: 'POST', headers: req.headers, body: req.body, signal: controller.signal, redirect: 'follow' });
    if (res.status >= 200 && res.status < 300) {
      await res.body?.cancel().catch(() => undefined);
      return { kind: 'delivered', status: res.status };
    }
    const read = await readBodyUpTo(res, MAX_ERROR_BODY).catch(() => ({ ok: true as const, text: '' }));
    const text = read.ok ? read.text : '';
    const detail = errorDetail(text);
    const statusText = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${detail ? `: ${detail}` : ''}`;
    if (res.status === 429) {
      const wait = retryAfterMs(res.headers, text, deps.clock.now());
      return { kind: 'retry', status: 429, retryAfterMs: wait, message: `${label} is rate limiting (HTTP 429${wait !== null ? `, asked to wait ${Math.ceil(wait / 1000)} s` : ''})` };
    }
    if (res.status >= 500 || RETRYABLE_4XX.has(res.status)) {
      return { kind: 'retry', status: res.status, retryAfterMs: retryAfterMs(res.headers, '', deps.clock.now()), message: `${label} answered ${statusText}` };
    }
    const hint =
      res.status === 401 || res.status === 403
        ? ' — check the credentials in the URL'
        : res.status === 404
          ? ' — check the URL (was the webhook deleted?)'
          : '';
    return { kind: 'refused', status: res.status, message: `${label} refused the notification: ${statusText}${hint}` };
  } catch (e) {
    if (timedOut) return { kind: 'retry', status: null, retryAfterMs: null, message: `${label} did not answer within ${Math.round(deps.timeoutMs / 100) / 10} s` };
    if (deps.signal?.aborted) return { kind: 'refused', status: null, message: `${label}: sending was cancelled` };
    return { kind: 'retry', status: null, retryAfterMs: null, message: `Cannot reach ${label}: ${describeNetworkError(e)}` };
  } finally {
    deps.clock.clearTimeout(timer);
    deps.signal?.removeEventListener('abort', onAbort);
  }
}
