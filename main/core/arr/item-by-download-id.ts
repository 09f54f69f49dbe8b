// Which library item a download is, asked of the *arr that grabbed it: its
// `grabbed` history records for the downloadId name the item (Sonarr writes
// one per episode of the release); grabbed history can be cleaned up while the
// job still runs, and then the download queue still knows it. The same for
// every app; what "the item" is comes from arr-item-identity.ts.
import type { ArrApp, ArrItemRef } from '../../../shared/domain';
import type { ArrCommonApi } from './arr-common-api';
import { itemOfRecords } from './arr-item-identity';
import { arrOk, type ArrResult } from './arr-result';

/** Null when the app does not know the download (e.g. a job added by hand). */
export async function itemByDownloadId<E extends string>(
  app: ArrApp,
  api: Pick<ArrCommonApi<E | 'grabbed'>, 'historyByDownloadId' | 'findQueueItemsByDownloadId'>,
  downloadId: string,
): Promise<ArrResult<ArrItemRef | null>> {
  const h = await api.historyByDownloadId(downloadId, { eventTypes: ['grabbed'] });
  if (!h.ok) return h;
  const fromHistory = itemOfRecords(app, h.value, h.value[0]?.sourceTitle);
  if (fromHistory) return arrOk(fromHistory);
  const q = await api.findQueueItemsByDownloadId(downloadId);
  if (!q.ok) return q;
  return arrOk(itemOfRecords(app, q.value, q.value[0]?.title));
}
