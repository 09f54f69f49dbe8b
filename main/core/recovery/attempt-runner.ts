// Runs one recovery step for one download: claim → execute → apply.
// Before it claims anything it decides whether a step should run at all (an
// attempt left open by a crash is looked up first; attempts used up → Needs
// attention; the *arr's own redownload is adopted or waited for; a full disk
// is waited out); the claim is written BEFORE anything is sent, so a step
// never runs twice; the outcome goes through the lifecycle table. Every
// state change is a LifecycleInput handed to the LifecycleWriter.
import type { SourceApp, Strategy } from '../../../shared/domain';
import type { DownloadRecord, RecoveryAttempt } from '../../../shared/downloads';
import type { Settings } from '../../../shared/settings';
import type { DownloadStore } from '../activity/download-store-port';
import type { Clock } from '../clock';
import type { ServiceOutages } from '../health/service-outages';
import { coordinateWithArr, decideCoordination, readArrActivity, type CoordinationTiming } from './arr-coordinator';
import { effectiveMaxAttempts, failedWasOurGrab, failureTime, ladderAttempts, nextAttemptNumber, spentAttempts } from './attempt-bookkeeping';
import { diskWait } from './disk-space';
import type { ReleaseSent, Tried } from './download-lifecycle';
import { GRAB_LANDING_MS, wasAttemptSent } from './interrupted-attempt';
import { arrToRelink, linkedMetadata, lookUpItem } from './item-relink';
import type { LifecycleWriter } from './lifecycle-writer';
import { knownNzoIds } from './outcome-tracker';
import { arrOfDownload } from './arr-of-download';
import type { Pause, RecoveryArr, RecoveryArrs, RecoveryLogger, RecoverySabnzbd } from './recovery-ports';
import { RECOVERY_SOURCE } from './recovery-timeline';
import { deferredLine, otherInstanceOf, outageDelayMs, outageLabel, serviceLabel, type Outage, type OutageArr } from './service-outage';
import { STRATEGIES_BY_NAME } from './strategies/strategy-registry';
import type { GrabGuard, StrategyOutcome } from './strategies/strategy';
import { nextStrategy, noActionReason, STRATEGY_TABLE } from './strategy-table';

/** At most this many "strategy did not apply" steps in one go (the ladders are shorter). */
const MAX_SKIPS = 4;

export interface AttemptRunnerDeps {
  store: DownloadStore;
  clock: Clock;
  settings: () => Settings;
  sab: RecoverySabnzbd;
  arrs: () => RecoveryArrs;
  outages: ServiceOutages;
  writer: LifecycleWriter;
  logger: RecoveryLogger;
  pause: Pause;
  coordination: CoordinationTiming;
  minFreeDiskBytes: number;
  /** A replacement both we and the *arr grabbed: keep one (the replacement tracker decides which). */
  onDuplicate: (nzoId: string, ours: string, other: { nzoId: string; title: string | null; guid: string | null; quality: string | null }) => Promise<void>;
}

export class AttemptRunner {
  private readonly inFlight = new Set<string>();
  /** When this run first found each interrupted grab attempt open (`nzoId#attempt`): its grab may still be landing. */
  private readonly foundOpenAt = new Map<string, number>();

  constructor(private readonly deps: AttemptRunnerDeps) {}

  /** The *arr a download belongs to, when it is configured and the item is known. */
  arrOf(record: DownloadRecord): RecoveryArr | null {
    if (record.sourceApp === 'manual' || !record.item) return null;
    return arrOfDownload(record, this.deps.arrs());
  }

  /** A download whose *arr is not configured (or whose item is unknown) can only be handled like a manual job. */
  sourceOf(record: DownloadRecord): SourceApp {
    return this.arrOf(record) ? record.sourceApp : 'manual';
  }

  isRunning(nzoId: string): boolean {
    return this.inFlight.has(nzoId);
  }

  /** One step (or a decision not to take one). Answers a line saying what happened. */
  async run(nzoId: string, mode: { manual: boolean; relinked: boolean }): Promise<string> {
    if (this.inFlight.has(nzoId)) return 'An attempt is already running.';
    this.inFlight.add(nzoId);
    try {
      for (let skips = 0; skips <= MAX_SKIPS; skips++) {
        const record = this.deps.store.get(nzoId);
        if (!record) return 'The download is gone.';
        const attempts = this.deps.store.attempts(nzoId);
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
      this.deps.logger.error('recovery attempt crashed', { nzoId, error: message });
      const now = this.deps.clock.now();
      this.deps.store.update(nzoId, { lastError: message, nextAttemptAt: now + this.baseMs() }, now);
      return `The attempt failed unexpectedly: ${message}`;
    } finally {
      this.inFlight.delete(nzoId);
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
  async relinkItem(record: DownloadRecord): Promise<{ record: DownloadRecord } | { outage: Outage }> {
    const arr = arrToRelink(record, this.deps.arrs());
    if (!arr) return { record };
    const answer = await lookUpItem(arr, record.nzoId);
    if (answer.outcome === 'outage') return { outage: answer.outage };
    await this.arrAnswered(arr);
    if (answer.outcome === 'found') {
      const now = this.deps.clock.now();
      const updated = this.deps.store.update(record.nzoId, { item: answer.item, metadata: linkedMetadata(record, arr.app, now) }, now);
      this.deps.logger.info('linked the download to its item after asking its app again', { nzoId: record.nzoId, app: arr.app, item: answer.item });
      return { record: updated };
    }
    if (answer.outcome === 'refused') {
      this.deps.logger.warn('could not ask the app which item the download belongs to', { nzoId: record.nzoId, app: arr.app, error: answer.error.message });
    }
    return { record };
  }

  /** Returns 'skipped' when the chosen strategy did not apply and the next one should be tried at once. */
  private async attemptOnce(given: DownloadRecord, attempts: RecoveryAttempt[], mode: { manual: boolean; relink: boolean }): Promise<string> {
    const { clock, writer } = this.deps;
    const settings = this.deps.settings();
    const spent = spentAttempts(attempts);
    const maxAttempts = effectiveMaxAttempts(given.maxAttempts, attempts);

    if (!mode.manual && spent >= maxAttempts) {
      await writer.apply(given.nzoId, { type: 'ladder_exhausted', reason: `All ${maxAttempts} attempts were used.` });
      return 'Moved to the dead-letter queue.';
    }
    const linked = mode.relink ? await this.relinkItem(given) : { record: given };
    if ('outage' in linked) return this.deferForOutage(given, linked.outage, null);
    const record = linked.record;
    const source = this.sourceOf(record);
    const strategy = nextStrategy(record.kind, source, ladderAttempts(attempts), { manual: mode.manual });
    if (strategy === null) {
      const reason = noActionReason(record.kind, source) ?? 'Nothing to try.';
      await writer.apply(record.nzoId, { type: 'ladder_exhausted', reason });
      return reason;
    }

    // Disk full: a retry only helps once the folder the job failed on has room for it again.
    if (STRATEGY_TABLE[record.kind].needsDiskSpace && strategy === 'retry_download' && !mode.manual) {
      const wait = await diskWait(record, this.deps.sab, { minFreeBytes: this.deps.minFreeDiskBytes });
      if (wait !== null) {
        const until = clock.now() + this.baseMs();
        await writer.apply(record.nzoId, { type: 'attempt_deferred', attempt: null, until, line: wait, by: null, unconfirmed: false });
        this.deps.logger.warn(wait, { nzoId: record.nzoId });
        return wait;
      }
    }

    const arr = this.arrOf(record);
    const known = knownNzoIds(record, attempts);
    const failedNzoId = record.trackedNzoId ?? record.nzoId;
    const coordinationInput = (now: number) =>
      arr && record.item
        ? {
            app: arr.app,
            item: record.item,
            failureAt: failureTime(record, attempts),
            now,
            failedNzoId,
            knownNzoIds: known,
            failedWasOurGrab: failedWasOurGrab(attempts),
            manual: mode.manual,
            timing: this.deps.coordination,
          }
        : null;
    const input = coordinationInput(clock.now());
    if (arr && input) {
      const c = await coordinateWithArr(arr, input);
      if (c.action === 'unreachable') return this.deferForOutage(record, c.outage, null);
      await this.arrAnswered(arr);
      if (c.action === 'adopt') {
        const applied = await writer.apply(record.nzoId, {
          type: 'arr_grab_adopted',
          attempt: nextAttemptNumber(attempts),
          manual: mode.manual,
          oldNzoId: failedNzoId,
          grab: c.grab,
        });
        if (!applied.applied) return 'This attempt was already made.';
        return `${serviceLabel(arr.app)} already grabbed a replacement (${c.grab.title ?? c.grab.nzoId}); tracking it.`;
      }
      if (c.action === 'wait') {
        await writer.apply(record.nzoId, { type: 'attempt_deferred', attempt: null, until: c.until, line: null, by: null, unconfirmed: false });
        this.deps.logger.info(`waiting for ${serviceLabel(arr.app)}: ${c.reason}`, { nzoId: record.nzoId, until: c.until });
        return `Waiting until ${new Date(c.until).toISOString()}: ${c.reason}.`;
      }
    }

    const n = nextAttemptNumber(attempts);
    const dryRun = settings.dryRun;
    const claimed = await writer.apply(record.nzoId, { type: 'attempt_claimed', attempt: n, strategy, manual: mode.manual, dryRun, oldNzoId: failedNzoId });
    if (!claimed.applied) return claimed.refused ?? 'This attempt was already made.';
    const slot = spent + 1;

    let result: StrategyOutcome;
    if (dryRun) {
      result = { outcome: 'skipped', error: `Dry run: ${strategy} was decided but nothing was sent.` };
    } else {
      const impl = STRATEGIES_BY_NAME[strategy];
      const beforeGrab = async (): Promise<GrabGuard> => {
        const fresh = coordinationInput(clock.now());
        if (!arr || !fresh) return { go: true };
        const read = await readArrActivity(arr, fresh.item);
        if (!read.ok) return read.outage ? { go: false, outage: read.outage } : { go: true };
        const c = decideCoordination(read.activity, fresh);
        if (c.action === 'proceed') return { go: true };
        if (c.action === 'adopt') return { go: false, reason: `${serviceLabel(arr.app)} grabbed ${c.grab.title ?? c.grab.nzoId} for it meanwhile` };
        if (c.action === 'wait') return { go: false, reason: c.reason };
        return { go: false, outage: c.outage };
      };
      try {
        result = impl
          ? await impl.execute(record, { sab: this.deps.sab, arr, clock, pause: this.deps.pause, logger: this.deps.logger, failedNzoId, knownNzoIds: known, beforeGrab })
          : { outcome: 'skipped', error: `No implementation for ${strategy}.` };
      } catch (e) {
        result = { outcome: 'failed', error: e instanceof Error ? e.message : String(e) };
      }
    }
    return this.applyOutcome(record, n, slot, strategy, result, dryRun, arr);
  }

  private async applyOutcome(
    record: DownloadRecord,
    n: number,
    slot: number,
    strategy: Strategy,
    result: StrategyOutcome,
    dryRun: boolean,
    arr: RecoveryArr | null,
  ): Promise<string> {
    const { writer, clock } = this.deps;
    const release: ReleaseSent = {
      ...(result.releaseGuid !== undefined ? { releaseGuid: result.releaseGuid } : {}),
      ...(result.releaseTitle !== undefined ? { releaseTitle: result.releaseTitle } : {}),
      ...(result.quality !== undefined ? { quality: result.quality } : {}),
    };
    if (result.outcome === 'unreachable') return this.deferForOutage(record, result.outage, { n, maybeSent: result.maybeSent, release });
    if (arr && !dryRun) await this.arrAnswered(arr);
    const tried: Tried = { triedGuids: result.triedGuids ?? [], triedRungs: result.triedRungs ?? [] };
    if (result.outcome === 'held') {
      // The *arr started its own search or grab while we searched: nothing was sent, the step looks again soon.
      const until = clock.now() + this.deps.coordination.recheckMs;
      await writer.apply(record.nzoId, { type: 'attempt_deferred', attempt: n, until, line: `Not sent: ${result.reason}.`, by: null, unconfirmed: false, release });
      this.deps.logger.info(`grab held back: ${result.reason}`, { nzoId: record.nzoId, attempt: n });
      return `Waiting: ${result.reason}; nothing was grabbed.`;
    }
    if (result.outcome === 'waiting') {
      await writer.apply(record.nzoId, { type: 'attempt_sent', attempt: n, newNzoId: result.newNzoId ?? null, release, tried });
      if (result.alsoGrabbed && result.newNzoId) await this.deps.onDuplicate(record.nzoId, result.newNzoId, result.alsoGrabbed);
      const what = result.releaseTitle ? `grabbed "${result.releaseTitle}"` : `retried as ${result.newNzoId ?? 'a new job'}`;
      return `Attempt ${slot} (${strategy}): ${what}; waiting for it to complete.`;
    }
    if (result.outcome === 'skipped') {
      if (dryRun) {
        const line = result.error ?? 'Dry run: nothing was sent.';
        await writer.apply(record.nzoId, { type: 'dry_run_decided', attempt: n, line, tried });
        return line;
      }
      await writer.apply(record.nzoId, { type: 'attempt_skipped', attempt: n, reason: result.error ?? 'did not apply', tried });
      this.deps.logger.info('strategy did not apply; trying the next one', { nzoId: record.nzoId, strategy, reason: result.error });
      return 'skipped';
    }
    const error = result.error ?? 'The attempt failed.';
    await writer.apply(record.nzoId, { type: 'attempt_failed', attempt: n, error, release, tried });
    return `Attempt ${slot} (${strategy}) failed: ${error}`;
  }

  /** An attempt found open (a crash, or a request without an answer): looked up, never resent. */
  async resolveInterrupted(record: DownloadRecord, open: RecoveryAttempt): Promise<void> {
    const { writer } = this.deps;
    const attempts = this.deps.store.attempts(record.nzoId);
    if (open.dryRun) {
      await writer.apply(record.nzoId, { type: 'dry_run_decided', attempt: open.attempt, line: 'Interrupted dry run.' });
      return;
    }
    const verdict = await wasAttemptSent(record, open, knownNzoIds(record, attempts), this.deps.sab, this.arrOf(record));
    if (verdict.sent === null) {
      // Cannot tell whether it was sent: keep the attempt open and ask again later; never resend, never count it.
      await this.deferForOutage(record, verdict.outage, null);
      return;
    }
    const askedArr = open.strategy === 'retry_download' ? null : this.arrOf(record);
    if (askedArr) await this.arrAnswered(askedArr);
    if (verdict.sent === false && open.unconfirmed) {
      // Its request got no answer during an outage, and now the service says it never arrived: nothing was spent.
      const service = open.strategy === 'retry_download' || record.sourceApp === 'manual' ? 'sabnzbd' : record.sourceApp;
      const note = `${serviceLabel(service)} did not answer this step, and ${verdict.reason}; it runs again (no attempt used).`;
      await writer.apply(record.nzoId, { type: 'attempt_deferred', attempt: open.attempt, until: this.deps.clock.now(), line: note, by: null, unconfirmed: false });
      return;
    }
    const key = `${record.nzoId}#${open.attempt}`;
    if (verdict.sent === false && askedArr) {
      // Not in the *arr's history yet is not "never sent": a grab the last run sent just before it stopped may still be
      // landing. Looked for again once it would show (nothing resent, nothing counted meanwhile).
      const now = this.deps.clock.now();
      const landedBy = (this.foundOpenAt.get(key) ?? now) + GRAB_LANDING_MS;
      if (!this.foundOpenAt.has(key)) this.foundOpenAt.set(key, now);
      if (now < landedBy) {
        const line = `The app stopped during this attempt; looking in ${serviceLabel(askedArr.app)}’s history again for its grab.`;
        await writer.apply(record.nzoId, { type: 'attempt_deferred', attempt: null, until: landedBy, line, by: null, unconfirmed: false });
        return;
      }
    }
    this.foundOpenAt.delete(key);
    if (verdict.sent) {
      await writer.apply(record.nzoId, { type: 'attempt_sent', attempt: open.attempt, newNzoId: verdict.newNzoId, release: {}, tried: {} });
      this.deps.logger.info('an interrupted attempt had been sent; waiting on it', { nzoId: record.nzoId, newNzoId: verdict.newNzoId });
      return;
    }
    await writer.apply(record.nzoId, { type: 'attempt_failed', attempt: open.attempt, error: `interrupted: the app stopped during this attempt and ${verdict.reason}` });
  }

  /**
   * The step met an outage: spend nothing, run the same step again after a short
   * wait (sooner, when the service answers again). `claim` is the attempt already
   * claimed: finished as 'deferred' when nothing was sent, left open
   * (unconfirmed) when its request may have arrived, so the interrupted-attempt
   * lookup settles it before anything is sent again.
   */
  async deferForOutage(record: DownloadRecord, outage: Outage, claim: { n: number; maybeSent: boolean; release: ReleaseSent } | null): Promise<string> {
    const now = this.deps.clock.now();
    const label = outageLabel(outage);
    // SABnzbd's outages are the poller's to tell (it polls it all the time); recovery's count in the same streak.
    // Another *arr instance ("Radarr 4K") has a streak of its own: the first Radarr answering does not end it.
    const step = await this.deps.outages.failed(outage.service, {
      code: outage.code,
      message: `${label} cannot be reached: ${outage.message} Recovery steps that need ${label} wait and run when it answers again; no download uses up an attempt meanwhile.`,
      source: RECOVERY_SOURCE,
      silent: outage.service === 'sabnzbd' || outage.service === 'nzbget',
      ...(outage.instance ? { instance: outage.instance.id } : {}),
    });
    const nextAt = now + outageDelayMs(step.since, now, this.baseMs());
    // deferred_by stays the app (a typed column); the wake-up matches the download's own instance (recovery-engine).
    const line = deferredLine(outage, outage.message, nextAt);
    await this.deps.writer.apply(record.nzoId, {
      type: 'attempt_deferred',
      attempt: claim?.n ?? null,
      until: nextAt,
      line,
      by: outage.service,
      unconfirmed: claim?.maybeSent ?? false,
      ...(claim ? { release: claim.release } : {}),
    });
    this.deps.logger.warn(line, { nzoId: record.nzoId, service: outage.service, code: outage.code });
    return line;
  }

  /** The *arr answered: if it had been down, the shared outage service says it is back (and wakes what waited). */
  async arrAnswered(arr: OutageArr): Promise<void> {
    const instance = otherInstanceOf(arr);
    const label = instance !== undefined ? (arr.label ?? serviceLabel(arr.app)) : serviceLabel(arr.app);
    await this.deps.outages.answered(arr.app, {
      source: RECOVERY_SOURCE,
      ...(instance !== undefined ? { instance } : {}),
      message: (ended) =>
        `${label} answers again (after ${ended.failures} failed ${ended.failures === 1 ? 'request' : 'requests'}); the recovery steps that waited for it run now.`,
    });
  }
}
