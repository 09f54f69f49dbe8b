// What monitoring needs from an *arr app: which library item a SABnzbd job
// (its nzo_id is the *arr's downloadId) belongs to.
import type { ArrItemRef } from '../../../shared/domain';

export interface ArrLookupPort {
  /**
   * The item the download was grabbed for, or null when the app does not know it
   * (e.g. a job added by hand). Throws ArrRequestError when the app cannot be asked.
   */
  findByDownloadId(nzoId: string): Promise<ArrItemRef | null>;
}
