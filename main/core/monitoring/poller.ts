// Polls the download client's queue and the new part of its history on an
// interval (all time through the Clock port), announces each failure once,
// reports status changes and stalls, and backs off while the client is down,
// slow or refuses the key — telling the bus when that starts, each time it
// repeats, and when it answers again. Cycles never overlap: pollNow() during a
// cycle answers that cycle's summary. The client is read through the
// download-client port only (SABnzbd or NZBGet); a job's identity here is the
// *arr's downloadId (SABnzbd: the nzo_id).
import type { ArrApp } from '../../../shared/domain';
import type { EventPayloadMap, EventType } from '../../../shared/events';
import type { DownloadStore, StateStore } from '../activity/download-store-port';
import type { Clock, TimerHandle } from '../clock';
import type { DownloadClientError } from '../download-client/download-client-error';
import type { ClientQueue, DownloadClientPort, HistoryCursor, HistoryJob } from '../download-client/download-client-port';
import type { EventBusPort } from '../events/event-bus-port';
import { ServiceOutages } from '../health/service-outages';
import { newId as randomId, type IdFactory } from '../ids';
import { sabnzbdReadingPort, type SabnzbdReader } from '../sabnzbd/sabnzbd-download-client';
import { FailureAnnouncer, MONITORING_SOURCE, type FailureAnnouncerDeps, type FailureLog } from './failure-announcer';
import { HISTORY_CURSOR_KEY } from './history-cursor';
import { MAX_POLL_BACKOFF_MS, nextPollDelayMs } from './poll-delay';
import type { ArrDownloadLookup } from './source-identifier';
import { StallWatch } from './stall-watch';

export type { SabnzbdReader } from '../sabnzbd/sabnzbd-download-client';

/** What the poller needs of a download client. */
export type PollerDownloadClient = Pick<DownloadClientPort, 'kind' | 'address' | 'queue' | 'readNewHistory'>;

/** Where the history cursor of a client kind is kept (SABnzbd's key is the one saved before the port). */
export function historyCursorKey(kind: DownloadClientPort['kind']): string {
  return kind === 'sabnzbd' ? HISTORY_CURSOR_KEY : `monitoring.${kind}.historyCursor`;
}

const CLIENT_NAMES: Record<DownloadClientPort['kind'], string> = { sabnzbd: 'SABnzbd', nzbget: 'NZBGet' };
const MB = 1024 ** 2;

export interface PollerSettings {
  monitoring: { pollIntervalSeconds: number; stallMinutes: number; maxRetries: number };
  categoryMap: Readonly<Record<string, ArrApp>>;
}

export interface PollerOptions {
  /** The download client (the port), or a bare SABnzbd reader (tests, benchmarks) read through SABnzbd's adapter. */
  client?: PollerDownloadClient;
  sabnzbd?: SabnzbdReader;
  bus: EventBusPort;
  store: DownloadStore;
  state: StateStore;
  clock: Clock;
  /** Read at every cycle, so new settings apply from the next poll. */
  settings: () => PollerSettings;
  lookups?: () => readonly ArrDownloadLookup[];
  newId?: IdFactory;
  /** History slots per request. Default 50. */
  pageSize?: number;
  maxBackoffMs?: number;
  /**
   * First run only (no cursor saved yet): finished jobs older than this are
   * taken as already read, so installing the app does not act on an old
   * history. null (default) reads the whole history once.
   */
  firstRunLookbackMs?: number | null;
  /** See FailureAnnouncerDeps.log. */
  failureLog?: FailureLog;
  /** See FailureAnnouncerDeps.earlierJobOwner. */
  earlierJobOwner?: (nzoId: string) => string | null;
  /** See FailureAnnouncerDeps.interruptedGrabOwner. */
  interruptedGrabOwner?: FailureAnnouncerDeps['interruptedGrabOwner'];
  /**
   * Runs at the end of every cycle, ok or not (the *arr failure watch): part of
   * the cycle, so pollNow() and stop() wait for it. It must not throw.
   */
  afterCycle?: () => Promise<void>;
  /** Where SABnzbd's (and the poll's own) outages are told; shared with recovery in the app. */
  outages?: ServiceOutages;
}

/** The download client's error, or `poll_failed` when the core itself could not finish a poll. */
export type PollError = DownloadClientError | { code: 'poll_failed'; message: string };

export interface PollSummary {
  ok: boolean;
  error: PollError | null;
  queueCount: number;
  historyCount: number;
  historyChanged: boolean;
  newFailures: number;
  pagesFetched: number;
  durationMs: number;
}

export interface PollerStatus {
  running: boolean;
  paused: boolean;
  intervalSeconds: number;
  consecutiveFailures: number;
  lastPollAt: number | null;
  nextPollAt: number | null;
  lastError: PollError | null;
}

export class Poller {
  /** Shared with the other failure sources (ArrFailureWatch): announcements run one at a time, so a job is announced once. */
  readonly announcer: FailureAnnouncer;
  private readonly stallWatch = new StallWatch();
  private readonly newId: IdFactory;
  private running = false;
  private paused = false;
  private timer: TimerHandle | null = null;
  private inFlight: Promise<PollSummary> | null = null;
  private consecutiveFailures = 0;
  private readonly outages: ServiceOutages;
  private readonly client: PollerDownloadClient;
  private lastPollAt: number | null = null;
  private nextPollAt: number | null = null;
  private lastError: PollError | null = null;
  /** Last status per job, for queue.state_changed: queue jobs and history jobs still in post-processing. */
  private queueStatus = new Map<string, string>();
  private pendingHistoryStatus = new Map<string, string>();
  private queueSeen = false;
  private historyCount = 0;

  constructor(private readonly options: PollerOptions) {
    this.newId = options.newId ?? randomId;
    const client = options.client ?? (options.sabnzbd ? sabnzbdReadingPort(options.sabnzbd, options.pageSize ?? 50) : null);
    if (!client) throw new Error('The poller needs a download client (client or sabnzbd).');
    this.client = client;
    this.outages = options.outages ?? new ServiceOutages({ bus: options.bus, clock: options.clock, newId: this.newId });
    this.announcer = new FailureAnnouncer({
      store: options.store,
      bus: options.bus,
      clock: options.clock,
      newId: this.newId,
      lookups: options.lookups ?? (() => []),
      settings: () => {
        const s = options.settings();
        return { categoryMap: s.categoryMap, maxRetries: s.monitoring.maxRetries };
      },
      ...(options.failureLog ? { log: options.failureLog } : {}),
      ...(options.earlierJobOwner ? { earlierJobOwner: options.earlierJobOwner } : {}),
      ...(options.interruptedGrabOwner ? { interruptedGrabOwner: options.interruptedGrabOwner } : {}),
    });
  }

  status(): PollerStatus {
    return {
      running: this.running,
      paused: this.paused,
      intervalSeconds: this.options.settings().monitoring.pollIntervalSeconds,
      consecutiveFailures: this.consecutiveFailures,
      lastPollAt: this.lastPollAt,
      nextPollAt: this.nextPollAt,
      lastError: this.lastError,
    };
  }

  /** Announce monitoring, poll at once, then keep polling. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.paused = false;
    await this.emit('monitoring.started', { intervalSeconds: this.intervalMs() / 1000 });
    await this.pollNow();
  }

  /** Stop for good (shutdown): no more timers; waits for a cycle in flight. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.cancelTimer();
    await this.inFlight;
    await this.emit('monitoring.stopped', { reason: 'shutdown' });
  }

  async pause(): Promise<void> {
    if (!this.running || this.paused) return;
    this.paused = true;
    this.cancelTimer();
    this.stallWatch.reset();
    await this.emit('monitoring.stopped', { reason: 'paused' });
  }

  async resume(): Promise<void> {
    if (!this.running || !this.paused) return;
    this.paused = false;
    await this.emit('monitoring.started', { intervalSeconds: this.intervalMs() / 1000 });
    await this.pollNow();
  }

  /** Poll now (also while paused, as a manual refresh); the regular schedule restarts from here. */
  pollNow(): Promise<PollSummary> {
    if (this.inFlight) return this.inFlight;
    this.cancelTimer();
    const cycle = this.cycleAndAfter().finally(() => {
      this.inFlight = null;
      this.scheduleNext();
    });
    this.inFlight = cycle;
    return cycle;
  }

  private intervalMs(): number {
    return this.options.settings().monitoring.pollIntervalSeconds * 1000;
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
    this.nextPollAt = null;
  }

  private scheduleNext(): void {
    this.cancelTimer();
    if (!this.running || this.paused) return;
    const delay = nextPollDelayMs(this.intervalMs(), this.consecutiveFailures, this.options.maxBackoffMs ?? MAX_POLL_BACKOFF_MS);
    this.nextPollAt = this.options.clock.now() + delay;
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = null;
      // A cycle only rejects when even its error report cannot be published; the next timer still comes.
      this.pollNow().catch(() => undefined);
    }, delay);
  }

  private async cycleAndAfter(): Promise<PollSummary> {
    const summary = await this.cycle();
    await this.options.afterCycle?.().catch(() => undefined);
    return summary;
  }

  private async cycle(): Promise<PollSummary> {
    const { clock, state } = this.options;
    const client = this.client;
    const startedAt = clock.now();
    this.lastPollAt = startedAt;
    try {
      const key = historyCursorKey(client.kind);
      const cursor = readCursor(state.get(key), client.kind);
      // The history read is handed this poll's queue: NZBGet decides from it whether its history changed,
      // rather than reading listgroups a second time.
      const queue = await client.queue();
      if (!queue.ok) return await this.failedCycle(queue.error, startedAt);
      const history = await client.readNewHistory(cursor, { now: startedAt, firstRunLookbackMs: this.options.firstRunLookbackMs ?? null, queue: queue.value });
      if (!history.ok) return await this.failedCycle(history.error, startedAt);

      const read = history.value;
      const historyChanged = read.changed;
      const prior = new Map([...this.pendingHistoryStatus, ...this.queueStatus]);
      await this.reportQueue(queue.value, prior);

      let newFailures = 0;
      if (read.changed) {
        this.historyCount = read.total;
        newFailures = await this.processHistory(read.jobs, prior, cursor === null);
      } else if (cursor && typeof cursor.noofslots === 'number') {
        this.historyCount = cursor.noofslots;
      }
      // Saved only once the jobs are processed (their failure lines on disk): a crash before re-reads them.
      // An unchanged read may move the cursor too (NZBGet keeps the queue it saw in it).
      const saved = JSON.stringify(read.cursor);
      if (saved !== state.get(key)) state.set(key, saved, clock.now());

      // Only a cycle that got all the way here ends an outage (the client's or our own).
      await this.recovered();
      const durationMs = clock.now() - startedAt;
      const summary: PollSummary = {
        ok: true,
        error: null,
        queueCount: queue.value.jobs.length,
        historyCount: this.historyCount,
        historyChanged,
        newFailures,
        pagesFetched: read.requests,
        durationMs,
      };
      await this.emit('queue.polled', {
        queueCount: summary.queueCount,
        historyCount: summary.historyCount,
        newFailures,
        downloading: queue.value.jobs.filter((j) => j.state === 'downloading').length,
        paused: queue.value.paused,
        durationMs,
        historyChanged,
        client: client.kind,
      });
      return summary;
    } catch (e) {
      // Not the client's fault (e.g. the database refused a write): report it, back off the same way.
      const message = `Monitoring could not finish a poll: ${e instanceof Error ? e.message : String(e)}`;
      return this.failedCycle({ code: 'poll_failed', message }, startedAt, 'core');
    }
  }

  private async reportQueue(queue: ClientQueue, prior: ReadonlyMap<string, string>): Promise<void> {
    const { clock } = this.options;
    const next = new Map<string, string>();
    for (const job of queue.jobs) {
      next.set(job.downloadId, job.status);
      const from = prior.get(job.downloadId) ?? null;
      // The first look at the queue is a baseline, not a change.
      if (this.queueSeen && from !== job.status) await this.stateChanged(job.downloadId, job.name, from, job.status);
    }
    this.queueStatus = next;
    this.queueSeen = true;

    const stallMs = this.options.settings().monitoring.stallMinutes * 60_000;
    const stalls = this.stallWatch.observe(
      queue.jobs.map((j) => ({
        nzoId: j.downloadId,
        name: j.name,
        // The watch speaks SABnzbd's word for a job that is downloading.
        status: j.state === 'downloading' ? 'Downloading' : j.status,
        mbLeft: j.remainingBytes === null ? 0 : j.remainingBytes / MB,
      })),
      { now: clock.now(), stallMs, queuePaused: queue.paused },
    );
    for (const s of stalls) {
      const status = next.get(s.nzoId) ?? 'Downloading';
      await this.stateChanged(s.nzoId, s.name, status, status, { stalled: true, stalledForMs: s.stalledForMs });
    }
  }

  /** Oldest first, so events read in the order things happened. Answers how many failures were new. */
  private async processHistory(newestFirst: readonly HistoryJob[], prior: ReadonlyMap<string, string>, firstRead: boolean): Promise<number> {
    const pending = new Map<string, string>();
    let newFailures = 0;
    for (const job of [...newestFirst].reverse()) {
      const from = prior.get(job.downloadId) ?? null;
      const final = job.outcome !== 'post_processing';
      if (!final) pending.set(job.downloadId, job.status);
      // Reading a whole history the first time, finished jobs are the past, not changes.
      const baseline = firstRead && final && from === null;
      if (from !== job.status && !baseline) await this.stateChanged(job.downloadId, job.name, from, job.status);
      if (job.outcome === 'failed') {
        const outcome = await this.announcer.announceHistoryJob(job, this.client.kind);
        if (outcome === 'announced' || outcome === 'replacement') newFailures++;
      }
    }
    // The cursor moves past these jobs next: their failure lines go to disk first.
    this.announcer.persistAnnounced();
    this.pendingHistoryStatus = pending;
    return newFailures;
  }

  private async stateChanged(
    nzoId: string,
    name: string,
    from: string | null,
    to: string,
    stall?: { stalled: true; stalledForMs: number },
  ): Promise<void> {
    // A job recovery is tracking keeps that download's correlation id.
    const record = this.options.store.findByAnyNzoId(nzoId);
    await this.emit('queue.state_changed', { nzoId, name, from, to, ...stall }, record?.correlationId);
  }

  private async failedCycle(error: PollError, startedAt: number, who: 'client' | 'core' = 'client'): Promise<PollSummary> {
    const service = who === 'core' ? 'core' : this.client.kind;
    this.consecutiveFailures++;
    this.lastError = error;
    const delay = nextPollDelayMs(this.intervalMs(), this.consecutiveFailures, this.options.maxBackoffMs ?? MAX_POLL_BACKOFF_MS);
    // Every failed poll is told (it says when the next one comes), within one outage story.
    await this.outages.failed(service, {
      code: error.code,
      message: error.message,
      source: MONITORING_SOURCE,
      nextRetryAt: this.running && !this.paused ? this.options.clock.now() + delay : null,
      everyTime: true,
    });
    return {
      ok: false,
      error,
      queueCount: 0,
      historyCount: this.historyCount,
      historyChanged: false,
      newFailures: 0,
      pagesFetched: 0,
      durationMs: this.options.clock.now() - startedAt,
    };
  }

  private async recovered(): Promise<void> {
    const polls = this.consecutiveFailures;
    this.consecutiveFailures = 0;
    this.lastError = null;
    const failedPolls = (n: number) => `${n} failed ${n === 1 ? 'poll' : 'polls'}`;
    // SABnzbd answered (even if it was recovery that last met it down), and so did our own side.
    await this.outages.answered(this.client.kind, {
      source: MONITORING_SOURCE,
      message: (ended) => `${CLIENT_NAMES[this.client.kind]} at ${this.client.address} answers again (after ${failedPolls(polls || ended.failures)}).`,
    });
    await this.outages.answered('core', {
      source: MONITORING_SOURCE,
      message: (ended) => `Monitoring polls complete again (after ${failedPolls(polls || ended.failures)}).`,
    });
  }

  private async emit<K extends EventType>(type: K, payload: EventPayloadMap[K], correlationId?: string): Promise<void> {
    await this.options.bus.publish(type, payload, { source: MONITORING_SOURCE, correlationId });
  }
}

/** The saved cursor, as the client wrote it; one saved before the port (no `client`) is SABnzbd's. */
function readCursor(raw: string | null, kind: DownloadClientPort['kind']): HistoryCursor | null {
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    const client = (parsed as { client?: unknown }).client;
    if (client === undefined && kind === 'sabnzbd') return { ...parsed, client: 'sabnzbd' };
    return client === kind ? (parsed as HistoryCursor) : null;
  } catch {
    return null;
  }
}
