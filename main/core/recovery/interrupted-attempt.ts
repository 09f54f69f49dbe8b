// An attempt found `started` but never finished: the app stopped while it ran,
// or its acting request got no answer (`unconfirmed`). Whether its action
// reached SABnzbd or the *arr is unknown, so it is looked up, never resent
// blindly: a retry shows as a new SABnzbd job of the same name (the old one
// gone from history); a grab shows in the *arr history after the attempt started.
import type { DownloadRecord, RecoveryAttempt } from '../../../shared/downloads';
import { grabSince } from './arr-history-reading';
import type { RecoveryArr, RecoverySabnzbd } from './recovery-ports';
import { arrOutage, sabOutage, type Outage } from './service-outage';

/** `sent: null`: the service could not be asked (an outage); the attempt stays open and is looked up later. */
export type InterruptedVerdict = { sent: true; newNzoId: string } | { sent: false; reason: string } | { sent: null; outage: Outage };

export async function wasAttemptSent(
  record: DownloadRecord,
  attempt: RecoveryAttempt,
  known: readonly string[],
  sab: RecoverySabnzbd,
  arr: RecoveryArr | null,
): Promise<InterruptedVerdict> {
  if (attempt.strategy === 'retry_download') {
    const old = attempt.oldNzoId ?? record.nzoId;
    // Looked up by id and by name, not in the last few hundred history slots only.
    const [oldSlot, queue, history] = await Promise.all([
      sab.history({ nzoIds: [old] }),
      sab.queue({ search: record.name }),
      sab.history({ search: record.name, limit: 50 }),
    ]);
    const down = [oldSlot, queue, history].map((r) => (r.ok ? null : sabOutage(r.error))).find((o) => o !== null);
    if (down) return { sent: null, outage: down };
    if (!oldSlot.ok || !queue.ok || !history.ok) return { sent: false, reason: 'SABnzbd could not be asked whether the retry was sent' };
    const oldStillFailed = (oldSlot.value?.slots ?? []).some((s) => s.nzo_id === old && s.status === 'Failed');
    if (oldStillFailed) return { sent: false, reason: 'the failed job is still in SABnzbd’s history, so the retry never reached SABnzbd' };
    const knownSet = new Set(known);
    const fresh =
      queue.value.slots.find((s) => s.filename === record.name && !knownSet.has(s.nzo_id))?.nzo_id ??
      (history.value?.slots ?? []).find((s) => s.name === record.name && !knownSet.has(s.nzo_id))?.nzo_id;
    return fresh ? { sent: true, newNzoId: fresh } : { sent: false, reason: 'no retried job is in SABnzbd' };
  }
  if (!arr || !record.item) return { sent: false, reason: 'no *arr to ask whether the grab was sent' };
  const history = await arr.itemHistory(record.item);
  const down = history.ok ? null : arrOutage(arr.app, history.error);
  if (down) return { sent: null, outage: down };
  if (!history.ok) return { sent: false, reason: `the *arr could not be asked whether the grab was sent: ${history.error.message}` };
  const grab = grabSince(history.value, { since: attempt.startedAt, known, guid: attempt.releaseGuid ?? undefined });
  return grab?.downloadId ? { sent: true, newNzoId: grab.downloadId } : { sent: false, reason: 'the *arr history shows no grab after the attempt started' };
}
