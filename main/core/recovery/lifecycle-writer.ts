// Carries out what the lifecycle table decided: the claim, the attempt's
// outcome and the download's next state in ONE transaction (a crash between
// them could leave a finished attempt beside a record still waiting on it, or
// due again: a second grab), then the events, then taking a given-up job out
// of SABnzbd's queue. The only writer of a download's status.
import type { DownloadRecord } from '../../../shared/downloads';
import type { Settings } from '../../../shared/settings';
import type { DownloadStore } from '../activity/download-store-port';
import type { Clock } from '../clock';
import { transition, type LifecycleInput, type Transition } from './download-lifecycle';
import type { RecoveryLogger, RecoverySabnzbd } from './recovery-ports';
import type { RecoveryTimeline } from './recovery-timeline';
import type { SourceApp } from '../../../shared/domain';

export interface Applied {
  /** False when nothing was written: the input was refused, or the attempt was claimed already. */
  applied: boolean;
  transition: Transition | null;
  /** The record afterwards (or as it was, when nothing was written); null when the download is gone. */
  record: DownloadRecord | null;
  /** The record before the write (its events are told as its story). */
  before: DownloadRecord | null;
  /** Why a person's request cannot be done. */
  refused: string | null;
}

export interface LifecycleWriterDeps {
  store: DownloadStore;
  clock: Clock;
  settings: () => Settings;
  timeline: RecoveryTimeline;
  sab: RecoverySabnzbd;
  logger: RecoveryLogger;
  /** Who recovers a download: its *arr, or `manual` when that is not configured / the item is unknown. */
  sourceOf: (record: DownloadRecord) => SourceApp;
  /** Called after a write that scheduled a step (the scheduler wakes). */
  onScheduled: () => void;
}

export class LifecycleWriter {
  constructor(private readonly deps: LifecycleWriterDeps) {}

  async apply(nzoId: string, input: LifecycleInput): Promise<Applied> {
    const written = this.write(nzoId, input);
    await this.tell(written);
    return written;
  }

  /**
   * The database half, synchronous: what a new failure's announcement must
   * find written before its activity line is (see RecoveryEngine.onDownloadFailed).
   */
  write(nzoId: string, input: LifecycleInput): Applied {
    const { store, clock } = this.deps;
    const record = store.get(nzoId);
    if (!record) return { applied: false, transition: null, record: null, before: null, refused: null };
    const attempts = store.attempts(nzoId);
    const now = clock.now();
    const s = this.deps.settings();
    const t = transition(record, attempts, input, {
      now,
      settings: { baseBackoffSeconds: s.monitoring.baseBackoffSeconds, maxRetries: s.monitoring.maxRetries, dryRun: s.dryRun },
      source: this.deps.sourceOf(record),
    });
    if (t.refused !== null) return { applied: false, transition: t, record, before: record, refused: t.refused };
    if (!t.claim && !t.attempt && !t.patch && t.dlqReason === null && t.events.length === 0 && !t.removeJob) {
      return { applied: false, transition: t, record, before: record, refused: null };
    }
    const written = store.atomically((): DownloadRecord | null => {
      if (t.claim && !store.startAttempt(nzoId, t.claim, now)) return null;
      if (t.attempt && t.attempt.n >= 0) store.finishAttempt(nzoId, t.attempt.n, t.attempt.result, now);
      let after = t.patch ? store.update(nzoId, t.patch, now) : record;
      if (t.dlqReason !== null) after = store.moveToDlq(nzoId, t.dlqReason, now);
      return after;
    });
    if (written === null) {
      this.deps.logger.warn('attempt already claimed; not running it again', { nzoId, attempt: t.claim?.attempt });
      return { applied: false, transition: t, record, before: record, refused: null };
    }
    return { applied: true, transition: t, record: written, before: record, refused: null };
  }

  /** The events of a written transition, then a given-up job out of the queue. A crash in between loses a log line, never the state. */
  async tell(written: Applied): Promise<void> {
    const t = written.transition;
    if (!written.applied || !t || !written.record) return;
    for (const e of t.events) await this.deps.timeline.emit(written.before ?? written.record, e.type, e.payload);
    if (t.removeJob) await this.removeJob(written.record, t.removeJob.nzoId, t.removeJob.why);
    if (written.record.nextAttemptAt !== null && t.patch?.nextAttemptAt !== undefined) this.deps.onScheduled();
  }

  /** Take a job out of SABnzbd's queue, and say so in the download's timeline. */
  async removeJob(record: DownloadRecord, job: string, why: string): Promise<boolean> {
    if (this.deps.settings().dryRun) {
      // Dry run sends nothing, not even a delete: the decision is logged instead.
      this.deps.logger.info(`dry run: ${job} would be taken out of SABnzbd’s queue (${why})`, { nzoId: record.nzoId, job });
      return false;
    }
    const r = await this.deps.sab.removeFromQueue(job, { deleteFiles: true });
    if (!r.ok) {
      // Not in the queue (already finished or gone) is fine; anything else is worth a line in the log.
      if (r.error.code !== 'api_error') this.deps.logger.warn('could not take a job out of SABnzbd’s queue', { nzoId: record.nzoId, job, error: r.error.message });
      return false;
    }
    await this.deps.timeline.emit(record, 'queue.state_changed', { nzoId: job, name: record.name, from: null, to: 'Deleted', note: `taken out of SABnzbd’s queue: ${why}` });
    return true;
  }
}
