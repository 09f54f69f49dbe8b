// The grab both release strategies end with: one last look at the *arr (it may
// have started its own search or grab while we searched), then ask it to grab
// the release (it sends the NZB to SABnzbd), then find the SABnzbd job it
// started through its `grabbed` history event (its downloadId is the new
// nzo_id) — and notice any other grab for the item made around ours.
import { ARR_APP_LABEL, type ArrItemRef } from '../../../../shared/domain';
import type { Release } from '../../arr/arr-schemas';
import { grabSince } from '../arr-history-reading';
import type { AdoptedGrab } from '../download-lifecycle';
import type { RecoveryArr } from '../recovery-ports';
import { arrOutage } from '../service-outage';
import type { StrategyContext, StrategyOutcome, StrategyResult } from './strategy';

/** Looks at the history this many times, pausing between looks. */
const LOOKS = 4;
const LOOK_PAUSE_MS = 750;

export async function grabAndTrack(
  arr: RecoveryArr,
  item: ArrItemRef,
  release: Release,
  ctx: StrategyContext,
  extra: Pick<StrategyResult, 'triedGuids' | 'triedRungs'>,
): Promise<StrategyOutcome> {
  const described = {
    releaseGuid: release.guid,
    releaseTitle: release.title,
    quality: release.quality.quality.name ?? `${release.quality.quality.source}-${release.quality.quality.resolution}`,
  };
  const tried = { triedGuids: [...(extra.triedGuids ?? [])], triedRungs: [...(extra.triedRungs ?? [])] };
  // The search may have taken a while: the decision to grab must rest on a read seconds old.
  const lookedAt = ctx.clock.now();
  const guard = await ctx.beforeGrab();
  if (!guard.go) {
    if ('outage' in guard) return { outcome: 'unreachable', outage: guard.outage, maybeSent: false, ...described };
    return { outcome: 'held', reason: guard.reason, ...described, ...tried };
  }
  const grabbedAt = ctx.clock.now();
  let grab = await arr.grabRelease({ guid: release.guid, indexerId: release.indexerId });
  if (!grab.ok && grab.error.code === 'not_found') {
    // Stale cache entry (grabs are valid ~30 min after a search): search once more and grab again.
    const again = await arr.searchReleases(item);
    const down = again.ok ? null : arrOutage(arr, again.error);
    if (down) return { outcome: 'unreachable', outage: down, maybeSent: false, ...described };
    if (again.ok && again.value.some((r) => r.guid === release.guid)) grab = await arr.grabRelease({ guid: release.guid, indexerId: release.indexerId });
  }
  const triedGuids = [...tried.triedGuids, release.guid];
  if (!grab.ok) {
    const down = arrOutage(arr, grab.error);
    // Refused connection: nothing reached the app. No answer or a 5xx: the grab may have happened.
    if (down) return { outcome: 'unreachable', outage: down, maybeSent: down.code !== 'unreachable', ...described };
    return { outcome: 'failed', error: `${appLabel(arr)} could not grab "${release.title}": ${grab.error.message}`, ...described, triedGuids, triedRungs: tried.triedRungs };
  }
  for (let look = 0; look < LOOKS; look++) {
    if (look > 0) await ctx.pause(LOOK_PAUSE_MS);
    const h = await arr.itemHistory(item);
    if (!h.ok) continue;
    const rec = grabSince(h.value, { since: grabbedAt, known: ctx.knownNzoIds, guid: release.guid });
    if (rec?.downloadId) {
      // Anything the *arr grabbed for the item since that last look raced ours.
      const alsoGrabbed = otherGrab(h.value, lookedAt, [...ctx.knownNzoIds, rec.downloadId]);
      return { outcome: 'waiting', newNzoId: rec.downloadId, ...described, triedGuids, triedRungs: tried.triedRungs, ...(alsoGrabbed ? { alsoGrabbed } : {}) };
    }
  }
  // Sent, but the job is not visible yet: the replacement tracker keeps looking for it.
  ctx.logger.warn('grab sent but its SABnzbd job is not in the *arr history yet', { guid: release.guid });
  return { outcome: 'waiting', ...described, triedGuids, triedRungs: tried.triedRungs };
}

/** A grab for the item since `since` that is neither ours nor known. */
function otherGrab(history: Parameters<typeof grabSince>[0], since: number, known: readonly string[]): AdoptedGrab | undefined {
  const g = grabSince(history, { since, known });
  return g?.downloadId ? { nzoId: g.downloadId, title: g.sourceTitle ?? null, guid: g.data.guid ?? null, quality: g.quality?.quality.name ?? null } : undefined;
}

export function appLabel(arr: RecoveryArr): string {
  return arr.label ?? ARR_APP_LABEL[arr.app];
}
