// Whether a replacement really finished. A download is recovered ONLY when the
// job recovery tracks completed: SABnzbd's history shows it Completed, or the
// *arr's history shows it imported. A replacement that failed continues the
// ladder. The poller's events tell most of this as it happens; this check
// covers what they cannot (e.g. the *arr removed the job from SABnzbd before
// the poller saw it, or the grab's job id was not known yet).
import type { DownloadRecord, RecoveryAttempt } from '../../../shared/downloads';
import type { HistoryRecord } from '../arr/arr-schemas';
import type { SabHistorySlot } from '../sabnzbd/sabnzbd-schemas';
import { failureOf, grabSince, importOf } from './arr-history-reading';

export type ReplacementVerdict =
  | { verdict: 'found'; nzoId: string }
  | { verdict: 'completed'; nzoId: string; via: 'sabnzbd' | 'sonarr' | 'radarr' }
  | { verdict: 'failed'; nzoId: string; error: string }
  | { verdict: 'pending' };

export interface ReplacementEvidence {
  sabSlots: readonly SabHistorySlot[] | null;
  arrHistory: readonly HistoryRecord[] | null;
}

/** The attempt a replacement belongs to: the newest one still waiting. */
export function waitingAttempt(attempts: readonly RecoveryAttempt[]): RecoveryAttempt | null {
  for (let i = attempts.length - 1; i >= 0; i--) if (attempts[i]!.outcome === 'waiting') return attempts[i]!;
  return null;
}

export function knownNzoIds(record: DownloadRecord, attempts: readonly RecoveryAttempt[]): string[] {
  const ids = new Set<string>([record.nzoId]);
  if (record.trackedNzoId) ids.add(record.trackedNzoId);
  for (const a of attempts) {
    if (a.oldNzoId) ids.add(a.oldNzoId);
    if (a.newNzoId) ids.add(a.newNzoId);
  }
  return [...ids];
}

/** Pure: what the evidence says about a download awaiting its replacement. */
export function judgeReplacement(
  record: DownloadRecord,
  attempts: readonly RecoveryAttempt[],
  evidence: ReplacementEvidence,
): ReplacementVerdict {
  const attempt = waitingAttempt(attempts);
  const tracked = record.trackedNzoId ?? attempt?.newNzoId ?? null;
  if (tracked === null || tracked === attempt?.oldNzoId) {
    if (!attempt || !evidence.arrHistory) return { verdict: 'pending' };
    const known = knownNzoIds(record, attempts).filter((id) => id !== attempt.newNzoId);
    const grab = grabSince(evidence.arrHistory, { since: attempt.startedAt, known, guid: attempt.releaseGuid ?? undefined });
    return grab?.downloadId ? { verdict: 'found', nzoId: grab.downloadId } : { verdict: 'pending' };
  }
  const slot = evidence.sabSlots?.find((s) => s.nzo_id === tracked);
  if (slot?.status === 'Completed') return { verdict: 'completed', nzoId: tracked, via: 'sabnzbd' };
  if (slot?.status === 'Failed') return { verdict: 'failed', nzoId: tracked, error: slot.fail_message || 'the replacement failed in SABnzbd' };
  if (evidence.arrHistory && record.sourceApp !== 'manual') {
    if (importOf(evidence.arrHistory, tracked)) return { verdict: 'completed', nzoId: tracked, via: record.sourceApp };
    const failed = failureOf(evidence.arrHistory, tracked);
    if (failed) return { verdict: 'failed', nzoId: tracked, error: failed.data.message ?? 'the replacement failed (reported by the *arr)' };
  }
  return { verdict: 'pending' };
}
