// NZBGet's JSON-RPC API (POST <url>/jsonrpc, HTTP Basic auth with NZBGet's
// ControlUsername/ControlPassword — what Sonarr and Radarr send), plain Node.
// fetch and the clock come in from outside so tests can serve captured bodies,
// hang, or refuse connections. Nothing here throws for a network or protocol
// problem: every call answers a DownloadClientResult whose error says what
// happened in words a person can act on.
import { z } from 'zod';
import { systemClock, type Clock } from '../clock';
import { clientErr, clientOk, type DownloadClientResult } from '../download-client/download-client-error';
import { readBodyUpTo } from '../http/bounded-body';
import { nodeHttpFetch, type FetchFn } from '../http/node-http-fetch';
import { fetchWithinOrigin } from '../http/same-origin-fetch';
import { nzbgetMessages as say } from './nzbget-messages';
import {
  NzbgetConfigSchema,
  NzbgetErrorEnvelopeSchema,
  NzbgetGroupSchema,
  NzbgetHistoryItemSchema,
  NzbgetMessageSchema,
  NzbgetStatusSchema,
  NzbgetVersionSchema,
  type NzbgetConfigEntry,
  type NzbgetGroup,
  type NzbgetHistoryItem,
  type NzbgetStatus,
} from './nzbget-schemas';

export interface NzbgetConnection {
  /** NZBGet's web address, e.g. http://192.168.1.10:6789 (a path like /nzbget is kept). */
  url: string;
  username: string;
  password: string;
  timeoutMs: number;
}

// The core's node:http fetch (no undici), like the SABnzbd and *arr clients.
export type { FetchFn } from '../http/node-http-fetch';

export interface NzbgetClientOptions {
  /** A function is read on every request, so changed settings apply without rebuilding the client. */
  connection: NzbgetConnection | (() => NzbgetConnection);
  fetch?: FetchFn;
  clock?: Clock;
  /** Longest answer read (default 64 MB): NZBGet sends its whole history at once (~2 KB a job). */
  maxResponseBytes?: number;
}

export const DEFAULT_NZBGET_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** The editqueue commands this app sends (NZBGet 21 names). */
export type NzbgetEditCommand =
  | 'HistoryRedownload' // back to the queue, downloaded again from scratch, same NZBID
  | 'HistoryRetryFailed' // back to the queue, only the articles that failed are fetched again
  | 'HistoryDelete' // out of history (kept hidden for duplicate checks)
  | 'HistoryFinalDelete'
  | 'HistoryMarkBad'
  | 'GroupDelete' // out of the queue into history as DELETED/MANUAL
  | 'GroupFinalDelete' // out of the queue, no history record
  | 'GroupPause'
  | 'GroupResume';

export interface AppendOptions {
  category?: string;
  priority?: number;
  addPaused?: boolean;
  dupeKey?: string;
  dupeScore?: number;
  dupeMode?: 'SCORE' | 'ALL' | 'FORCE';
  /** Post-processing parameters, e.g. the *arr's `drone` id. */
  parameters?: Readonly<Record<string, string>>;
}

export class NzbgetClient {
  private readonly fetchFn: FetchFn;
  private readonly clock: Clock;

  constructor(private readonly options: NzbgetClientOptions) {
    this.fetchFn = options.fetch ?? nodeHttpFetch;
    this.clock = options.clock ?? systemClock;
  }

  /** The address errors and events name (never the credentials). */
  get address(): string {
    return baseAddress(this.connection().url);
  }

  version(): Promise<DownloadClientResult<string>> {
    return this.call('version', [], NzbgetVersionSchema);
  }

  status(): Promise<DownloadClientResult<NzbgetStatus>> {
    return this.call('status', [], NzbgetStatusSchema);
  }

  /** The queue, including jobs NZBGet is post-processing (0 = no log lines per job). */
  listGroups(): Promise<DownloadClientResult<NzbgetGroup[]>> {
    return this.call('listgroups', [0], z.array(NzbgetGroupSchema));
  }

  /**
   * The ID of NZBGet's newest message (null: none kept). NZBGet writes one for every job it adds
   * and every job entering history ("Collection … added to history", INFO), and IDs only grow
   * while it runs: an unchanged ID proves nothing happened since, a changed one may mean a job
   * came and went between two polls without ever showing in the queue.
   */
  async lastMessageId(): Promise<DownloadClientResult<number | null>> {
    const r = await this.call('log', [0, 1], z.array(NzbgetMessageSchema));
    if (!r.ok) return r;
    return clientOk(r.value.length === 0 ? null : r.value[r.value.length - 1]!.ID);
  }

  /** The whole visible history, newest first: NZBGet has no paging and no "changed since". */
  history(): Promise<DownloadClientResult<NzbgetHistoryItem[]>> {
    return this.call('history', [false], z.array(NzbgetHistoryItemSchema));
  }

  config(): Promise<DownloadClientResult<NzbgetConfigEntry[]>> {
    return this.call('config', [], NzbgetConfigSchema);
  }

  /** Pause / resume downloading for the whole queue (post-processing goes on). */
  async pauseDownload(): Promise<DownloadClientResult<true>> {
    return this.applied('pausedownload', await this.call('pausedownload', [], z.boolean()));
  }

  async resumeDownload(): Promise<DownloadClientResult<true>> {
    return this.applied('resumedownload', await this.call('resumedownload', [], z.boolean()));
  }

  /** NZBGet answers only true/false: false means no job was found where the command applies. */
  async editQueue(command: NzbgetEditCommand, ids: readonly number[], param = ''): Promise<DownloadClientResult<true>> {
    const r = await this.call('editqueue', [command, param, [...ids]], z.boolean());
    if (!r.ok) return r;
    return r.value ? clientOk(true) : clientErr('api_error', say.notApplied(this.address, command, ids));
  }

  /** `append` as Sonarr/Radarr call it (the NZB base64-encoded); answers the new NZBID. */
  async append(fileName: string, nzb: string | Uint8Array, o: AppendOptions = {}): Promise<DownloadClientResult<number>> {
    const content = Buffer.from(typeof nzb === 'string' ? Buffer.from(nzb, 'utf8') : nzb).toString('base64');
    // NZBGet reads parameters as a flat run of strings: name, value, name, value…
    const parameters = Object.entries(o.parameters ?? {}).flat();
    const r = await this.call(
      'append',
      [fileName, content, o.category ?? '', o.priority ?? 0, false, o.addPaused ?? false, o.dupeKey ?? '', o.dupeScore ?? 0, o.dupeMode ?? 'SCORE', parameters],
      z.number().int(),
    );
    if (!r.ok) return r;
    return r.value > 0 ? clientOk(r.value) : clientErr('api_error', say.refused(this.address, 'append', 'the NZB was not accepted'));
  }

  private applied(method: string, r: DownloadClientResult<boolean>): DownloadClientResult<true> {
    if (!r.ok) return r;
    return r.value ? clientOk(true) : clientErr('api_error', say.refused(this.address, method, 'it answered false'));
  }

  private connection(): NzbgetConnection {
    const c = this.options.connection;
    return typeof c === 'function' ? c() : c;
  }

  private async call<S extends z.ZodType>(method: string, params: readonly unknown[], schema: S): Promise<DownloadClientResult<z.output<S>>> {
    const first = await this.attempt(method, params, schema);
    // NZBGet 21 answers a refused login with a keep-alive 401 but leaves the request body
    // unread, then drops the connection at the next request sent on it. A read is safe to
    // send again on a fresh connection; an action (editqueue, append) is never resent.
    if ('dropped' in first && READ_ONLY_METHODS.has(method)) return this.attempt(method, params, schema).then(withoutDrop);
    return withoutDrop(first);
  }

  private async attempt<S extends z.ZodType>(
    method: string,
    params: readonly unknown[],
    schema: S,
  ): Promise<DownloadClientResult<z.output<S>> | { ok: false; error: { code: 'unreachable'; message: string }; dropped: true }> {
    const conn = this.connection();
    const base = baseAddress(conn.url);
    if (base === '') return clientErr('unreachable', say.noAddress());
    let url: string;
    try {
      url = new URL(`${base}/jsonrpc`).toString();
    } catch {
      return clientErr('unreachable', say.notAnAddress(base));
    }

    const controller = new AbortController();
    let timedOut = false;
    const timer = this.clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, conn.timeoutMs);
    let status: number;
    let text: string;
    try {
      // Credentials follow a redirect only within the saved origin.
      const answer = await fetchWithinOrigin(this.fetchFn, url, {
        method: 'POST',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          Authorization: `Basic ${Buffer.from(`${conn.username}:${conn.password}`, 'utf8').toString('base64')}`,
        },
        body: JSON.stringify({ version: '1.1', id: 1, method, params }),
        signal: controller.signal,
      });
      if (answer.kind === 'left_origin') return clientErr('malformed', `NZBGet at ${base} sent the request on to ${answer.to}; the password is only sent to ${base}. Check the address in Settings.`);
      if (answer.kind === 'redirect_loop') return clientErr('malformed', `NZBGet at ${base} redirected ${answer.hops} times; check the address in Settings.`);
      const res = answer.response;
      status = res.status;
      const maxBytes = this.options.maxResponseBytes ?? DEFAULT_NZBGET_MAX_RESPONSE_BYTES;
      const body = await readBodyUpTo(res, maxBytes);
      if (!body.ok) return clientErr('malformed', say.tooLarge(base, method, maxBytes));
      text = body.text;
    } catch (e) {
      if (timedOut) return clientErr('timeout', say.timeout(base, conn.timeoutMs));
      const cause = networkCause(e);
      const error = { code: 'unreachable' as const, message: say.unreachable(base, cause) };
      return cause === DROPPED ? { ok: false, error, dropped: true } : { ok: false, error };
    } finally {
      this.clock.clearTimeout(timer);
    }
    return interpret(text, status, method, base, schema);
  }
}

const READ_ONLY_METHODS = new Set(['version', 'status', 'listgroups', 'history', 'config', 'log']);
const DROPPED = 'connection dropped';

function withoutDrop<T>(r: DownloadClientResult<T> | { ok: false; error: { code: 'unreachable'; message: string }; dropped: true }): DownloadClientResult<T> {
  return r.ok ? r : { ok: false, error: r.error };
}

function interpret<S extends z.ZodType>(text: string, status: number, method: string, base: string, schema: S): DownloadClientResult<z.output<S>> {
  // NZBGet answers wrong credentials with 401 and an empty text/plain body; a proxy may say 403.
  if (status === 401 || status === 403) return clientErr('bad_api_key', say.credentials(base, status));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    if (/^\s*</.test(text)) return clientErr('malformed', say.webPage(base, status));
    if (status < 200 || status >= 300) return clientErr('malformed', say.httpStatus(base, status));
    return clientErr('malformed', say.unreadable(base, method));
  }
  const refusal = NzbgetErrorEnvelopeSchema.safeParse(json);
  if (refusal.success) return clientErr('api_error', say.refused(base, method, refusal.data.error.message));
  if (status < 200 || status >= 300) return clientErr('malformed', say.httpStatus(base, status));
  if (typeof json !== 'object' || json === null || !('result' in json)) {
    return clientErr('malformed', say.unexpectedShape(base, method, 'no "result" in the answer'));
  }
  const parsed = schema.safeParse(json.result);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const detail = issue ? `${['result', ...issue.path].join('.')}: ${issue.message}` : 'unexpected answer';
    return clientErr('malformed', say.unexpectedShape(base, method, detail));
  }
  return clientOk(parsed.data);
}

function networkCause(e: unknown): string {
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return DROPPED;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'network unreachable';
    default:
      return cause instanceof Error ? cause.message : String(cause);
  }
}

/** `http://host:6789/` → `http://host:6789`; `http://host:6789/jsonrpc` → `http://host:6789`. */
export function baseAddress(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  return trimmed.replace(/\/(jsonrpc|xmlrpc)$/i, '');
}
