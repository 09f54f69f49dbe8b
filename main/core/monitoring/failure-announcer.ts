// Turns a Failed history slot into a tracked download and one download.failed
// event — exactly once, ever. download_monitoring is the memory: a row is
// inserted (unique nzo_id) before the event, and `metadata.announcedAt` is
// written after it, so a crash in between re-announces on the next poll
// instead of never — unless the activity log already holds the line (see
// `alreadyLogged`), which makes it exactly once. A failure of a job that is the tracked replacement of an
// earlier download is not a new lifecycle: it is announced under the existing
// correlation id with `replacesNzoId`, and the record is left to recovery.
// Two sources report failures: SABnzbd's history (the poller) and the *arr's
// own downloadFailed history (ArrFailureWatch, for jobs the *arr removed from
// SABnzbd first). Announcements run one at a time, so the same job reported
// by both at once is still announced once.
import type { ArrApp, Classification } from '../../../shared/domain';
import type { DownloadRecord } from '../../../shared/downloads';
import type { EventPayloadMap } from '../../../shared/events';
import type { DownloadStore } from '../activity/download-store-port';
import type { Clock } from '../clock';
import type { EventBusPort } from '../events/event-bus-port';
import type { IdFactory } from '../ids';
import type { SabHistorySlot } from '../sabnzbd/sabnzbd-schemas';
import { classifyFailure } from './failure-classifier';
import { identifySource, type ArrDownloadLookup, type SourceIdentification } from './source-identifier';

export const MONITORING_SOURCE = 'monitoring';

/** `earlier_job`: a job an attempt once tracked and the ladder has moved past; recovery already counted its failure. */
export type AnnounceOutcome = 'announced' | 'replacement' | 'already_announced' | 'earlier_job';

/** A failed job as a source reported it: a SABnzbd history slot, or an *arr's downloadFailed record. */
export interface FailedJob {
  nzoId: string;
  name: string;
  category: string | null;
  /** SABnzbd's own wording (the *arr copies it into `data.message`), so one classifier serves both. */
  failMessage: string;
  sizeBytes: number | null;
  /** Epoch ms. */
  failedAt: number | null;
  sabnzbdCanRetry: boolean;
  reportedBy: 'sabnzbd' | ArrApp;
}

export function failedJobOfSlot(slot: SabHistorySlot): FailedJob {
  return {
    nzoId: slot.nzo_id,
    name: slot.name,
    category: slot.category,
    failMessage: slot.fail_message,
    sizeBytes: slot.bytes ?? null,
    failedAt: slot.completed ? slot.completed * 1000 : null,
    sabnzbdCanRetry: slot.retry,
    reportedBy: 'sabnzbd',
  };
}

export interface FailureAnnouncerDeps {
  store: DownloadStore;
  bus: EventBusPort;
  clock: Clock;
  newId: IdFactory;
  lookups: () => readonly ArrDownloadLookup[];
  settings: () => { categoryMap: Readonly<Record<string, ArrApp>>; maxRetries: number };
  /**
   * Whether the activity log already holds the download.failed line for this
   * job in this lifecycle. The line is written inside publish, so after a crash
   * between publishing and saving the mark this says "announced" and the
   * failure is not logged twice. Without it a crash there re-announces.
   */
  alreadyLogged?: (nzoId: string, correlationId: string) => boolean;
  /** The download whose recovery attempts once tracked this job (old or new nzo_id), if any. */
  earlierJobOwner?: (nzoId: string) => string | null;
}

/** Actions recovery starts without a person; the others wait for one (or for nothing). */
const NEEDS_NO_SCHEDULE = new Set<Classification['firstAction']>(['record_only', 'notify_user']);

export class FailureAnnouncer {
  constructor(private readonly deps: FailureAnnouncerDeps) {}

  private chain: Promise<unknown> = Promise.resolve();

  /** A Failed slot from SABnzbd's history; the *arr apps are asked whose it is. */
  announce(slot: SabHistorySlot): Promise<AnnounceOutcome> {
    return this.serial(() => this.announceJob(failedJobOfSlot(slot), null));
  }

  /** A failure the source already identified (an *arr's own history says whose it is). */
  announceReported(job: FailedJob, source: SourceIdentification): Promise<AnnounceOutcome> {
    return this.serial(() => this.announceJob(job, source));
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.catch(() => undefined).then(fn);
    this.chain = next;
    return next;
  }

  private async announceJob(job: FailedJob, known: SourceIdentification | null): Promise<AnnounceOutcome> {
    const { store } = this.deps;
    const existing = store.findByAnyNzoId(job.nzoId);
    if (existing && existing.nzoId !== job.nzoId) return this.announceReplacement(existing, job);
    if (existing) return this.finishAnnouncing(existing);
    // Not a download, and not the job recovery tracks now: maybe one it tracked before.
    if (this.deps.earlierJobOwner?.(job.nzoId)) return 'earlier_job';

    const classification = classifyFailure({ fail_message: job.failMessage });
    const settings = this.deps.settings();
    const source =
      known ?? (await identifySource({ nzoId: job.nzoId, category: job.category }, this.deps.lookups(), settings.categoryMap));
    const now = this.deps.clock.now();
    const { record, created } = store.insertFailureIfNew(
      {
        nzoId: job.nzoId,
        name: job.name,
        category: job.category,
        sourceApp: source.sourceApp,
        item: source.item,
        kind: classification.kind,
        severity: classification.severity,
        failMessage: job.failMessage,
        status: classification.kind === 'duplicate' ? 'ignored' : 'failed',
        correlationId: this.deps.newId(),
        maxAttempts: settings.maxRetries,
        nextAttemptAt: NEEDS_NO_SCHEDULE.has(classification.firstAction) ? null : now,
        metadata: {
          announcedAt: null,
          firstAction: classification.firstAction,
          retryable: classification.retryable,
          explanation: classification.explanation,
          identifiedVia: source.via,
          sourceNotes: source.notes,
          reportedBy: job.reportedBy,
          sabnzbdCanRetry: job.sabnzbdCanRetry,
          sizeBytes: job.sizeBytes,
          failedAt: job.failedAt,
        },
      },
      now,
    );
    if (!created) return this.finishAnnouncing(record);
    return this.finishAnnouncing(record, classification, job);
  }

  /** Publish for a record not yet announced (new, or inserted just before a crash). */
  private async finishAnnouncing(
    record: DownloadRecord,
    classification: Classification = classifyFailure({ fail_message: record.failMessage }),
    job?: FailedJob,
  ): Promise<AnnounceOutcome> {
    if (typeof record.metadata.announcedAt === 'number') return 'already_announced';
    if (!job && this.deps.alreadyLogged?.(record.nzoId, record.correlationId)) {
      this.markAnnounced(record);
      return 'already_announced';
    }
    await this.publishFailed(record, record.nzoId, classification, job ?? null, null);
    this.markAnnounced(record);
    return 'announced';
  }

  private markAnnounced(record: DownloadRecord): void {
    this.deps.store.update(record.nzoId, { metadata: { ...record.metadata, announcedAt: this.deps.clock.now() } }, this.deps.clock.now());
  }

  private async announceReplacement(record: DownloadRecord, job: FailedJob): Promise<AnnounceOutcome> {
    const done = Array.isArray(record.metadata.replacementFailuresAnnounced)
      ? (record.metadata.replacementFailuresAnnounced as unknown[]).filter((v): v is string => typeof v === 'string')
      : [];
    if (done.includes(job.nzoId)) return 'already_announced';
    const logged = this.deps.alreadyLogged?.(job.nzoId, record.correlationId) ?? false;
    if (!logged) await this.publishFailed(record, job.nzoId, classifyFailure({ fail_message: job.failMessage }), job, record.nzoId);
    this.deps.store.update(
      record.nzoId,
      { metadata: { ...record.metadata, replacementFailuresAnnounced: [...done, job.nzoId] } },
      this.deps.clock.now(),
    );
    return logged ? 'already_announced' : 'replacement';
  }

  private async publishFailed(
    record: DownloadRecord,
    nzoId: string,
    c: Classification,
    job: FailedJob | null,
    replacesNzoId: string | null,
  ): Promise<void> {
    const payload: EventPayloadMap['download.failed'] = {
      nzoId,
      name: job?.name ?? record.name,
      category: job ? job.category : record.category,
      failMessage: job?.failMessage ?? record.failMessage,
      kind: c.kind,
      severity: c.severity,
      retryable: c.retryable,
      explanation: c.explanation,
      sourceApp: record.sourceApp,
      item: record.item,
      sizeBytes: job?.sizeBytes ?? (typeof record.metadata.sizeBytes === 'number' ? record.metadata.sizeBytes : null),
      replacesNzoId,
    };
    await this.deps.bus.publish('download.failed', payload, { source: MONITORING_SOURCE, correlationId: record.correlationId });
  }
}
