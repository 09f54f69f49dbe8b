// The behaviour the fake apps share (Sonarr, Radarr, Lidarr, Readarr), modelled on Sonarr's own services:
// release search with a 30-minute grab cache (ReleaseController), grabs sent to
// SABnzbd (DownloadService), tracked downloads checked against SABnzbd history
// (TrackedDownloadService / FailedDownloadService / CompletedDownloadService),
// the blocklist, automatic redownload of failed items and the command queue.
import type { Clock, TimerHandle } from '../core/clock';
import { NzbgetProxy, type NzbgetConnection } from './fake-arr-nzbget';
import { SabnzbdProxy, type FakeArrDownloadClient, type SabConnection } from './fake-arr-sabnzbd';
import {
  minimalNzb,
  type BlocklistEntry,
  type FakeQuality,
  type DownloadClientSettings,
  type FakeCommand,
  type FakeGrab,
  type HistoryEvent,
  type ReleaseSource,
  type SeedRelease,
  type TrackedDownload,
} from './fake-arr-model';

/** What differs between the apps, seen from the shared behaviour. */
export interface ArrFlavor {
  appName: 'Sonarr' | 'Radarr' | 'Lidarr' | 'Readarr';
  version: string;
  /** The API base the app answers under: Sonarr/Radarr `/api/v3` (default), Lidarr/Readarr `/api/v1`. */
  apiVersion?: 'v3' | 'v1';
  /** The category its SABnzbd download client sends with by default. */
  defaultCategory: string;
  /** Its NZBGet client's default category when it differs (Lidarr: `Music`, SABnzbd `music`). */
  defaultNzbgetCategory?: string;
  /** The field of its download client resource that holds the category (Sonarr tvCategory, Radarr movieCategory, Lidarr/Readarr musicCategory). */
  categoryField?: string;
  /**
   * How much the app prefers a quality (higher is better): what orders search results and what
   * "Release in queue is of equal or higher preference" compares. Default: the video resolution.
   */
  qualityWeight?(q: FakeQuality): number;
  /**
   * The history events a completed import writes, in order. Default `downloadFolderImported` (Sonarr/Radarr);
   * Lidarr writes `trackFileImported` then `downloadImported`, Readarr `bookFileImported` then `downloadImported`.
   */
  importEvents?: readonly string[];
  searchCommand: { name: string; commandName: string; idsKey: string };
  hasItem(itemId: number): boolean;
  hasFile(itemId: number): boolean;
  setHasFile(itemId: number, value: boolean): void;
}

export interface FakeArrCoreOptions {
  clock: Clock;
  sabnzbd?: SabConnection & { category?: string };
  /** NZBGet as the app's download client instead (the job's downloadId is the app's `drone` GUID). */
  nzbget?: NzbgetConnection & { category?: string };
  /** Without SABnzbd: called on every grab; returns the nzo_id the "client" gave the job. */
  onGrab?: (grab: { itemId: number; release: SeedRelease; nzb: string; category: string }) => string | Promise<string>;
  autoRedownloadFailed?: boolean;
  /** The SABnzbd download client's "Remove Completed"/"Remove Failed" (both on by default in v4). */
  removeCompletedDownloads?: boolean;
  removeFailedDownloads?: boolean;
  /** Check SABnzbd every N ms on the injected clock, like the app's RefreshMonitoredDownloads task. */
  checkIntervalMs?: number;
  /**
   * How long an automatic search (EpisodeSearch / MoviesSearch, e.g. the redownload after a failure) takes
   * on the injected clock before it grabs: searching many indexers takes minutes. Meanwhile the command
   * shows as `started` in GET /command. 0 (default): at once.
   */
  searchDurationMs?: number;
}

export interface SearchHit {
  release: SeedRelease;
  rejections: string[];
}

export const RELEASE_CACHE_MS = 30 * 60_000;

export class FakeArrCore {
  readonly releases = new Map<number, SeedRelease[]>();
  readonly history: HistoryEvent[] = [];
  readonly blocklist: BlocklistEntry[] = [];
  readonly downloads: TrackedDownload[] = [];
  readonly commands: FakeCommand[] = [];
  readonly grabLog: FakeGrab[] = [];
  readonly config: DownloadClientSettings;
  readonly category: string;
  private readonly cache = new Map<string, { itemId: number; release: SeedRelease; at: number }>();
  private readonly sab: FakeArrDownloadClient | null;
  private readonly pending = new Set<Promise<unknown>>();
  private seq = { history: 0, blocklist: 0, queue: 0, command: 0, nzo: 0 };
  private timer: TimerHandle | null = null;
  private readonly removeCompleted: boolean;
  private readonly removeFailed: boolean;
  /** See FakeArrCoreOptions.searchDurationMs. */
  searchDurationMs: number;

  /**
   * The app's one download client as GET /downloadclient lists it (the `implementation` Sonarr/Radarr
   * give SABnzbd and NZBGet), with the category it sends downloads with; null: none configured.
   */
  downloadClientResource(): { implementation: 'Sabnzbd' | 'Nzbget'; category: string; removeFailedDownloads: boolean } | null {
    const implementation = this.opts.sabnzbd ? 'Sabnzbd' : this.opts.nzbget ? 'Nzbget' : null;
    return implementation ? { implementation, category: this.category, removeFailedDownloads: this.removeFailed } : null;
  }

  constructor(
    readonly flavor: ArrFlavor,
    private readonly opts: FakeArrCoreOptions,
  ) {
    this.sab = opts.sabnzbd ? new SabnzbdProxy(opts.sabnzbd) : opts.nzbget ? new NzbgetProxy(opts.nzbget) : null;
    this.category =
      opts.sabnzbd?.category ?? opts.nzbget?.category ?? (opts.nzbget ? (flavor.defaultNzbgetCategory ?? flavor.defaultCategory) : flavor.defaultCategory);
    this.config = {
      enableCompletedDownloadHandling: true,
      autoRedownloadFailed: opts.autoRedownloadFailed ?? true,
      autoRedownloadFailedFromInteractiveSearch: true,
      checkForFinishedDownloadInterval: 1,
    };
    this.removeCompleted = opts.removeCompletedDownloads ?? true;
    this.removeFailed = opts.removeFailedDownloads ?? true;
    this.searchDurationMs = opts.searchDurationMs ?? 0;
    if (opts.checkIntervalMs) this.scheduleCheck(opts.checkIntervalMs);
  }

  get clock(): Clock {
    return this.opts.clock;
  }

  /** See ArrFlavor.qualityWeight. */
  weightOf(q: FakeQuality): number {
    return this.flavor.qualityWeight ? this.flavor.qualityWeight(q) : (q.resolution ?? 0);
  }

  addRelease(itemId: number, release: SeedRelease): void {
    if (!this.flavor.hasItem(itemId)) throw new Error(`fake ${this.flavor.appName}: no item ${itemId} to add a release to`);
    const list = this.releases.get(itemId) ?? [];
    list.push(release);
    this.releases.set(itemId, list);
  }

  // --- search and grab -------------------------------------------------------

  /** Interactive search: every release with the app's rejections, best first; cached for grabs. */
  search(itemId: number): SearchHit[] {
    const now = this.clock.now();
    const hits = (this.releases.get(itemId) ?? []).map((release) => ({ release, rejections: this.rejectionsFor(itemId, release) }));
    for (const h of hits) this.cache.set(cacheKey(h.release), { itemId, release: h.release, at: now });
    const order = new Map(hits.map((h, i) => [h, i]));
    return hits.sort(
      (a, b) =>
        Number(a.rejections.length > 0) - Number(b.rejections.length > 0) ||
        this.weightOf(b.release.quality) - this.weightOf(a.release.quality) ||
        (order.get(a) ?? 0) - (order.get(b) ?? 0),
    );
  }

  private rejectionsFor(itemId: number, release: SeedRelease): string[] {
    const out = [...(release.rejections ?? [])];
    if (this.isBlocklisted(itemId, release)) out.push('Release is blocklisted');
    const active = this.downloads.find((d) => d.itemId === itemId && d.state === 'downloading');
    if (active && this.weightOf(active.release.quality) >= this.weightOf(release.quality))
      out.push(`Release in queue is of equal or higher preference: ${active.release.quality.name}`);
    if (this.flavor.hasFile(itemId)) out.push('Existing file on disk is of equal or higher preference');
    return out;
  }

  isBlocklisted(itemId: number, release: SeedRelease): boolean {
    return this.blocklist.some((b) => b.itemId === itemId && b.sourceTitle === release.title && b.indexer === indexerOf(release));
  }

  /** POST /release: only what a search returned in the last 30 minutes. */
  async grabFromCache(guid: string, indexerId: number): Promise<TrackedDownload | 'not_found'> {
    const hit = this.cache.get(`${indexerId}_${guid}`);
    if (!hit || this.clock.now() - hit.at > RELEASE_CACHE_MS) return 'not_found';
    return this.grab(hit.itemId, hit.release, 'InteractiveSearch');
  }

  async grab(itemId: number, release: SeedRelease, source: ReleaseSource): Promise<TrackedDownload> {
    const nzb = typeof release.nzb === 'function' ? await release.nzb(release) : (release.nzb ?? minimalNzb(release));
    let downloadId: string;
    if (this.sab) downloadId = await this.sab.addFile(nzb, `${release.title}.nzb`, this.category);
    else if (this.opts.onGrab) downloadId = await this.opts.onGrab({ itemId, release, nzb, category: this.category });
    else downloadId = `SABnzbd_nzo_fake${String(++this.seq.nzo).padStart(4, '0')}`;
    const now = this.clock.now();
    this.grabLog.push({ itemId, release, downloadId, category: this.category, source, at: now });
    const publish = Date.parse(release.publishDate ?? '') || now - 86_400_000;
    const ageMs = Math.max(0, now - publish);
    this.addHistory(itemId, 'grabbed', release, downloadId, {
      indexer: indexerOf(release),
      nzbInfoUrl: `https://indexer.example/details/${release.guid}`,
      releaseGroup: release.releaseGroup ?? '',
      age: String(Math.floor(ageMs / 86_400_000)),
      ageHours: String(ageMs / 3_600_000),
      ageMinutes: String(ageMs / 60_000),
      publishedDate: isoDate(publish),
      downloadClient: this.sab?.name ?? 'SABnzbd',
      downloadClientName: this.sab?.name ?? 'SABnzbd',
      size: String(release.size ?? 0),
      downloadUrl: `https://indexer.example/getnzb/${release.guid}`,
      guid: release.guid,
      protocol: '1',
      customFormatScore: '0',
      releaseSource: source,
      indexerFlags: '0',
    });
    const td: TrackedDownload = {
      queueId: ++this.seq.queue,
      downloadId,
      itemId,
      release,
      source,
      added: now,
      state: 'downloading',
      clientStatus: 'Queued',
      sizeLeft: release.size ?? 0,
    };
    this.downloads.push(td);
    return td;
  }

  // --- tracked downloads ---------------------------------------------------------

  /** One pass of the app's download check: read SABnzbd's queue and history for our category. */
  async checkDownloads(): Promise<void> {
    await this.checkDownloadsNoIdle();
    await this.idle();
  }

  /** What SABnzbd says about a job; also the hook tests use when there is no SABnzbd. */
  async clientReported(nzoId: string, status: string, failMessage = ''): Promise<void> {
    const td = this.tracked(nzoId);
    if (!td || td.state !== 'downloading') return;
    td.clientStatus = status;
    if (status === 'Failed') await this.processFailed(td, failMessage || 'Download failed', { skipRedownload: false, removeFromClient: this.removeFailed });
    else if (status === 'Completed' && this.config.enableCompletedDownloadHandling) await this.processCompleted(td);
  }

  private tracked(nzoId: string): TrackedDownload | undefined {
    return this.downloads.find((d) => d.downloadId === nzoId);
  }

  private async processCompleted(td: TrackedDownload): Promise<void> {
    td.state = 'imported';
    td.sizeLeft = 0;
    this.flavor.setHasFile(td.itemId, true);
    for (const eventType of this.flavor.importEvents ?? ['downloadFolderImported']) {
      this.addHistory(td.itemId, eventType, td.release, td.downloadId, {
        fileId: String(td.itemId),
        droppedPath: `/downloads/complete/${this.category}/${td.release.title}/${td.release.title}.mkv`,
        importedPath: `/media/${this.category}/${td.release.title}.mkv`,
        downloadClient: this.sab?.name ?? 'SABnzbd',
        downloadClientName: this.sab?.name ?? 'SABnzbd',
        releaseGroup: td.release.releaseGroup ?? '',
        size: String(td.release.size ?? 0),
      });
    }
    if (this.removeCompleted && this.sab) await this.sab.remove('history', td.downloadId, false);
  }

  /** FailedDownloadService: history event, blocklist, then maybe search again. */
  async processFailed(td: TrackedDownload, message: string, opts: { skipRedownload: boolean; removeFromClient: boolean }): Promise<void> {
    const wasDownloading = td.state === 'downloading' && td.clientStatus !== 'Failed';
    td.state = 'failed';
    this.addHistory(td.itemId, 'downloadFailed', td.release, td.downloadId, {
      downloadClient: this.sab?.name ?? 'SABnzbd',
      downloadClientName: this.sab?.name ?? 'SABnzbd',
      message,
      indexer: indexerOf(td.release),
      releaseGroup: td.release.releaseGroup ?? '',
      size: String(td.release.size ?? 0),
      releaseSource: td.source,
    });
    this.blocklist.push({
      id: ++this.seq.blocklist,
      itemId: td.itemId,
      sourceTitle: td.release.title,
      quality: td.release.quality,
      indexer: indexerOf(td.release),
      message,
      date: this.clock.now(),
    });
    if (opts.removeFromClient && this.sab) await this.sab.remove(wasDownloading ? 'queue' : 'history', td.downloadId, true);
    const fromInteractive = td.source === 'InteractiveSearch';
    const redownload =
      !opts.skipRedownload &&
      this.config.autoRedownloadFailed &&
      (!fromInteractive || this.config.autoRedownloadFailedFromInteractiveSearch);
    if (redownload) this.startCommand(this.flavor.searchCommand.name, { [this.flavor.searchCommand.idsKey]: [td.itemId] }, 'unspecified');
  }

  /** DELETE /queue/{id}. */
  async removeQueueItem(queueId: number, opts: { removeFromClient: boolean; blocklist: boolean; skipRedownload: boolean }): Promise<boolean> {
    const td = this.downloads.find((d) => d.queueId === queueId && d.state === 'downloading');
    if (!td) return false;
    if (opts.blocklist) {
      await this.processFailed(td, 'Manually marked as failed', { skipRedownload: opts.skipRedownload, removeFromClient: opts.removeFromClient });
    } else {
      td.state = 'removed';
      if (opts.removeFromClient && this.sab) await this.sab.remove(td.clientStatus === 'Failed' ? 'history' : 'queue', td.downloadId, true);
    }
    await this.idle();
    return true;
  }

  // --- commands --------------------------------------------------------------------

  startCommand(name: string, body: Record<string, unknown>, trigger: FakeCommand['trigger']): FakeCommand {
    const cmd: FakeCommand = {
      id: ++this.seq.command,
      name,
      commandName: name === this.flavor.searchCommand.name ? this.flavor.searchCommand.commandName : name.replace(/([a-z])([A-Z])/g, '$1 $2'),
      body: { ...body, name, trigger, sendUpdatesToClient: true, updateScheduledTask: true, requiresDiskAccess: false, isExclusive: false, isLongRunning: false, suppressMessages: false },
      trigger,
      status: 'queued',
      result: 'unknown',
      queued: this.clock.now(),
    };
    this.commands.push(cmd);
    // Commands run on the app's own worker, after the POST has been answered.
    this.track(new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.begin(cmd)));
    return cmd;
  }

  private async begin(cmd: FakeCommand): Promise<void> {
    cmd.status = 'started';
    cmd.started = this.clock.now();
    const slow = cmd.name === this.flavor.searchCommand.name ? this.searchDurationMs : 0;
    if (slow <= 0) return this.execute(cmd);
    // A search over many indexers: the command stays `started` until the app's clock gets there (idle() does not wait for it).
    const timer = this.clock.setTimeout(() => {
      this.searchTimers.delete(timer);
      this.track(this.execute(cmd));
    }, slow);
    this.searchTimers.add(timer);
  }

  private readonly searchTimers = new Set<TimerHandle>();

  private async execute(cmd: FakeCommand): Promise<void> {
    try {
      if (cmd.name === this.flavor.searchCommand.name) {
        const ids = cmd.body[this.flavor.searchCommand.idsKey];
        const itemIds = Array.isArray(ids) ? ids.filter((v): v is number => typeof v === 'number') : [];
        const source: ReleaseSource = cmd.trigger === 'manual' ? 'UserInvokedSearch' : 'Search';
        let grabbed = 0;
        for (const itemId of itemIds) {
          const best = this.search(itemId).find((h) => h.rejections.length === 0);
          if (best) {
            await this.grab(itemId, best.release, source);
            grabbed++;
          }
        }
        cmd.message = grabbed > 0 ? `Completed. ${grabbed} reports downloaded.` : 'Completed. No reports found';
      } else if (cmd.name === 'RefreshMonitoredDownloads') {
        await this.checkDownloadsNoIdle();
        cmd.message = 'Completed';
      }
      cmd.status = 'completed';
      cmd.result = 'successful';
    } catch (e) {
      cmd.status = 'failed';
      cmd.result = 'unsuccessful';
      cmd.message = e instanceof Error ? e.message : String(e);
    }
    cmd.ended = this.clock.now();
  }

  private async checkDownloadsNoIdle(): Promise<void> {
    if (!this.sab) return;
    // Only downloads known before SABnzbd was asked can be missing from its answer.
    const before = this.downloads.filter((d) => d.state === 'downloading');
    const [queue, history] = await Promise.all([this.sab.queue(this.category), this.sab.history(this.category)]);
    for (const slot of queue) {
      const td = this.tracked(slot.nzoId);
      if (!td || td.state !== 'downloading') continue;
      td.clientStatus = slot.status;
      td.sizeLeft = Math.round((slot.mbLeft ?? 0) * 1024 * 1024);
      td.timeLeft = slot.timeLeft;
    }
    for (const slot of history) await this.clientReported(slot.nzoId, slot.status, slot.failMessage);
    // TrackedDownloadService: a download the client no longer lists (deleted there) stops being tracked, with no
    // failure and no redownload; it leaves the app's queue.
    const listed = new Set([...queue, ...history].map((s) => s.nzoId));
    for (const td of before) if (td.state === 'downloading' && !listed.has(td.downloadId)) td.state = 'removed';
  }

  private track(p: Promise<unknown>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Resolves when every command started so far (and what they started) has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private scheduleCheck(ms: number): void {
    this.timer = this.clock.setTimeout(() => {
      this.track(this.checkDownloadsNoIdle().catch(() => undefined));
      this.scheduleCheck(ms);
    }, ms);
  }

  stop(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
    for (const t of this.searchTimers) this.clock.clearTimeout(t);
    this.searchTimers.clear();
  }

  // --- records ------------------------------------------------------------------------

  private addHistory(itemId: number, eventType: string, release: SeedRelease, downloadId: string, data: Record<string, string>): void {
    this.history.push({
      id: ++this.seq.history,
      itemId,
      eventType,
      date: this.clock.now(),
      downloadId,
      sourceTitle: release.title,
      quality: release.quality,
      data,
    });
  }

  removeBlocklistEntry(id: number): boolean {
    const i = this.blocklist.findIndex((b) => b.id === id);
    if (i < 0) return false;
    this.blocklist.splice(i, 1);
    return true;
  }

  /** Downloads the app shows in its queue: sent to the client and not finished. */
  activeDownloads(): TrackedDownload[] {
    return this.downloads.filter((d) => d.state === 'downloading');
  }
}

export const indexerOf = (r: SeedRelease): string => r.indexer ?? 'FakeIndexer (Newznab)';
export const indexerIdOf = (r: SeedRelease): number => r.indexerId ?? 1;
const cacheKey = (r: SeedRelease): string => `${indexerIdOf(r)}_${r.guid}`;

/** .NET writes UTC times without trailing zero milliseconds: 2026-11-28T12:00:00Z. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
