// Turns a Failed history slot into a tracked download and one download.failed
// event — exactly once, ever. download_monitoring is the memory: a row is
// inserted (unique nzo_id) before the event, and `metadata.announcedAt` is
// written after it, so a crash in between re-announces on the next poll
// instead of never. A failure of a job that is the tracked replacement of an
// earlier download is not a new lifecycle: it is announced under the existing
// correlation id with `replacesNzoId`, and the record is left to recovery.
import type { ArrApp, Classification } from '../../../shared/domain';
import type { DownloadRecord } from '../../../shared/downloads';
import type { EventPayloadMap } from '../../../shared/events';
import type { DownloadStore } from '../activity/download-store-port';
import type { Clock } from '../clock';
import type { EventBusPort } from '../events/event-bus-port';
import type { IdFactory } from '../ids';
import type { SabHistorySlot } from '../sabnzbd/sabnzbd-schemas';
import { classifyFailure } from './failure-classifier';
import { identifySource, type ArrDownloadLookup } from './source-identifier';

export const MONITORING_SOURCE = 'monitoring';

export type AnnounceOutcome = 'announced' | 'replacement' | 'already_announced';

export interface FailureAnnouncerDeps {
  store: DownloadStore;
  bus: EventBusPort;
  clock: Clock;
  newId: IdFactory;
  lookups: () => readonly ArrDownloadLookup[];
  settings: () => { categoryMap: Readonly<Record<string, ArrApp>>; maxRetries: number };
}

/** Actions recovery starts without a person; the others wait for one (or for nothing). */
const NEEDS_NO_SCHEDULE = new Set<Classification['firstAction']>(['record_only', 'notify_user']);

export class FailureAnnouncer {
  constructor(private readonly deps: FailureAnnouncerDeps) {}

  async announce(slot: SabHistorySlot): Promise<AnnounceOutcome> {
    const { store } = this.deps;
    const existing = store.findByAnyNzoId(slot.nzo_id);
    if (existing && existing.nzoId !== slot.nzo_id) return this.announceReplacement(existing, slot);
    if (existing) return this.finishAnnouncing(existing);

    const classification = classifyFailure(slot);
    const settings = this.deps.settings();
    const source = await identifySource(
      { nzoId: slot.nzo_id, category: slot.category },
      this.deps.lookups(),
      settings.categoryMap,
    );
    const now = this.deps.clock.now();
    const { record, created } = store.insertFailureIfNew(
      {
        nzoId: slot.nzo_id,
        name: slot.name,
        category: slot.category,
        sourceApp: source.sourceApp,
        item: source.item,
        kind: classification.kind,
        severity: classification.severity,
        failMessage: slot.fail_message,
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
          sabnzbdCanRetry: slot.retry,
          sizeBytes: slot.bytes,
          failedAt: slot.completed !== null ? slot.completed * 1000 : null,
        },
      },
      now,
    );
    if (!created) return this.finishAnnouncing(record);
    return this.finishAnnouncing(record, classification, slot);
  }

  /** Publish for a record not yet announced (new, or inserted just before a crash). */
  private async finishAnnouncing(
    record: DownloadRecord,
    classification: Classification = classifyFailure({ fail_message: record.failMessage }),
    slot?: SabHistorySlot,
  ): Promise<AnnounceOutcome> {
    if (typeof record.metadata.announcedAt === 'number') return 'already_announced';
    await this.publishFailed(record, record.nzoId, classification, slot ?? null, null);
    this.deps.store.update(record.nzoId, { metadata: { ...record.metadata, announcedAt: this.deps.clock.now() } }, this.deps.clock.now());
    return 'announced';
  }

  private async announceReplacement(record: DownloadRecord, slot: SabHistorySlot): Promise<AnnounceOutcome> {
    const done = Array.isArray(record.metadata.replacementFailuresAnnounced)
      ? (record.metadata.replacementFailuresAnnounced as unknown[]).filter((v): v is string => typeof v === 'string')
      : [];
    if (done.includes(slot.nzo_id)) return 'already_announced';
    await this.publishFailed(record, slot.nzo_id, classifyFailure(slot), slot, record.nzoId);
    this.deps.store.update(
      record.nzoId,
      { metadata: { ...record.metadata, replacementFailuresAnnounced: [...done, slot.nzo_id] } },
      this.deps.clock.now(),
    );
    return 'replacement';
  }

  private async publishFailed(
    record: DownloadRecord,
    nzoId: string,
    c: Classification,
    slot: SabHistorySlot | null,
    replacesNzoId: string | null,
  ): Promise<void> {
    const payload: EventPayloadMap['download.failed'] = {
      nzoId,
      name: slot?.name ?? record.name,
      category: slot ? slot.category : record.category,
      failMessage: slot?.fail_message ?? record.failMessage,
      kind: c.kind,
      severity: c.severity,
      retryable: c.retryable,
      explanation: c.explanation,
      sourceApp: record.sourceApp,
      item: record.item,
      sizeBytes: slot?.bytes ?? (typeof record.metadata.sizeBytes === 'number' ? record.metadata.sizeBytes : null),
      replacesNzoId,
    };
    await this.deps.bus.publish('download.failed', payload, { source: MONITORING_SOURCE, correlationId: record.correlationId });
  }
}
