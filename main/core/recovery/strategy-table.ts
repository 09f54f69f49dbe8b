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
//   retried, after the backoff (every attempt waits one, see backoff.ts).
// - disk full / write error: nothing is wrong with the release; retry the same
//   job, but only once the folder it failed on has room for it again.
// - file too large for the file system (FAT32): no automatic step can help;
//   Needs attention at once, saying what to change.
// - duplicate: SABnzbd already has it; recorded, no action.
// - fetch failed: the indexer link is the problem, so another release (usually
//   another indexer) comes first; a plain retry last, in case the indexer was
//   only down for a moment.
// - post-processing failed: a script or an abort failed after the download
//   itself; the data may be fine, so a plain retry first, then replace it.
// - unknown: the seed's ladder: retry → quality fallback → alternative release.
// Downloads no *arr app knows (manual) can only be retried in SABnzbd, and only
// for kinds where that can help; the rest go straight to the dead-letter queue.
// A person's Retry always tries something: where no rung applies, a plain
// SABnzbd retry (they may have fixed the cause: freed space, moved a folder,
// added a news server).
import type { FailureKind, SourceApp, Strategy } from '../../../shared/domain';

/** One row of the table: the ladder for *arr downloads, and whether a manual job may be retried. */
export interface KindPolicy {
  /** Tried in order; the last rung repeats while attempts remain. Empty = no action. */
  ladder: readonly Strategy[];
  /** A plain SABnzbd retry can succeed for a job no *arr knows. */
  manualRetry: boolean;
  /** Retry only when the folder the job failed on has room for it again. */
  needsDiskSpace: boolean;
  /** Why a manual job of this kind goes to the dead-letter queue at once. */
  manualDlqReason: string;
  /** Why an *arr download of this kind goes to the dead-letter queue at once (an empty ladder). */
  attentionReason: string | null;
}

const GRAB_FIRST: readonly Strategy[] = ['alternative_release', 'quality_fallback', 'alternative_release'];
const REPLACE_NEVER_RETRY: readonly Strategy[] = ['alternative_release', 'alternative_release', 'quality_fallback'];
const SEED_LADDER: readonly Strategy[] = ['retry_download', 'quality_fallback', 'alternative_release'];

const policy = (
  ladder: readonly Strategy[],
  manualRetry: boolean,
  manualDlqReason: string,
  extra: Partial<Pick<KindPolicy, 'needsDiskSpace' | 'attentionReason'>> = {},
): KindPolicy => ({
  ladder,
  manualRetry,
  manualDlqReason,
  needsDiskSpace: extra.needsDiskSpace ?? false,
  attentionReason: extra.attentionReason ?? null,
});

const INCOMPLETE =
  'No Sonarr/Radarr item is linked to this download, so no other release can be grabbed, and retrying an incomplete or damaged post cannot help.';
const TOO_LARGE =
  'A file in this download is bigger than the destination disk allows (FAT32 stops at 4 GB); freeing space will not help. ' +
  "Move SABnzbd's completed-download folder (or this category's folder) to an NTFS, exFAT, ext4 or APFS disk, then Retry.";
const USELESS =
  'No Sonarr/Radarr item is linked to this download, so no other release can be grabbed, and this release can never succeed.';

export const STRATEGY_TABLE: Readonly<Record<FailureKind, KindPolicy>> = {
  missing_articles: policy(GRAB_FIRST, false, INCOMPLETE),
  verification_failed: policy(GRAB_FIRST, false, INCOMPLETE),
  unpack_failed: policy(GRAB_FIRST, false, INCOMPLETE),
  encrypted: policy(REPLACE_NEVER_RETRY, false, USELESS),
  unwanted_content: policy(REPLACE_NEVER_RETRY, false, USELESS),
  propagation_delay: policy(['retry_download', 'retry_download', 'alternative_release'], true, ''),
  disk_full: policy(['retry_download'], true, '', { needsDiskSpace: true }),
  file_too_large: policy([], false, TOO_LARGE, { attentionReason: TOO_LARGE }),
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

/** What a person's Retry climbs: the ladder, or a plain SABnzbd retry where the ladder is empty. */
export function manualLadderFor(kind: FailureKind, sourceApp: SourceApp): readonly Strategy[] {
  const ladder = ladderFor(kind, sourceApp);
  return ladder.length > 0 ? ladder : ['retry_download'];
}

/** The strategy for a download's first attempt, or null when nothing should be tried. */
export function firstStrategy(kind: FailureKind, sourceApp: SourceApp): Strategy | null {
  return ladderFor(kind, sourceApp)[0] ?? null;
}

/**
 * The next rung: one step per attempt made by us (the *arr's own redownload is
 * not a rung of ours), the last rung repeating. Null = nothing (more) to try.
 */
export function nextStrategy(
  kind: FailureKind,
  sourceApp: SourceApp,
  attemptsSoFar: readonly AttemptSoFar[],
  options: { manual?: boolean } = {},
): Strategy | null {
  const ladder = options.manual ? manualLadderFor(kind, sourceApp) : ladderFor(kind, sourceApp);
  if (ladder.length === 0) return null;
  const climbed = attemptsSoFar.filter((a) => !a.dryRun && a.strategy !== 'arr_redownload').length;
  return ladder[Math.min(climbed, ladder.length - 1)] ?? null;
}

/** Why nothing will be tried for this download (for the DLQ reason), or null when something will. */
export function noActionReason(kind: FailureKind, sourceApp: SourceApp): string | null {
  if (ladderFor(kind, sourceApp).length > 0) return null;
  const row = STRATEGY_TABLE[kind];
  return sourceApp === 'manual' ? row.manualDlqReason : (row.attentionReason ?? 'Nothing to recover for this kind of failure.');
}
