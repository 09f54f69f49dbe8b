// The grab both release strategies end with: ask the *arr to grab a release
// (it sends the NZB to SABnzbd), then find the SABnzbd job it started through
// the *arr's `grabbed` history event (its downloadId is the new nzo_id).
import type { ArrItemRef } from '../../../../shared/domain';
import type { Release } from '../../arr/arr-schemas';
import { grabSince } from '../arr-history-reading';
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
  const grabbedAt = ctx.clock.now();
  let grab = await arr.grabRelease({ guid: release.guid, indexerId: release.indexerId });
  const described = {
    releaseGuid: release.guid,
    releaseTitle: release.title,
    quality: release.quality.quality.name ?? `${release.quality.quality.source}-${release.quality.quality.resolution}`,
  };
  if (!grab.ok && grab.error.code === 'not_found') {
    // Stale cache entry (grabs are valid ~30 min after a search): search once more and grab again.
    const again = await arr.searchReleases(item);
    const down = again.ok ? null : arrOutage(arr.app, again.error);
    if (down) return { outcome: 'unreachable', outage: down, maybeSent: false, ...described };
    if (again.ok && again.value.some((r) => r.guid === release.guid)) grab = await arr.grabRelease({ guid: release.guid, indexerId: release.indexerId });
  }
  const triedGuids = [...(extra.triedGuids ?? []), release.guid];
  if (!grab.ok) {
    const down = arrOutage(arr.app, grab.error);
    // Refused connection: nothing reached the app. No answer or a 5xx: the grab may have happened.
    if (down) return { outcome: 'unreachable', outage: down, maybeSent: down.code !== 'unreachable', ...described };
    return { outcome: 'failed', error: `${appLabel(arr)} could not grab "${release.title}": ${grab.error.message}`, ...described, triedGuids, triedRungs: extra.triedRungs ?? [] };
  }
  for (let look = 0; look < LOOKS; look++) {
    if (look > 0) await ctx.pause(LOOK_PAUSE_MS);
    const h = await arr.itemHistory(item);
    if (!h.ok) continue;
    const rec = grabSince(h.value, { since: grabbedAt, known: ctx.knownNzoIds, guid: release.guid });
    if (rec?.downloadId) return { outcome: 'waiting', newNzoId: rec.downloadId, ...described, triedGuids, triedRungs: extra.triedRungs ?? [] };
  }
  // Sent, but the job is not visible yet: the outcome tracker keeps looking for it.
  ctx.logger.warn('grab sent but its SABnzbd job is not in the *arr history yet', { guid: release.guid });
  return { outcome: 'waiting', ...described, triedGuids, triedRungs: extra.triedRungs ?? [] };
}

export function appLabel(arr: RecoveryArr): string {
  return arr.app === 'sonarr' ? 'Sonarr' : 'Radarr';
}
