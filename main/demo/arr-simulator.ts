// A Sonarr- or Radarr-shaped API v3 on loopback for the demo: a small library
// of episodes or movies, interactive search with releases on several quality
// rungs, grabs that go to the simulated SABnzbd, and the history records the
// real apps write (grabbed → downloadFolderImported / downloadFailed) as those
// jobs finish. Enough of the API for the core's poller, recovery and audit:
// system/status, history (by downloadId, item, since), queue, blocklist,
// release search + grab, config/downloadclient, wanted/missing, command.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RADARR_HISTORY_EVENT, SONARR_HISTORY_EVENT } from '../core/arr/history-event-type';
import type { FakeSabJob, FakeSabnzbdModel } from './fake-sabnzbd-model';

export type SimArrApp = 'sonarr' | 'radarr';

export interface SimItem {
  /** Episode id (Sonarr) or movie id (Radarr). */
  id: number;
  title: string;
  /** Sonarr only. */
  seriesId?: number;
  seriesTitle?: string;
  seasonNumber?: number;
  episodeNumber?: number;
  year?: number;
  hasFile: boolean;
}

interface SimQuality {
  id: number;
  name: string;
  source: string;
  resolution: number;
}

export interface SimRelease {
  guid: string;
  indexerId: number;
  indexer: string;
  title: string;
  quality: SimQuality;
  releaseGroup: string;
  itemId: number;
  size: number;
}

interface HistoryRec {
  id: number;
  itemId: number;
  sourceTitle: string;
  quality: SimQuality;
  date: string;
  downloadId: string;
  eventType: string;
  data: Record<string, string>;
}

interface BlockRec {
  id: number;
  itemId: number;
  sourceTitle: string;
  quality: SimQuality;
  date: string;
  message: string;
  guid: string;
}

const QUALITIES: Record<SimArrApp, SimQuality[]> = {
  sonarr: [
    { id: 3, name: 'WEBDL-1080p', source: 'web', resolution: 1080 },
    { id: 9, name: 'HDTV-1080p', source: 'television', resolution: 1080 },
    { id: 4, name: 'HDTV-720p', source: 'television', resolution: 720 },
    { id: 1, name: 'SDTV', source: 'television', resolution: 480 },
  ],
  radarr: [
    { id: 7, name: 'Bluray-1080p', source: 'bluray', resolution: 1080 },
    { id: 3, name: 'WEBDL-1080p', source: 'webdl', resolution: 1080 },
    { id: 5, name: 'WEBDL-720p', source: 'webdl', resolution: 720 },
    { id: 6, name: 'Bluray-720p', source: 'bluray', resolution: 720 },
  ],
};
const GROUPS = ['NTb', 'FLUX', 'CAKES', 'SiGMA'];
const INDEXERS = [
  { id: 1, name: 'NZBgeek (Demo)' },
  { id: 2, name: 'DrunkenSlug (Demo)' },
];

export interface ArrSimulatorOptions {
  app: SimArrApp;
  apiKey: string;
  sab: FakeSabnzbdModel;
  now: () => number;
  items: SimItem[];
  /** SABnzbd category this app sends its grabs to. */
  category?: string;
  /** How a grabbed release ends in SABnzbd: null completes, a string fails with that SABnzbd message. */
  outcomeOf?: (release: SimRelease, grabNumber: number) => string | null;
  port?: number;
}

export class ArrModel {
  readonly app: SimArrApp;
  readonly items = new Map<number, SimItem>();
  readonly history: HistoryRec[] = [];
  readonly blocklist: BlockRec[] = [];
  readonly category: string;
  private readonly grabs = new Map<string, { itemId: number; release: SimRelease }>();
  private readonly releases = new Map<string, SimRelease>();
  private seq = 0;
  private grabCount = 0;

  constructor(private readonly options: ArrSimulatorOptions) {
    this.app = options.app;
    this.category = options.category ?? (options.app === 'sonarr' ? 'tv' : 'movies');
    for (const item of options.items) this.items.set(item.id, { ...item });
    options.sab.onFinished((job) => this.jobFinished(job));
  }

  get appName(): string {
    return this.app === 'sonarr' ? 'Sonarr' : 'Radarr';
  }

  private iso(): string {
    return new Date(this.options.now()).toISOString();
  }

  /** The search results for an item: two releases per quality rung, best first. */
  search(itemId: number): SimRelease[] {
    const item = this.items.get(itemId);
    if (!item) return [];
    const base =
      this.app === 'sonarr'
        ? `${(item.seriesTitle ?? 'Show').replace(/\W+/g, '.')}.S${String(item.seasonNumber ?? 1).padStart(2, '0')}E${String(item.episodeNumber ?? 1).padStart(2, '0')}`
        : `${item.title.replace(/\W+/g, '.')}.${item.year ?? 2020}`;
    const out: SimRelease[] = [];
    QUALITIES[this.app].forEach((quality, qi) => {
      for (let k = 0; k < 2; k++) {
        const group = GROUPS[(qi * 2 + k) % GROUPS.length]!;
        const indexer = INDEXERS[k % INDEXERS.length]!;
        const release: SimRelease = {
          guid: `demo-${this.app}-${itemId}-${quality.id}-${k}`,
          indexerId: indexer.id,
          indexer: indexer.name,
          title: `${base}.${quality.name}-${group}`,
          quality,
          releaseGroup: group,
          itemId,
          size: Math.round((quality.resolution / 480) * 900_000_000),
        };
        this.releases.set(release.guid, release);
        out.push(release);
      }
    });
    return out;
  }

  /** Send a release to SABnzbd, as the app does on a grab; answers the job. */
  /** `failWith` given: the job ends that way; otherwise `outcomeOf` decides (grabs through the API). */
  grab(release: SimRelease, failWith?: string | null): FakeSabJob {
    this.releases.set(release.guid, release);
    ++this.grabCount;
    if (failWith === undefined) failWith = this.options.outcomeOf?.(release, this.grabCount) ?? null;
    const job = this.options.sab.add({ name: release.title, category: this.category, failWith, sizeMb: Math.round(release.size / 1_048_576) });
    this.grabs.set(job.nzoId, { itemId: release.itemId, release });
    this.record(release, job.nzoId, 'grabbed', {
      indexer: release.indexer,
      releaseGroup: release.releaseGroup,
      guid: release.guid,
      downloadClient: 'SABnzbd',
      protocol: 'usenet',
    });
    return job;
  }

  grabByGuid(guid: string): FakeSabJob | null {
    const release = this.releases.get(guid);
    return release ? this.grab(release) : null;
  }

  /** Whether a job of this item is still downloading. */
  busy(itemId: number): boolean {
    return this.queue().some((q) => q.itemId === itemId);
  }

  grabOf(nzoId: string): { itemId: number; release: SimRelease } | undefined {
    return this.grabs.get(nzoId);
  }

  private record(release: SimRelease, downloadId: string, eventType: string, data: Record<string, string>): void {
    this.history.push({
      id: ++this.seq,
      itemId: release.itemId,
      sourceTitle: release.title,
      quality: release.quality,
      date: this.iso(),
      downloadId,
      eventType,
      data,
    });
  }

  private jobFinished(job: FakeSabJob): void {
    const grab = this.grabs.get(job.nzoId) ?? (job.retriedFrom ? this.grabs.get(job.retriedFrom) : undefined);
    if (!grab) return;
    // A retried job keeps its release; the app tracks it by the new id from now on.
    if (!this.grabs.has(job.nzoId)) this.grabs.set(job.nzoId, grab);
    if (job.status === 'Completed') {
      const item = this.items.get(grab.itemId);
      if (item) item.hasFile = true;
      this.record(grab.release, job.nzoId, 'downloadFolderImported', { droppedPath: `/downloads/complete/${job.category}/${job.name}` });
    } else {
      this.record(grab.release, job.nzoId, 'downloadFailed', { message: job.failMessage, indexer: grab.release.indexer });
    }
  }

  removeFromQueue(queueId: number, opts: { removeFromClient: boolean; blocklist: boolean }): boolean {
    const job = this.options.sab.queued().find((j) => queueIdOf(j.nzoId) === queueId);
    if (!job) return false;
    const grab = this.grabs.get(job.nzoId);
    if (opts.removeFromClient) this.options.sab.remove(job.nzoId);
    if (opts.blocklist && grab) this.block(grab.release, 'Manually marked as failed');
    return true;
  }

  block(release: SimRelease, message: string): void {
    this.blocklist.push({ id: ++this.seq, itemId: release.itemId, sourceTitle: release.title, quality: release.quality, date: this.iso(), message, guid: release.guid });
  }

  isBlocked(guid: string): boolean {
    return this.blocklist.some((b) => b.guid === guid);
  }

  queue(): { job: FakeSabJob; itemId: number; release: SimRelease }[] {
    const out: { job: FakeSabJob; itemId: number; release: SimRelease }[] = [];
    for (const job of this.options.sab.queued()) {
      const grab = this.grabs.get(job.nzoId);
      if (grab) out.push({ job, ...grab });
    }
    return out;
  }
}

/** Stable numeric queue ids from SABnzbd's ids (the real apps hash them too). */
function queueIdOf(nzoId: string): number {
  let h = 7;
  for (const ch of nzoId) h = (h * 31 + ch.charCodeAt(0)) % 1_000_000_007;
  return h;
}

function qualityModel(q: SimQuality) {
  return { quality: q, revision: { version: 1, real: 0, isRepack: false } };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : null;
}

function paged<T>(rows: T[], q: URLSearchParams) {
  const page = Math.max(1, Number(q.get('page') ?? 1));
  const pageSize = Math.max(1, Number(q.get('pageSize') ?? 10));
  return {
    page,
    pageSize,
    sortKey: q.get('sortKey') ?? 'date',
    sortDirection: q.get('sortDirection') ?? 'descending',
    totalRecords: rows.length,
    records: rows.slice((page - 1) * pageSize, page * pageSize),
  };
}

export interface ArrSimulatorServer {
  readonly url: string;
  readonly apiKey: string;
  readonly model: ArrModel;
  close(): Promise<void>;
}

export async function startArrSimulator(options: ArrSimulatorOptions): Promise<ArrSimulatorServer> {
  const model = new ArrModel(options);
  const sonarr = options.app === 'sonarr';
  const eventNumbers: Record<string, number> = sonarr ? SONARR_HISTORY_EVENT : RADARR_HISTORY_EVENT;
  const itemKey = sonarr ? 'episodeId' : 'movieId';
  const started = new Date(options.now()).toISOString();
  let commandSeq = 0;
  const commands: Record<string, unknown>[] = [];

  const historyResource = (h: HistoryRec) => {
    const item = model.items.get(h.itemId);
    return {
      id: h.id,
      ...(sonarr ? { episodeId: h.itemId, seriesId: item?.seriesId ?? 1 } : { movieId: h.itemId }),
      sourceTitle: h.sourceTitle,
      quality: qualityModel(h.quality),
      date: h.date,
      downloadId: h.downloadId,
      eventType: h.eventType,
      data: h.data,
    };
  };
  const newestFirst = () => [...model.history].reverse();
  const itemResource = (item: SimItem) =>
    sonarr
      ? {
          id: item.id,
          seriesId: item.seriesId ?? 1,
          seasonNumber: item.seasonNumber ?? 1,
          episodeNumber: item.episodeNumber ?? 1,
          title: item.title,
          airDateUtc: '2026-01-01T01:00:00Z',
          hasFile: item.hasFile,
          monitored: true,
          series: { id: item.seriesId ?? 1, title: item.seriesTitle ?? 'Show' },
        }
      : { id: item.id, title: item.title, year: item.year ?? 2020, tmdbId: 10_000 + item.id, hasFile: item.hasFile, monitored: true };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const q = url.searchParams;
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(payload));
    };
    const key = req.headers['x-api-key'] ?? q.get('apikey');
    if (key !== options.apiKey) return send(401, { message: 'Unauthorized' });
    const path = url.pathname.replace(/^\/api\/v3/, '');
    const method = req.method ?? 'GET';
    const ints = (name: string) => q.getAll(name).map(Number);

    if (method === 'GET' && path === '/system/status') {
      return send(200, {
        appName: model.appName,
        instanceName: `${model.appName} (demo)`,
        version: sonarr ? '4.0.19.2979' : '5.28.0.10274',
        branch: 'main',
        urlBase: '',
        startTime: started,
      });
    }
    if (method === 'GET' && path === '/history') {
      const types = ints('eventType');
      const downloadId = q.get('downloadId');
      const item = q.get(itemKey);
      const rows = newestFirst().filter(
        (h) =>
          (types.length === 0 || types.includes(eventNumbers[h.eventType] ?? -1)) &&
          (downloadId === null || h.downloadId === downloadId) &&
          (item === null || h.itemId === Number(item)),
      );
      return send(200, { ...paged(rows.map(historyResource), q) });
    }
    if (method === 'GET' && path === '/history/since') {
      const since = Date.parse(q.get('date') ?? '') || 0;
      const types = ints('eventType');
      return send(
        200,
        model.history.filter((h) => Date.parse(h.date) >= since && (types.length === 0 || types.includes(eventNumbers[h.eventType] ?? -1))).map(historyResource),
      );
    }
    if (method === 'GET' && (path === '/history/series' || path === '/history/movie')) {
      const seriesId = Number(q.get('seriesId'));
      const movieId = Number(q.get('movieId'));
      return send(
        200,
        newestFirst()
          .filter((h) => (sonarr ? model.items.get(h.itemId)?.seriesId === seriesId : h.itemId === movieId))
          .map(historyResource),
      );
    }
    if (method === 'GET' && path === '/queue') {
      const rows = model.queue().map(({ job, itemId, release }) => ({
        id: queueIdOf(job.nzoId),
        ...(sonarr ? { episodeId: itemId, seriesId: model.items.get(itemId)?.seriesId ?? 1, seasonNumber: 1 } : { movieId: itemId }),
        title: release.title,
        quality: qualityModel(release.quality),
        size: job.sizeMb * 1_048_576,
        sizeleft: options.sab.leftMb(job) * 1_048_576,
        status: job.status === 'Downloading' ? 'downloading' : 'queued',
        trackedDownloadStatus: 'ok',
        trackedDownloadState: 'downloading',
        statusMessages: [],
        downloadId: job.nzoId,
        protocol: 'usenet',
        downloadClient: 'SABnzbd',
        indexer: release.indexer,
      }));
      return send(200, paged(rows, q));
    }
    const queueDelete = /^\/queue\/(\d+)$/.exec(path);
    if (method === 'DELETE' && queueDelete) {
      const removed = model.removeFromQueue(Number(queueDelete[1]), {
        removeFromClient: q.get('removeFromClient') !== 'false',
        blocklist: q.get('blocklist') === 'true',
      });
      return removed ? send(200, {}) : send(404, { message: 'Not Found' });
    }
    if (method === 'GET' && path === '/blocklist') {
      const rows = [...model.blocklist].reverse().map((b) => ({
        id: b.id,
        ...(sonarr ? { seriesId: model.items.get(b.itemId)?.seriesId ?? 1, episodeIds: [b.itemId] } : { movieId: b.itemId }),
        sourceTitle: b.sourceTitle,
        quality: qualityModel(b.quality),
        date: b.date,
        protocol: 'usenet',
        indexer: 'NZBgeek (Demo)',
        message: b.message,
      }));
      return send(200, paged(rows, q));
    }
    const blockDelete = /^\/blocklist\/(\d+)$/.exec(path);
    if (method === 'DELETE' && blockDelete) {
      const i = model.blocklist.findIndex((b) => b.id === Number(blockDelete[1]));
      if (i < 0) return send(404, { message: 'Not Found' });
      model.blocklist.splice(i, 1);
      return send(200, {});
    }
    if (method === 'GET' && path === '/release') {
      const itemId = Number(q.get(itemKey));
      return send(
        200,
        model.search(itemId).map((r) => {
          const blocked = model.isBlocked(r.guid);
          return {
            guid: r.guid,
            indexerId: r.indexerId,
            indexer: r.indexer,
            title: r.title,
            quality: qualityModel(r.quality),
            releaseGroup: r.releaseGroup,
            size: r.size,
            age: 3,
            protocol: 'usenet',
            approved: !blocked,
            rejected: blocked,
            rejections: blocked ? ['Release is blocklisted'] : [],
            downloadAllowed: true,
            ...(sonarr ? { seriesId: model.items.get(itemId)?.seriesId ?? 1, episodeIds: [itemId], mappedEpisodeInfo: [{ id: itemId }] } : { movieId: itemId }),
          };
        }),
      );
    }
    if (method === 'POST' && path === '/release') {
      const body = (await readJson(req)) as { guid?: unknown } | null;
      const job = typeof body?.guid === 'string' ? model.grabByGuid(body.guid) : null;
      return job ? send(200, { guid: body?.guid }) : send(404, { message: 'Couldn\'t find requested release in cache, cache timeout probably expired.' });
    }
    if (method === 'GET' && path === '/config/downloadclient') {
      return send(200, {
        id: 1,
        downloadClientWorkingFolders: '_UNPACK_|_FAILED_',
        enableCompletedDownloadHandling: true,
        autoRedownloadFailed: false,
        autoRedownloadFailedFromInteractiveSearch: false,
        ...(sonarr ? {} : { checkForFinishedDownloadInterval: 1 }),
      });
    }
    if (method === 'GET' && path === '/wanted/missing') {
      return send(200, paged([...model.items.values()].filter((i) => !i.hasFile).map(itemResource), q));
    }
    if (method === 'POST' && path === '/command') {
      const body = (await readJson(req)) as ({ name?: unknown } & Record<string, unknown>) | null;
      const now = new Date(options.now()).toISOString();
      const { name: _name, ...rest } = body ?? {};
      const command = { id: ++commandSeq, name: typeof body?.name === 'string' ? body.name : 'Unknown', body: rest, status: 'completed', queued: now, started: now, ended: now, trigger: 'manual' };
      commands.push(command);
      return send(201, command);
    }
    if (method === 'GET' && path === '/command') return send(200, commands.slice(-50));
    const command = /^\/command\/(\d+)$/.exec(path);
    if (method === 'GET' && command) {
      return send(200, { id: Number(command[1]), name: 'EpisodeSearch', status: 'completed', result: 'successful' });
    }
    return send(404, { message: 'Not Found' });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: String(e) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey: options.apiKey,
    model,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
