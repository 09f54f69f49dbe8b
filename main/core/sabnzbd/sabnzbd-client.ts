// SABnzbd's HTTP API, plain Node. fetch and the clock come in from outside so
// tests can serve real captured bodies, hang, or refuse connections. Nothing
// here throws for a network or protocol problem: every call answers a
// SabnzbdResult whose error says what happened in words a person can act on.
import type { z } from 'zod';
import { systemClock, type Clock } from '../clock';
import { readBodyUpTo } from '../http/bounded-body';
import { fetchWithinOrigin } from '../http/same-origin-fetch';
import { originOf } from '../http/service-origin';
import { nodeHttpFetch, type FetchFn } from '../http/node-http-fetch';
import { sabErr, sabOk, sabnzbdMessages as say, type SabnzbdError, type SabnzbdResult } from './sabnzbd-error';
import {
  SabAddResponseSchema,
  SabApiErrorSchema,
  SabCategoriesResponseSchema,
  SabCategoryConfigResponseSchema,
  SabFolderConfigResponseSchema,
  SabHistoryResponseSchema,
  SabMiscConfigResponseSchema,
  SabQueueResponseSchema,
  SabRetryResponseSchema,
  SabStatusResponseSchema,
  SabVersionSchema,
  type SabCategoryFolder,
  type SabFailureConfig,
  type SabFolders,
  type SabHistory,
  type SabQueue,
} from './sabnzbd-schemas';

export interface SabnzbdConnection {
  /** SABnzbd's web address, e.g. http://192.168.1.10:8080 (a path like /sabnzbd is kept). */
  url: string;
  apiKey: string;
  timeoutMs: number;
}

export type { FetchFn } from '../http/node-http-fetch';

export interface SabnzbdClientOptions {
  /** A function is read on every request, so changed settings apply without rebuilding the client. */
  connection: SabnzbdConnection | (() => SabnzbdConnection);
  fetch?: FetchFn;
  clock?: Clock;
  /** Longest answer read (default 20 MB): a page of history or a queue is far smaller. */
  maxResponseBytes?: number;
}

/** Far above any real answer to a paged request (a 50-slot history page is ~100 KB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

export interface HistoryQuery {
  start?: number;
  limit?: number;
  failedOnly?: boolean;
  category?: string;
  /** SABnzbd answers `null` (nothing changed) when this equals its current value. */
  lastHistoryUpdate?: number;
  /** Only these jobs (SABnzbd 3.x `nzo_ids`). */
  nzoIds?: readonly string[];
  /** Only jobs whose name contains this (SABnzbd's `search`). */
  search?: string;
}

export interface QueueQuery {
  /** Only these jobs (SABnzbd 3.x `nzo_ids`). */
  nzoIds?: readonly string[];
  /** Only jobs whose name contains this (SABnzbd's `search`). */
  search?: string;
}

export interface AddOptions {
  category?: string;
  /** -100 default, -2 paused, -1 low, 0 normal, 1 high, 2 force. */
  priority?: number;
  nzbName?: string;
  password?: string;
}

type Params = Record<string, string | number | undefined>;

export class SabnzbdClient {
  private readonly fetchFn: FetchFn;
  private readonly clock: Clock;

  constructor(private readonly options: SabnzbdClientOptions) {
    this.fetchFn = options.fetch ?? nodeHttpFetch;
    this.clock = options.clock ?? systemClock;
  }

  /** The address errors and events name (never the key). */
  get address(): string {
    return baseAddress(this.connection().url);
  }

  async version(): Promise<SabnzbdResult<string>> {
    const r = await this.call('version', {}, SabVersionSchema);
    return r.ok ? sabOk(r.value.version) : r;
  }

  async queue(query: QueueQuery = {}): Promise<SabnzbdResult<SabQueue>> {
    const r = await this.call('queue', { nzo_ids: query.nzoIds?.join(','), search: query.search }, SabQueueResponseSchema);
    return r.ok ? sabOk(r.value.queue) : r;
  }

  /** One page of history, newest first; `null` when SABnzbd says nothing changed since `lastHistoryUpdate`. */
  async history(query: HistoryQuery = {}): Promise<SabnzbdResult<SabHistory | null>> {
    const r = await this.call(
      'history',
      {
        start: query.start,
        limit: query.limit,
        failed_only: query.failedOnly ? 1 : undefined,
        category: query.category,
        last_history_update: query.lastHistoryUpdate,
        nzo_ids: query.nzoIds?.join(','),
        search: query.search,
      },
      SabHistoryResponseSchema,
    );
    if (!r.ok) return r;
    return sabOk(r.value.history === false ? null : r.value.history);
  }

  /** Re-queue a failed job. SABnzbd gives the retried job a NEW nzo_id; that id is the answer. */
  async retry(nzoId: string, options: { password?: string } = {}): Promise<SabnzbdResult<string>> {
    const r = await this.call('retry', { value: nzoId, password: options.password }, SabRetryResponseSchema);
    return r.ok ? sabOk(r.value.nzo_id) : r;
  }

  /** Remove a job from history, and with `deleteFiles` also its incomplete files on disk. */
  async deleteFromHistory(nzoId: string, options: { deleteFiles: boolean }): Promise<SabnzbdResult<true>> {
    const r = await this.call(
      'history',
      { name: 'delete', value: nzoId, del_files: options.deleteFiles ? 1 : 0 },
      SabStatusResponseSchema,
    );
    if (!r.ok) return r;
    return r.value.status ? sabOk(true) : sabErr('api_error', say.refused(this.address, 'history delete', 'no reason given'));
  }

  /** Take a job out of the download queue, with `deleteFiles` also its downloaded files. */
  async deleteFromQueue(nzoId: string, options: { deleteFiles: boolean }): Promise<SabnzbdResult<true>> {
    const r = await this.call('queue', { name: 'delete', value: nzoId, del_files: options.deleteFiles ? 1 : 0 }, SabStatusResponseSchema);
    if (!r.ok) return r;
    return r.value.status ? sabOk(true) : sabErr('api_error', say.refused(this.address, 'queue delete', `no job ${nzoId} in the queue`));
  }

  /** The download and completed-download folders, and each category's own folder. */
  async folders(): Promise<SabnzbdResult<SabFolders>> {
    const [misc, cats] = await Promise.all([
      this.call('get_config', { section: 'misc' }, SabFolderConfigResponseSchema),
      this.call('get_config', { section: 'categories' }, SabCategoryConfigResponseSchema),
    ]);
    if (!misc.ok) return misc;
    if (!cats.ok) return cats;
    return sabOk({
      downloadDir: misc.value.config.misc.download_dir,
      completeDir: misc.value.config.misc.complete_dir,
      categories: cats.value.config.categories.map((c) => ({ name: c.name, dir: c.dir })),
    });
  }

  /** Pause / resume the whole queue (mode=pause, mode=resume). */
  async pauseQueue(): Promise<SabnzbdResult<true>> {
    return this.done('pause', await this.call('pause', {}, SabStatusResponseSchema));
  }

  async resumeQueue(): Promise<SabnzbdResult<true>> {
    return this.done('resume', await this.call('resume', {}, SabStatusResponseSchema));
  }

  private done(mode: string, r: SabnzbdResult<{ status: boolean }>): SabnzbdResult<true> {
    if (!r.ok) return r;
    return r.value.status ? sabOk(true) : sabErr('api_error', say.refused(this.address, mode, 'no reason given'));
  }

  /** Each category's folder setting (without the `*` entry); '' = the complete folder itself. */
  async categoryFolders(): Promise<SabnzbdResult<SabCategoryFolder[]>> {
    const r = await this.call('get_config', { section: 'categories' }, SabCategoryConfigResponseSchema);
    return r.ok ? sabOk(r.value.config.categories.filter((c) => c.name !== '*')) : r;
  }

  /** Category names, without SABnzbd's `*` (default) entry. */
  async categories(): Promise<SabnzbdResult<string[]>> {
    const r = await this.call('get_cats', {}, SabCategoriesResponseSchema);
    return r.ok ? sabOk(r.value.categories.filter((c) => c !== '*')) : r;
  }

  /** The misc settings that decide which jobs fail and how (abort hopeless, pre-check, propagation delay, duplicates). */
  async failureConfig(): Promise<SabnzbdResult<SabFailureConfig>> {
    const r = await this.call('get_config', { section: 'misc' }, SabMiscConfigResponseSchema);
    return r.ok ? sabOk(r.value.config.misc) : r;
  }

  /** Add an NZB by URL; answers the new nzo_ids. */
  async addUrl(url: string, options: AddOptions = {}): Promise<SabnzbdResult<string[]>> {
    const r = await this.call('addurl', { name: url, ...addParams(options) }, SabAddResponseSchema);
    return this.added(r, 'addurl');
  }

  /** Upload an NZB (multipart field `name`, as Sonarr/Radarr do); answers the new nzo_ids. */
  async addFile(file: { fileName: string; content: string | Uint8Array }, options: AddOptions = {}): Promise<SabnzbdResult<string[]>> {
    const form = new FormData();
    const bytes = typeof file.content === 'string' ? file.content : new Uint8Array(file.content);
    form.append('name', new Blob([bytes], { type: 'application/x-nzb' }), file.fileName);
    const r = await this.call('addfile', addParams(options), SabAddResponseSchema, { method: 'POST', body: form });
    return this.added(r, 'addfile');
  }

  private added(
    r: SabnzbdResult<{ status: boolean; nzo_ids: string[] }>,
    mode: string,
  ): SabnzbdResult<string[]> {
    if (!r.ok) return r;
    if (!r.value.status || r.value.nzo_ids.length === 0) {
      return sabErr(
        'api_error',
        say.refused(this.address, mode, 'the NZB was not accepted (a pre-queue script refused it, or it is invalid or empty)'),
      );
    }
    return sabOk(r.value.nzo_ids);
  }

  private connection(): SabnzbdConnection {
    const c = this.options.connection;
    return typeof c === 'function' ? c() : c;
  }

  private async call<S extends z.ZodType>(
    mode: string,
    params: Params,
    schema: S,
    init: { method?: 'GET' | 'POST'; body?: FormData } = {},
  ): Promise<SabnzbdResult<z.output<S>>> {
    const conn = this.connection();
    const base = baseAddress(conn.url);
    if (base === '') return sabErr('unreachable', 'No SABnzbd address is set yet — enter it in Settings (e.g. http://localhost:8080).');
    const url = apiUrl(conn.url, { mode, output: 'json', apikey: conn.apiKey, ...params });
    if (url === null) return sabErr('unreachable', `"${base}" is not a web address — enter SABnzbd's, e.g. http://localhost:8080.`);

    const controller = new AbortController();
    let timedOut = false;
    const timer = this.clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, conn.timeoutMs);
    let status: number;
    let text: string;
    try {
      const answer = await fetchWithinOrigin(this.fetchFn, url, {
        method: init.method ?? 'GET',
        body: init.body,
        headers: { Accept: 'application/json' },
        signal: controller.signal,
      });
      if (answer.kind === 'left_origin') return sabErr('malformed', say.redirectedAway(base, answer.status, answer.to));
      if (answer.kind === 'redirect_loop') return sabErr('malformed', say.redirectLoop(base, answer.hops));
      const res = answer.response;
      status = res.status;
      const maxBytes = this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
      const body = await readBodyUpTo(res, maxBytes);
      if (!body.ok) return sabErr('malformed', say.tooLarge(base, mode, maxBytes));
      text = body.text;
    } catch (e) {
      if (timedOut) return sabErr('timeout', say.timeout(base, conn.timeoutMs));
      return sabErr('unreachable', say.unreachable(base, networkCause(e)));
    } finally {
      this.clock.clearTimeout(timer);
    }
    return interpret(text, status, mode, base, schema);
  }
}

function interpret<S extends z.ZodType>(
  text: string,
  status: number,
  mode: string,
  base: string,
  schema: S,
): SabnzbdResult<z.output<S>> {
  const keyError = apiKeyError(text, base);
  if (keyError) return { ok: false, error: keyError };
  if (status === 401 || status === 403) {
    return sabErr(
      'bad_api_key',
      `SABnzbd at ${base} refused access (HTTP ${status}) — check the API key (SABnzbd → Config → General) and that SABnzbd accepts this computer.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    if (/^\s*</.test(text)) return sabErr('malformed', say.webPage(base, status));
    if (status < 200 || status >= 300) return sabErr('malformed', say.httpStatus(base, status));
    return sabErr('malformed', say.unreadable(base, mode));
  }
  const refusal = SabApiErrorSchema.safeParse(json);
  if (refusal.success) return sabErr('api_error', say.refused(base, mode, refusal.data.error));
  if (status < 200 || status >= 300) return sabErr('malformed', say.httpStatus(base, status));
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const detail = issue ? `${issue.path.join('.') || 'answer'}: ${issue.message}` : 'unexpected answer';
    return sabErr('malformed', say.unexpectedShape(base, mode, detail));
  }
  return sabOk(parsed.data);
}

/** SABnzbd answers a missing or wrong key with HTTP 403 and bare text, whatever `output` asked for. */
function apiKeyError(text: string, base: string): SabnzbdError | null {
  if (text.length > 500) return null;
  if (/api key required/i.test(text)) return { code: 'bad_api_key', message: say.keyRequired(base) };
  if (/api key incorrect/i.test(text)) return { code: 'bad_api_key', message: say.keyRejected(base) };
  return null;
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
      return 'connection dropped';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'network unreachable';
    default:
      return cause instanceof Error ? cause.message : String(cause);
  }
}

/** `http://host:8080/` → `http://host:8080`; `http://host:8080/sabnzbd/api` → `http://host:8080/sabnzbd`. */
export function baseAddress(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  return trimmed.replace(/\/api$/i, '');
}

function apiUrl(url: string, params: Params): string | null {
  let u: URL;
  try {
    u = new URL(`${baseAddress(url)}/api`);
  } catch {
    return null;
  }
  // `http:` alone parses as http://api/ once /api is added: only the typed server may be asked.
  if (originOf(url) !== u.origin) return null;
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') u.searchParams.set(k, String(v));
  return u.toString();
}

function addParams(o: AddOptions): Params {
  return { cat: o.category, priority: o.priority, nzbname: o.nzbName, password: o.password };
}
