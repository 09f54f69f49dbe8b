// Which strategy to try first, and which next, for each failure kind. Pure and
// table-driven so the whole policy reads in one place and is tested as a table.
//
// Why each row:
// - missing articles / repair (verification) / unpack (CRC): the post itself is
//   incomplete or damaged; running it again fetches the same missing bytes, so
//   start with another release of the same quality, then step down in quality.
// - encrypted / password / unwanted content: the release is useless by design;
//   it is blocklisted and replaced, never retried.
// - propagation delay: the post is fine but not everywhere yet; the SAME job is
//   retried, after the backoff (never at once).
// - disk full / write error: nothing is wrong with the release; retry the same
//   job, but only once SABnzbd reports free space again (checked by the engine).
// - duplicate: SABnzbd already has it; recorded, no action.
// - fetch failed: the indexer link is the problem, so another release (usually
//   another indexer) comes first; a plain retry last, in case the indexer was
//   only down for a moment.
// - post-processing failed: a script or an abort failed after the download
//   itself; the data may be fine, so a plain retry first, then replace it.
// - unknown: the seed's ladder: retry → quality fallback → alternative release.
// Downloads no *arr app knows (manual) can only be retried in SABnzbd, and only
// for kinds where that can help; the rest go straight to the dead-letter queue.
import type { FailureKind, SourceApp, Strategy } from '../../../shared/domain';

/** One row of the table: the ladder for *arr downloads, and whether a manual job may be retried. */
export interface KindPolicy {
  /** Tried in order; the last rung repeats while attempts remain. Empty = no action. */
  ladder: readonly Strategy[];
  /** A plain SABnzbd retry can succeed for a job no *arr knows. */
  manualRetry: boolean;
  /** The first attempt waits one backoff period instead of running at once. */
  delayFirstAttempt: boolean;
  /** Retry only when SABnzbd reports enough free disk space. */
  needsDiskSpace: boolean;
  /** Why a manual job of this kind goes to the dead-letter queue at once. */
  manualDlqReason: string;
}

const GRAB_FIRST: readonly Strategy[] = ['alternative_release', 'quality_fallback', 'alternative_release'];
const REPLACE_NEVER_RETRY: readonly Strategy[] = ['alternative_release', 'alternative_release', 'quality_fallback'];
const SEED_LADDER: readonly Strategy[] = ['retry_download', 'quality_fallback', 'alternative_release'];

const policy = (
  ladder: readonly Strategy[],
  manualRetry: boolean,
  manualDlqReason: string,
  extra: Partial<Pick<KindPolicy, 'delayFirstAttempt' | 'needsDiskSpace'>> = {},
): KindPolicy => ({
  ladder,
  manualRetry,
  manualDlqReason,
  delayFirstAttempt: extra.delayFirstAttempt ?? false,
  needsDiskSpace: extra.needsDiskSpace ?? false,
});

const INCOMPLETE =
  'No Sonarr/Radarr item is linked to this download, so no other release can be grabbed, and retrying an incomplete or damaged post cannot help.';
const USELESS =
  'No Sonarr/Radarr item is linked to this download, so no other release can be grabbed, and this release can never succeed.';

export const STRATEGY_TABLE: Readonly<Record<FailureKind, KindPolicy>> = {
  missing_articles: policy(GRAB_FIRST, false, INCOMPLETE),
  verification_failed: policy(GRAB_FIRST, false, INCOMPLETE),
  unpack_failed: policy(GRAB_FIRST, false, INCOMPLETE),
  encrypted: policy(REPLACE_NEVER_RETRY, false, USELESS),
  unwanted_content: policy(REPLACE_NEVER_RETRY, false, USELESS),
  propagation_delay: policy(['retry_download', 'retry_download', 'alternative_release'], true, '', { delayFirstAttempt: true }),
  disk_full: policy(['retry_download'], true, '', { needsDiskSpace: true }),
  duplicate: policy([], false, 'SABnzbd already downloaded this NZB; nothing needs recovering.'),
  fetch_failed: policy(['alternative_release', 'quality_fallback', 'retry_download'], true, ''),
  post_processing_failed: policy(['retry_download', 'alternative_release', 'quality_fallback'], true, ''),
  unknown: policy(SEED_LADDER, true, ''),
};

/** What was tried so far, as far as the ladder cares. */
export interface AttemptSoFar {
  strategy: Strategy;
  /** Dry-run attempts sent nothing and do not move the ladder. */
  dryRun: boolean;
}

/** The ladder a download climbs: the kind's ladder, or plain retries for a manual job (empty when hopeless). */
export function ladderFor(kind: FailureKind, sourceApp: SourceApp): readonly Strategy[] {
  const row = STRATEGY_TABLE[kind];
  if (sourceApp !== 'manual') return row.ladder;
  return row.manualRetry ? ['retry_download'] : [];
}

/** The strategy for a download's first attempt, or null when nothing should be tried. */
export function firstStrategy(kind: FailureKind, sourceApp: SourceApp): Strategy | null {
  return ladderFor(kind, sourceApp)[0] ?? null;
}

/**
 * The next rung: one step per attempt made by us (the *arr's own redownload is
 * not a rung of ours), the last rung repeating. Null = nothing (more) to try.
 */
export function nextStrategy(kind: FailureKind, sourceApp: SourceApp, attemptsSoFar: readonly AttemptSoFar[]): Strategy | null {
  const ladder = ladderFor(kind, sourceApp);
  if (ladder.length === 0) return null;
  const climbed = attemptsSoFar.filter((a) => !a.dryRun && a.strategy !== 'arr_redownload').length;
  return ladder[Math.min(climbed, ladder.length - 1)] ?? null;
}

/** Why nothing will be tried for this download (for the DLQ reason), or null when something will. */
export function noActionReason(kind: FailureKind, sourceApp: SourceApp): string | null {
  if (ladderFor(kind, sourceApp).length > 0) return null;
  const row = STRATEGY_TABLE[kind];
  return sourceApp === 'manual' ? row.manualDlqReason : 'Nothing to recover for this kind of failure.';
}
