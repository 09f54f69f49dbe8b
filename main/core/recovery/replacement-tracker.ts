// Follows every download awaiting its replacement until the replacement really
// completes, fails, goes missing, or runs past the deadline — looking the job
// up by id in SABnzbd's queue and history, and by release in the *arr's history
// and queue and SABnzbd's (a grab whose job the *arr or SABnzbd dropped is
// found missing, not awaited for ever). The poller's events tell most of this
// as it happens; this check (on a timer) covers the rest. When the *arr grabbed
// for the same item too, it keeps one of the two jobs and takes the other out
// of SABnzbd's queue, saying which and why in the download's timeline.
import { ARR_APP_LABEL } from '../../../shared/domain';
import type { DownloadRecord } from '../../../shared/downloads';
import type { Settings } from '../../../shared/settings';
import type { DownloadStore } from '../activity/download-store-port';
import type { Clock } from '../clock';
import type { HistoryJob, QueueJob } from '../download-client/download-client-port';
import type { AttemptRunner } from './attempt-runner';
import type { AdoptedGrab } from './download-lifecycle';
import type { LifecycleWriter } from './lifecycle-writer';
import { arrOutage, serviceLabel } from './service-outage';
import { judgeReplacement, setAsideJobs, trackedJob, waitingAttempt, type ReplacementEvidence } from './outcome-tracker';
import type { RecoveryDownloadClient, RecoveryLogger } from './recovery-ports';

export interface ReplacementTrackerDeps {
  store: DownloadStore;
  clock: Clock;
  settings: () => Settings;
  sab: RecoveryDownloadClient;
  runner: Pick<AttemptRunner, 'arrOf' | 'arrAnswered'>;
  writer: LifecycleWriter;
  logger: RecoveryLogger;
  /** Overrides the deadline setting (tests). */
  deadlineMs?: number;
  /** How long a replacement may be missing from every service before it counts as lost. */
  lostAfterMs: number;
}

export class ReplacementTracker {
  /** Since when each download's replacement has been missing everywhere (reset when it is seen). */
  private readonly missingSince = new Map<string, number>();

  constructor(private readonly deps: ReplacementTrackerDeps) {}

  deadlineMs(): number {
    return this.deps.deadlineMs ?? this.deps.settings().monitoring.replacementDeadlineHours * 3_600_000;
  }

  /** One look at every download awaiting its replacement. */
  async checkAll(): Promise<void> {
    const { store, sab } = this.deps;
    const rows = store.awaitingReplacement();
    for (const id of [...this.missingSince.keys()]) if (!rows.some((r) => r.nzoId === id)) this.missingSince.delete(id);
    if (rows.length === 0) return;
    // One queue and one history request for every tracked job at once, by id.
    const ids = rows.map((r) => trackedJob(r, store.attempts(r.nzoId))).filter((id): id is string => id !== null);
    const found = ids.length > 0 ? await sab.findJobs({ ids, limit: Math.max(50, ids.length * 2) }) : null;
    const clientQueue = found === null ? [] : found.ok ? found.value.queue : null;
    const clientHistory = found === null ? [] : found.ok ? found.value.history : null;
    for (const row of rows) {
      try {
        await this.check(row, clientQueue, clientHistory);
      } catch (e) {
        this.deps.logger.error('replacement check failed', { nzoId: row.nzoId, error: e instanceof Error ? e.message : String(e) });
      }
    }
  }

  private async check(row: DownloadRecord, clientQueue: readonly QueueJob[] | null, clientHistory: readonly HistoryJob[] | null): Promise<void> {
    const { store, clock, writer } = this.deps;
    const attempts = store.attempts(row.nzoId);
    let evidence: ReplacementEvidence = { clientQueue, clientHistory, arrHistory: null, arrQueue: null };
    const arr = this.deps.runner.arrOf(row);
    if (arr && row.item) {
      const [h, q] = await Promise.all([arr.itemHistory(row.item), arr.itemQueue(row.item)]);
      const down = [h, q].some((r) => !r.ok && arrOutage(arr, r.error) !== null);
      if (!down) await this.deps.runner.arrAnswered(arr);
      evidence = { ...evidence, arrHistory: h.ok ? h.value : null, arrQueue: q.ok ? q.value : null };
    }
    const attempt = waitingAttempt(attempts);
    if (trackedJob(row, attempts) === null && attempt?.releaseTitle) {
      // The grab's job is not known yet: look for it in the download client by the release's name.
      const byName = await this.deps.sab.findJobs({ name: attempt.releaseTitle, limit: 20 });
      evidence = { ...evidence, clientQueue: byName.ok ? byName.value.queue : null, clientHistory: byName.ok ? byName.value.history : null };
    }
    const now = clock.now();
    const verdict = judgeReplacement(row, attempts, evidence, {
      now,
      deadlineMs: this.deadlineMs(),
      lostAfterMs: this.deps.lostAfterMs,
      missingSince: this.missingSince.get(row.nzoId) ?? null,
    });
    if (verdict.verdict !== 'pending') this.missingSince.delete(row.nzoId);
    switch (verdict.verdict) {
      case 'pending':
        if (verdict.seen) this.missingSince.delete(row.nzoId);
        else if (!this.missingSince.has(row.nzoId)) this.missingSince.set(row.nzoId, now);
        return;
      case 'found':
        await writer.apply(row.nzoId, { type: 'replacement_found', nzoId: verdict.nzoId });
        return;
      case 'completed':
        await writer.apply(row.nzoId, { type: 'replacement_completed', nzoId: verdict.nzoId, via: verdict.via });
        return;
      case 'failed':
        await writer.apply(row.nzoId, { type: 'replacement_failed', nzoId: verdict.nzoId, error: verdict.error });
        return;
      case 'lost': {
        const client = serviceLabel(this.deps.sab.kind);
        const who = arr ? `${client} nor ${serviceLabel(arr.app)}` : client;
        await writer.apply(row.nzoId, {
          type: 'replacement_failed',
          nzoId: verdict.nzoId ?? attempt?.releaseTitle ?? 'its job',
          error: `neither ${who} has it any more (dropped before it completed)`,
        });
        return;
      }
      case 'timed_out':
        await writer.apply(row.nzoId, { type: 'replacement_timed_out', nzoId: verdict.nzoId, waitedMs: verdict.waitedMs });
        return;
      case 'duplicate':
        await this.resolveDuplicate(row.nzoId, verdict.ours, verdict.other);
        return;
    }
  }

  /**
   * We and the *arr both grabbed for the item: keep one job, take the other out
   * of SABnzbd's queue. Kept: the one that completed; else the one further
   * along; on a tie, ours (recovery already tracks it).
   */
  async resolveDuplicate(nzoId: string, ours: string, other: AdoptedGrab): Promise<void> {
    const { store, sab, writer } = this.deps;
    const record = store.get(nzoId);
    if (!record || record.status !== 'awaiting_replacement') return;
    const found = await sab.findJobs({ ids: [ours, other.nzoId], limit: 10 });
    if (!found.ok) return; // asked again on the next check
    const q = (id: string) => found.value.queue.find((j) => j.downloadId === id) ?? null;
    const h = (id: string) => found.value.history.find((j) => j.downloadId === id) ?? null;
    const app = record.sourceApp === 'manual' ? 'the *arr' : ARR_APP_LABEL[record.sourceApp];
    const otherTitle = other.title ?? other.nzoId;
    if (h(other.nzoId)?.outcome === 'failed' || (!q(other.nzoId) && !h(other.nzoId))) {
      // The other grab already failed, or is not in SABnzbd (yet): nothing runs twice now. A failed one is set aside for good.
      if (h(other.nzoId)?.outcome === 'failed') this.setAside(record, other.nzoId);
      return;
    }
    const progress = (id: string): number => {
      const hs = h(id);
      if (hs) return hs.outcome === 'completed' ? 2 : 1; // finished, or in post-processing: all downloaded
      const qs = q(id);
      return qs && qs.sizeBytes && qs.remainingBytes !== null ? (qs.sizeBytes - qs.remainingBytes) / qs.sizeBytes : 0;
    };
    const pct = (id: string) => `${Math.round(Math.min(1, progress(id)) * 100)}%`;
    const po = progress(ours);
    const pt = progress(other.nzoId);
    const keepOther = pt > po;
    const kept = keepOther ? other.nzoId : ours;
    const dropped = keepOther ? ours : other.nzoId;
    const why =
      Math.max(po, pt) >= 2
        ? 'it had already completed'
        : po === pt
          ? 'both had only just started; kept the one recovery already tracks'
          : `it was further along (${pct(kept)} against ${pct(dropped)})`;
    const keptName = keepOther ? otherTitle : (waitingAttempt(store.attempts(nzoId))?.releaseTitle ?? ours);
    const note = `${app} also grabbed "${otherTitle}" for this item; kept ${kept} ("${keptName}") because ${why}`;
    this.setAside(record, dropped);
    if (keepOther) await writer.apply(nzoId, { type: 'replacement_found', nzoId: other.nzoId });
    const after = store.get(nzoId) ?? record;
    const removed = await writer.removeJob(after, dropped, note);
    this.deps.logger.info(removed ? 'two grabs for one item: kept one' : 'two grabs for one item: the other could not be taken out of the queue', {
      nzoId,
      kept,
      dropped,
      why,
    });
  }

  private setAside(record: DownloadRecord, job: string): void {
    const list = setAsideJobs(record);
    if (list.includes(job)) return;
    const now = this.deps.clock.now();
    const current = this.deps.store.get(record.nzoId) ?? record;
    this.deps.store.update(record.nzoId, { metadata: { ...current.metadata, setAsideJobs: [...list, job] } }, now);
  }
}
