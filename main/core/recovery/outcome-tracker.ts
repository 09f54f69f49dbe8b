// Whether a replacement really finished. A download is recovered ONLY when the
// job recovery tracks completed: SABnzbd's history shows it Completed, or the
// *arr's history shows it imported. A replacement that failed continues the
// ladder; so does one that never turns up anywhere (the *arr or SABnzbd
// dropped it), and one still not done when the deadline passes. Another grab
// for the same item next to ours is a duplicate: one of the two must go.
// Pure over evidence the replacement tracker reads by job id and by release
// name (not only SABnzbd's last few hundred history slots).
import type { DownloadRecord, RecoveryAttempt } from '../../../shared/downloads';
import type { ArrApp } from '../../../shared/domain';
import type { HistoryRecord, QueueRecord } from '../arr/arr-schemas';
import type { HistoryJob, QueueJob } from '../download-client/download-client-port';
import { arrGrabSince } from './arr-coordinator';
import { failureOf, grabSince, importOf } from './arr-history-reading';
import type { AdoptedGrab } from './download-lifecycle';

export type ReplacementVerdict =
  /** The job the replacement runs as is known now (it was not when the grab was sent). */
  | { verdict: 'found'; nzoId: string }
  | { verdict: 'completed'; nzoId: string; via: 'sabnzbd' | ArrApp }
  | { verdict: 'failed'; nzoId: string; error: string }
  /** Nobody has it: not in SABnzbd's queue or history, not in the *arr's queue, and the *arr never saw it end. */
  | { verdict: 'lost'; nzoId: string | null }
  | { verdict: 'timed_out'; nzoId: string | null; waitedMs: number }
  /** The *arr grabbed something else for the item while ours runs. */
  | { verdict: 'duplicate'; ours: string; other: AdoptedGrab }
  /** Still on its way; `seen` when some service has the job right now. */
  | { verdict: 'pending'; seen: boolean };

export interface ReplacementEvidence {
  /** The download client's queue and history jobs asked about (by downloadId); null when the client could not be asked. */
  clientQueue: readonly QueueJob[] | null;
  clientHistory: readonly HistoryJob[] | null;
  /** The *arr's item history (newest first) and download queue; null without an *arr or when it could not be asked. */
  arrHistory: readonly HistoryRecord[] | null;
  arrQueue: readonly QueueRecord[] | null;
}

export interface JudgeContext {
  now: number;
  /** How long a replacement may take before the ladder moves on (settings: monitoring.replacementDeadlineHours). */
  deadlineMs: number;
  /** How long a job may be missing from every service before it counts as lost. */
  lostAfterMs: number;
  /** Since when the tracked job has been missing everywhere (the tracker remembers); null when it was seen last time. */
  missingSince: number | null;
}

/** The attempt a replacement belongs to: the newest one still waiting. */
export function waitingAttempt(attempts: readonly RecoveryAttempt[]): RecoveryAttempt | null {
  for (let i = attempts.length - 1; i >= 0; i--) if (attempts[i]!.outcome === 'waiting') return attempts[i]!;
  return null;
}

/** Every job already part of this download's story (never "a new grab"): its own, each attempt's, those set aside. */
export function knownNzoIds(record: DownloadRecord, attempts: readonly RecoveryAttempt[]): string[] {
  const ids = new Set<string>([record.nzoId]);
  if (record.trackedNzoId) ids.add(record.trackedNzoId);
  for (const a of attempts) {
    if (a.oldNzoId) ids.add(a.oldNzoId);
    if (a.newNzoId) ids.add(a.newNzoId);
  }
  for (const id of setAsideJobs(record)) ids.add(id);
  return [...ids];
}

/** Jobs a duplicate check took out of SABnzbd (or kept apart): remembered so they never count as a new grab. */
export function setAsideJobs(record: DownloadRecord): string[] {
  const list = record.metadata.setAsideJobs;
  return Array.isArray(list) ? (list as unknown[]).filter((v): v is string => typeof v === 'string') : [];
}

/** The job the replacement runs as, when known. */
export function trackedJob(record: DownloadRecord, attempts: readonly RecoveryAttempt[]): string | null {
  const attempt = waitingAttempt(attempts);
  const tracked = record.trackedNzoId ?? attempt?.newNzoId ?? null;
  return tracked === null || tracked === attempt?.oldNzoId ? null : tracked;
}

/** Pure: what the evidence says about a download awaiting its replacement. */
export function judgeReplacement(
  record: DownloadRecord,
  attempts: readonly RecoveryAttempt[],
  evidence: ReplacementEvidence,
  ctx: JudgeContext,
): ReplacementVerdict {
  const attempt = waitingAttempt(attempts);
  const tracked = trackedJob(record, attempts);
  const startedAt = attempt?.startedAt ?? record.updatedAt;
  const app = record.sourceApp === 'manual' ? null : record.sourceApp;

  if (tracked !== null) {
    const job = evidence.clientHistory?.find((j) => j.downloadId === tracked);
    if (job?.outcome === 'completed') return { verdict: 'completed', nzoId: tracked, via: 'sabnzbd' };
    if (job?.outcome === 'failed') return { verdict: 'failed', nzoId: tracked, error: job.failMessage || 'the replacement failed in the download client' };
    if (evidence.arrHistory && app) {
      if (importOf(evidence.arrHistory, tracked)) return { verdict: 'completed', nzoId: tracked, via: app };
      const failed = failureOf(evidence.arrHistory, tracked);
      if (failed) return { verdict: 'failed', nzoId: tracked, error: failed.data.message ?? 'the replacement failed (reported by the *arr)' };
    }
  }

  const waited = ctx.now - startedAt;
  if (waited >= ctx.deadlineMs) return { verdict: 'timed_out', nzoId: tracked, waitedMs: waited };

  const known = knownNzoIds(record, attempts);
  let ours = tracked;
  if (ours === null) {
    ours = findOurs(evidence, attempt, startedAt, known.filter((id) => id !== attempt?.newNzoId));
    if (ours !== null) return { verdict: 'found', nzoId: ours };
  }
  if (ours !== null && evidence.arrHistory) {
    const other = arrGrabSince({ history: evidence.arrHistory, queue: evidence.arrQueue ?? [] }, startedAt, [...known, ours]);
    if (other) return { verdict: 'duplicate', ours, other: other.grab };
  }

  // Can every service that could hold the job be asked? Without that, "missing" means nothing.
  const askedAll = evidence.clientQueue !== null && evidence.clientHistory !== null && (app === null || (evidence.arrHistory !== null && evidence.arrQueue !== null));
  const seen =
    ours !== null &&
    ((evidence.clientQueue ?? []).some((j) => j.downloadId === ours) ||
      (evidence.clientHistory ?? []).some((j) => j.downloadId === ours) ||
      (evidence.arrQueue ?? []).some((q) => q.downloadId === ours));
  if (seen || !askedAll) return { verdict: 'pending', seen };
  const missingFor = ours === null ? waited : ctx.missingSince === null ? 0 : ctx.now - ctx.missingSince;
  return missingFor >= ctx.lostAfterMs ? { verdict: 'lost', nzoId: ours } : { verdict: 'pending', seen: false };
}

/** The job a grab we sent started, found by release: the *arr's history (GUID), its queue, or SABnzbd by name. */
function findOurs(evidence: ReplacementEvidence, attempt: RecoveryAttempt | null, since: number, known: readonly string[]): string | null {
  if (!attempt) return null;
  const knownSet = new Set(known);
  if (evidence.arrHistory && attempt.releaseGuid) {
    const grab = grabSince(evidence.arrHistory, { since, known, guid: attempt.releaseGuid });
    if (grab?.downloadId) return grab.downloadId;
  }
  const title = attempt.releaseTitle;
  if (!title) return null;
  const fresh = (id: string | undefined): id is string => id !== undefined && id !== '' && !knownSet.has(id);
  const inArrQueue = evidence.arrQueue?.find((q) => q.title === title && fresh(q.downloadId))?.downloadId;
  if (inArrQueue) return inArrQueue;
  const inClientQueue = evidence.clientQueue?.find((j) => j.name === title && fresh(j.downloadId))?.downloadId;
  if (inClientQueue) return inClientQueue;
  return evidence.clientHistory?.find((j) => j.name === title && fresh(j.downloadId))?.downloadId ?? null;
}
