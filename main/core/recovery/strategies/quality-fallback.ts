// quality_fallback: grab a release ONE rung down the app's ladder (video:
// 2160p → 1080p → 720p → 480p → SD; Lidarr: lossless → MP3-320 → V0 …;
// Readarr: AZW3 → EPUB → … or FLAC → M4B → MP3-320) from the lowest quality
// tried so far, skipping to the next lower rung only when a rung has nothing
// left to offer.
import { isRungOf, ladderOfApp } from '../../arr/quality-ladder-of-app';
import { failedReleaseFrom } from '../arr-history-reading';
import { lowestRung, pickFallback } from '../release-choice';
import { arrOutage } from '../service-outage';
import { appLabel, grabAndTrack } from './grab-release';
import type { RecoveryStrategy } from './strategy';

export const qualityFallback: RecoveryStrategy = {
  name: 'quality_fallback',
  async execute(download, ctx) {
    const { arr } = ctx;
    const item = download.item;
    if (!arr || !item) return { outcome: 'skipped', error: 'No *arr item is linked to this download, so no lower quality can be grabbed.' };
    const ladder = ladderOfApp(arr.app);
    const history = await arr.itemHistory(item);
    const historyDown = history.ok ? null : arrOutage(arr, history.error);
    if (historyDown) return { outcome: 'unreachable', outage: historyDown, maybeSent: false };
    if (!history.ok) return { outcome: 'failed', error: `${appLabel(arr)} history could not be read: ${history.error.message}` };
    // A job SABnzbd retried has an id the *arr never saw: its release is the download's original one.
    const failed = failedReleaseFrom(history.value, ctx.failedNzoId) ?? failedReleaseFrom(history.value, download.nzoId);
    const failedRung = failed?.quality ? ladder.rungOf(failed.quality) : null;
    const tried = download.qualitiesTried.filter((q) => isRungOf(ladder, q));
    const current = lowestRung([failedRung, ...tried], ladder);

    const search = await arr.searchReleases(item);
    const searchDown = search.ok ? null : arrOutage(arr, search.error);
    if (searchDown) return { outcome: 'unreachable', outage: searchDown, maybeSent: false };
    if (!search.ok) return { outcome: 'failed', error: `${appLabel(arr)} search failed: ${search.error.message}` };
    const guids = [...download.releasesTried, ...(failed?.guid ? [failed.guid] : [])];
    const pick = pickFallback(search.value, current, guids, failed, ladder);
    const triedGuids = failed?.guid ? [failed.guid] : [];
    const triedRungs = failedRung ? [failedRung] : [];
    if (!pick.ok) return { outcome: 'failed', error: pick.reason, triedGuids, triedRungs };
    return grabAndTrack(arr, item, pick.release, ctx, { triedGuids, triedRungs: [...triedRungs, ...(pick.rung ? [pick.rung] : [])] });
  },
};
