// The HTTP face the fake apps share: loopback only, API key from the
// X-Api-Key header or the apikey query (401 with an empty body otherwise, like
// the real apps), the common routes under /api/v3 (Sonarr, Radarr) or /api/v1
// (Lidarr, Readarr), paging envelopes and spec-shaped resources.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeArrCore, indexerIdOf, indexerOf, isoDate, type ArrFlavor, type FakeArrCoreOptions } from './fake-arr-core';
import type { FakeCall, FakeGrab, FakeQuality, HistoryEvent, SeedRelease } from './fake-arr-model';

export interface Answer {
  status: number;
  body?: unknown;
}

export interface RouteContext {
  params: string[];
  query: URLSearchParams;
  body: unknown;
  core: FakeArrCore;
}

export interface Route {
  method: string;
  path: RegExp;
  handle(ctx: RouteContext): Answer | Promise<Answer>;
}

/** How one app shapes its resources and which routes only it has. */
export interface ArrResources {
  events: Readonly<Record<string, number>>;
  quality(q: FakeQuality): Record<string, unknown>;
  historyFields(itemId: number): Record<string, unknown>;
  /** `/history` filters beyond downloadId/eventType: Sonarr episodeId/seriesIds, Radarr movieIds. */
  historyFilter(query: URLSearchParams): ((itemId: number) => boolean) | Answer;
  queueFields(itemId: number): Record<string, unknown>;
  /** `/queue` filters: Sonarr seriesIds, Radarr movieIds. */
  queueFilter(query: URLSearchParams): ((itemId: number) => boolean) | Answer;
  blocklistFields(itemId: number): Record<string, unknown>;
  releaseFields(itemId: number, release: SeedRelease): Record<string, unknown>;
  /** `GET /release`: the item searched for, or an answer (400) when the query is not usable. */
  releaseItem(query: URLSearchParams): number | Answer;
  /** `wanted/missing` rows: the sort value (epoch ms) and the resource (the query for include* flags). */
  missing(monitored: boolean, query: URLSearchParams): SortableRow[];
  missingSortKey: string;
  systemExtra: Record<string, unknown>;
  routes: Route[];
  /** Whether history, queue, blocklist and release resources carry `languages` (v3 yes, Lidarr/Readarr v1 no). Default true. */
  languages?: boolean;
  /** Common queue fields this app's QueueResource does not have (Readarr: `added`). */
  omitQueueFields?: readonly string[];
}

export interface FakeArrServerOptions extends Partial<Omit<FakeArrCoreOptions, 'clock'>> {
  clock?: FakeArrCoreOptions['clock'];
  apiKey?: string;
  port?: number;
  /** The app's URL Base setting, e.g. '/sonarr'. */
  urlBase?: string;
  /** Keep every request in `calls` (default true; the demo, polled for hours, turns it off). */
  recordCalls?: boolean;
}

export interface FakeArr {
  readonly url: string;
  readonly apiKey: string;
  readonly port: number;
  readonly core: FakeArrCore;
  readonly calls: FakeCall[];
  grabs(): FakeGrab[];
  setAutoRedownload(on: boolean): void;
  /** How long the app's automatic searches take on its clock (see FakeArrCoreOptions.searchDurationMs). */
  setSearchDuration(ms: number): void;
  addRelease(itemId: number, release: SeedRelease): void;
  /** One pass of the app's failed/completed download handling against SABnzbd. */
  checkDownloads(): Promise<void>;
  /** Without SABnzbd: what the download client says about a job (status Completed / Failed). */
  reportDownload(nzoId: string, status: 'Completed' | 'Failed', failMessage?: string): Promise<void>;
  /** Wait for commands (searches, grabs) still running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const json = (status: number, body?: unknown): Answer => ({ status, body });
const notFound = (message = 'NotFound'): Answer => json(404, { message });
export const badRequest = (propertyName: string, errorMessage: string): Answer =>
  json(400, [{ propertyName, errorMessage, severity: 'error' }]);

export function intParam(query: URLSearchParams, name: string): number | undefined | Answer {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  return Number.isInteger(n) ? n : badRequest(name, `The value '${raw}' is not valid.`);
}

export function intList(query: URLSearchParams, name: string): number[] | Answer {
  const out: number[] = [];
  for (const raw of query.getAll(name).flatMap((v) => v.split(','))) {
    if (raw === '') continue;
    const n = Number(raw);
    if (!Number.isInteger(n)) return badRequest(name, `The value '${raw}' is not valid.`);
    out.push(n);
  }
  return out;
}

export const isAnswer = (v: unknown): v is Answer => typeof v === 'object' && v !== null && 'status' in v && !Array.isArray(v);

function boolParam(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = query.get(name);
  return raw === null ? fallback : raw.toLowerCase() === 'true';
}

/** Enum query values bind from their name or their number in ASP.NET. */
function enumParam(query: URLSearchParams, name: string, values: Readonly<Record<string, number>>): string | undefined | Answer {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const byNumber = Object.entries(values).find(([, n]) => String(n) === raw);
  if (byNumber) return byNumber[0];
  const byName = Object.keys(values).find((k) => k.toLowerCase() === raw.toLowerCase());
  return byName ?? badRequest(name, `The value '${raw}' is not valid.`);
}

/** A paged row: `sort` (epoch ms) orders it, `tie` (its id) breaks equal times. */
export interface SortableRow {
  sort: number;
  tie?: number;
  resource: Record<string, unknown>;
}

export function paged(
  rows: SortableRow[],
  query: URLSearchParams,
  defaults: { sortKey: string; sortDirection: 'ascending' | 'descending'; pageSize: number },
): Answer {
  const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
  const pageSize = Math.max(1, Number(query.get('pageSize') ?? defaults.pageSize) || defaults.pageSize);
  const sortKey = query.get('sortKey') ?? defaults.sortKey;
  const sortDirection = query.get('sortDirection') ?? defaults.sortDirection;
  const dir = sortDirection === 'ascending' ? 1 : -1;
  const sorted = [...rows].sort((a, b) => dir * (a.sort - b.sort || (a.tie ?? 0) - (b.tie ?? 0)));
  return json(200, {
    page,
    pageSize,
    sortKey,
    sortDirection,
    totalRecords: rows.length,
    records: sorted.slice((page - 1) * pageSize, page * pageSize).map((r) => r.resource),
  });
}

const LANGUAGES = [{ id: 1, name: 'English' }];

/** A HistoryResource: the app's item ids, camelCase eventType, string-valued data, nulls omitted. */
export function historyResourceOf(res: ArrResources, h: HistoryEvent): Record<string, unknown> {
  return {
    ...res.historyFields(h.itemId),
    sourceTitle: h.sourceTitle,
    ...languagesOf(res),
    quality: { quality: res.quality(h.quality), revision: { version: 1, real: 0, isRepack: false } },
    customFormats: [],
    customFormatScore: 0,
    qualityCutoffNotMet: false,
    date: isoDate(h.date),
    ...(h.downloadId ? { downloadId: h.downloadId } : {}),
    eventType: h.eventType,
    data: h.data,
    id: h.id,
  };
}

const languagesOf = (res: ArrResources): { languages?: typeof LANGUAGES } => (res.languages === false ? {} : { languages: LANGUAGES });

function commonRoutes(flavor: ArrFlavor, res: ArrResources): Route[] {
  const langs = languagesOf(res);
  const qualityModel = (q: FakeQuality) => ({ quality: res.quality(q), revision: { version: 1, real: 0, isRepack: false } });

  const historyResource = (_core: FakeArrCore, h: HistoryEvent) => historyResourceOf(res, h);

  const commandResource = (c: FakeArrCore['commands'][number]) => ({
    name: c.name,
    commandName: c.commandName,
    ...(c.message ? { message: c.message } : {}),
    body: c.body,
    priority: 'normal',
    status: c.status,
    result: c.result,
    queued: isoDate(c.queued),
    ...(c.started !== undefined ? { started: isoDate(c.started) } : {}),
    ...(c.ended !== undefined ? { ended: isoDate(c.ended), duration: '00:00:00.0100000' } : {}),
    trigger: c.trigger,
    stateChangeTime: isoDate(c.ended ?? c.started ?? c.queued),
    sendUpdatesToClient: true,
    updateScheduledTask: true,
    id: c.id,
  });

  const configResource = (core: FakeArrCore) => ({
    downloadClientWorkingFolders: '_UNPACK_|_FAILED_',
    enableCompletedDownloadHandling: core.config.enableCompletedDownloadHandling,
    ...(flavor.appName === 'Radarr' ? { checkForFinishedDownloadInterval: core.config.checkForFinishedDownloadInterval } : {}),
    autoRedownloadFailed: core.config.autoRedownloadFailed,
    autoRedownloadFailedFromInteractiveSearch: core.config.autoRedownloadFailedFromInteractiveSearch,
    id: 1,
  });

  const releaseResource = (core: FakeArrCore, itemId: number, r: SeedRelease, rejections: string[]) => {
    const now = core.clock.now();
    const publish = Date.parse(r.publishDate ?? '') || now - 86_400_000;
    const ageMs = Math.max(0, now - publish);
    return {
      guid: r.guid,
      quality: qualityModel(r.quality),
      customFormats: [],
      customFormatScore: 0,
      qualityWeight: core.weightOf(r.quality) * 10 + r.quality.id,
      age: Math.floor(ageMs / 86_400_000),
      ageHours: ageMs / 3_600_000,
      ageMinutes: ageMs / 60_000,
      size: r.size ?? 0,
      indexerId: indexerIdOf(r),
      indexer: indexerOf(r),
      ...(r.releaseGroup ? { releaseGroup: r.releaseGroup } : {}),
      title: r.title,
      sceneSource: false,
      ...langs,
      ...res.releaseFields(itemId, r),
      approved: rejections.length === 0,
      temporarilyRejected: false,
      rejected: rejections.length > 0,
      rejections,
      publishDate: isoDate(publish),
      downloadUrl: `https://indexer.example/getnzb/${r.guid}`,
      infoUrl: `https://indexer.example/details/${r.guid}`,
      downloadAllowed: true,
      releaseWeight: 0,
      protocol: 'usenet',
    };
  };

  return [
    {
      method: 'GET',
      path: /^\/system\/status$/,
      handle: ({ core }) =>
        json(200, {
          appName: flavor.appName,
          instanceName: flavor.appName,
          version: flavor.version,
          buildTime: '2025-06-01T00:00:00Z',
          isDebug: false,
          isProduction: true,
          isAdmin: false,
          isUserInteractive: false,
          startupPath: `/app/${flavor.appName.toLowerCase()}/bin`,
          appData: '/config',
          osName: 'debian',
          osVersion: '12',
          isNetCore: true,
          isLinux: true,
          isOsx: false,
          isWindows: false,
          isDocker: false,
          mode: 'console',
          authentication: 'forms',
          migrationVersion: 200,
          urlBase: '',
          runtimeVersion: '8.0.12',
          runtimeName: '.NET',
          startTime: isoDate(core.clock.now() - 3_600_000),
          packageUpdateMechanism: 'builtIn',
          databaseType: 'sqLite',
          databaseVersion: '3.46.1',
          ...res.systemExtra,
        }),
    },
    {
      method: 'GET',
      path: /^\/history$/,
      handle: ({ core, query }) => {
        const types = intList(query, 'eventType');
        if (isAnswer(types)) return types;
        const names = new Set(Object.entries(res.events).filter(([, n]) => types.includes(n)).map(([k]) => k));
        const itemFilter = res.historyFilter(query);
        if (isAnswer(itemFilter)) return itemFilter;
        const downloadId = query.get('downloadId');
        const rows = core.history
          .filter((h) => (types.length === 0 || names.has(h.eventType)) && (!downloadId || h.downloadId === downloadId) && itemFilter(h.itemId))
          .map((h) => ({ sort: h.date, tie: h.id, resource: historyResource(core, h) }));
        return paged(rows, query, { sortKey: 'date', sortDirection: 'descending', pageSize: 10 });
      },
    },
    {
      method: 'GET',
      path: /^\/history\/since$/,
      handle: ({ core, query }) => {
        const date = Date.parse(query.get('date') ?? '');
        if (Number.isNaN(date)) return badRequest('date', "The value '' is invalid.");
        const type = enumParam(query, 'eventType', res.events);
        if (isAnswer(type)) return type;
        return json(
          200,
          core.history.filter((h) => h.date >= date && (!type || h.eventType === type)).map((h) => historyResource(core, h)),
        );
      },
    },
    {
      method: 'GET',
      path: /^\/queue$/,
      handle: ({ core, query }) => {
        const itemFilter = res.queueFilter(query);
        if (isAnswer(itemFilter)) return itemFilter;
        const omit = new Set(res.omitQueueFields ?? []);
        const rows = core.activeDownloads().filter((d) => itemFilter(d.itemId)).map((d) => ({
          sort: d.added, tie: d.queueId,
          resource: Object.fromEntries(Object.entries({
            ...res.queueFields(d.itemId),
            ...langs,
            quality: qualityModel(d.release.quality),
            customFormats: [],
            customFormatScore: 0,
            size: d.release.size ?? 0,
            title: d.release.title,
            ...(d.timeLeft ? { timeleft: d.timeLeft } : {}),
            added: isoDate(d.added),
            status: d.clientStatus === 'Downloading' ? 'downloading' : d.clientStatus === 'Paused' ? 'paused' : 'queued',
            trackedDownloadStatus: 'ok',
            trackedDownloadState: 'downloading',
            statusMessages: [],
            downloadId: d.downloadId,
            protocol: 'usenet',
            downloadClient: 'SABnzbd',
            downloadClientHasPostImportCategory: false,
            indexer: indexerOf(d.release),
            sizeleft: d.sizeLeft,
            id: d.queueId,
          }).filter(([k]) => !omit.has(k))),
        }));
        return paged(rows, query, { sortKey: 'timeleft', sortDirection: 'ascending', pageSize: 10 });
      },
    },
    {
      method: 'DELETE',
      path: /^\/queue\/(\d+)$/,
      handle: async ({ core, params, query }) => {
        const removed = await core.removeQueueItem(Number(params[0]), {
          removeFromClient: boolParam(query, 'removeFromClient', true),
          blocklist: boolParam(query, 'blocklist', false),
          skipRedownload: boolParam(query, 'skipRedownload', false),
        });
        return removed ? json(200) : notFound();
      },
    },
    {
      method: 'GET',
      path: /^\/blocklist$/,
      handle: ({ core, query }) =>
        paged(
          core.blocklist.map((b) => ({
            sort: b.date, tie: b.id,
            resource: {
              ...res.blocklistFields(b.itemId),
              sourceTitle: b.sourceTitle,
              ...langs,
              quality: qualityModel(b.quality),
              customFormats: [],
              date: isoDate(b.date),
              protocol: 'usenet',
              indexer: b.indexer,
              message: b.message,
              id: b.id,
            },
          })),
          query,
          { sortKey: 'date', sortDirection: 'descending', pageSize: 10 },
        ),
    },
    {
      method: 'DELETE',
      path: /^\/blocklist\/(\d+)$/,
      handle: ({ core, params }) => (core.removeBlocklistEntry(Number(params[0])) ? json(200) : notFound()),
    },
    {
      method: 'GET',
      path: /^\/release$/,
      handle: ({ core, query }) => {
        const itemId = res.releaseItem(query);
        if (isAnswer(itemId)) return itemId;
        return json(200, core.search(itemId).map((h) => releaseResource(core, itemId, h.release, h.rejections)));
      },
    },
    {
      method: 'POST',
      path: /^\/release$/,
      handle: async ({ core, body }) => {
        const b = (body ?? {}) as { guid?: unknown; indexerId?: unknown };
        if (typeof b.guid !== 'string' || b.guid === '') return badRequest('Guid', "'Guid' must not be empty.");
        if (typeof b.indexerId !== 'number') return badRequest('IndexerId', "'Indexer Id' must not be empty.");
        try {
          const td = await core.grabFromCache(b.guid, b.indexerId);
          if (td === 'not_found') return notFound("Couldn't find requested release in cache, cache timeout probably expired.");
          return json(200, releaseResource(core, td.itemId, td.release, []));
        } catch (e) {
          return json(500, { message: `Failed to add release to SABnzbd: ${e instanceof Error ? e.message : String(e)}` });
        }
      },
    },
    {
      method: 'POST',
      path: /^\/command$/,
      handle: ({ core, body }) => {
        const b = (body ?? {}) as Record<string, unknown>;
        const known = [flavor.searchCommand.name, 'RefreshMonitoredDownloads'];
        const name = known.find((n) => typeof b.name === 'string' && n.toLowerCase() === b.name.toLowerCase());
        if (!name) return badRequest('Name', `Unknown command '${String(b.name)}'`);
        if (name === flavor.searchCommand.name) {
          const ids = b[flavor.searchCommand.idsKey];
          if (!Array.isArray(ids) || ids.some((v) => typeof v !== 'number'))
            return badRequest(flavor.searchCommand.idsKey, `'${flavor.searchCommand.idsKey}' must be a list of ids.`);
        }
        const { name: _n, ...rest } = b;
        return json(201, commandResource(core.startCommand(name, rest, 'manual')));
      },
    },
    { method: 'GET', path: /^\/command$/, handle: ({ core }) => json(200, core.commands.map(commandResource)) },
    {
      method: 'GET',
      path: /^\/command\/(\d+)$/,
      handle: ({ core, params }) => {
        const c = core.commands.find((x) => x.id === Number(params[0]));
        return c ? json(200, commandResource(c)) : notFound();
      },
    },
    { method: 'GET', path: /^\/config\/downloadclient(?:\/1)?$/, handle: ({ core }) => json(200, configResource(core)) },
    {
      // DownloadClientResource[] (the specs' /api/v3/downloadclient): the one client the fake sends its grabs to.
      method: 'GET',
      path: /^\/downloadclient$/,
      handle: ({ core }) => {
        const c = core.downloadClientResource();
        if (!c) return json(200, []);
        const categoryField = core.flavor.categoryField ?? (core.flavor.appName === 'Sonarr' ? 'tvCategory' : 'movieCategory');
        return json(200, [
          {
            id: 1,
            name: c.implementation === 'Sabnzbd' ? 'SABnzbd' : 'NZBGet',
            enable: true,
            protocol: 'usenet',
            priority: 1,
            removeCompletedDownloads: true,
            removeFailedDownloads: c.removeFailedDownloads,
            implementation: c.implementation,
            implementationName: c.implementation === 'Sabnzbd' ? 'SABnzbd' : 'NZBGet',
            configContract: `${c.implementation}Settings`,
            fields: [
              { name: 'host', value: 'localhost' },
              { name: categoryField, value: c.category },
            ],
            tags: [],
          },
        ]);
      },
    },
    {
      method: 'PUT',
      path: /^\/config\/downloadclient(?:\/(\d+))?$/,
      handle: ({ core, body }) => {
        const b = (body ?? {}) as Record<string, unknown>;
        for (const key of ['enableCompletedDownloadHandling', 'autoRedownloadFailed', 'autoRedownloadFailedFromInteractiveSearch'] as const) {
          const v = b[key];
          if (v !== undefined && typeof v !== 'boolean') return badRequest(key, `'${key}' must be true or false.`);
          if (typeof v === 'boolean') core.config[key] = v;
        }
        return json(202, configResource(core));
      },
    },
    {
      method: 'GET',
      path: /^\/wanted\/missing$/,
      handle: ({ query }) =>
        paged(res.missing(boolParam(query, 'monitored', true), query), query, {
          sortKey: res.missingSortKey,
          sortDirection: 'descending',
          pageSize: 10,
        }),
    },
  ];
}

export async function startFakeArr(flavor: ArrFlavor, res: ArrResources, opts: FakeArrServerOptions, clock: FakeArrCoreOptions['clock']): Promise<FakeArr> {
  const apiKey = opts.apiKey ?? `${flavor.appName.toLowerCase()}0123456789abcdef0123456789ab`;
  const urlBase = (opts.urlBase ?? '').replace(/\/+$/, '');
  const core = new FakeArrCore(flavor, { ...opts, clock });
  const routes = [...res.routes, ...commonRoutes(flavor, res)];
  const calls: FakeCall[] = [];

  async function handle(req: IncomingMessage, resp: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = undefined;
    let badJson = false;
    if (raw) {
      try {
        body = JSON.parse(raw) as unknown;
      } catch {
        badJson = true;
      }
    }
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const all = url.searchParams.getAll(key);
      query[key] = all.length === 1 ? all[0]! : all;
    }
    const prefix = `${urlBase}/api/${flavor.apiVersion ?? 'v3'}`;
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : null;
    if (opts.recordCalls !== false) calls.push({ method, path: path ?? url.pathname, query, body });

    const send = (a: Answer) => {
      const text = a.body === undefined ? '' : JSON.stringify(a.body);
      resp.writeHead(a.status, text ? { 'Content-Type': 'application/json; charset=utf-8' } : {});
      resp.end(text);
    };
    if (path === null) return send(notFound());
    const key = req.headers['x-api-key'] ?? url.searchParams.get('apikey');
    if (key !== apiKey) return send({ status: 401 });
    if (badJson) return send(json(400, { message: 'Invalid JSON body' }));
    for (const r of routes) {
      if (r.method !== method) continue;
      const m = r.path.exec(path);
      if (!m) continue;
      return send(await r.handle({ params: m.slice(1), query: url.searchParams, body, core }));
    }
    send(notFound());
  }

  const server = createServer((req, resp) => {
    handle(req, resp).catch((e: unknown) => {
      resp.writeHead(500, { 'Content-Type': 'application/json' });
      resp.end(JSON.stringify({ message: e instanceof Error ? e.message : String(e) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}${urlBase}`,
    apiKey,
    port,
    core,
    calls,
    grabs: () => [...core.grabLog],
    setAutoRedownload: (on) => {
      core.config.autoRedownloadFailed = on;
    },
    setSearchDuration: (ms) => {
      core.searchDurationMs = ms;
    },
    addRelease: (itemId, release) => core.addRelease(itemId, release),
    checkDownloads: () => core.checkDownloads(),
    reportDownload: async (nzoId, status, failMessage) => {
      await core.clientReported(nzoId, status, failMessage);
      await core.idle();
    },
    idle: () => core.idle(),
    close: async () => {
      core.stop();
      await core.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
