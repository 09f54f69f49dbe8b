// alternative_release: blocklist the failed release, then grab another one of
// the SAME quality rung (a distinct GUID, preferably another group or indexer).
// The blocklist goes through the *arr's queue when the job is still there
// (removeFromClient, skipRedownload so the *arr does not grab one as well);
// otherwise the *arr's own failed-download handling has usually blocklisted it
// already, which the blocklist shows.
import type { DownloadRecord } from '../../../../shared/downloads';
import { blocklistCoversItem } from '../../arr/arr-item-identity';
import { ladderOfApp } from '../../arr/quality-ladder-of-app';
import { failedReleaseFrom } from '../arr-history-reading';
import { pickAlternative, type FailedRelease } from '../release-choice';
import type { RecoveryArr } from '../recovery-ports';
import { arrOutage } from '../service-outage';
import { appLabel, grabAndTrack } from './grab-release';
import type { RecoveryStrategy, StrategyContext } from './strategy';

export const alternativeRelease: RecoveryStrategy = {
  name: 'alternative_release',
  async execute(download, ctx) {
    const { arr } = ctx;
    const item = download.item;
    if (!arr || !item) return { outcome: 'skipped', error: 'No *arr item is linked to this download, so no other release can be grabbed.' };
    const ladder = ladderOfApp(arr.app);
    const history = await arr.itemHistory(item);
    const historyDown = history.ok ? null : arrOutage(arr, history.error);
    if (historyDown) return { outcome: 'unreachable', outage: historyDown, maybeSent: false };
    if (!history.ok) return { outcome: 'failed', error: `${appLabel(arr)} history could not be read: ${history.error.message}` };
    // A job SABnzbd retried has an id the *arr never saw: its release is the download's original one.
    const failed = failedReleaseFrom(history.value, ctx.failedNzoId) ?? failedReleaseFrom(history.value, download.nzoId);
    await blocklistFailed(arr, download, failed, ctx);

    const search = await arr.searchReleases(item);
    const searchDown = search.ok ? null : arrOutage(arr, search.error);
    if (searchDown) return { outcome: 'unreachable', outage: searchDown, maybeSent: false };
    if (!search.ok) return { outcome: 'failed', error: `${appLabel(arr)} search failed: ${search.error.message}` };
    const tried = [...download.releasesTried, ...(failed?.guid ? [failed.guid] : [])];
    const pick = pickAlternative(search.value, failed, tried, ladder);
    const triedGuids = failed?.guid ? [failed.guid] : [];
    const failedRung = failed?.quality ? ladder.rungOf(failed.quality) : null;
    const triedRungs = failedRung ? [failedRung] : [];
    if (!pick.ok) return { outcome: 'failed', error: pick.reason, triedGuids, triedRungs };
    return grabAndTrack(arr, item, pick.release, ctx, { triedGuids, triedRungs });
  },
};

async function blocklistFailed(arr: RecoveryArr, download: DownloadRecord, failed: FailedRelease | null, ctx: StrategyContext): Promise<void> {
  const queued = await arr.findQueueItemByDownloadId(ctx.failedNzoId);
  if (queued.ok && queued.value) {
    const removed = await arr.removeFromQueue(queued.value.id, { blocklist: true, removeFromClient: true, skipRedownload: true });
    if (removed.ok) ctx.logger.info('blocklisted the failed release through the *arr queue', { nzoId: ctx.failedNzoId, app: arr.app });
    else ctx.logger.warn('could not blocklist the failed release', { nzoId: ctx.failedNzoId, error: removed.error.message });
    return;
  }
  const title = failed?.title ?? null;
  const page = await arr.blocklistPage({ page: 1, pageSize: 100, sortKey: 'date', sortDirection: 'descending' });
  const listed =
    page.ok &&
    page.value.records.some(
      (b) => b.sourceTitle === title && blocklistCoversItem(b, download.item),
    );
  ctx.logger.info(listed ? 'the *arr already blocklisted the failed release' : 'the failed release is not in the *arr queue or blocklist; it is excluded by GUID', {
    nzoId: ctx.failedNzoId,
    app: arr.app,
  });
}
