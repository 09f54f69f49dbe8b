// Persists every bus event as one activity line. The bus handler only queues
// the event (publish must never wait on the disk); a short timer started by
// the first queued event, or the size cap, writes the queue in one
// transaction. Code that must not act before a line is on disk (the failure
// announcer marking a failure announced) asks for `afterWritten`, instead of
// forcing a transaction of its own: a poll that finds a hundred failures
// writes them in one commit, not a hundred. Retention runs at start and
// daily, chunk by chunk, yielding to the event loop between chunks so polling
// is never held up for long. The pages it frees are reused by the next days'
// lines; only free space beyond a tenth of the file (retention shortened, a
// burst gone) is given back to the file system, the same chunked way.
import type { Clock, TimerHandle } from '../clock';
import type { EventBusPort, Subscription } from '../events/event-bus-port';
import type { AnyBusEvent } from '../../../shared/events';
import type { ActivityEntry, ActivityPage, ActivityQuery, ActivityStats, NewActivityEntry } from './activity-entry';
import { DEFAULT_DELETE_CHUNK, DEFAULT_RELEASE_CHUNK_PAGES, type ActivityRepository } from './activity-repository';
import { activityLineOf, describeEvent, type EventDescription } from './event-status-table';
import { PollLineSampler } from './poll-line-sampler';

const DAY_MS = 86_400_000;
/** Free pages kept for the next days' lines: this share of the file, and at least MIN_FREE_PAGES_KEPT. */
const FREE_SHARE_KEPT = 0.1;
const MIN_FREE_PAGES_KEPT = 256;

export interface ActivityLogServiceOptions {
  bus: EventBusPort;
  repository: ActivityRepository;
  clock: Clock;
  /** From settings.activity.retentionDays. */
  retentionDays?: number;
  /** Longest an event waits in memory before it is written. */
  flushDelayMs?: number;
  /** Queue length that triggers a write without waiting for the timer. */
  maxBatch?: number;
  /** If the disk keeps failing, the oldest queued events beyond this are dropped. */
  maxPending?: number;
  deleteChunkSize?: number;
  /** Free pages given back to the file system per step after retention. */
  releaseChunkPages?: number;
  /** Which polls become lines (default: a quiet one an hour, every one that found something). */
  pollLines?: PollLineSampler;
  /** Which application a download belongs to, for events whose payload does not say (e.g. retry_started). */
  applicationOf?: (downloadId: string) => string | null;
  /** `consecutiveFailures` counts failed flushes in a row (1 = a new streak); retention failures always pass 1. */
  onError?: (error: unknown, during: 'flush' | 'retention', consecutiveFailures: number) => void;
  /** The first flush that succeeds after `failedFlushes` failed ones in a row. */
  onRecovered?: (failedFlushes: number, written: number) => void;
}

export interface ActivityLogStatus {
  pending: number;
  written: number;
  dropped: number;
  lastRetention: { at: number; deleted: number } | null;
}

const KNOWN_APPS_CAP = 5_000;

export class ActivityLogService {
  private readonly bus: EventBusPort;
  private readonly repository: ActivityRepository;
  private readonly clock: Clock;
  private readonly flushDelayMs: number;
  private readonly maxBatch: number;
  private readonly maxPending: number;
  private readonly deleteChunkSize: number;
  private readonly releaseChunkPages: number;
  private readonly applicationOf: ((downloadId: string) => string | null) | undefined;
  private readonly onError: (error: unknown, during: 'flush' | 'retention', consecutiveFailures: number) => void;
  private readonly onRecovered: ((failedFlushes: number, written: number) => void) | undefined;
  private failedFlushes = 0;
  private retentionDays: number;

  private queue: AnyBusEvent[] = [];
  private subscription: Subscription | null = null;
  private flushTimer: TimerHandle | null = null;
  private capFlushScheduled = false;
  private retentionTimer: TimerHandle | null = null;
  private retentionRun: Promise<number> | null = null;
  private stopped = true;
  /** nzo_id → application, learned from download.failed so later lines of the same download carry it. */
  private readonly knownApps = new Map<string, string>();
  private readonly counters = { written: 0, dropped: 0 };
  private readonly pollLines: PollLineSampler;
  /** Event id → what to run once its line is committed or dropped (see afterWritten). */
  private readonly afterWrite = new Map<string, ((written: boolean) => void)[]>();
  private lastRetention: { at: number; deleted: number } | null = null;

  constructor(options: ActivityLogServiceOptions) {
    this.bus = options.bus;
    this.repository = options.repository;
    this.clock = options.clock;
    this.retentionDays = options.retentionDays ?? 90;
    this.flushDelayMs = options.flushDelayMs ?? 200;
    this.maxBatch = options.maxBatch ?? 500;
    this.maxPending = options.maxPending ?? 50_000;
    this.deleteChunkSize = options.deleteChunkSize ?? DEFAULT_DELETE_CHUNK;
    this.releaseChunkPages = options.releaseChunkPages ?? DEFAULT_RELEASE_CHUNK_PAGES;
    this.applicationOf = options.applicationOf;
    this.pollLines = options.pollLines ?? new PollLineSampler();
    this.onError = options.onError ?? ((error, during) => console.error(`[activity-log] ${during} failed:`, error));
    this.onRecovered = options.onRecovered;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.subscription = this.bus.subscribe('*', (event) => this.enqueue(event), { name: 'activity-log', priority: -100 });
    void this.runRetention();
    this.scheduleDailyRetention();
  }

  /** Unsubscribe, stop retention between chunks, and write everything still queued. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.subscription?.unsubscribe();
    this.subscription = null;
    if (this.retentionTimer) this.clock.clearTimeout(this.retentionTimer);
    this.retentionTimer = null;
    if (this.retentionRun) await this.retentionRun.catch(() => 0);
    this.flush();
  }

  setRetentionDays(days: number): void {
    this.retentionDays = days;
  }

  status(): ActivityLogStatus {
    return { pending: this.queue.length, ...this.counters, lastRetention: this.lastRetention };
  }

  /** Write everything queued now, in one transaction. Returns how many lines were written. */
  flush(): number {
    if (this.flushTimer) this.clock.clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.queue.length === 0) return 0;
    const batch = this.queue;
    this.queue = [];
    let written: number;
    try {
      written = this.repository.insertMany(batch.map((event) => this.toEntry(event)));
    } catch (error) {
      // Keep the lines for the next try (disk full, busy); newest win if it keeps failing.
      this.queue = batch.concat(this.queue);
      const overflow = this.queue.length - this.maxPending;
      if (overflow > 0) {
        // Whatever waited on a dropped line hears so (the announcer leaves
        // that failure unmarked, to be announced again).
        this.settleAfterWrite(this.queue.splice(0, overflow), false);
        this.counters.dropped += overflow;
      }
      this.failedFlushes += 1;
      this.onError(error, 'flush', this.failedFlushes);
      if (!this.stopped) this.armFlushTimer();
      return 0;
    }
    this.counters.written += written;
    if (this.failedFlushes > 0) {
      const streak = this.failedFlushes;
      this.failedFlushes = 0;
      this.onRecovered?.(streak, written);
    }
    this.settleAfterWrite(batch, true);
    return written;
  }

  /**
   * Run `then(true)` once the line of event `eventId` is committed: after the
   * flush that writes it, or at once when it is not waiting in the queue
   * (written already); `then(false)` if the line is dropped instead (the disk
   * kept failing). The hook keeps a second record in step with the log; it
   * must not throw (errors are logged).
   */
  afterWritten(eventId: string, then: (written: boolean) => void): void {
    if (!this.isQueued(eventId)) {
      this.runSafely(then, true);
      return;
    }
    const waiting = this.afterWrite.get(eventId);
    if (waiting) waiting.push(then);
    else this.afterWrite.set(eventId, [then]);
  }

  /** Whether the download.failed line of this job in this lifecycle is on disk (FailureLog). */
  hasFailureLine(nzoId: string, correlationId: string): boolean {
    return this.repository.hasLine('download.failed', nzoId, correlationId);
  }

  query(query: ActivityQuery = {}): ActivityPage {
    this.flush();
    return this.repository.query(query);
  }

  downloadTimeline(downloadId: string): ActivityEntry[] {
    this.flush();
    return this.repository.timelineByDownload(downloadId);
  }

  correlationTimeline(correlationId: string): ActivityEntry[] {
    this.flush();
    return this.repository.timelineByCorrelation(correlationId);
  }

  stats(range: { from?: number; to?: number } = {}): ActivityStats {
    this.flush();
    return this.repository.stats(range);
  }

  /**
   * Delete lines older than the retention period, one short transaction per
   * chunk with a macrotask yield between chunks. A call during a run waits for
   * it, then runs once more with the cutoff of now (the running one may be stale).
   */
  runRetention(): Promise<number> {
    if (this.retentionRun) return this.retentionRun.then(() => this.runRetention());
    const run = this.deleteOldLines().finally(() => {
      this.retentionRun = null;
    });
    this.retentionRun = run;
    return run;
  }

  private async deleteOldLines(): Promise<number> {
    const cutoff = this.clock.now() - this.retentionDays * DAY_MS;
    let total = 0;
    try {
      for (;;) {
        const n = this.repository.deleteOlderThanChunk(cutoff, this.deleteChunkSize);
        total += n;
        if (n < this.deleteChunkSize || this.stopped) break;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (total > 0) await this.releaseFreeSpace();
    } catch (error) {
      this.onError(error, 'retention', 1);
    }
    this.lastRetention = { at: this.clock.now(), deleted: total };
    return total;
  }

  /** Give free pages beyond what the next days will reuse back to the file system, a chunk per macrotask. */
  private async releaseFreeSpace(): Promise<void> {
    for (;;) {
      const { pages, free } = this.repository.pageCounts();
      const excess = free - Math.max(MIN_FREE_PAGES_KEPT, Math.ceil(pages * FREE_SHARE_KEPT));
      if (excess <= 0 || this.stopped) return;
      // Nothing released: the file is not in auto_vacuum=incremental mode.
      if (this.repository.releaseFreePages(Math.min(excess, this.releaseChunkPages)) === 0) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private scheduleDailyRetention(): void {
    this.retentionTimer = this.clock.setTimeout(() => {
      if (this.stopped) return;
      void this.runRetention();
      this.scheduleDailyRetention();
    }, DAY_MS);
  }

  private isQueued(eventId: string): boolean {
    // The event asked about was almost always published a moment ago: search from the newest.
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i]!.id === eventId) return true;
    return false;
  }

  private settleAfterWrite(events: readonly AnyBusEvent[], written: boolean): void {
    if (this.afterWrite.size === 0) return;
    for (const event of events) {
      const waiting = this.afterWrite.get(event.id);
      if (waiting === undefined) continue;
      this.afterWrite.delete(event.id);
      for (const then of waiting) this.runSafely(then, written);
    }
  }

  private runSafely(then: (written: boolean) => void, written: boolean): void {
    try {
      then(written);
    } catch (error) {
      console.error('[activity-log] an after-write step failed:', error);
    }
  }

  private enqueue(event: AnyBusEvent): void {
    if (this.stopped) return;
    if (!this.pollLines.keep(event)) return;
    this.queue.push(event);
    if (this.queue.length >= this.maxBatch) {
      // Write soon, but not inside publish: the publisher never waits on the disk.
      if (!this.capFlushScheduled) {
        this.capFlushScheduled = true;
        setImmediate(() => {
          this.capFlushScheduled = false;
          this.flush();
        });
      }
    } else if (!this.flushTimer) {
      this.armFlushTimer();
    }
  }

  private armFlushTimer(): void {
    if (this.flushTimer) return;
    this.flushTimer = this.clock.setTimeout(() => {
      this.flushTimer = null;
      this.flush();
    }, this.flushDelayMs);
  }

  private toEntry(event: AnyBusEvent): NewActivityEntry {
    const d = this.describe(event);
    if (event.type === 'download.failed') this.rememberApp(event.payload.nzoId, event.payload.sourceApp);
    let application = d.application;
    if (application === null && d.downloadId !== null) {
      application = this.knownApps.get(d.downloadId) ?? this.lookupApplication(d.downloadId);
    }
    return activityLineOf(event, d, application);
  }

  private describe(event: AnyBusEvent): EventDescription {
    try {
      return describeEvent(event);
    } catch {
      // A malformed payload must still leave a trace rather than sink the whole batch.
      return { status: 'warning', severity: 'low', message: `${event.type} (unreadable payload)`, downloadId: null, application: null };
    }
  }

  private lookupApplication(downloadId: string): string | null {
    if (!this.applicationOf) return null;
    try {
      return this.applicationOf(downloadId);
    } catch {
      return null;
    }
  }

  private rememberApp(nzoId: string, app: string): void {
    if (this.knownApps.size >= KNOWN_APPS_CAP) {
      const oldest = this.knownApps.keys().next();
      if (!oldest.done) this.knownApps.delete(oldest.value);
    }
    this.knownApps.set(nzoId, app);
  }
}
