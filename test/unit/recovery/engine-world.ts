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
import { SabHistorySlotSchema, SabQueueSchema, type SabHistorySlot } from '../../../main/core/sabnzbd/sabnzbd-schemas';
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

/** SABnzbd as far as recovery sees it: jobs, retry (new id), queue with free space. */
export class MemorySab implements RecoverySabnzbd {
  readonly jobs = new Map<string, { name: string; status: string; failMessage: string; category: string }>();
  freeGb = 500;
  retries: string[] = [];
  private seq = 0;

  constructor(private readonly clock: { now(): number }) {}

  add(name: string, category = 'tv'): string {
    const id = `SABnzbd_nzo_mem${String(++this.seq).padStart(3, '0')}`;
    this.jobs.set(id, { name, status: 'Downloading', failMessage: '', category });
    return id;
  }
  finish(id: string, status: 'Completed' | 'Failed', failMessage = ''): SabHistorySlot {
    const j = this.jobs.get(id);
    if (!j) throw new Error(`no job ${id}`);
    j.status = status;
    j.failMessage = failMessage;
    return this.slot(id);
  }
  slot(id: string): SabHistorySlot {
    const j = this.jobs.get(id)!;
    return SabHistorySlotSchema.parse({ nzo_id: id, name: j.name, status: j.status, category: j.category, fail_message: j.failMessage, completed: Math.floor(this.clock.now() / 1000), bytes: 1000, retry: 1 });
  }
  retry: RecoverySabnzbd['retry'] = async (nzoId) => {
    const j = this.jobs.get(nzoId);
    if (!j || j.status !== 'Failed') return { ok: false, error: { code: 'api_error', message: `no failed job ${nzoId}` } };
    this.jobs.delete(nzoId);
    const id = this.add(j.name, j.category);
    this.retries.push(nzoId);
    return sabOk(id);
  };
  queue: RecoverySabnzbd['queue'] = async () =>
    sabOk(
      SabQueueSchema.parse({
        paused: false,
        diskspace1: String(this.freeGb),
        slots: [...this.jobs].filter(([, j]) => j.status === 'Downloading').map(([id, j]) => ({ nzo_id: id, filename: j.name, status: j.status, cat: j.category, mbleft: '1', mb: '1' })),
      }),
    );
  history: RecoverySabnzbd['history'] = async () => {
    const slots = [...this.jobs].filter(([, j]) => j.status === 'Completed' || j.status === 'Failed').map(([id]) => this.slot(id));
    return sabOk({ noofslots: slots.length, last_history_update: 1, slots, ppslots: null });
  };
  failureConfig: RecoverySabnzbd['failureConfig'] = async () => sabOk({ fail_hopeless_jobs: true, pre_check: false, propagation_delay: 0, no_dupes: 0 });
  categories: RecoverySabnzbd['categories'] = async () => sabOk(['movies', 'tv']);
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
