// Turns a Failed history slot into a tracked download and one download.failed
// event — exactly once, ever. download_monitoring is the memory: a row is
// inserted (unique nzo_id) before the event, and `metadata.announcedAt` is
// written once the event's activity line is on disk (`log.afterWritten`), so a
// crash before that re-announces on the next poll instead of never, and a
// crash after the line but before the mark finds the line (`hasFailureLine`)
// instead of logging it twice: exactly once. Between publishing and the mark
// the announcer remembers the job in memory, so a second report of it in the
// meantime is not announced again. A failure of a job that is the tracked
// replacement of an earlier download is not a new lifecycle: it is announced
// under the existing correlation id with `replacesNzoId`, and the record is
// left to recovery. So is the failure of a job an earlier attempt tracked
// (recovery may have counted it and moved on before any source reported it):
// never a new download, and told once if it never was; and so is the failure
// of the grab an interrupted attempt sent, read before recovery looked it up.
// Two sources report failures: SABnzbd's history (the poller) and the *arr's
// own downloadFailed history (ArrFailureWatch, for jobs the *arr removed from
// SABnzbd first). Announcements run one at a time, so the same job reported
// by both at once is still announced once.
import type { ArrApp, ArrItemRef, Classification, SourceApp } from '../../../shared/domain';
import type { DownloadRecord } from '../../../shared/downloads';
import type { BusEvent, EventPayloadMap } from '../../../shared/events';
import type { DownloadStore } from '../activity/download-store-port';
import type { Clock } from '../clock';
import type { EventBusPort } from '../events/event-bus-port';
import type { IdFactory } from '../ids';
import type { DownloadClientKind, HistoryJob } from '../download-client/download-client-port';
import type { SabHistorySlot } from '../sabnzbd/sabnzbd-schemas';
import { classifyFailure } from './failure-classifier';
import { identifySource, type ArrDownloadLookup, type SourceIdentification } from './source-identifier';

export const MONITORING_SOURCE = 'monitoring';

/** `earlier_job`: a job an attempt once tracked and the ladder has moved past, whose failure was already told. */
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
  reportedBy: 'sabnzbd' | 'nzbget' | ArrApp;
  /** The download client's own reading (NZBGet's status fields); absent: read from failMessage as SABnzbd's words. */
  classification?: Classification;
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

/**
 * A failed job from a download client's history (the port's vocabulary). Its
 * identity is the *arr's downloadId (SABnzbd: the nzo_id; NZBGet: the drone id),
 * the one Sonarr/Radarr know it by and the port's calls accept.
 */
export function failedJobOfHistoryJob(job: HistoryJob, client: DownloadClientKind): FailedJob {
  return {
    nzoId: job.downloadId,
    name: job.name,
    category: job.category,
    failMessage: job.failMessage,
    sizeBytes: job.sizeBytes,
    failedAt: job.finishedAt,
    sabnzbdCanRetry: job.canRetry,
    reportedBy: client,
    // SABnzbd's words are classified here as they always were; another client's reading is its own.
    ...(client !== 'sabnzbd' && job.classification ? { classification: job.classification } : {}),
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
   * The activity log, for exactly-once announcing (ActivityLogService is one).
   * Without it the mark is written right after publish and a crash between
   * the two re-announces.
   */
  log?: FailureLog;
  /** The download whose recovery attempts once tracked this job (old or new nzo_id), if any. */
  earlierJobOwner?: (nzoId: string) => string | null;
  /** The download of this *arr item whose grab attempt was cut off before it recorded its job, if any. */
  interruptedGrabOwner?: (app: SourceApp, item: ArrItemRef) => string | null;
}

/** What the announcer needs from the activity log to announce each failure exactly once. */
export interface FailureLog {
  /**
   * Whether the log already holds the download.failed line for this job in
   * this lifecycle: after a crash between the line and the mark, the failure
   * is then marked instead of logged twice.
   */
  hasFailureLine(nzoId: string, correlationId: string): boolean;
  /** `then(true)` once the line of event `eventId` is on disk, `then(false)` if it was dropped. */
  afterWritten(eventId: string, then: (written: boolean) => void): void;
  /** Write the queued lines now (see persistAnnounced). */
  flush(): number;
}

export class FailureAnnouncer {
  constructor(private readonly deps: FailureAnnouncerDeps) {}

  private chain: Promise<unknown> = Promise.resolve();
  /** Published, line not on disk yet, so not marked: nzo_id, or `owner>replacement` for a replacement's failure. */
  private readonly awaitingLine = new Set<string>();

  /** A Failed slot from SABnzbd's history; the *arr apps are asked whose it is. */
  announce(slot: SabHistorySlot): Promise<AnnounceOutcome> {
    return this.serial(() => this.announceJob(failedJobOfSlot(slot), null));
  }

  /** A failed job from a download client's history (the port); the *arr apps are asked whose it is. */
  announceHistoryJob(job: HistoryJob, client: DownloadClientKind): Promise<AnnounceOutcome> {
    return this.serial(() => this.announceJob(failedJobOfHistoryJob(job, client), null));
  }

  /**
   * Called by a source before it saves its read position past the failures it
   * just announced: their lines must be on disk first, or a crash after the
   * save would lose them for good (nothing reads those jobs again). One write
   * for the whole cycle, not one per failure. Throws while the log cannot be
   * written, so the source keeps its position and reads them again.
   */
  persistAnnounced(): void {
    if (this.awaitingLine.size === 0 || !this.deps.log) return;
    this.deps.log.flush();
    if (this.awaitingLine.size > 0) {
      throw new Error(
        `the activity log could not be written (${this.awaitingLine.size} failure line(s) waiting); these failures are read again on the next poll`,
      );
    }
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
    const owner = this.deps.earlierJobOwner?.(job.nzoId);
    if (owner) return this.announceEarlierJob(owner, job);

    const classification = job.classification ?? classifyFailure({ fail_message: job.failMessage });
    const settings = this.deps.settings();
    const source =
      known ?? (await identifySource({ nzoId: job.nzoId, category: job.category }, this.deps.lookups(), settings.categoryMap));
    // The job of a grab an interrupted attempt sent for this item (named nowhere until recovery looks it up).
    const cutOff = source.item && source.sourceApp !== 'manual' ? this.deps.interruptedGrabOwner?.(source.sourceApp, source.item) : null;
    const cutOffOwner = cutOff ? store.get(cutOff) : null;
    if (cutOffOwner) return this.announceReplacement(cutOffOwner, job);
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
        // Recorded only: what happens next (scheduled, ignored, Needs attention) is recovery's lifecycle to decide.
        status: 'failed',
        correlationId: this.deps.newId(),
        maxAttempts: settings.maxRetries,
        nextAttemptAt: null,
        metadata: {
          announcedAt: null,
          firstAction: classification.firstAction,
          retryable: classification.retryable,
          explanation: classification.explanation,
          identifiedVia: source.via,
          // Which *arr instance owns it (Radarr or Radarr 4K): recovery acts on that one only.
          ...(source.instanceId ? { arrInstance: source.instanceId } : {}),
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
    if (typeof record.metadata.announcedAt === 'number' || this.awaitingLine.has(record.nzoId)) return 'already_announced';
    if (!job && this.deps.log?.hasFailureLine(record.nzoId, record.correlationId)) {
      this.markAnnounced(record.nzoId);
      return 'already_announced';
    }
    const event = await this.publishFailed(record, record.nzoId, classification, job ?? null, null);
    this.markOnceLogged(event.id, record.nzoId, () => this.markAnnounced(record.nzoId));
    return 'announced';
  }

  private markAnnounced(nzoId: string): void {
    // Read afresh: recovery may have changed the record since it was announced.
    const current = this.deps.store.get(nzoId);
    if (!current || typeof current.metadata.announcedAt === 'number') return;
    const now = this.deps.clock.now();
    this.deps.store.update(nzoId, { metadata: { ...current.metadata, announcedAt: now } }, now);
  }

  private async announceReplacement(record: DownloadRecord, job: FailedJob): Promise<AnnounceOutcome> {
    const key = `${record.nzoId}>${job.nzoId}`;
    if (replacementsAnnounced(record).includes(job.nzoId) || this.awaitingLine.has(key)) return 'already_announced';
    if (this.deps.log?.hasFailureLine(job.nzoId, record.correlationId)) {
      this.markReplacementAnnounced(record.nzoId, job.nzoId);
      return 'already_announced';
    }
    const event = await this.publishFailed(record, job.nzoId, job.classification ?? classifyFailure({ fail_message: job.failMessage }), job, record.nzoId);
    this.markOnceLogged(event.id, key, () => this.markReplacementAnnounced(record.nzoId, job.nzoId));
    return 'replacement';
  }

  /**
   * A job an earlier attempt tracked, reported after the ladder moved on: never a
   * new download. Its failure line may still be owed: the replacement tracker
   * reads SABnzbd by id too and can record the failure and start the next attempt
   * before any source reports it (after a restart it runs first). So it is
   * announced as a replacement's failure is, once, under its download's
   * correlation (recovery takes it for an earlier job and changes nothing);
   * already announced, nothing.
   */
  private async announceEarlierJob(ownerNzoId: string, job: FailedJob): Promise<AnnounceOutcome> {
    const owner = this.deps.store.get(ownerNzoId);
    if (!owner) return 'earlier_job';
    return (await this.announceReplacement(owner, job)) === 'replacement' ? 'replacement' : 'earlier_job';
  }

  private markReplacementAnnounced(ownerNzoId: string, replacementNzoId: string): void {
    const current = this.deps.store.get(ownerNzoId);
    if (!current) return;
    const done = replacementsAnnounced(current);
    if (done.includes(replacementNzoId)) return;
    const now = this.deps.clock.now();
    this.deps.store.update(ownerNzoId, { metadata: { ...current.metadata, replacementFailuresAnnounced: [...done, replacementNzoId] } }, now);
  }

  /** Write the mark once the line is on disk; until then `key` keeps the job from being announced twice. */
  private markOnceLogged(eventId: string, key: string, mark: () => void): void {
    if (!this.deps.log) {
      mark();
      return;
    }
    this.awaitingLine.add(key);
    this.deps.log.afterWritten(eventId, (written) => {
      this.awaitingLine.delete(key);
      // Dropped: no mark, so the next report of this job announces it again.
      if (written) mark();
    });
  }

  private async publishFailed(
    record: DownloadRecord,
    nzoId: string,
    c: Classification,
    job: FailedJob | null,
    replacesNzoId: string | null,
  ): Promise<BusEvent<'download.failed'>> {
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
    return await this.deps.bus.publish('download.failed', payload, { source: MONITORING_SOURCE, correlationId: record.correlationId });
  }
}

function replacementsAnnounced(record: DownloadRecord): string[] {
  const list = record.metadata.replacementFailuresAnnounced;
  return Array.isArray(list) ? (list as unknown[]).filter((v): v is string => typeof v === 'string') : [];
}
