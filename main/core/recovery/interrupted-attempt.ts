// An attempt found `started` but never finished: the app stopped while it ran,
// or its acting request got no answer (`unconfirmed`). Whether its action
// reached the download client or the *arr is unknown, so it is looked up, never
// resent blindly: a SABnzbd retry shows as a new job of the same name (the old
// one gone from history), an NZBGet redownload as the same job back in the
// queue; a grab shows in the *arr history after the attempt started.
import type { DownloadRecord, RecoveryAttempt } from '../../../shared/downloads';
import { grabSince } from './arr-history-reading';
import type { RecoveryArr, RecoveryDownloadClient } from './recovery-ports';
import { arrOutage, sabOutage, type Outage } from './service-outage';

/**
 * How long after an interrupted grab attempt is first found open its grab may
 * still be on its way: the *arr writes a grab to its history only once it has
 * fetched the NZB and SABnzbd has taken the job, so a grab sent just before the
 * app stopped can show there after the app is back.
 */
export const GRAB_LANDING_MS = 30_000;

/** `sent: null`: the service could not be asked (an outage); the attempt stays open and is looked up later. */
export type InterruptedVerdict = { sent: true; newNzoId: string } | { sent: false; reason: string } | { sent: null; outage: Outage };

export async function wasAttemptSent(
  record: DownloadRecord,
  attempt: RecoveryAttempt,
  known: readonly string[],
  sab: RecoveryDownloadClient,
  arr: RecoveryArr | null,
): Promise<InterruptedVerdict> {
  if (attempt.strategy === 'retry_download') {
    const old = attempt.oldNzoId ?? record.nzoId;
    // Looked up by id and by name, not in the last few hundred history slots only.
    const [byId, byName] = await Promise.all([sab.findJobs({ ids: [old] }), sab.findJobs({ name: record.name, limit: 50 })]);
    const client = sab.kind === 'nzbget' ? 'NZBGet' : 'SABnzbd';
    const down = [byId, byName].map((r) => (r.ok ? null : sabOutage(r.error, sab.kind))).find((o) => o !== null);
    if (down) return { sent: null, outage: down };
    if (!byId.ok || !byName.ok) return { sent: false, reason: `${client} could not be asked whether the retry was sent` };
    const oldStillFailed = byId.value.history.some((j) => j.downloadId === old && j.outcome === 'failed');
    if (oldStillFailed) return { sent: false, reason: `the failed job is still in ${client}’s history, so the retry never reached ${client}` };
    // NZBGet runs a redownloaded job under its old ids: back in the queue means sent.
    if (sab.retryKeepsIds && byId.value.queue.some((j) => j.downloadId === old)) return { sent: true, newNzoId: old };
    const knownSet = new Set(known);
    const fresh =
      byName.value.queue.find((j) => j.name === record.name && !knownSet.has(j.downloadId))?.downloadId ??
      byName.value.history.find((j) => j.name === record.name && !knownSet.has(j.downloadId))?.downloadId;
    return fresh ? { sent: true, newNzoId: fresh } : { sent: false, reason: `no retried job is in ${client}` };
  }
  if (!arr || !record.item) return { sent: false, reason: 'no *arr to ask whether the grab was sent' };
  const history = await arr.itemHistory(record.item);
  const down = history.ok ? null : arrOutage(arr, history.error);
  if (down) return { sent: null, outage: down };
  if (!history.ok) return { sent: false, reason: `the *arr could not be asked whether the grab was sent: ${history.error.message}` };
  const grab = grabSince(history.value, { since: attempt.startedAt, known, guid: attempt.releaseGuid ?? undefined });
  return grab?.downloadId ? { sent: true, newNzoId: grab.downloadId } : { sent: false, reason: 'the *arr history shows no grab after the attempt started' };
}
