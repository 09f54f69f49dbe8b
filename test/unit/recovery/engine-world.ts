// One recovery engine on a real SQLite file and the real bus (FakeClock), with
// a fake Sonarr over loopback whose grabs land in an in-memory SABnzbd
// stand-in. Failures enter the way the poller makes them: FailureAnnouncer.
import { createSonarrClient } from '../../../main/core/arr/sonarr-client';
import { DownloadMonitoringRepository } from '../../../main/core/activity/download-monitoring-repository';
import { systemClock } from '../../../main/core/clock';
import { newId } from '../../../main/core/ids';
import { FailureAnnouncer } from '../../../main/core/monitoring/failure-announcer';
import { sonarrGateway } from '../../../main/core/recovery/arr-gateway';
import { RecoveryEngine, type RecoveryEngineOptions } from '../../../main/core/recovery/recovery-engine';
import type { RecoverySabnzbd } from '../../../main/core/recovery/recovery-ports';
import { sabOk } from '../../../main/core/sabnzbd/sabnzbd-error';
import { sabHistoryJob, sabQueueJob } from '../../../main/core/sabnzbd/sabnzbd-download-client';
import type { SabnzbdReader } from '../../../main/core/sabnzbd/sabnzbd-download-client';
import { SabHistorySchema, SabHistorySlotSchema, SabQueueSchema, type SabHistorySlot, type SabQueue } from '../../../main/core/sabnzbd/sabnzbd-schemas';
import { defaultSettings, type Settings } from '../../../shared/settings';
import { startFakeSonarr } from '../../fakes/fake-sonarr';
import type { FakeArr } from '../../fakes/fake-arr-server';
import type { FakeQuality, SeedRelease } from '../../fakes/fake-arr-model';
import { createRecordingBus, type RecordingBus } from '../../support/recording-bus';
import { openTempDatabase, type TempDatabase } from '../activity/temp-database';
import { MIGRATIONS_FOLDER } from '../activity/temp-database';
import { openDatabase } from '../../../main/core/activity/database';
import path from 'node:path';

export const EP = 101;
export const Q: Record<'uhd' | 'fhd' | 'hd' | 'sd', FakeQuality> = {
  uhd: { id: 19, name: 'WEBDL-2160p', source: 'web', resolution: 2160 },
  fhd: { id: 3, name: 'WEBDL-1080p', source: 'web', resolution: 1080 },
  hd: { id: 4, name: 'HDTV-720p', source: 'television', resolution: 720 },
  sd: { id: 8, name: 'WEBDL-480p', source: 'web', resolution: 480 },
};
export const release = (guid: string, quality: FakeQuality, group = guid.toUpperCase()): SeedRelease => ({
  guid,
  title: `Show.S01E01.${quality.name}-${group}`,
  quality,
  releaseGroup: group,
});

/** SABnzbd as far as recovery sees it: jobs, retry (new id), queue (filters by id and name), delete, free space per folder. */
export class MemorySab implements RecoverySabnzbd {
  readonly jobs = new Map<string, { name: string; status: string; failMessage: string; category: string; mb: number; mbLeft: number }>();
  /** Free space (GB) of the completed-download folder (SABnzbd's diskspace2) and the download folder (diskspace1). */
  freeGb = 500;
  downloadFreeGb = 500;
  /** Categories that unpack to a folder of their own, with its free space (GB), as a local SABnzbd's get_config + statfs would tell. */
  readonly categoryFolders = new Map<string, { folder: string; freeGb: number | null }>();
  retries: string[] = [];
  deleted: string[] = [];
  private seq = 0;
  /** When each job left the queue for history (epoch s), and SABnzbd's history change counter, for reader(). */
  private readonly completedAt = new Map<string, number>();
  private historyUpdates = 1;

  constructor(private readonly clock: { now(): number }) {}

  add(name: string, category = 'tv'): string {
    const id = `SABnzbd_nzo_mem${String(++this.seq).padStart(3, '0')}`;
    this.jobs.set(id, { name, status: 'Downloading', failMessage: '', category, mb: 100, mbLeft: 100 });
    return id;
  }
  /** Part of the job arrives (0..1 of it). */
  progress(id: string, done: number): void {
    const j = this.jobs.get(id);
    if (!j) throw new Error(`no job ${id}`);
    j.mbLeft = Math.max(0, j.mb * (1 - done));
  }
  finish(id: string, status: 'Completed' | 'Failed', failMessage = ''): SabHistorySlot {
    const j = this.jobs.get(id);
    if (!j) throw new Error(`no job ${id}`);
    j.status = status;
    j.failMessage = failMessage;
    this.completedAt.set(id, Math.floor(this.clock.now() / 1000));
    this.historyUpdates++;
    return this.slot(id);
  }
  slot(id: string): SabHistorySlot {
    const j = this.jobs.get(id)!;
    return SabHistorySlotSchema.parse({ nzo_id: id, name: j.name, status: j.status, category: j.category, fail_message: j.failMessage, completed: Math.floor(this.clock.now() / 1000), bytes: 1000, retry: 1 });
  }
  /** Someone (the *arr, a person) removed the job from SABnzbd altogether. */
  drop(id: string): void {
    this.jobs.delete(id);
    this.historyUpdates++;
  }
  private matches(id: string, name: string, q: { nzoIds?: readonly string[]; search?: string } | undefined): boolean {
    if (q?.nzoIds && !q.nzoIds.includes(id)) return false;
    if (q?.search && !name.toLowerCase().includes(q.search.toLowerCase())) return false;
    return true;
  }
  readonly kind = 'sabnzbd' as const;
  readonly retryKeepsIds = false;
  retry: RecoverySabnzbd['retry'] = async (nzoId) => {
    const j = this.jobs.get(nzoId);
    if (!j || j.status !== 'Failed') return { ok: false, error: { code: 'api_error', message: `no failed job ${nzoId}` } };
    this.jobs.delete(nzoId);
    this.historyUpdates++;
    const id = this.add(j.name, j.category);
    this.retries.push(nzoId);
    return sabOk({ id, downloadId: id });
  };
  /** The queue and history as SABnzbd would answer them, through the SABnzbd adapter's mapping. */
  private sabQueue(narrow: { nzoIds?: readonly string[]; search?: string } = {}): SabQueue {
    return SabQueueSchema.parse({
      paused: false,
      diskspace1: String(this.downloadFreeGb),
      diskspace2: String(this.freeGb),
      slots: [...this.jobs]
        .filter(([id, j]) => j.status === 'Downloading' && this.matches(id, j.name, narrow))
        .map(([id, j]) => ({ nzo_id: id, filename: j.name, status: j.status, cat: j.category, mbleft: String(j.mbLeft), mb: String(j.mb) })),
    });
  }
  findJobs: RecoverySabnzbd['findJobs'] = async (q) => {
    const narrow = { ...(q.ids ? { nzoIds: q.ids } : {}), ...(q.name !== undefined ? { search: q.name } : {}) };
    const queue = this.sabQueue(narrow);
    const history = [...this.jobs].filter(([id, j]) => (j.status === 'Completed' || j.status === 'Failed') && this.matches(id, j.name, narrow)).map(([id]) => this.slot(id));
    return sabOk({ queue: queue.slots.map(sabQueueJob), history: history.slice(0, q.limit ?? 50).map(sabHistoryJob) });
  };
  removeFromQueue: RecoverySabnzbd['removeFromQueue'] = async (nzoId) => {
    const j = this.jobs.get(nzoId);
    if (!j || j.status !== 'Downloading') return { ok: false, error: { code: 'api_error', message: `no job ${nzoId} in the queue` } };
    this.jobs.delete(nzoId);
    this.deleted.push(nzoId);
    return sabOk(true);
  };
  folderSpace: RecoverySabnzbd['folderSpace'] = async (category) => {
    const own = category ? this.categoryFolders.get(category) : undefined;
    const GIB = 1024 ** 3;
    if (own) return sabOk({ folder: own.folder, freeBytes: own.freeGb === null ? null : own.freeGb * GIB, measuredBy: own.freeGb === null ? null : 'this_computer', downloadFreeBytes: this.downloadFreeGb * GIB });
    return sabOk({ folder: '/srv/sabnzbd/complete', freeBytes: this.freeGb * GIB, measuredBy: 'sabnzbd', downloadFreeBytes: this.downloadFreeGb * GIB });
  };
  failureSettings: RecoverySabnzbd['failureSettings'] = async () => sabOk({ abortsHopelessJobs: true, propagationDelayMinutes: 0 });
  categories: RecoverySabnzbd['categories'] = async () => sabOk([{ name: 'movies', path: null }, { name: 'tv', path: null }]);
  /** The same jobs as the poller reads them: the queue, and the history newest first behind its change counter. */
  reader(): SabnzbdReader {
    return {
      address: 'memory-sab',
      queue: async () => sabOk(this.sabQueue()),
      history: async (q) => {
        if (q.lastHistoryUpdate === this.historyUpdates) return sabOk(null);
        const finished = [...this.completedAt]
          .filter(([id]) => this.jobs.has(id))
          .reverse()
          .sort((a, b) => b[1] - a[1])
          .map(([id, completed]) => ({ ...this.slot(id), completed }));
        const start = q.start ?? 0;
        const slots = finished.slice(start, start + (q.limit ?? finished.length));
        return sabOk(SabHistorySchema.parse({ noofslots: finished.length, last_history_update: this.historyUpdates, slots }));
      },
    };
  }
}

export interface World {
  rb: RecordingBus;
  db: TempDatabase;
  store: DownloadMonitoringRepository;
  sab: MemorySab;
  sonarr: FakeArr;
  settings: Settings;
  engine: RecoveryEngine;
  announcer: FailureAnnouncer;
  newEngine(): RecoveryEngine;
  /** Reopen the same database file (a restart). */
  reopen(): void;
  close(): Promise<void>;
}

export async function makeWorld(opts: { releases: SeedRelease[]; autoRedownload?: boolean; settings?: Partial<Settings['monitoring']> & { dryRun?: boolean }; engine?: Partial<RecoveryEngineOptions> }): Promise<World> {
  const rb = createRecordingBus();
  const clock = rb.clock;
  let db = openTempDatabase();
  const sab = new MemorySab(clock);
  const sonarr = await startFakeSonarr({
    clock,
    autoRedownloadFailed: opts.autoRedownload ?? false,
    onGrab: ({ release: r }) => sab.add(r.title),
    series: [{ id: 1, title: 'Show', episodes: [{ id: EP, seasonNumber: 1, episodeNumber: 1, releases: opts.releases }] }],
  });
  const client = createSonarrClient({ baseUrl: sonarr.url, apiKey: sonarr.apiKey, clock: systemClock });
  const base = defaultSettings();
  const { dryRun, ...monitoring } = opts.settings ?? {};
  const settings: Settings = { ...base, dryRun: dryRun ?? false, monitoring: { ...base.monitoring, ...monitoring } };
  const world: World = {
    rb,
    db,
    store: new DownloadMonitoringRepository(db.db),
    sab,
    sonarr,
    settings,
    engine: undefined as unknown as RecoveryEngine,
    announcer: undefined as unknown as FailureAnnouncer,
    newEngine() {
      return new RecoveryEngine({
        bus: rb.bus,
        store: world.store,
        sab,
        arrs: { sonarr: sonarrGateway(client) },
        clock,
        settings: () => world.settings,
        options: { pause: async () => undefined, auditOnStart: false, outcomeCheckMs: 3_600_000, ...opts.engine },
      });
    },
    reopen() {
      const file = db.file;
      db.close();
      const handle = openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER });
      db = { ...handle, dir: path.dirname(file), dispose: () => handle.close() };
      world.db = db;
      world.store = new DownloadMonitoringRepository(handle.db);
      world.announcer = makeAnnouncer();
    },
    async close() {
      await world.engine.stop();
      await sonarr.close();
      db.close();
    },
  };
  const makeAnnouncer = () =>
    new FailureAnnouncer({
      store: world.store,
      bus: rb.bus,
      clock,
      newId,
      lookups: () => [{ app: 'sonarr', findByDownloadId: (id) => client.findByDownloadId(id) }],
      settings: () => ({ categoryMap: world.settings.categoryMap, maxRetries: world.settings.monitoring.maxRetries }),
    });
  world.announcer = makeAnnouncer();
  world.engine = world.newEngine();
  return world;
}

/** The *arr grabbed `r` earlier (its own search) and SABnzbd failed it: the starting point of most tests. */
export async function failedGrab(w: World, r: SeedRelease, failMessage = 'Aborted, cannot be completed - https://sabnzbd.org/not-complete'): Promise<string> {
  const td = await w.sonarr.core.grab(EP, r, 'Search');
  w.sab.finish(td.downloadId, 'Failed', failMessage);
  await w.sonarr.reportDownload(td.downloadId, 'Failed', failMessage);
  return td.downloadId;
}

/** Let the engine's queued work and the fake's commands finish. */
export async function settle(w: World): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await w.engine.idle();
    await w.sonarr.idle();
  }
}

/** Move the clock to the download's next scheduled step (exactly) and let it run. */
export async function untilDue(w: World, nzoId: string): Promise<number> {
  await settle(w);
  const due = w.store.get(nzoId)?.nextAttemptAt ?? null;
  if (due === null) throw new Error(`${nzoId} has no step scheduled (status ${w.store.get(nzoId)?.status})`);
  await w.rb.clock.advanceAsync(Math.max(0, due - w.rb.clock.now()));
  await settle(w);
  return due;
}
