// The recovery engine: turns `download.failed` into attempts up the strategy
// ladder, paced by backoff, coordinated with the *arr's own redownloads, and
// finishes each download as recovered (the replacement really completed) or in
// the dead-letter queue. All state lives in download_monitoring and
// recovery_attempts, so a restart resumes where the last run stopped; an
// attempt is claimed in the database BEFORE anything is sent, so nothing runs
// twice. Work is serialised (one attempt at a time), which keeps every
// "read, decide, write" step free of races without locks.
import { err, ok, type Result } from '../../../shared/contract-result';
import type { RecoveryStatus, RetryResult } from '../../../shared/contract-views';
import type { SourceApp, Strategy } from '../../../shared/domain';
import type { DownloadRecord, RecoveryAttempt } from '../../../shared/downloads';
import type { AnyBusEvent, EventPayloadMap, EventType } from '../../../shared/events';
import type { Settings } from '../../../shared/settings';
import type { DownloadStore } from '../activity/download-store-port';
import type { Clock, TimerHandle } from '../clock';
import type { EventBusPort, Subscription } from '../events/event-bus-port';
import { AuditRunner, type AuditRunnerOptions } from '../audit/audit-runner';
import type { AuditReport } from '../../../shared/contract-views';
import { WantedWatcher, type WantedItemsStore } from '../wanted/wanted-watcher';
import { coordinateWithArr, DEFAULT_ARR_GRACE_MS } from './arr-coordinator';
import {
  effectiveMaxAttempts,
  failedWasOurGrab,
  failureTime,
  ladderAttempts,
  nextAttemptNumber,
  spentAttempts,
  strategiesTried,
  union,
} from './attempt-bookkeeping';
import type { ArrError } from '../arr/arr-result';
import { backoffDelayMs, nextAttemptAt } from './backoff';
import { DEFAULT_MIN_FREE_BYTES, hasSpaceFor } from './disk-space';
import { wasAttemptSent } from './interrupted-attempt';
import { arrToRelink, linkedMetadata, lookUpItem } from './item-relink';
import { judgeReplacement, knownNzoIds, waitingAttempt } from './outcome-tracker';
import { realPause, silentLogger, type Pause, type RecoveryArr, type RecoveryArrs, type RecoveryLogger, type RecoverySabnzbd } from './recovery-ports';
import { computeRecoveryStatus } from './recovery-status';
import { RecoveryScheduler, type RunReport } from './scheduler';
import { STRATEGIES_BY_NAME } from './strategies/strategy-registry';
import { arrOutage, deferredLine, isDeferredBy, OutageTracker, serviceLabel, UNCONFIRMED_MARK, type Outage } from './service-outage';
import type { StrategyOutcome, StrategyResult } from './strategies/strategy';
import { nextStrategy, noActionReason, STRATEGY_TABLE } from './strategy-table';

export const RECOVERY_SOURCE = 'recovery';

export interface RecoveryEngineOptions {
  /** How long to leave the *arr to grab its own replacement after a failure (default 2 min). */
  arrGraceMs: number;
  /** How often downloads awaiting a replacement are checked against SABnzbd and the *arr (default 30 s). */
  outcomeCheckMs: number;
  /** Longest the scheduler sleeps with nothing due (default 60 s). */
  maxSleepMs: number;
  /** Due rows run per wake (default 20). */
  batchSize: number;
  /** Free space a disk-full retry needs at least (default 1 GiB). */
  minFreeDiskBytes: number;
  /** Pause between looks at the *arr history after a grab. */
  pause: Pause;
  /** Run the stack audit when the engine starts (default true). */
  auditOnStart: boolean;
}

/** A failure written to the database, with the events still to publish. */
interface FailureToAnnounce {
  record: DownloadRecord;
  slot: number;
  strategy: Strategy;
  error: string;
  willRetry: boolean;
  nextAt: number | null;
  attempts: RecoveryAttempt[];
  dlqReason: string | null;
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
  /** Enables the wanted-list watcher. */
  wanted?: WantedItemsStore;
  audit?: Partial<Pick<AuditRunnerOptions, 'downloadClientCategories'>>;
  options?: Partial<RecoveryEngineOptions>;
}

type Cause = Pick<AnyBusEvent, 'id' | 'correlationId'>;

const DEFAULTS: RecoveryEngineOptions = {
  arrGraceMs: DEFAULT_ARR_GRACE_MS,
  outcomeCheckMs: 30_000,
  maxSleepMs: 60_000,
  batchSize: 20,
  minFreeDiskBytes: DEFAULT_MIN_FREE_BYTES,
  pause: realPause,
  auditOnStart: true,
};

/** At most this many "strategy did not apply" steps in one go (the ladders are shorter). */
const MAX_SKIPS = 4;

export class RecoveryEngine {
  private readonly opts: RecoveryEngineOptions;
  private readonly log: RecoveryLogger;
  private readonly scheduler: RecoveryScheduler;
  private readonly auditRunner: AuditRunner;
  private readonly wantedWatcher: WantedWatcher | null;
  private subscriptions: Subscription[] = [];
  private outcomeTimer: TimerHandle | null = null;
  private running = false;
  private chain: Promise<unknown> = Promise.resolve();
  /** The last event of each download's story (by original nzo_id): the cause of the next one. */
  private readonly lastEvent = new Map<string, Cause>();
  private readonly inFlight = new Set<string>();
  private readonly outages = new OutageTracker();

  constructor(private readonly deps: RecoveryEngineDeps) {
    this.opts = { ...DEFAULTS, ...deps.options };
    this.log = deps.logger ?? silentLogger;
    this.scheduler = new RecoveryScheduler(deps.clock, deps.store, () => this.serial(() => this.runDue()), {
      maxSleepMs: this.opts.maxSleepMs,
      deferredRetryMs: 1_000,
    });
    this.auditRunner = new AuditRunner({
      bus: deps.bus,
      clock: deps.clock,
      sab: deps.sab,
      arrs: () => this.arrs(),
      settings: deps.settings,
      store: deps.store,
      downloadClientCategories: deps.audit?.downloadClientCategories,
    });
    this.wantedWatcher = deps.wanted
      ? new WantedWatcher({ bus: deps.bus, clock: deps.clock, store: deps.wanted, settings: deps.settings, sources: () => this.arrs(), logger: this.log })
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
    ];
    void this.serial(() => this.resumeInterrupted());
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

  /** Run the next sensible strategy NOW, outside the backoff (from the DLQ too); recorded as a manual attempt. */
  retryNow(nzoId: string): Promise<Result<RetryResult>> {
    return this.serial(async () => {
      const record = this.deps.store.findByAnyNzoId(nzoId);
      if (!record) return err('not_found', `No monitored download with nzo_id ${nzoId}.`);
      if (record.status === 'awaiting_replacement')
        return err('conflict', `"${record.name}" is already being recovered: a replacement is downloading.`);
      if (record.status === 'recovered') return err('conflict', `"${record.name}" has already been recovered.`);
      // Its *arr may know it by now, which changes what can be tried.
      const linked = await this.relinkItem(record);
      if ('outage' in linked) {
        const line = await this.deferForOutage(record, linked.outage, null);
        return ok({ download: this.deps.store.get(record.nzoId) ?? record, scheduled: true, message: line });
      }
      const reason = noActionReason(linked.record.kind, this.sourceOf(linked.record));
      if (reason !== null) return err('conflict', `Nothing to retry for "${record.name}": ${reason}`);
      const message = await this.runAttempt(linked.record, { manual: true, relinked: true });
      const after = this.deps.store.get(record.nzoId) ?? record;
      const dryRun = this.deps.settings().dryRun;
      this.scheduler.wake();
      return ok({ download: after, scheduled: !dryRun, message });
    });
  }

  /** retryNow for every failed or dead-lettered download; answers how many were started. */
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

  dismiss(nzoId: string): Result<DownloadRecord> {
    const record = this.deps.store.findByAnyNzoId(nzoId);
    if (!record) return err('not_found', `No monitored download with nzo_id ${nzoId}.`);
    return ok(this.deps.store.dismiss(record.nzoId, this.deps.clock.now()));
  }

  status(): RecoveryStatus {
    return computeRecoveryStatus(this.deps.store, {
      running: this.running,
      dryRun: this.deps.settings().dryRun,
      nextStrategyOf: (record, attempts) => nextStrategy(record.kind, this.sourceOf(record), ladderAttempts(attempts)),
    });
  }

  runAudit(trigger: 'startup' | 'manual' | 'schedule' = 'manual'): Promise<Result<AuditReport>> {
    return this.auditRunner.run(trigger);
  }

  /** One check of every download awaiting its replacement (also runs on a timer). */
  checkReplacements(): Promise<void> {
    return this.serial(() => this.checkAwaiting());
  }

  // --- events -----------------------------------------------------------------------

  private onDownloadFailed(event: AnyBusEvent & { type: 'download.failed' }): void {
    const p = event.payload;
    const record = this.deps.store.findByAnyNzoId(p.replacesNzoId ?? p.nzoId);
    if (!record) return;
    this.lastEvent.set(record.nzoId, { id: event.id, correlationId: event.correlationId });
    if (p.replacesNzoId) {
      const failedJob = p.nzoId;
      const message = p.failMessage;
      void this.serial(() => this.replacementFailed(record.nzoId, failedJob, message));
    }
    this.scheduler.wake();
  }

  private onStateChanged(event: AnyBusEvent & { type: 'queue.state_changed' }): void {
    if (event.payload.to !== 'Completed') return;
    const job = event.payload.nzoId;
    const record = this.deps.store.findByAnyNzoId(job);
    if (!record || record.status !== 'awaiting_replacement' || record.trackedNzoId !== job) return;
    this.lastEvent.set(record.nzoId, { id: event.id, correlationId: event.correlationId });
    void this.serial(() => this.markRecovered(record.nzoId, job, 'sabnzbd'));
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

  private arrOf(record: DownloadRecord): RecoveryArr | null {
    if (record.sourceApp === 'manual' || !record.item) return null;
    return this.arrs()[record.sourceApp] ?? null;
  }

  /** A download whose *arr is not configured (or whose item is unknown) can only be handled like a manual job. */
  private sourceOf(record: DownloadRecord): SourceApp {
    return this.arrOf(record) ? record.sourceApp : 'manual';
  }

  private async runDue(): Promise<RunReport> {
    if (!this.running) return { deferred: false };
    const now = this.deps.clock.now();
    let deferred = false;
    for (const row of this.deps.store.dueRetries(now, this.opts.batchSize)) {
      // Inserted but not announced yet: wait for its download.failed, so the timeline starts with the failure.
      if (row.metadata.announcedAt === null && !this.lastEvent.has(row.nzoId)) {
        deferred = true;
        continue;
      }
      if (!this.running) break;
      await this.runAttempt(row, { manual: false, relinked: false });
    }
    return { deferred };
  }

  /** Downloads left mid-attempt by a previous run (status retrying, nothing scheduled). */
  private async resumeInterrupted(): Promise<void> {
    const stuck: DownloadRecord[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = this.deps.store.listFailed({ includeDlq: false, limit: 200, offset });
      stuck.push(...page.items.filter((r) => r.status === 'retrying' && r.nextAttemptAt === null));
      if (page.items.length < 200) break;
    }
    for (const r of stuck) {
      const open = this.deps.store.attempts(r.nzoId).find((a) => a.outcome === 'started');
      if (open) await this.resolveInterrupted(r, open);
      else this.deps.store.update(r.nzoId, { nextAttemptAt: this.deps.clock.now() }, this.deps.clock.now());
    }
  }

  /** One attempt (or a decision not to make one). Answers a line saying what happened. */
  private async runAttempt(initial: DownloadRecord, mode: { manual: boolean; relinked: boolean }): Promise<string> {
    const { store, clock } = this.deps;
    if (this.inFlight.has(initial.nzoId)) return 'An attempt is already running.';
    this.inFlight.add(initial.nzoId);
    try {
      for (let skips = 0; skips <= MAX_SKIPS; skips++) {
        const record = store.get(initial.nzoId);
        if (!record) return 'The download is gone.';
        const attempts = store.attempts(record.nzoId);
        const open = attempts.find((a) => a.outcome === 'started');
        if (open) {
          await this.resolveInterrupted(record, open);
          return 'An interrupted attempt was resolved first.';
        }
        // The *arr is asked for a missing item once per run, not again for every skipped rung.
        const outcome = await this.attemptOnce(record, attempts, { manual: mode.manual, relink: !mode.relinked && skips === 0 });
        if (outcome !== 'skipped') return outcome;
      }
      return 'No strategy applied.';
    } catch (e) {
      // Never leave a row due and broken: record the error and look again after one backoff period.
      const message = e instanceof Error ? e.message : String(e);
      this.log.error('recovery attempt crashed', { nzoId: initial.nzoId, error: message });
      const now = clock.now();
      store.update(initial.nzoId, { lastError: message, nextAttemptAt: now + this.baseMs() }, now);
      return `The attempt failed unexpectedly: ${message}`;
    } finally {
      this.inFlight.delete(initial.nzoId);
    }
  }

  private baseMs(): number {
    return this.deps.settings().monitoring.baseBackoffSeconds * 1000;
  }

  /**
   * A failure first seen while its *arr was down has the app (from the category
   * map) but no item. Ask the app again before choosing a strategy: the record
   * to go on with (linked when the app knows it), or the outage to wait for.
   */
  private async relinkItem(record: DownloadRecord): Promise<{ record: DownloadRecord } | { outage: Outage }> {
    const arr = arrToRelink(record, this.arrs());
    if (!arr) return { record };
    const answer = await lookUpItem(arr, record.nzoId);
    if (answer.outcome === 'outage') return { outage: answer.outage };
    await this.answered(arr.app);
    if (answer.outcome === 'found') {
      const { store, clock } = this.deps;
      const now = clock.now();
      const updated = store.update(record.nzoId, { item: answer.item, metadata: linkedMetadata(record, arr.app, now) }, now);
      this.log.info('linked the download to its item after asking its app again', { nzoId: record.nzoId, app: arr.app, item: answer.item });
      return { record: updated };
    }
    if (answer.outcome === 'refused') {
      this.log.warn('could not ask the app which item the download belongs to', { nzoId: record.nzoId, app: arr.app, error: answer.error.message });
    }
    return { record };
  }

  /** Returns 'skipped' when the chosen strategy did not apply and the next one should be tried at once. */
  private async attemptOnce(given: DownloadRecord, attempts: RecoveryAttempt[], mode: { manual: boolean; relink: boolean }): Promise<string> {
    const { store, clock } = this.deps;
    const settings = this.deps.settings();
    const spent = spentAttempts(attempts);
    const maxAttempts = effectiveMaxAttempts(given.maxAttempts, attempts);

    if (!mode.manual && spent >= maxAttempts) {
      await this.deadLetter(given, attempts, `All ${maxAttempts} attempts were used.`);
      return 'Moved to the dead-letter queue.';
    }
    const linked = mode.relink ? await this.relinkItem(given) : { record: given };
    if ('outage' in linked) return this.deferForOutage(given, linked.outage, null);
    const record = linked.record;
    const now = clock.now();
    const source = this.sourceOf(record);
    const strategy = nextStrategy(record.kind, source, ladderAttempts(attempts));
    if (strategy === null) {
      const reason = noActionReason(record.kind, source) ?? 'Nothing to try.';
      if (!mode.manual) await this.deadLetter(record, attempts, reason);
      return reason;
    }

    // Propagation: the post needs time to reach every server, so even the first retry waits one backoff period.
    if (!mode.manual && spent === 0 && STRATEGY_TABLE[record.kind].delayFirstAttempt) {
      const due = nextAttemptAt(failureTime(record, attempts), 1, settings.monitoring.baseBackoffSeconds, { delayFirst: true });
      if (now < due) {
        store.update(record.nzoId, { status: 'retrying', nextAttemptAt: due }, now);
        return `Waiting until ${new Date(due).toISOString()} for the post to propagate before retrying.`;
      }
    }

    // Disk full: a retry only helps once there is room again.
    if (STRATEGY_TABLE[record.kind].needsDiskSpace && strategy === 'retry_download') {
      const q = await this.deps.sab.queue();
      const free = q.ok ? q.value.diskspace1 : null;
      const size = typeof record.metadata.sizeBytes === 'number' ? record.metadata.sizeBytes : null;
      if (!hasSpaceFor(free, size, this.opts.minFreeDiskBytes)) {
        const line = q.ok
          ? `Waiting for free disk space: SABnzbd reports ${free ?? '?'} GB free, not enough to retry.`
          : `Waiting for free disk space: SABnzbd could not be asked (${q.error.message}).`;
        store.update(record.nzoId, { status: 'retrying', nextAttemptAt: now + this.baseMs(), lastError: line }, now);
        this.log.warn(line, { nzoId: record.nzoId });
        return line;
      }
    }

    const arr = this.arrOf(record);
    const known = knownNzoIds(record, attempts);
    if (arr && record.item) {
      const c = await coordinateWithArr(arr, record.item, {
        failureAt: failureTime(record, attempts),
        now,
        graceMs: this.opts.arrGraceMs,
        knownNzoIds: known,
        failedWasOurGrab: failedWasOurGrab(attempts),
        manual: mode.manual,
      });
      if (c.action === 'unreachable') return this.deferForOutage(record, c.outage, null);
      await this.answered(arr.app);
      if (c.action === 'adopt') return this.adoptArrGrab(record, attempts, c, mode.manual);
      if (c.action === 'wait') {
        store.update(record.nzoId, { status: 'retrying', nextAttemptAt: c.until, lastError: null }, now);
        this.log.info(c.reason, { nzoId: record.nzoId, until: c.until });
        return `Waiting until ${new Date(c.until).toISOString()} for ${arr.app === 'sonarr' ? 'Sonarr' : 'Radarr'} to grab a replacement itself.`;
      }
    }

    const n = nextAttemptNumber(attempts);
    const failedNzoId = record.trackedNzoId ?? record.nzoId;
    const dryRun = settings.dryRun;
    const claimed = store.startAttempt(
      record.nzoId,
      { attempt: n, strategy, manual: mode.manual, dryRun, startedAt: now, oldNzoId: failedNzoId, newNzoId: null, releaseGuid: null, releaseTitle: null, quality: null },
      now,
    );
    if (!claimed) {
      this.log.warn('attempt already claimed; not running it again', { nzoId: record.nzoId, attempt: n });
      return 'This attempt was already made.';
    }
    store.update(record.nzoId, { status: 'retrying', currentStrategy: strategy, nextAttemptAt: null }, now);
    const slot = spent + 1;
    await this.emit(record, 'download.retry_started', {
      nzoId: record.nzoId,
      name: record.name,
      attempt: slot,
      maxAttempts: Math.max(maxAttempts, slot),
      strategy,
      manual: mode.manual,
      dryRun,
    });

    let result: StrategyOutcome;
    if (dryRun) {
      result = { outcome: 'skipped', error: `Dry run: ${strategy} was decided but nothing was sent.` };
    } else {
      const impl = STRATEGIES_BY_NAME[strategy];
      try {
        result = impl
          ? await impl.execute(record, { sab: this.deps.sab, arr, clock, pause: this.opts.pause, logger: this.log, failedNzoId, knownNzoIds: known })
          : { outcome: 'skipped', error: `No implementation for ${strategy}.` };
      } catch (e) {
        result = { outcome: 'failed', error: e instanceof Error ? e.message : String(e) };
      }
    }
    if (result.outcome === 'unreachable') return this.deferForOutage(record, result.outage, { n, result });
    if (arr && !dryRun) await this.answered(arr.app);
    return this.applyResult(record, n, slot, strategy, result, { dryRun, manual: mode.manual, maxAttempts: Math.max(maxAttempts, slot) });
  }

  private async applyResult(
    record: DownloadRecord,
    n: number,
    slot: number,
    strategy: Strategy,
    result: StrategyResult,
    ctx: { dryRun: boolean; manual: boolean; maxAttempts: number },
  ): Promise<string> {
    const { store, clock } = this.deps;
    const now = clock.now();
    // The outcome and the download's next state are one transaction (see DownloadStore.atomically).
    const after = store.atomically(() => this.applyResultState(record, n, slot, strategy, result, ctx, now));
    if (typeof after === 'string') return after;
    await this.announceFailure(after);
    return `Attempt ${slot} (${strategy}) failed: ${result.error ?? 'unknown error'}`;
  }

  /** The database part of applyResult; a failure returns what is left to announce. */
  private applyResultState(
    record: DownloadRecord,
    n: number,
    slot: number,
    strategy: Strategy,
    result: StrategyResult,
    ctx: { dryRun: boolean; manual: boolean; maxAttempts: number },
    now: number,
  ): string | FailureToAnnounce {
    const { store } = this.deps;
    store.finishAttempt(
      record.nzoId,
      n,
      {
        outcome: result.outcome,
        error: result.error ?? null,
        ...(result.newNzoId !== undefined ? { newNzoId: result.newNzoId } : {}),
        ...(result.releaseGuid !== undefined ? { releaseGuid: result.releaseGuid } : {}),
        ...(result.releaseTitle !== undefined ? { releaseTitle: result.releaseTitle } : {}),
        ...(result.quality !== undefined ? { quality: result.quality } : {}),
      },
      now,
    );
    const tried = {
      releasesTried: union(record.releasesTried, result.triedGuids),
      qualitiesTried: union(record.qualitiesTried, result.triedRungs),
    };
    if (result.outcome === 'waiting') {
      store.update(
        record.nzoId,
        { ...tried, status: 'awaiting_replacement', trackedNzoId: result.newNzoId ?? null, attempts: slot, lastError: null, nextAttemptAt: null },
        now,
      );
      const what = result.releaseTitle ? `grabbed "${result.releaseTitle}"` : `retried as ${result.newNzoId ?? 'a new job'}`;
      return `Attempt ${slot} (${strategy}): ${what}; waiting for it to complete.`;
    }
    if (result.outcome === 'skipped') {
      if (ctx.dryRun) {
        store.update(record.nzoId, { ...tried, status: 'failed', nextAttemptAt: null, lastError: result.error ?? 'Dry run.' }, now);
        return result.error ?? 'Dry run: nothing was sent.';
      }
      store.update(record.nzoId, tried, now);
      this.log.info('strategy did not apply; trying the next one', { nzoId: record.nzoId, strategy, reason: result.error });
      return 'skipped';
    }
    const updated = store.update(record.nzoId, { ...tried, attempts: slot, lastError: result.error ?? 'failed' }, now);
    return this.failureState(updated, slot, strategy, result.error ?? 'The attempt failed.', ctx.maxAttempts);
  }

  /** After a failed attempt (or a failed replacement): schedule the next one with backoff, or dead-letter. */
  private async afterFailure(record: DownloadRecord, slot: number, strategy: Strategy, error: string, maxAttempts: number): Promise<void> {
    await this.announceFailure(this.failureState(record, slot, strategy, error, maxAttempts));
  }

  /**
   * The database half of afterFailure, synchronous so callers can put it in the
   * same transaction as the attempt's outcome. The events follow it: a crash in
   * between loses a log line, never the state.
   */
  private failureState(record: DownloadRecord, slot: number, strategy: Strategy, error: string, maxAttempts: number): FailureToAnnounce {
    const { store, clock } = this.deps;
    const now = clock.now();
    const willRetry = slot < maxAttempts;
    const nextAt = willRetry ? now + backoffDelayMs(slot + 1, this.deps.settings().monitoring.baseBackoffSeconds) : null;
    store.update(record.nzoId, { status: 'retrying', nextAttemptAt: nextAt, lastError: error }, now);
    const attempts = store.attempts(record.nzoId);
    const dlqReason = willRetry ? null : `All ${maxAttempts} attempts failed; the last one: ${error}`;
    if (dlqReason !== null) store.moveToDlq(record.nzoId, dlqReason, now);
    return { record, slot, strategy, error, willRetry, nextAt, attempts, dlqReason };
  }

  private async announceFailure(f: FailureToAnnounce): Promise<void> {
    const { record, slot, strategy, error, willRetry, nextAt } = f;
    await this.emit(record, 'download.retry_failed', {
      nzoId: record.nzoId,
      name: record.name,
      attempt: slot,
      strategy,
      error,
      willRetry,
      nextAttemptAt: nextAt,
    });
    if (f.dlqReason !== null) await this.announceDeadLetter(record, f.attempts, f.dlqReason);
    else this.scheduler.wake();
  }

  private async deadLetter(record: DownloadRecord, attempts: readonly RecoveryAttempt[], reason: string): Promise<void> {
    this.deps.store.moveToDlq(record.nzoId, reason, this.deps.clock.now());
    await this.announceDeadLetter(record, attempts, reason);
  }

  private async announceDeadLetter(record: DownloadRecord, attempts: readonly RecoveryAttempt[], reason: string): Promise<void> {
    await this.emit(record, 'download.moved_to_dlq', {
      nzoId: record.nzoId,
      name: record.name,
      reason,
      attempts: spentAttempts(attempts),
      strategiesTried: strategiesTried(attempts),
    });
  }

  /** The *arr grabbed a replacement on its own: that grab is this download's recovery step. */
  private async adoptArrGrab(
    record: DownloadRecord,
    attempts: RecoveryAttempt[],
    grab: { nzoId: string; title: string | null; guid: string | null; quality: string | null },
    manual: boolean,
  ): Promise<string> {
    const { store, clock } = this.deps;
    const now = clock.now();
    const n = nextAttemptNumber(attempts);
    const slot = spentAttempts(attempts) + 1;
    const failedNzoId = record.trackedNzoId ?? record.nzoId;
    const claimed = store.startAttempt(
      record.nzoId,
      { attempt: n, strategy: 'arr_redownload', manual, dryRun: false, startedAt: now, oldNzoId: failedNzoId, newNzoId: grab.nzoId, releaseGuid: grab.guid, releaseTitle: grab.title, quality: grab.quality },
      now,
    );
    if (!claimed) return 'This attempt was already made.';
    await this.emit(record, 'download.retry_started', {
      nzoId: record.nzoId,
      name: record.name,
      attempt: slot,
      maxAttempts: Math.max(effectiveMaxAttempts(record.maxAttempts, attempts), slot),
      strategy: 'arr_redownload',
      manual,
      dryRun: false,
    });
    store.atomically(() => {
      store.finishAttempt(record.nzoId, n, { outcome: 'waiting', error: null, newNzoId: grab.nzoId }, now);
      store.update(
        record.nzoId,
        {
          status: 'awaiting_replacement',
          currentStrategy: 'arr_redownload',
          trackedNzoId: grab.nzoId,
          attempts: slot,
          nextAttemptAt: null,
          lastError: null,
          releasesTried: union(record.releasesTried, grab.guid ? [grab.guid] : []),
        },
        now,
      );
    });
    return `${record.sourceApp === 'sonarr' ? 'Sonarr' : 'Radarr'} already grabbed a replacement (${grab.title ?? grab.nzoId}); tracking it.`;
  }

  private async resolveInterrupted(record: DownloadRecord, open: RecoveryAttempt): Promise<void> {
    const { store, clock } = this.deps;
    const now = clock.now();
    const attempts = store.attempts(record.nzoId);
    const slot = spentAttempts(attempts) + 1;
    if (open.dryRun) {
      store.atomically(() => {
        store.finishAttempt(record.nzoId, open.attempt, { outcome: 'skipped', error: 'Interrupted dry run.' }, now);
        store.update(record.nzoId, { status: 'failed', nextAttemptAt: null }, now);
      });
      return;
    }
    const verdict = await wasAttemptSent(record, open, knownNzoIds(record, attempts), this.deps.sab, this.arrOf(record));
    if (verdict.sent === null) {
      // Cannot tell whether it was sent: keep the attempt open and ask again later; never resend, never count it.
      await this.deferForOutage(record, verdict.outage, null);
      return;
    }
    const askedArr = open.strategy === 'retry_download' ? null : this.arrOf(record);
    if (askedArr) await this.answered(askedArr.app);
    if (verdict.sent === false && open.error?.startsWith(UNCONFIRMED_MARK)) {
      // Its request got no answer during an outage, and now the service says it never arrived: nothing was spent.
      const note = `${serviceLabel(open.strategy === 'retry_download' ? 'sabnzbd' : record.sourceApp === 'radarr' ? 'radarr' : 'sonarr')} did not answer this step, and ${verdict.reason}; it runs again (no attempt used).`;
      store.atomically(() => {
        store.finishAttempt(record.nzoId, open.attempt, { outcome: 'deferred', error: note }, now);
        store.update(record.nzoId, { status: 'retrying', nextAttemptAt: now, lastError: note }, now);
      });
      this.scheduler.wake();
      return;
    }
    if (verdict.sent) {
      store.atomically(() => {
        store.finishAttempt(record.nzoId, open.attempt, { outcome: 'waiting', error: null, newNzoId: verdict.newNzoId }, now);
        store.update(record.nzoId, { status: 'awaiting_replacement', trackedNzoId: verdict.newNzoId, attempts: slot, nextAttemptAt: null }, now);
      });
      this.log.info('an interrupted attempt had been sent; waiting on it', { nzoId: record.nzoId, newNzoId: verdict.newNzoId });
      return;
    }
    const error = `interrupted: the app stopped during this attempt and ${verdict.reason}`;
    const failure = store.atomically(() => {
      store.finishAttempt(record.nzoId, open.attempt, { outcome: 'failed', error }, now);
      const updated = store.update(record.nzoId, { attempts: slot, lastError: error }, now);
      return this.failureState(updated, slot, open.strategy, error, effectiveMaxAttempts(record.maxAttempts, store.attempts(record.nzoId)));
    });
    await this.announceFailure(failure);
  }

  private async replacementFailed(nzoId: string, failedJob: string, message: string): Promise<void> {
    const { store, clock } = this.deps;
    const record = store.get(nzoId);
    if (!record || record.status !== 'awaiting_replacement') return;
    const attempts = store.attempts(nzoId);
    const attempt = waitingAttempt(attempts);
    if (!attempt) return;
    const now = clock.now();
    const error = `The replacement ${failedJob} failed: ${message || 'no reason given'}`;
    const failure = store.atomically(() => {
      store.finishAttempt(nzoId, attempt.attempt, { outcome: 'failed', error, newNzoId: attempt.newNzoId ?? failedJob }, now);
      const updated = store.update(nzoId, { trackedNzoId: failedJob, lastError: error }, now);
      const after = store.attempts(nzoId);
      return this.failureState(updated, spentAttempts(after), attempt.strategy, error, effectiveMaxAttempts(record.maxAttempts, after));
    });
    await this.announceFailure(failure);
  }

  private async markRecovered(nzoId: string, completedNzoId: string, via: 'sabnzbd' | 'sonarr' | 'radarr'): Promise<void> {
    const { store, clock } = this.deps;
    const record = store.get(nzoId);
    if (!record || record.status !== 'awaiting_replacement') return;
    const attempts = store.attempts(nzoId);
    const attempt = waitingAttempt(attempts);
    const now = clock.now();
    store.atomically(() => {
      if (attempt) store.finishAttempt(nzoId, attempt.attempt, { outcome: 'succeeded', error: null, newNzoId: completedNzoId }, now);
      store.update(nzoId, { status: 'recovered', recoveredAt: now, trackedNzoId: completedNzoId, nextAttemptAt: null, lastError: null }, now);
    });
    await this.emit(record, 'download.recovered', {
      nzoId,
      completedNzoId,
      name: record.name,
      strategy: attempt?.strategy ?? record.currentStrategy ?? 'retry_download',
      attempts: spentAttempts(attempts),
      durationMs: now - record.createdAt,
      via,
    });
  }

  private async checkAwaiting(): Promise<void> {
    const rows = this.deps.store.awaitingReplacement();
    if (rows.length === 0) return;
    const history = await this.deps.sab.history({ limit: 300 });
    const sabSlots = history.ok ? (history.value?.slots ?? null) : null;
    for (const row of rows) {
      const attempts = this.deps.store.attempts(row.nzoId);
      const arr = this.arrOf(row);
      const arrHistory = arr && row.item ? await arr.itemHistory(row.item) : null;
      if (arr && arrHistory) await this.noteAnswer(arr.app, arrHistory);
      const verdict = judgeReplacement(row, attempts, { sabSlots, arrHistory: arrHistory?.ok ? arrHistory.value : null });
      const now = this.deps.clock.now();
      if (verdict.verdict === 'found') {
        const attempt = waitingAttempt(attempts);
        const { store } = this.deps;
        store.atomically(() => {
          if (attempt) store.finishAttempt(row.nzoId, attempt.attempt, { outcome: 'waiting', error: null, newNzoId: verdict.nzoId }, now);
          store.update(row.nzoId, { trackedNzoId: verdict.nzoId }, now);
        });
      } else if (verdict.verdict === 'completed') {
        await this.markRecovered(row.nzoId, verdict.nzoId, verdict.via);
      } else if (verdict.verdict === 'failed') {
        await this.replacementFailed(row.nzoId, verdict.nzoId, verdict.error);
      }
    }
  }

  private armOutcomeCheck(delay: number): void {
    if (!this.running) return;
    this.outcomeTimer = this.deps.clock.setTimeout(() => {
      this.outcomeTimer = null;
      void this.serial(() => this.checkAwaiting())
        .catch((e: unknown) => this.log.error('replacement check failed', { error: e instanceof Error ? e.message : String(e) }))
        .finally(() => this.armOutcomeCheck(this.opts.outcomeCheckMs));
    }, delay);
  }

  /**
   * The step met an outage: spend nothing, run the same step again after a short
   * wait. `claim` is the attempt already claimed: finished as 'deferred' when
   * nothing was sent, left open (marked) when its request may have arrived, so
   * the interrupted-attempt lookup settles it before anything is sent again.
   */
  private async deferForOutage(
    record: DownloadRecord,
    outage: Outage,
    claim: { n: number; result: StrategyOutcome & { outcome: 'unreachable' } } | null,
  ): Promise<string> {
    const { store, clock } = this.deps;
    const now = clock.now();
    const note = this.outages.failed(outage.service, now, this.baseMs());
    const nextAt = now + note.delayMs;
    const label = serviceLabel(outage.service);
    const line = deferredLine(outage.service, outage.message, nextAt);
    store.atomically(() => {
      if (claim) {
        const { result } = claim;
        const release = {
          ...(result.releaseGuid !== undefined ? { releaseGuid: result.releaseGuid } : {}),
          ...(result.releaseTitle !== undefined ? { releaseTitle: result.releaseTitle } : {}),
          ...(result.quality !== undefined ? { quality: result.quality } : {}),
        };
        if (result.maybeSent) store.finishAttempt(record.nzoId, claim.n, { outcome: 'started', error: `${UNCONFIRMED_MARK}${line}`, ...release }, now);
        else store.finishAttempt(record.nzoId, claim.n, { outcome: 'deferred', error: line, ...release }, now);
      }
      store.update(record.nzoId, { status: 'retrying', nextAttemptAt: nextAt, lastError: line }, now);
    });
    this.log.warn(line, { nzoId: record.nzoId, service: outage.service, code: outage.code });
    // SABnzbd's outages are the poller's to announce (it polls it all the time); the *arr's are ours.
    if (note.started && outage.service !== 'sabnzbd') {
      await this.deps.bus.publish(
        'service.error',
        {
          service: outage.service,
          code: outage.code,
          message: `${label} cannot be reached: ${outage.message} Recovery steps that need ${label} wait and run when it answers again; no download uses up an attempt meanwhile.`,
          consecutiveFailures: note.failures,
          recovered: false,
          nextRetryAt: nextAt,
        },
        { source: RECOVERY_SOURCE },
      );
    }
    return line;
  }

  private async noteAnswer(app: 'sonarr' | 'radarr', r: { ok: true } | { ok: false; error: ArrError }): Promise<void> {
    const down = r.ok ? null : arrOutage(app, r.error);
    if (down) {
      const note = this.outages.failed(app, this.deps.clock.now(), this.baseMs());
      if (note.started) {
        await this.deps.bus.publish(
          'service.error',
          {
            service: app,
            code: down.code,
            message: `${serviceLabel(app)} cannot be reached: ${down.message} Replacements are checked again when it answers.`,
            consecutiveFailures: note.failures,
            recovered: false,
          },
          { source: RECOVERY_SOURCE },
        );
      }
    } else if (r.ok) await this.answered(app);
  }

  /** The *arr answered: if it had been down, say it is back. */
  private async answered(app: 'sonarr' | 'radarr'): Promise<void> {
    const failures = this.outages.answered(app);
    if (failures === null) return;
    // What waited for it runs now rather than at the end of its (up to 10 min) wait.
    const { store, clock } = this.deps;
    const now = clock.now();
    let woken = 0;
    for (const row of store.dueRetries(Number.MAX_SAFE_INTEGER, 500)) {
      if (row.nextAttemptAt !== null && row.nextAttemptAt > now && isDeferredBy(row.lastError, app)) {
        store.update(row.nzoId, { nextAttemptAt: now }, now);
        woken++;
      }
    }
    if (woken > 0) this.scheduler.wake();
    await this.deps.bus.publish(
      'service.error',
      {
        service: app,
        code: 'recovered',
        message: `${serviceLabel(app)} answers again (after ${failures} failed ${failures === 1 ? 'request' : 'requests'}); the recovery steps that waited for it run now.`,
        consecutiveFailures: failures,
        recovered: true,
        nextRetryAt: null,
      },
      { source: RECOVERY_SOURCE },
    );
  }

  /** Publish as the next step of this download's story: same correlation id, caused by its last event. */
  private async emit<K extends EventType>(record: DownloadRecord, type: K, payload: EventPayloadMap[K]): Promise<void> {
    const cause = this.lastEvent.get(record.nzoId);
    const event = cause
      ? await this.deps.bus.publishCausedBy(cause, type, payload, { source: RECOVERY_SOURCE })
      : await this.deps.bus.publish(type, payload, { source: RECOVERY_SOURCE, correlationId: record.correlationId, causationId: null });
    this.lastEvent.set(record.nzoId, { id: event.id, correlationId: event.correlationId });
  }
}
