// The download lifecycle as a table: every state × every input, then the
// transitions that carry numbers (schedule, attempts, Needs attention) one by one.
import { describe, expect, it } from 'vitest';
import { DOWNLOAD_STATUSES, type DownloadStatus } from '../../../shared/domain';
import type { DownloadRecord, RecoveryAttempt } from '../../../shared/downloads';
import { INPUT_TYPES, LIFECYCLE, transition, type InputType, type LifecycleContext, type LifecycleInput } from '../../../main/core/recovery/download-lifecycle';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const FAILED_AT = NOW - 60_000;

const attempt = (n: number, outcome: RecoveryAttempt['outcome'], over: Partial<RecoveryAttempt> = {}): RecoveryAttempt => ({
  attempt: n,
  strategy: 'alternative_release',
  outcome,
  manual: false,
  dryRun: false,
  startedAt: NOW - 10_000,
  finishedAt: outcome === 'started' || outcome === 'waiting' ? null : NOW - 5_000,
  error: null,
  oldNzoId: 'SABnzbd_nzo_orig',
  newNzoId: outcome === 'waiting' || outcome === 'succeeded' ? 'SABnzbd_nzo_repl' : null,
  releaseGuid: 'guid-2',
  releaseTitle: 'Show.S01E01.1080p-OTHER',
  quality: 'WEBDL-1080p',
  ...over,
});

const record = (status: DownloadStatus, over: Partial<DownloadRecord> = {}): DownloadRecord => ({
  id: 1,
  nzoId: 'SABnzbd_nzo_orig',
  trackedNzoId: status === 'awaiting_replacement' ? 'SABnzbd_nzo_repl' : null,
  name: 'Show.S01E01.1080p-BAD',
  category: 'tv',
  sourceApp: 'sonarr',
  item: { seriesId: 1, episodeIds: [101] },
  status,
  kind: 'missing_articles',
  severity: 'high',
  failMessage: 'Aborted, cannot be completed - https://sabnzbd.org/not-complete',
  attempts: 0,
  maxAttempts: 3,
  currentStrategy: null,
  nextAttemptAt: null,
  lastError: null,
  deferredBy: null,
  inDlq: status === 'dlq',
  dlqReason: null,
  correlationId: 'corr-1',
  qualitiesTried: [],
  releasesTried: [],
  createdAt: FAILED_AT,
  updatedAt: NOW - 5_000,
  recoveredAt: null,
  metadata: { failedAt: FAILED_AT, announcedAt: FAILED_AT },
  ...over,
});

/** A typical download in each state, with the attempts that state comes with. */
const SCENES: Record<DownloadStatus, { r: DownloadRecord; attempts: RecoveryAttempt[] }> = {
  failed: { r: record('failed'), attempts: [] },
  retrying: { r: record('retrying', { currentStrategy: 'alternative_release' }), attempts: [attempt(1, 'started')] },
  awaiting_replacement: { r: record('awaiting_replacement', { attempts: 1 }), attempts: [attempt(1, 'waiting')] },
  recovered: { r: record('recovered', { attempts: 1, recoveredAt: NOW - 1_000 }), attempts: [attempt(1, 'succeeded')] },
  dlq: { r: record('dlq', { attempts: 3 }), attempts: [attempt(1, 'failed'), attempt(2, 'failed'), attempt(3, 'failed')] },
  ignored: { r: record('ignored', { kind: 'duplicate' }), attempts: [] },
  dismissed: { r: record('dismissed'), attempts: [attempt(1, 'started')] },
};

const INPUTS: { [K in InputType]: Extract<LifecycleInput, { type: K }> } = {
  failure_seen: { type: 'failure_seen', firstAction: 'alternative_release', explanation: 'Parts of the post are missing.' },
  attempt_claimed: { type: 'attempt_claimed', attempt: 9, strategy: 'alternative_release', manual: false, dryRun: false, oldNzoId: 'SABnzbd_nzo_orig' },
  attempt_sent: { type: 'attempt_sent', attempt: 1, newNzoId: 'SABnzbd_nzo_new', release: { releaseGuid: 'guid-3' }, tried: {} },
  attempt_failed: { type: 'attempt_failed', attempt: 1, error: 'No other release is available.' },
  attempt_deferred: { type: 'attempt_deferred', attempt: 1, until: NOW + 60_000, line: 'Sonarr did not answer', by: 'sonarr', unconfirmed: false },
  attempt_skipped: { type: 'attempt_skipped', attempt: 1, reason: 'did not apply' },
  dry_run_decided: { type: 'dry_run_decided', attempt: 1, line: 'Dry run: alternative_release was decided but nothing was sent.' },
  arr_grab_adopted: { type: 'arr_grab_adopted', attempt: 9, manual: false, oldNzoId: 'SABnzbd_nzo_orig', grab: { nzoId: 'SABnzbd_nzo_arr', title: 'Show.S01E01.1080p-ARR', guid: 'g-arr', quality: 'WEBDL-1080p' } },
  replacement_found: { type: 'replacement_found', nzoId: 'SABnzbd_nzo_repl' },
  replacement_completed: { type: 'replacement_completed', nzoId: 'SABnzbd_nzo_repl', via: 'sabnzbd' },
  replacement_failed: { type: 'replacement_failed', nzoId: 'SABnzbd_nzo_repl', error: 'Repair failed' },
  replacement_timed_out: { type: 'replacement_timed_out', nzoId: 'SABnzbd_nzo_repl', waitedMs: 6 * 3_600_000 },
  manual_retry: { type: 'manual_retry' },
  dismiss: { type: 'dismiss' },
  settings_changed: { type: 'settings_changed' },
  ladder_exhausted: { type: 'ladder_exhausted', reason: 'No strategy is left.' },
  service_answered: { type: 'service_answered', service: 'sonarr' },
};

const ctx = (over: Partial<LifecycleContext['settings']> = {}): LifecycleContext => ({
  now: NOW,
  settings: { baseBackoffSeconds: 300, maxRetries: 3, dryRun: false, ...over },
  source: 'sonarr',
});

// The whole table: the state each input leads to. `=` the input changes nothing; `✗` refused.
type Cell = DownloadStatus | '=' | '✗';
const F = 'failed',
  R = 'retrying',
  A = 'awaiting_replacement',
  OK = 'recovered',
  D = 'dlq',
  X = 'dismissed';
const EXPECTED: Record<DownloadStatus, Record<InputType, Cell>> = {
  //            seen claimed sent fail defer skip dry adopt found done rfail tmout manual dismiss settings exhaust answered
  failed: row(F, R, A, R, R, '=', F, A, '=', '=', '=', '=', R, X, '=', D, '='),
  retrying: row('=', R, A, R, R, '=', F, A, '=', '=', '=', '=', R, X, '=', D, '='),
  awaiting_replacement: row('=', '✗', '=', '=', '=', '=', '=', '=', '=', OK, R, R, R, X, '=', '=', '='),
  recovered: row('=', '✗', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=', '✗', X, '=', '=', '='),
  dlq: row('=', '✗', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=', R, X, '=', '=', '='),
  ignored: row('=', '✗', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=', R, X, '=', '=', '='),
  dismissed: row('=', '✗', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=', R, '=', '=', '=', '='),
};
function row(...cells: Cell[]): Record<InputType, Cell> {
  return Object.fromEntries(INPUT_TYPES.map((t, i) => [t, cells[i]!])) as Record<InputType, Cell>;
}

describe('the download lifecycle table', () => {
  it(`covers every state × every input (${DOWNLOAD_STATUSES.length} × ${INPUT_TYPES.length} = ${DOWNLOAD_STATUSES.length * INPUT_TYPES.length} cells)`, () => {
    expect(Object.keys(LIFECYCLE).sort()).toEqual([...DOWNLOAD_STATUSES].sort());
    for (const s of DOWNLOAD_STATUSES) expect(Object.keys(LIFECYCLE[s]).sort()).toEqual([...INPUT_TYPES].sort());
  });

  for (const state of DOWNLOAD_STATUSES) {
    for (const input of INPUT_TYPES) {
      const want = EXPECTED[state][input];
      it(`${state} × ${input} → ${want}`, () => {
        const { r, attempts } = SCENES[state];
        const t = transition(r, attempts, INPUTS[input], ctx());
        if (want === '✗') {
          expect(t.refused).toEqual(expect.any(String));
          expect(t.patch).toBeNull();
          return;
        }
        expect(t.refused).toBeNull();
        expect(t.from).toBe(state);
        expect(t.to).toBe(want === '=' ? state : want);
        if (want === '=') expect(t.patch?.status).toBeUndefined();
        else expect(t.patch?.status).toBe(want);
      });
    }
  }
});

describe('what the transitions write', () => {
  it('a new failure: the first attempt waits one base period after it (5 min), nothing else changes', () => {
    const t = transition(record('failed'), [], INPUTS.failure_seen, ctx());
    expect(t.patch).toEqual({ status: 'failed', nextAttemptAt: FAILED_AT + 300_000 });
    expect(t.events).toEqual([]);
    // An old failure seen late runs now, not in the past.
    const old = record('failed', { metadata: { failedAt: NOW - 86_400_000 }, createdAt: NOW - 86_400_000 });
    expect(transition(old, [], INPUTS.failure_seen, ctx()).patch?.nextAttemptAt).toBe(NOW);
  });

  it('a duplicate is only recorded; a pre-queue script failure is told once and not counted as failing for ever', () => {
    expect(transition(record('failed', { kind: 'duplicate' }), [], { ...INPUTS.failure_seen, firstAction: 'record_only' }, ctx()).to).toBe('ignored');
    const prequeue = transition(
      record('failed', { kind: 'post_processing_failed' }),
      [],
      { type: 'failure_seen', firstAction: 'notify_user', explanation: 'Your pre-queue script rejected the job.' },
      ctx(),
    );
    expect(prequeue).toMatchObject({ to: 'ignored', patch: { status: 'ignored', nextAttemptAt: null } });
    expect(prequeue.patch?.lastError).toMatch(/pre-queue script rejected the job\. Nothing is retried automatically; Retry it/);
  });

  it('a file too large for the disk, or a manual job nothing can help: Needs attention at once, saying why', () => {
    const tooLarge = transition(record('failed', { kind: 'file_too_large' }), [], { ...INPUTS.failure_seen, firstAction: 'needs_attention' }, ctx());
    expect(tooLarge).toMatchObject({ to: 'dlq', dlqReason: expect.stringMatching(/FAT32.*freeing space will not help/) });
    expect(tooLarge.events.map((e) => e.type)).toEqual(['download.moved_to_dlq']);
    const manual = transition(record('failed', { sourceApp: 'manual', item: null }), [], INPUTS.failure_seen, { ...ctx(), source: 'manual' });
    expect(manual.dlqReason).toMatch(/No Sonarr\/Radarr item/);
  });

  it.each([
    [0, 600_000],
    [1, 1_200_000],
  ])('after attempt %i+1 fails, the next waits %i ms; after the third, Needs attention', (before, wait) => {
    const earlier = Array.from({ length: before }, (_, i) => attempt(i + 1, 'failed'));
    const open = attempt(before + 1, 'started');
    const t = transition(record('retrying', { attempts: before }), [...earlier, open], { ...INPUTS.attempt_failed, attempt: before + 1 }, ctx());
    expect(t).toMatchObject({ to: 'retrying', patch: { nextAttemptAt: NOW + wait, attempts: before + 1 }, dlqReason: null });
    expect(t.events[0]).toMatchObject({ type: 'download.retry_failed', payload: { attempt: before + 1, willRetry: true, nextAttemptAt: NOW + wait } });
  });

  it('the third failure goes to Needs attention with both events', () => {
    const t = transition(record('retrying', { attempts: 2 }), [attempt(1, 'failed'), attempt(2, 'failed'), attempt(3, 'started')], { ...INPUTS.attempt_failed, attempt: 3 }, ctx());
    expect(t.to).toBe('dlq');
    expect(t.dlqReason).toBe('All 3 attempts failed; the last one: No other release is available.');
    expect(t.events.map((e) => e.type)).toEqual(['download.retry_failed', 'download.moved_to_dlq']);
  });

  it('a claim is written with the record; a deferral spends nothing and names the service it waits for', () => {
    const claimed = transition(record('failed'), [], INPUTS.attempt_claimed, ctx());
    expect(claimed.claim).toMatchObject({ attempt: 9, strategy: 'alternative_release', startedAt: NOW });
    expect(claimed.events[0]).toMatchObject({ type: 'download.retry_started', payload: { attempt: 1, maxAttempts: 3 } });
    const deferred = transition(SCENES.retrying.r, SCENES.retrying.attempts, INPUTS.attempt_deferred, ctx());
    expect(deferred.attempt).toEqual({ n: 1, result: { outcome: 'deferred', error: 'Sonarr did not answer', unconfirmed: false } });
    expect(deferred.patch).toMatchObject({ nextAttemptAt: NOW + 60_000, deferredBy: 'sonarr' });
    const unconfirmed = transition(SCENES.retrying.r, SCENES.retrying.attempts, { ...INPUTS.attempt_deferred, unconfirmed: true }, ctx());
    expect(unconfirmed.attempt?.result).toMatchObject({ outcome: 'started', unconfirmed: true });
  });

  it('a service answering again wakes only the steps that wait for it', () => {
    const waiting = record('retrying', { deferredBy: 'sonarr', nextAttemptAt: NOW + 300_000 });
    expect(transition(waiting, [], INPUTS.service_answered, ctx()).patch).toEqual({ nextAttemptAt: NOW });
    expect(transition(waiting, [], { type: 'service_answered', service: 'radarr' }, ctx()).patch).toBeNull();
    expect(transition({ ...waiting, deferredBy: null }, [], INPUTS.service_answered, ctx()).patch).toBeNull();
    // NZBGet as the download client: its steps wait for NZBGet, not for SABnzbd.
    const onNzbget = { ...waiting, deferredBy: 'nzbget' as const };
    expect(transition(onNzbget, [], { type: 'service_answered', service: 'nzbget' }, ctx()).patch).toEqual({ nextAttemptAt: NOW });
    expect(transition(onNzbget, [], { type: 'service_answered', service: 'sabnzbd' }, ctx()).patch).toBeNull();
  });

  it('manual retry from awaiting_replacement gives the replacement up (still counted) and takes it out of the queue', () => {
    const t = transition(SCENES.awaiting_replacement.r, SCENES.awaiting_replacement.attempts, INPUTS.manual_retry, ctx());
    expect(t).toMatchObject({ to: 'retrying', patch: { nextAttemptAt: NOW }, removeJob: { nzoId: 'SABnzbd_nzo_repl' } });
    expect(t.attempt?.result).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/Given up by a person's Retry/) });
  });

  it('a replacement past its deadline moves the ladder on and leaves the queue', () => {
    const t = transition(SCENES.awaiting_replacement.r, SCENES.awaiting_replacement.attempts, INPUTS.replacement_timed_out, ctx());
    expect(t).toMatchObject({ to: 'retrying', removeJob: { nzoId: 'SABnzbd_nzo_repl' } });
    expect(t.patch?.lastError).toMatch(/did not complete within 6 h/);
    expect(t.events[0]).toMatchObject({ type: 'download.retry_failed', payload: { willRetry: true, nextAttemptAt: NOW + 600_000 } });
  });

  it('the failure of an earlier attempt’s job, told late, does not end the attempt awaited now', () => {
    // Attempt 1's job failed (counted); attempt 2's is awaited; the report of attempt 1's job arrives only now.
    const r = record('awaiting_replacement', { attempts: 2, trackedNzoId: 'SABnzbd_nzo_repl2' });
    const attempts = [attempt(1, 'failed', { newNzoId: 'SABnzbd_nzo_repl' }), attempt(2, 'waiting', { oldNzoId: 'SABnzbd_nzo_repl', newNzoId: 'SABnzbd_nzo_repl2' })];
    expect(transition(r, attempts, INPUTS.replacement_failed, ctx())).toMatchObject({ to: 'awaiting_replacement', patch: null, attempt: null, events: [] });
    // The awaited job's own failure still moves the ladder on.
    const own = transition(r, attempts, { type: 'replacement_failed', nzoId: 'SABnzbd_nzo_repl2', error: 'Repair failed' }, ctx());
    expect(own).toMatchObject({ to: 'retrying', attempt: { n: 2, result: { outcome: 'failed' } } });
    // Not known yet which job attempt 2 runs as: an earlier attempt's job is still not it.
    const unknown = record('awaiting_replacement', { attempts: 2, trackedNzoId: null });
    const sent = [attempts[0]!, attempt(2, 'waiting', { oldNzoId: 'SABnzbd_nzo_repl', newNzoId: null })];
    expect(transition(unknown, sent, INPUTS.replacement_failed, ctx())).toMatchObject({ patch: null, attempt: null });
  });

  it('dismissed stays dismissed when the attempt that was running finishes: its outcome is recorded, nothing else', () => {
    const t = transition(SCENES.dismissed.r, SCENES.dismissed.attempts, INPUTS.attempt_sent, ctx());
    expect(t).toMatchObject({ to: 'dismissed', patch: null, attempt: { n: 1, result: { outcome: 'waiting', newNzoId: 'SABnzbd_nzo_new' } }, events: [] });
  });

  it('settings: dry run off schedules what dry run decided; a lower maximum applies to downloads still in the ladder', () => {
    const decided = record('failed', { nextAttemptAt: null });
    const dry = [attempt(1, 'skipped', { dryRun: true })];
    expect(transition(decided, dry, INPUTS.settings_changed, ctx({ dryRun: true })).patch).toBeNull();
    expect(transition(decided, dry, INPUTS.settings_changed, ctx({ dryRun: false }))).toMatchObject({ to: 'retrying', patch: { nextAttemptAt: NOW } });

    const twoSpent = record('retrying', { attempts: 2, nextAttemptAt: NOW + 600_000 });
    const spent = [attempt(1, 'failed'), attempt(2, 'failed')];
    expect(transition(twoSpent, spent, INPUTS.settings_changed, ctx({ maxRetries: 5 })).patch).toEqual({ maxAttempts: 5 });
    const lowered = transition(twoSpent, spent, INPUTS.settings_changed, ctx({ maxRetries: 2 }));
    expect(lowered).toMatchObject({ to: 'dlq', patch: { maxAttempts: 2 }, dlqReason: 'All 2 attempts were used (the maximum is now 2).' });
    // A download waiting on its replacement keeps waiting, with the new maximum.
    expect(transition(SCENES.awaiting_replacement.r, SCENES.awaiting_replacement.attempts, INPUTS.settings_changed, ctx({ maxRetries: 1 })).patch).toEqual({ maxAttempts: 1 });
  });

  it('adopting the *arr’s grab is an attempt of its own (claimed and waiting in one go)', () => {
    const t = transition(record('failed'), [], INPUTS.arr_grab_adopted, ctx());
    expect(t.claim).toMatchObject({ attempt: 9, strategy: 'arr_redownload', newNzoId: 'SABnzbd_nzo_arr' });
    expect(t.attempt).toEqual({ n: 9, result: { outcome: 'waiting', error: null, newNzoId: 'SABnzbd_nzo_arr' } });
    expect(t.patch).toMatchObject({ status: 'awaiting_replacement', trackedNzoId: 'SABnzbd_nzo_arr', attempts: 1, currentStrategy: 'arr_redownload' });
  });
});
