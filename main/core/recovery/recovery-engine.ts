// The recovery engine: turns `download.failed` into attempts up the strategy
// ladder, paced by backoff, coordinated with the *arr's own redownloads, and
// finishes each download as recovered (the replacement really completed) or in
// Needs attention. It only orchestrates: what happens to a download is the
// lifecycle table's (download-lifecycle.ts), written by the LifecycleWriter;
// one step is the AttemptRunner's (claim → execute → apply); awaited
// replacements are the ReplacementTracker's. All state lives in
// download_monitoring and recovery_attempts, so a restart resumes where the
// last run stopped. Work is serialised (one step at a time): every "read,
// decide, write" is free of races without locks, and a person's Dismiss or
// Retry waits its turn behind a running attempt.
import { err, ok, type Result } from '../../../shared/contract-result';
import type { AuditReport, RecoveryStatus, RetryResult } from '../../../shared/contract-views';
import { FirstActionSchema, type FirstAction } from '../../../shared/domain';
import { DeferralServiceSchema, type DownloadRecord } from '../../../shared/downloads';
import type { AnyBusEvent } from '../../../shared/events';
import type { Settings } from '../../../shared/settings';
import type { DownloadStore } from '../activity/download-store-port';
import { AuditRunner, type AuditRunnerOptions } from '../audit/audit-runner';
import type { Clock, TimerHandle } from '../clock';
import type { EventBusPort, Subscription } from '../events/event-bus-port';
import { ServiceOutages } from '../health/service-outages';
import { WantedWatcher, type WantedItemsStore } from '../wanted/wanted-watcher';
import { DEFAULT_COORDINATION_TIMING, type CoordinationTiming } from './arr-coordinator';
import { AttemptRunner } from './attempt-runner';
import { ladderAttempts } from './attempt-bookkeeping';
import { DEFAULT_MIN_FREE_BYTES } from './disk-space';
import type { DeferralService } from './download-lifecycle';
import { LifecycleWriter } from './lifecycle-writer';
import { arrOfDownload, waitsFor } from './arr-of-download';
import { realPause, silentLogger, type Pause, type RecoveryArrs, type RecoveryLogger, type RecoverySabnzbd } from './recovery-ports';
import { computeRecoveryStatus } from './recovery-status';
import { RecoveryTimeline } from './recovery-timeline';
import { ReplacementTracker } from './replacement-tracker';
import { RecoveryScheduler, type RunReport } from './scheduler';
import { nextStrategy } from './strategy-table';

export { RECOVERY_SOURCE } from './recovery-timeline';

export interface RecoveryEngineOptions {
  /** After the *arr records a failure, how long its own search may take to show up (default 2 min). */
  arrGraceMs: number;
  /** How long an *arr tracking the failed job may take to handle the failure at all (default 15 min). */
  arrNoticeMaxMs: number;
  /** A search the *arr keeps running longer than this is taken as stuck (default 60 min). */
  arrSearchMaxMs: number;
  /** How soon to look again while the *arr is searching (default 30 s). */
  arrRecheckMs: number;
  /** How often downloads awaiting a replacement are checked against SABnzbd and the *arr (default 30 s). */
  outcomeCheckMs: number;
  /** A replacement missing from every service this long is lost (default 15 min). */
  replacementLostMs: number;
  /** Overrides the replacement deadline setting (monitoring.replacementDeadlineHours); tests. */
  replacementDeadlineMs: number | undefined;
  /** Longest the scheduler sleeps with nothing due (default 60 s). */
  maxSleepMs: number;
  /** Due rows run per wake (default 20). */
  batchSize: number;
  /** Free space a disk-full retry needs when the job's size is unknown (default 1 GiB). */
  minFreeDiskBytes: number;
  /** Pause between looks at the *arr history after a grab. */
  pause: Pause;
  /** Run the stack audit when the engine starts (default true). */
  auditOnStart: boolean;
}

export interface RecoveryEngineDeps {
  bus: EventBusPort;
  store: DownloadStore;
  sab: RecoverySabnzbd;
  /** Sonarr/Radarr as RecoveryArr (see arr-gateway.ts); a function is read on every use so settings apply live. */
  arrs: RecoveryArrs | (() => RecoveryArrs);
  clock: Clock;
  settings: () => Settings;
  logger?: RecoveryLogger;
  /** Where outages are told; shared with the poller and the *arr failure watch in the app. */
  outages?: ServiceOutages;
  /** Enables the wanted-list watcher. */
  wanted?: WantedItemsStore;
  audit?: Partial<Pick<AuditRunnerOptions, 'downloadClientCategories'>>;
  options?: Partial<RecoveryEngineOptions>;
}

const DEFAULTS: RecoveryEngineOptions = {
  arrGraceMs: DEFAULT_COORDINATION_TIMING.graceMs,
  arrNoticeMaxMs: DEFAULT_COORDINATION_TIMING.noticeMaxMs,
  arrSearchMaxMs: DEFAULT_COORDINATION_TIMING.searchMaxMs,
  arrRecheckMs: DEFAULT_COORDINATION_TIMING.recheckMs,
  outcomeCheckMs: 30_000,
  replacementLostMs: 15 * 60_000,
  replacementDeadlineMs: undefined,
  maxSleepMs: 60_000,
  batchSize: 20,
  minFreeDiskBytes: DEFAULT_MIN_FREE_BYTES,
  pause: realPause,
  auditOnStart: true,
};

export class RecoveryEngine {
  private readonly opts: RecoveryEngineOptions;
  private readonly log: RecoveryLogger;
  private readonly scheduler: RecoveryScheduler;
  private readonly auditRunner: AuditRunner;
  private readonly wantedWatcher: WantedWatcher | null;
  private readonly outages: ServiceOutages;
  private readonly timeline: RecoveryTimeline;
  private readonly writer: LifecycleWriter;
  private readonly runner: AttemptRunner;
  private readonly tracker: ReplacementTracker;
  private subscriptions: Subscription[] = [];
  private stopListening: (() => void) | null = null;
  private outcomeTimer: TimerHandle | null = null;
  private running = false;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: RecoveryEngineDeps) {
    this.opts = { ...DEFAULTS, ...definedOnly(deps.options ?? {}) };
    this.log = deps.logger ?? silentLogger;
    this.outages = deps.outages ?? new ServiceOutages({ bus: deps.bus, clock: deps.clock });
    this.timeline = new RecoveryTimeline(deps.bus);
    this.scheduler = new RecoveryScheduler(deps.clock, deps.store, () => this.serial(() => this.runDue()), {
      maxSleepMs: this.opts.maxSleepMs,
      deferredRetryMs: 1_000,
    });
    const arrs = () => this.arrs();
    this.writer = new LifecycleWriter({
      store: deps.store,
      clock: deps.clock,
      settings: deps.settings,
      timeline: this.timeline,
      sab: deps.sab,
      logger: this.log,
      // An *arr download whose item is not linked yet is still the *arr's: the attempt asks it again first.
      sourceOf: (r) => (arrOfDownload(r, this.arrs()) ? r.sourceApp : 'manual'),
      onScheduled: () => this.scheduler.wake(),
    });
    const coordination: CoordinationTiming = {
      graceMs: this.opts.arrGraceMs,
      noticeMaxMs: this.opts.arrNoticeMaxMs,
      searchMaxMs: this.opts.arrSearchMaxMs,
      recheckMs: this.opts.arrRecheckMs,
    };
    this.runner = new AttemptRunner({
      store: deps.store,
      clock: deps.clock,
      settings: deps.settings,
      sab: deps.sab,
      arrs,
      outages: this.outages,
      writer: this.writer,
      logger: this.log,
      pause: this.opts.pause,
      coordination,
      minFreeDiskBytes: this.opts.minFreeDiskBytes,
      onDuplicate: (nzoId, ours, other) => this.tracker.resolveDuplicate(nzoId, ours, other),
    });
    this.tracker = new ReplacementTracker({
      store: deps.store,
      clock: deps.clock,
      settings: deps.settings,
      sab: deps.sab,
      runner: this.runner,
      writer: this.writer,
      logger: this.log,
      lostAfterMs: this.opts.replacementLostMs,
      ...(this.opts.replacementDeadlineMs !== undefined ? { deadlineMs: this.opts.replacementDeadlineMs } : {}),
    });
    this.auditRunner = new AuditRunner({
      bus: deps.bus,
      clock: deps.clock,
      sab: deps.sab,
      arrs,
      settings: deps.settings,
      store: deps.store,
      downloadClientCategories: deps.audit?.downloadClientCategories,
    });
    this.wantedWatcher = deps.wanted
      ? new WantedWatcher({ bus: deps.bus, clock: deps.clock, store: deps.wanted, settings: deps.settings, sources: arrs, logger: this.log })
      : null;
  }

  // --- lifecycle ---------------------------------------------------------------

  start(): void {
    if (this.running) return;
    this.running = true;
    const { bus } = this.deps;
    this.subscriptions = [
      bus.subscribe('download.failed', (e) => this.onDownloadFailed(e), { name: 'recovery.download-failed' }),
      bus.subscribe('queue.state_changed', (e) => this.onStateChanged(e), { name: 'recovery.state-changed' }),
      bus.subscribe('config.applied', (e) => this.onConfigApplied(e), { name: 'recovery.config-applied' }),
    ];
    // Whoever sees a service answer again (the poller, the *arr failure watch, recovery), what waited for it runs now.
    this.stopListening = this.outages.onAnswered((service, _ended, instance) => {
      const waitedFor = DeferralServiceSchema.safeParse(service);
      if (waitedFor.success) void this.serial(() => this.wakeDeferred(waitedFor.data, instance));
    });
    void this.serial(() => this.resumeAtStart());
    this.scheduler.start();
    this.armOutcomeCheck(0);
    this.wantedWatcher?.start();
    if (this.opts.auditOnStart) void this.runAudit('startup');
  }

  /** Graceful: no new work starts; what runs now finishes (its state is already in the database). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const s of this.subscriptions) s.unsubscribe();
    this.subscriptions = [];
    this.stopListening?.();
    this.stopListening = null;
    this.scheduler.stop();
    if (this.outcomeTimer) this.deps.clock.clearTimeout(this.outcomeTimer);
    this.outcomeTimer = null;
    await this.wantedWatcher?.stop();
    await this.idle();
  }

  /** Resolves when no work is queued or running (tests, shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      const c = this.chain;
      await c.catch(() => undefined);
      await this.scheduler.settled();
      if (c === this.chain) return;
    }
  }

  get isRunning(): boolean {
    return this.running;
  }

  // --- public actions ------------------------------------------------------------

  /** Run the next sensible step NOW, outside the backoff, from any state but recovered; recorded as a manual attempt. */
  retryNow(nzoId: string): Promise<Result<RetryResult>> {
    return this.serial(async () => {
      const found = this.deps.store.findByAnyNzoId(nzoId);
      if (!found) return err('not_found', `No monitored download with nzo_id ${nzoId}.`);
      // An attempt left open by a crash is settled first, so this one never resends it.
      const open = this.deps.store.attempts(found.nzoId).find((a) => a.outcome === 'started');
      if (open) await this.runner.resolveInterrupted(found, open);
      const readied = await this.writer.apply(found.nzoId, { type: 'manual_retry' });
      if (readied.refused !== null) return err('conflict', readied.refused);
      const record = this.deps.store.get(found.nzoId) ?? found;
      // Its *arr may know it by now, which changes what can be tried.
      const linked = await this.runner.relinkItem(record);
      if ('outage' in linked) {
        const line = await this.runner.deferForOutage(record, linked.outage, null);
        return ok({ download: this.deps.store.get(record.nzoId) ?? record, scheduled: true, message: line });
      }
      const message = await this.runner.run(record.nzoId, { manual: true, relinked: true });
      const after = this.deps.store.get(record.nzoId) ?? record;
      this.scheduler.wake();
      return ok({ download: after, scheduled: !this.deps.settings().dryRun, message });
    });
  }

  /** retryNow for every failed, waiting or dead-lettered download; answers how many were started. */
  async retryAllFailed(): Promise<{ started: number; refused: number }> {
    const targets: string[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = this.deps.store.listFailed({ includeDlq: true, limit: 200, offset });
      for (const r of page.items) if (r.status === 'failed' || r.status === 'dlq' || r.status === 'retrying') targets.push(r.nzoId);
      if (page.items.length < 200) break;
    }
    let started = 0;
    for (const id of targets) if ((await this.retryNow(id)).ok) started++;
    return { started, refused: targets.length - started };
  }

  /** "Leave it": waits its turn behind a running attempt, so that attempt cannot overwrite it. */
  dismiss(nzoId: string): Promise<Result<DownloadRecord>> {
    return this.serial(async () => {
      const record = this.deps.store.findByAnyNzoId(nzoId);
      if (!record) return err('not_found', `No monitored download with nzo_id ${nzoId}.`);
      const applied = await this.writer.apply(record.nzoId, { type: 'dismiss' });
      return ok(applied.record ?? record);
    });
  }

  status(): RecoveryStatus {
    return computeRecoveryStatus(this.deps.store, {
      running: this.running,
      dryRun: this.deps.settings().dryRun,
      nextStrategyOf: (record, attempts) => nextStrategy(record.kind, this.runner.sourceOf(record), ladderAttempts(attempts)),
    });
  }

  runAudit(trigger: 'startup' | 'manual' | 'schedule' = 'manual'): Promise<Result<AuditReport>> {
    return this.auditRunner.run(trigger);
  }

  /** One check of every download awaiting its replacement (also runs on a timer). */
  checkReplacements(): Promise<void> {
    return this.serial(() => this.tracker.checkAll());
  }

  /** Settings changed (also at start, for what changed while the app was stopped): downloads still in the ladder follow. */
  applySettings(): Promise<void> {
    return this.serial(() => this.forEachOpen((r) => this.writer.apply(r.nzoId, { type: 'settings_changed' })));
  }

  // --- events -----------------------------------------------------------------------

  private onDownloadFailed(event: AnyBusEvent & { type: 'download.failed' }): void {
    const p = event.payload;
    const record = this.deps.store.findByAnyNzoId(p.replacesNzoId ?? p.nzoId);
    if (!record) return;
    this.timeline.heard(record.nzoId, event);
    if (p.replacesNzoId) {
      const failedJob = p.nzoId;
      const message = p.failMessage;
      void this.serial(() => this.writer.apply(record.nzoId, { type: 'replacement_failed', nzoId: failedJob, error: message }).then(() => undefined));
    } else {
      // The first thing that happens to a new failure: its first attempt is scheduled (or nothing is to be done).
      // Written now, inside the announcement, so it is on disk before the failure's activity line is: a crash
      // can never leave an announced failure with nothing scheduled. Nothing runs for a new failure yet.
      const written = this.writer.write(record.nzoId, failureSeen(record));
      void this.serial(() => this.writer.tell(written));
    }
    this.scheduler.wake();
  }

  private onStateChanged(event: AnyBusEvent & { type: 'queue.state_changed' }): void {
    if (event.payload.to !== 'Completed') return;
    const job = event.payload.nzoId;
    const record = this.deps.store.findByAnyNzoId(job);
    if (!record || record.status !== 'awaiting_replacement' || record.trackedNzoId !== job) return;
    this.timeline.heard(record.nzoId, event);
    void this.serial(() => this.writer.apply(record.nzoId, { type: 'replacement_completed', nzoId: job, via: 'sabnzbd' }).then(() => undefined));
  }

  private onConfigApplied(event: AnyBusEvent & { type: 'config.applied' }): void {
    if (event.payload.changedKeys.some((k) => k === 'dryRun' || k === 'monitoring.maxRetries')) void this.applySettings();
  }

  // --- the work -----------------------------------------------------------------------

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.catch(() => undefined).then(fn);
    this.chain = next;
    return next;
  }

  private arrs(): RecoveryArrs {
    const a = this.deps.arrs;
    return typeof a === 'function' ? a() : a;
  }

  private async runDue(): Promise<RunReport> {
    if (!this.running) return { deferred: false };
    const now = this.deps.clock.now();
    let deferred = false;
    for (const row of this.deps.store.dueRetries(now, this.opts.batchSize)) {
      // Inserted but not announced yet: wait for its download.failed, so the timeline starts with the failure.
      if (row.metadata.announcedAt === null && !this.timeline.has(row.nzoId)) {
        deferred = true;
        continue;
      }
      if (!this.running) break;
      await this.runner.run(row.nzoId, { manual: false, relinked: false });
    }
    return { deferred };
  }

  /**
   * What a previous run left: attempts it was in the middle of (looked up,
   * never resent), failures whose first attempt was never scheduled, and
   * settings that changed meanwhile (dry run, max retries).
   */
  private async resumeAtStart(): Promise<void> {
    await this.forEachOpen(async (r) => {
      if (r.status === 'retrying' && r.nextAttemptAt === null) {
        const open = this.deps.store.attempts(r.nzoId).find((a) => a.outcome === 'started');
        if (open) await this.runner.resolveInterrupted(r, open);
        else this.deps.store.update(r.nzoId, { nextAttemptAt: this.deps.clock.now() }, this.deps.clock.now());
        return;
      }
      if (r.status === 'failed' && r.nextAttemptAt === null && typeof r.metadata.announcedAt === 'number') {
        await this.writer.apply(r.nzoId, failureSeen(r));
      }
      await this.writer.apply(r.nzoId, { type: 'settings_changed' });
    });
    this.scheduler.wake();
  }

  /** Every download that is not finished (failed, retrying, awaiting its replacement). */
  private async forEachOpen(fn: (r: DownloadRecord) => Promise<unknown>): Promise<void> {
    const open: DownloadRecord[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = this.deps.store.listFailed({ includeDlq: false, limit: 200, offset });
      open.push(...page.items.filter((r) => r.status === 'failed' || r.status === 'retrying' || r.status === 'awaiting_replacement'));
      if (page.items.length < 200) break;
    }
    for (const r of open) {
      const fresh = this.deps.store.get(r.nzoId);
      if (fresh) await fn(fresh);
    }
  }

  /**
   * The service answered again: the steps that waited for it run now rather than at the end of their
   * (up to 10 min) wait; of an *arr, only the downloads of the instance that answered (waitsFor).
   */
  private async wakeDeferred(service: DeferralService, instance: string | undefined): Promise<void> {
    let woken = 0;
    for (const row of this.deps.store.dueRetries(Number.MAX_SAFE_INTEGER, 500)) {
      if (!waitsFor(row, service, instance)) continue;
      if ((await this.writer.apply(row.nzoId, { type: 'service_answered', service })).applied) woken++;
    }
    if (woken > 0) this.scheduler.wake();
  }

  private armOutcomeCheck(delay: number): void {
    if (!this.running) return;
    this.outcomeTimer = this.deps.clock.setTimeout(() => {
      this.outcomeTimer = null;
      void this.serial(() => this.tracker.checkAll())
        .catch((e: unknown) => this.log.error('replacement check failed', { error: e instanceof Error ? e.message : String(e) }))
        .finally(() => this.armOutcomeCheck(this.opts.outcomeCheckMs));
    }, delay);
  }
}

/** The lifecycle input for a newly announced failure, from what the classifier recorded with it. */
function failureSeen(record: DownloadRecord): { type: 'failure_seen'; firstAction: FirstAction; explanation: string } {
  const firstAction = FirstActionSchema.safeParse(record.metadata.firstAction);
  const explanation = typeof record.metadata.explanation === 'string' ? record.metadata.explanation : '';
  return { type: 'failure_seen', firstAction: firstAction.success ? firstAction.data : 'retry_download', explanation };
}

/** Options given as `undefined` keep their default. */
function definedOnly<T extends object>(o: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
