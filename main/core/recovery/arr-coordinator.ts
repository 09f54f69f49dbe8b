// Sonarr and Radarr handle failed downloads themselves: they always blocklist
// a failed SABnzbd job and, with `autoRedownloadFailed` on (their default),
// search again and grab a replacement on their own. Recovery must never grab a
// second one for the same failure, so before it acts it asks the *arr:
// - did it already grab a replacement since the failure? → adopt that grab as
//   this download's recovery step (strategy arr_redownload);
// - is it about to (redownload on, no grab yet, still inside a short grace
//   period)? → wait and look again;
// - otherwise → act.
import type { ArrItemRef } from '../../../shared/domain';
import type { DownloadClientConfig, HistoryRecord } from '../arr/arr-schemas';
import { grabSince } from './arr-history-reading';
import type { RecoveryArr } from './recovery-ports';
import { arrOutage, type Outage } from './service-outage';

export const DEFAULT_ARR_GRACE_MS = 2 * 60_000;

export type ArrCoordination =
  | { action: 'adopt'; nzoId: string; title: string | null; guid: string | null; quality: string | null }
  | { action: 'wait'; until: number; reason: string }
  | { action: 'proceed'; reason: string }
  /** The *arr did not answer: acting now could grab a second release, so nothing is decided. */
  | { action: 'unreachable'; outage: Outage };

export interface CoordinationInput {
  /** When the failure being recovered happened (epoch ms). */
  failureAt: number;
  now: number;
  graceMs: number;
  /** nzo_ids already part of this download (never "a new grab"). */
  knownNzoIds: readonly string[];
  /** The failed job was one we grabbed through interactive search (the *arr may treat those differently). */
  failedWasOurGrab: boolean;
  /** A person asked for this attempt: never wait, but still never grab twice. */
  manual: boolean;
}

/** The decision itself, pure: config and history may be null when the *arr could not be asked. */
export function decideCoordination(
  config: DownloadClientConfig | null,
  history: readonly HistoryRecord[] | null,
  input: CoordinationInput,
): ArrCoordination {
  if (history) {
    const grab = grabSince(history, { since: input.failureAt, known: input.knownNzoIds });
    if (grab?.downloadId) {
      return {
        action: 'adopt',
        nzoId: grab.downloadId,
        title: grab.sourceTitle ?? null,
        guid: grab.data.guid ?? null,
        quality: grab.quality?.quality.name ?? null,
      };
    }
  }
  // Unreadable config: assume the default (redownload on), so we wait rather than risk a second grab.
  const redownload = config
    ? config.autoRedownloadFailed && (!input.failedWasOurGrab || config.autoRedownloadFailedFromInteractiveSearch)
    : true;
  if (!redownload) return { action: 'proceed', reason: 'the *arr does not redownload failed downloads itself' };
  if (input.manual) return { action: 'proceed', reason: 'a person asked for this attempt' };
  const until = input.failureAt + input.graceMs;
  if (input.now < until) return { action: 'wait', until, reason: 'waiting for the *arr’s own redownload' };
  return { action: 'proceed', reason: 'the *arr did not grab a replacement within the grace period' };
}

export async function coordinateWithArr(arr: RecoveryArr, item: ArrItemRef, input: CoordinationInput): Promise<ArrCoordination> {
  const [config, history] = await Promise.all([arr.downloadClientConfig(), arr.itemHistory(item)]);
  for (const r of [history, config]) {
    const down = r.ok ? null : arrOutage(arr.app, r.error);
    if (down) return { action: 'unreachable', outage: down };
  }
  return decideCoordination(config.ok ? config.value : null, history.ok ? history.value : null, input);
}
