// The lifecycle of one monitored download, as one table: for every state (the
// download's status) and every input (what happened), the next record, the
// attempt row to write with it, and the events to publish. Pure: the engine
// gathers the input (from SABnzbd, the *arr, a person, the clock), asks
// `transition`, writes the answer in one transaction and publishes the events.
// Nothing else changes a download's status. The README draws this table.
//
// Inputs a state does not expect are `stay` (recorded nowhere, nothing
// changes: e.g. a replacement completing after a person dismissed the
// download), or `refuse` (a person asked for something that cannot be: Retry
// on a recovered download).
import type { ArrApp, DownloadStatus, FirstAction, SourceApp, Strategy } from '../../../shared/domain';
import type { DeferralService, DownloadRecord, RecoveryAttempt } from '../../../shared/downloads';
import type { EventPayloadMap } from '../../../shared/events';
import type { AttemptResult, DownloadStore } from '../activity/download-store-port';
import { effectiveMaxAttempts, failureTime, spentAttempts, strategiesTried, union } from './attempt-bookkeeping';
import { backoffDelayMs } from './backoff';
import { noActionReason } from './strategy-table';

export type { DeferralService } from '../../../shared/downloads';

export interface ReleaseSent {
  releaseGuid?: string;
  releaseTitle?: string;
  quality?: string;
}

export interface Tried {
  /** Release GUIDs to remember as tried. */
  triedGuids?: readonly string[];
  /** Quality rungs to remember as tried. */
  triedRungs?: readonly string[];
}

export interface AdoptedGrab {
  nzoId: string;
  title: string | null;
  guid: string | null;
  quality: string | null;
}

export type LifecycleInput =
  /** The failure was announced: schedule its first attempt, or decide there is nothing to do. */
  | { type: 'failure_seen'; firstAction: FirstAction; explanation: string }
  /** An attempt was claimed (before anything is sent). */
  | { type: 'attempt_claimed'; attempt: number; strategy: Strategy; manual: boolean; dryRun: boolean; oldNzoId: string }
  /** The attempt's action reached SABnzbd / the *arr: a replacement is on its way. */
  | { type: 'attempt_sent'; attempt: number; newNzoId: string | null; release: ReleaseSent; tried: Tried }
  | { type: 'attempt_failed'; attempt: number; error: string; release?: ReleaseSent; tried?: Tried }
  /**
   * Nothing spent: the step runs again at `until`. `by` names the service whose
   * outage it waits for (it runs as soon as that answers); `unconfirmed` when
   * the acting request got no answer (the attempt stays open and is looked up).
   */
  | { type: 'attempt_deferred'; attempt: number | null; until: number; line: string | null; by: DeferralService | null; unconfirmed: boolean; release?: ReleaseSent }
  /** The strategy did not apply: the next rung is tried at once. */
  | { type: 'attempt_skipped'; attempt: number; reason: string; tried?: Tried }
  | { type: 'dry_run_decided'; attempt: number; line: string; tried?: Tried }
  /** The *arr grabbed a replacement itself: that grab is this download's next attempt. */
  | { type: 'arr_grab_adopted'; attempt: number; manual: boolean; oldNzoId: string; grab: AdoptedGrab }
  /** The job the awaited replacement runs as became known (or another one was kept instead of it). */
  | { type: 'replacement_found'; nzoId: string }
  | { type: 'replacement_completed'; nzoId: string; via: 'sabnzbd' | ArrApp }
  | { type: 'replacement_failed'; nzoId: string; error: string }
  | { type: 'replacement_timed_out'; nzoId: string | null; waitedMs: number }
  | { type: 'manual_retry' }
  | { type: 'dismiss' }
  | { type: 'settings_changed' }
  /** No strategy is left (or none applies): Needs attention. */
  | { type: 'ladder_exhausted'; reason: string }
  | { type: 'service_answered'; service: DeferralService };

export type InputType = LifecycleInput['type'];

export const INPUT_TYPES: readonly InputType[] = [
  'failure_seen',
  'attempt_claimed',
  'attempt_sent',
  'attempt_failed',
  'attempt_deferred',
  'attempt_skipped',
  'dry_run_decided',
  'arr_grab_adopted',
  'replacement_found',
  'replacement_completed',
  'replacement_failed',
  'replacement_timed_out',
  'manual_retry',
  'dismiss',
  'settings_changed',
  'ladder_exhausted',
  'service_answered',
];

export interface LifecycleContext {
  now: number;
  settings: { baseBackoffSeconds: number; maxRetries: number; dryRun: boolean };
  /** Who recovers it: the record's *arr, or `manual` when that *arr is not configured or the item is unknown. */
  source: SourceApp;
}

export type RecordPatch = Parameters<DownloadStore['update']>[1];

export type NewAttemptRow = Omit<RecoveryAttempt, 'finishedAt' | 'outcome' | 'error' | 'unconfirmed'>;

type LifecycleEventType = 'download.retry_started' | 'download.retry_failed' | 'download.moved_to_dlq' | 'download.recovered';
export type LifecycleEvent = { [K in LifecycleEventType]: { type: K; payload: EventPayloadMap[K] } }[LifecycleEventType];

export interface Transition {
  from: DownloadStatus;
  to: DownloadStatus;
  /** An attempt row to claim first; the transition is void when the claim fails (already made). */
  claim: NewAttemptRow | null;
  /** The attempt row to finish (or re-record), in the same transaction as the record. */
  attempt: { n: number; result: AttemptResult } | null;
  patch: RecordPatch | null;
  /** Needs attention, with this reason. */
  dlqReason: string | null;
  events: LifecycleEvent[];
  /** A SABnzbd job this step gives up on: taken out of the queue so two downloads never run for one item. */
  removeJob: { nzoId: string; why: string } | null;
  /** Why a person's request cannot be done (nothing changes). */
  refused: string | null;
}

type Handler<I extends InputType> = (
  r: DownloadRecord,
  attempts: readonly RecoveryAttempt[],
  input: Extract<LifecycleInput, { type: I }>,
  ctx: LifecycleContext,
) => Transition;

type Cell<I extends InputType> = Handler<I> | 'stay' | { refuse: (r: DownloadRecord) => string };

// --- building blocks ----------------------------------------------------------------

function none(r: DownloadRecord): Transition {
  return { from: r.status, to: r.status, claim: null, attempt: null, patch: null, dlqReason: null, events: [], removeJob: null, refused: null };
}

function move(r: DownloadRecord, to: DownloadStatus, patch: RecordPatch, extra: Partial<Transition> = {}): Transition {
  return { ...none(r), to, patch: { ...patch, status: to }, ...extra };
}

/** The attempts as they will be once `n` has `result` (and a claimed row exists). */
function project(attempts: readonly RecoveryAttempt[], n: number, result: AttemptResult, now: number, claim?: NewAttemptRow): RecoveryAttempt[] {
  const list = claim ? [...attempts, { ...claim, outcome: 'started' as const, error: null, finishedAt: null }] : [...attempts];
  return list.map((a) => (a.attempt === n ? { ...a, ...result, finishedAt: result.outcome === 'waiting' ? null : now } : a));
}

function triedPatch(r: DownloadRecord, tried: Tried | undefined, release?: ReleaseSent): RecordPatch {
  const guids = [...(tried?.triedGuids ?? []), ...(release?.releaseGuid ? [release.releaseGuid] : [])];
  return { releasesTried: union(r.releasesTried, guids), qualitiesTried: union(r.qualitiesTried, tried?.triedRungs ? [...tried.triedRungs] : []) };
}

function releaseFields(release: ReleaseSent | undefined): Partial<AttemptResult> {
  return {
    ...(release?.releaseGuid !== undefined ? { releaseGuid: release.releaseGuid } : {}),
    ...(release?.releaseTitle !== undefined ? { releaseTitle: release.releaseTitle } : {}),
    ...(release?.quality !== undefined ? { quality: release.quality } : {}),
  };
}

function waitingAttemptOf(attempts: readonly RecoveryAttempt[]): RecoveryAttempt | null {
  for (let i = attempts.length - 1; i >= 0; i--) if (attempts[i]!.outcome === 'waiting') return attempts[i]!;
  return null;
}

function dlqEvent(r: DownloadRecord, attempts: readonly RecoveryAttempt[], reason: string): LifecycleEvent {
  return {
    type: 'download.moved_to_dlq',
    payload: { nzoId: r.nzoId, name: r.name, reason, attempts: spentAttempts(attempts), strategiesTried: strategiesTried(attempts) },
  };
}

function toDlq(r: DownloadRecord, attempts: readonly RecoveryAttempt[], reason: string, patch: RecordPatch = {}, extra: Partial<Transition> = {}): Transition {
  return move(r, 'dlq', { nextAttemptAt: null, deferredBy: null, ...patch }, { dlqReason: reason, events: [...(extra.events ?? []), dlqEvent(r, attempts, reason)], ...omitEvents(extra) });
}

function omitEvents(extra: Partial<Transition>): Partial<Transition> {
  const { events: _events, ...rest } = extra;
  return rest;
}

/**
 * An attempt (or the replacement it was waiting for) failed: the next one is
 * scheduled after its backoff, or, with no attempts left, Needs attention.
 * `after` are the attempts with the failure already in them.
 */
function afterFailure(
  r: DownloadRecord,
  after: readonly RecoveryAttempt[],
  failed: { n: number; result: AttemptResult; strategy: Strategy; error: string },
  ctx: LifecycleContext,
  patch: RecordPatch,
  extra: Partial<Transition> = {},
): Transition {
  const spent = spentAttempts(after);
  const max = effectiveMaxAttempts(r.maxAttempts, after);
  const willRetry = spent < max;
  const nextAt = willRetry ? ctx.now + backoffDelayMs(spent + 1, ctx.settings.baseBackoffSeconds) : null;
  const retryFailed: LifecycleEvent = {
    type: 'download.retry_failed',
    payload: { nzoId: r.nzoId, name: r.name, attempt: spent, strategy: failed.strategy, error: failed.error, willRetry, nextAttemptAt: nextAt },
  };
  const common: RecordPatch = { ...patch, attempts: spent, lastError: failed.error, deferredBy: null };
  const attempt = { n: failed.n, result: failed.result };
  if (willRetry) return move(r, 'retrying', { ...common, nextAttemptAt: nextAt }, { attempt, events: [retryFailed], ...extra });
  return toDlq(r, after, `All ${max} attempts failed; the last one: ${failed.error}`, common, { attempt, events: [retryFailed], ...extra });
}

/** The last attempt was a dry run's decision, nothing real ran after it. */
export function isDryRunDecision(r: DownloadRecord, attempts: readonly RecoveryAttempt[]): boolean {
  const last = attempts.at(-1);
  return r.status === 'failed' && r.nextAttemptAt === null && last !== undefined && last.dryRun && last.outcome === 'skipped';
}

// --- the handlers ---------------------------------------------------------------------

const failureSeen: Handler<'failure_seen'> = (r, attempts, input, ctx) => {
  if (attempts.length > 0 || r.nextAttemptAt !== null) return none(r);
  if (input.firstAction === 'record_only') return move(r, 'ignored', { nextAttemptAt: null });
  if (input.firstAction === 'notify_user') {
    return move(r, 'ignored', { nextAttemptAt: null, lastError: `${input.explanation} Nothing is retried automatically; Retry it if that was not intended.` });
  }
  const reason = noActionReason(r.kind, ctx.source);
  if (reason !== null) return toDlq(r, attempts, reason);
  const due = Math.max(ctx.now, failureTime(r, attempts) + backoffDelayMs(1, ctx.settings.baseBackoffSeconds));
  return move(r, 'failed', { nextAttemptAt: due });
};

const attemptClaimed: Handler<'attempt_claimed'> = (r, attempts, input, ctx) => {
  const slot = spentAttempts(attempts) + 1;
  const claim: NewAttemptRow = {
    attempt: input.attempt,
    strategy: input.strategy,
    manual: input.manual,
    dryRun: input.dryRun,
    startedAt: ctx.now,
    oldNzoId: input.oldNzoId,
    newNzoId: null,
    releaseGuid: null,
    releaseTitle: null,
    quality: null,
  };
  const started: LifecycleEvent = {
    type: 'download.retry_started',
    payload: {
      nzoId: r.nzoId,
      name: r.name,
      attempt: slot,
      maxAttempts: Math.max(effectiveMaxAttempts(r.maxAttempts, attempts), slot),
      strategy: input.strategy,
      manual: input.manual,
      dryRun: input.dryRun,
    },
  };
  return move(r, 'retrying', { currentStrategy: input.strategy, nextAttemptAt: null, deferredBy: null }, { claim, events: [started] });
};

const attemptSent: Handler<'attempt_sent'> = (r, attempts, input, ctx) => {
  const result: AttemptResult = { outcome: 'waiting', error: null, unconfirmed: false, ...(input.newNzoId ? { newNzoId: input.newNzoId } : {}), ...releaseFields(input.release) };
  const after = project(attempts, input.attempt, result, ctx.now);
  const patch: RecordPatch = {
    ...triedPatch(r, input.tried, input.release),
    trackedNzoId: input.newNzoId,
    attempts: spentAttempts(after),
    lastError: null,
    nextAttemptAt: null,
    deferredBy: null,
  };
  return move(r, 'awaiting_replacement', patch, { attempt: { n: input.attempt, result } });
};

/** A dismissed download keeps what its last attempt did on record, and stays dismissed. */
const recordOnly =
  <I extends 'attempt_sent' | 'attempt_failed' | 'attempt_deferred' | 'attempt_skipped' | 'dry_run_decided'>(outcome: (input: Extract<LifecycleInput, { type: I }>) => AttemptResult): Handler<I> =>
  (r, _attempts, input) => {
    const n: number | null = (input as { attempt: number | null }).attempt;
    return n === null ? none(r) : { ...none(r), attempt: { n, result: outcome(input) } };
  };

const attemptFailed: Handler<'attempt_failed'> = (r, attempts, input, ctx) => {
  const result: AttemptResult = { outcome: 'failed', error: input.error, unconfirmed: false, ...releaseFields(input.release) };
  const after = project(attempts, input.attempt, result, ctx.now);
  const strategy = attempts.find((a) => a.attempt === input.attempt)?.strategy ?? r.currentStrategy ?? 'retry_download';
  return afterFailure(r, after, { n: input.attempt, result, strategy, error: input.error }, ctx, triedPatch(r, input.tried, input.release));
};

const attemptDeferred: Handler<'attempt_deferred'> = (r, _attempts, input) => {
  const attempt =
    input.attempt === null
      ? null
      : {
          n: input.attempt,
          // Its request may have arrived: left open (unconfirmed) and looked up before anything is sent again.
          result: (input.unconfirmed
            ? { outcome: 'started', error: input.line, unconfirmed: true, ...releaseFields(input.release) }
            : { outcome: 'deferred', error: input.line, unconfirmed: false, ...releaseFields(input.release) }) satisfies AttemptResult,
        };
  return move(r, 'retrying', { nextAttemptAt: input.until, lastError: input.line, deferredBy: input.by }, { attempt });
};

const attemptSkipped: Handler<'attempt_skipped'> = (r, _attempts, input) => ({
  ...none(r),
  attempt: { n: input.attempt, result: { outcome: 'skipped', error: input.reason } },
  patch: triedPatch(r, input.tried),
});

const dryRunDecided: Handler<'dry_run_decided'> = (r, _attempts, input) =>
  move(r, 'failed', { ...triedPatch(r, input.tried), nextAttemptAt: null, lastError: input.line, deferredBy: null }, {
    attempt: { n: input.attempt, result: { outcome: 'skipped', error: input.line } },
  });

const arrGrabAdopted: Handler<'arr_grab_adopted'> = (r, attempts, input, ctx) => {
  const slot = spentAttempts(attempts) + 1;
  const claim: NewAttemptRow = {
    attempt: input.attempt,
    strategy: 'arr_redownload',
    manual: input.manual,
    dryRun: false,
    startedAt: ctx.now,
    oldNzoId: input.oldNzoId,
    newNzoId: input.grab.nzoId,
    releaseGuid: input.grab.guid,
    releaseTitle: input.grab.title,
    quality: input.grab.quality,
  };
  const started: LifecycleEvent = {
    type: 'download.retry_started',
    payload: {
      nzoId: r.nzoId,
      name: r.name,
      attempt: slot,
      maxAttempts: Math.max(effectiveMaxAttempts(r.maxAttempts, attempts), slot),
      strategy: 'arr_redownload',
      manual: input.manual,
      dryRun: false,
    },
  };
  return move(
    r,
    'awaiting_replacement',
    {
      currentStrategy: 'arr_redownload',
      trackedNzoId: input.grab.nzoId,
      attempts: slot,
      nextAttemptAt: null,
      lastError: null,
      deferredBy: null,
      releasesTried: union(r.releasesTried, input.grab.guid ? [input.grab.guid] : []),
    },
    { claim, attempt: { n: input.attempt, result: { outcome: 'waiting', error: null, newNzoId: input.grab.nzoId } }, events: [started] },
  );
};

const replacementFound: Handler<'replacement_found'> = (r, attempts, input) => {
  const waiting = waitingAttemptOf(attempts);
  return {
    ...none(r),
    patch: { trackedNzoId: input.nzoId },
    attempt: waiting ? { n: waiting.attempt, result: { outcome: 'waiting', error: null, newNzoId: input.nzoId } } : null,
  };
};

const replacementCompleted: Handler<'replacement_completed'> = (r, attempts, input, ctx) => {
  const waiting = waitingAttemptOf(attempts);
  const result: AttemptResult = { outcome: 'succeeded', error: null, newNzoId: input.nzoId };
  const after = waiting ? project(attempts, waiting.attempt, result, ctx.now) : attempts;
  const recovered: LifecycleEvent = {
    type: 'download.recovered',
    payload: {
      nzoId: r.nzoId,
      completedNzoId: input.nzoId,
      name: r.name,
      strategy: waiting?.strategy ?? r.currentStrategy ?? 'retry_download',
      attempts: spentAttempts(after),
      durationMs: ctx.now - r.createdAt,
      via: input.via,
    },
  };
  return move(r, 'recovered', { recoveredAt: ctx.now, trackedNzoId: input.nzoId, nextAttemptAt: null, lastError: null, deferredBy: null }, {
    attempt: waiting ? { n: waiting.attempt, result } : null,
    events: [recovered],
  });
};

/** The awaited replacement will not complete (failed, lost, timed out): the ladder goes on. */
function replacementEnded(
  r: DownloadRecord,
  attempts: readonly RecoveryAttempt[],
  job: string | null,
  error: string,
  ctx: LifecycleContext,
  extra: Partial<Transition> = {},
): Transition {
  const waiting = waitingAttemptOf(attempts);
  const strategy = waiting?.strategy ?? r.currentStrategy ?? 'retry_download';
  if (!waiting) {
    // Nothing on record to fail (older data): the failure still moves the ladder on.
    return afterFailure(r, attempts, { n: -1, result: { outcome: 'failed', error }, strategy, error }, ctx, job ? { trackedNzoId: job } : {}, { ...extra, attempt: null });
  }
  const result: AttemptResult = { outcome: 'failed', error, newNzoId: waiting.newNzoId ?? job ?? null };
  const after = project(attempts, waiting.attempt, result, ctx.now);
  return afterFailure(r, after, { n: waiting.attempt, result, strategy, error }, ctx, job ? { trackedNzoId: job } : {}, extra);
}

/**
 * A job of this download the ladder has already moved past (an earlier attempt's), not the one awaited now.
 * Its failure can be told late (by a source that read it after recovery counted it and sent the next step):
 * it must not end the attempt awaited now.
 */
function isEarlierJob(r: DownloadRecord, attempts: readonly RecoveryAttempt[], job: string): boolean {
  const waiting = waitingAttemptOf(attempts);
  if (job === (r.trackedNzoId ?? waiting?.newNzoId ?? null)) return false;
  return job === r.nzoId || attempts.some((a) => a.oldNzoId === job || (a !== waiting && a.newNzoId === job));
}

const replacementFailed: Handler<'replacement_failed'> = (r, attempts, input, ctx) =>
  isEarlierJob(r, attempts, input.nzoId)
    ? none(r)
    : replacementEnded(r, attempts, input.nzoId, `The replacement ${input.nzoId} failed: ${input.error || 'no reason given'}`, ctx);

const hours = (ms: number) => {
  const h = ms / 3_600_000;
  return h >= 1 ? `${Number.isInteger(h) ? h : h.toFixed(1)} h` : `${Math.max(1, Math.round(ms / 60_000))} min`;
};

const replacementTimedOut: Handler<'replacement_timed_out'> = (r, attempts, input, ctx) => {
  const job = input.nzoId ?? r.trackedNzoId;
  const error = `The replacement ${job ?? '(its job never showed up)'} did not complete within ${hours(input.waitedMs)}${job ? '; it was taken out of SABnzbd’s queue' : ''}.`;
  return replacementEnded(r, attempts, job, error, ctx, {
    removeJob: job ? { nzoId: job, why: `did not complete within ${hours(input.waitedMs)}; the next step runs instead` } : null,
  });
};

const manualRetry: Handler<'manual_retry'> = (r, attempts, _input, ctx) => {
  const patch: RecordPatch = { nextAttemptAt: ctx.now, deferredBy: null };
  if (r.status !== 'awaiting_replacement') return move(r, 'retrying', patch);
  // A person gives up on the replacement being awaited: it stays counted, and leaves SABnzbd's queue so only one runs.
  const waiting = waitingAttemptOf(attempts);
  const job = r.trackedNzoId ?? waiting?.newNzoId ?? null;
  const error = `Given up by a person's Retry: ${job ?? 'the replacement'} had not completed.`;
  return move(r, 'retrying', { ...patch, lastError: error }, {
    attempt: waiting ? { n: waiting.attempt, result: { outcome: 'failed', error, newNzoId: waiting.newNzoId ?? job } } : null,
    removeJob: job ? { nzoId: job, why: 'a person asked for the next step instead' } : null,
  });
};

const dismiss: Handler<'dismiss'> = (r) => move(r, 'dismissed', { nextAttemptAt: null, deferredBy: null });

const settingsChanged: Handler<'settings_changed'> = (r, attempts, _input, ctx) => {
  const { maxRetries, dryRun } = ctx.settings;
  const patch: RecordPatch = r.maxAttempts !== maxRetries ? { maxAttempts: maxRetries } : {};
  const running = attempts.some((a) => a.outcome === 'started');
  if (isDryRunDecision(r, attempts) && !dryRun) {
    // Dry run is off: what it decided runs now, for real.
    return move(r, 'retrying', { ...patch, nextAttemptAt: ctx.now, lastError: null });
  }
  if ((r.status === 'failed' || r.status === 'retrying') && !running) {
    const spent = spentAttempts(attempts);
    if (spent >= effectiveMaxAttempts(maxRetries, attempts)) return toDlq(r, attempts, `All ${spent} attempts were used (the maximum is now ${maxRetries}).`, patch);
  }
  return Object.keys(patch).length > 0 ? { ...none(r), patch } : none(r);
};

const ladderExhausted: Handler<'ladder_exhausted'> = (r, attempts, input) => toDlq(r, attempts, input.reason);

const serviceAnswered: Handler<'service_answered'> = (r, _attempts, input, ctx) =>
  r.deferredBy === input.service && r.nextAttemptAt !== null && r.nextAttemptAt > ctx.now ? { ...none(r), patch: { nextAttemptAt: ctx.now } } : none(r);

const recordedAttempt = {
  sent: recordOnly<'attempt_sent'>((i) => ({ outcome: 'waiting', error: null, ...(i.newNzoId ? { newNzoId: i.newNzoId } : {}), ...releaseFields(i.release) })),
  failed: recordOnly<'attempt_failed'>((i) => ({ outcome: 'failed', error: i.error, ...releaseFields(i.release) })),
  deferred: recordOnly<'attempt_deferred'>((i) =>
    i.unconfirmed ? { outcome: 'started', error: i.line, unconfirmed: true } : { outcome: 'deferred', error: i.line, unconfirmed: false },
  ),
  skipped: recordOnly<'attempt_skipped'>((i) => ({ outcome: 'skipped', error: i.reason })),
  dryRun: recordOnly<'dry_run_decided'>((i) => ({ outcome: 'skipped', error: i.line })),
};

const alreadyRecovered = { refuse: (r: DownloadRecord) => `"${r.name}" has already been recovered.` };
const notNow = (what: string) => ({ refuse: (r: DownloadRecord) => `"${r.name}" is ${what}; that step cannot run now.` });

// --- the table ------------------------------------------------------------------------------

type Row = { [I in InputType]: Cell<I> };

/** A state only a person moves on: every input not named stays (changes nothing). */
function closed(cells: Partial<Row>): Row {
  return { ...(Object.fromEntries(INPUT_TYPES.map((t) => [t, 'stay'])) as Row), ...cells };
}

export const LIFECYCLE: { readonly [S in DownloadStatus]: Row } = {
  // Detected; the first attempt is scheduled (or a dry run decided one and waits for dry run to be turned off).
  failed: {
    failure_seen: failureSeen,
    attempt_claimed: attemptClaimed,
    attempt_sent: attemptSent,
    attempt_failed: attemptFailed,
    attempt_deferred: attemptDeferred,
    attempt_skipped: attemptSkipped,
    dry_run_decided: dryRunDecided,
    arr_grab_adopted: arrGrabAdopted,
    replacement_found: 'stay',
    replacement_completed: 'stay',
    replacement_failed: 'stay',
    replacement_timed_out: 'stay',
    manual_retry: manualRetry,
    dismiss,
    settings_changed: settingsChanged,
    ladder_exhausted: ladderExhausted,
    service_answered: serviceAnswered,
  },
  // An attempt is running, or the next one is scheduled (after a failure, an outage, or while the *arr works).
  retrying: {
    failure_seen: 'stay',
    attempt_claimed: attemptClaimed,
    attempt_sent: attemptSent,
    attempt_failed: attemptFailed,
    attempt_deferred: attemptDeferred,
    attempt_skipped: attemptSkipped,
    dry_run_decided: dryRunDecided,
    arr_grab_adopted: arrGrabAdopted,
    replacement_found: 'stay',
    replacement_completed: 'stay',
    replacement_failed: 'stay',
    replacement_timed_out: 'stay',
    manual_retry: manualRetry,
    dismiss,
    settings_changed: settingsChanged,
    ladder_exhausted: ladderExhausted,
    service_answered: serviceAnswered,
  },
  // A replacement was sent (ours or the *arr's); it must really complete.
  awaiting_replacement: {
    failure_seen: 'stay',
    attempt_claimed: notNow('waiting for its replacement'),
    attempt_sent: 'stay',
    attempt_failed: 'stay',
    attempt_deferred: 'stay',
    attempt_skipped: 'stay',
    dry_run_decided: 'stay',
    arr_grab_adopted: 'stay',
    replacement_found: replacementFound,
    replacement_completed: replacementCompleted,
    replacement_failed: replacementFailed,
    replacement_timed_out: replacementTimedOut,
    manual_retry: manualRetry,
    dismiss,
    settings_changed: settingsChanged,
    ladder_exhausted: 'stay',
    service_answered: 'stay',
  },
  recovered: closed({ attempt_claimed: alreadyRecovered, manual_retry: alreadyRecovered, dismiss }),
  // Needs attention: only a person moves it on (Retry, Dismiss).
  dlq: closed({ attempt_claimed: notNow('in Needs attention'), manual_retry: manualRetry, dismiss }),
  // Recorded, nothing to do (a duplicate, a job a pre-queue script failed on purpose); a person may still Retry.
  ignored: closed({ attempt_claimed: notNow('not being recovered'), manual_retry: manualRetry, dismiss }),
  // A person said "leave it": nothing overwrites that, not even an attempt that was running (its outcome is
  // recorded, the state stays); Retry brings it back.
  dismissed: closed({
    attempt_claimed: notNow('dismissed'),
    attempt_sent: recordedAttempt.sent,
    attempt_failed: recordedAttempt.failed,
    attempt_deferred: recordedAttempt.deferred,
    attempt_skipped: recordedAttempt.skipped,
    dry_run_decided: recordedAttempt.dryRun,
    manual_retry: manualRetry,
  }),
};

/** The one function that decides what happens to a download. */
export function transition(r: DownloadRecord, attempts: readonly RecoveryAttempt[], input: LifecycleInput, ctx: LifecycleContext): Transition {
  const cell = LIFECYCLE[r.status][input.type] as Cell<typeof input.type>;
  if (cell === 'stay') return none(r);
  if (typeof cell === 'object') return { ...none(r), refused: cell.refuse(r) };
  return (cell as Handler<typeof input.type>)(r, attempts, input as never, ctx);
}
