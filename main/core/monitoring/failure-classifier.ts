// Why did a SABnzbd job fail, and what should be tried first? One table of
// SABnzbd's own fail_message wordings (3.7 and 4.x sources, and the real
// captures), matched case-insensitively, first match wins. Rows whose message
// carries a file or job name come first and are anchored, so a release named
// "Duplicate.Password.Show" cannot be mistaken for what its name says.
//
// `retryable` means: running the SAME job again in SABnzbd may succeed (the
// cause is transient). `firstAction` is where recovery should start.
import type { Classification, FailureKind, FirstAction, Severity } from '../../../shared/domain';

export interface FailurePattern {
  kind: FailureKind;
  pattern: RegExp;
  severity: Severity;
  retryable: boolean;
  firstAction: FirstAction;
  explanation: string;
  /** A fail_message this row exists for, from the captures or SABnzbd's source (tests match every row against it). */
  example: string;
}

const row = (
  kind: FailureKind,
  pattern: RegExp,
  severity: Severity,
  retryable: boolean,
  firstAction: FirstAction,
  explanation: string,
  example: string,
): FailurePattern => ({ kind, pattern, severity, retryable, firstAction, explanation, example });

export const FAILURE_PATTERNS: readonly FailurePattern[] = [
  // --- messages that embed a file or job name: anchored, checked first ---
  row('unpack_failed', /^unpacking failed, unable to find /i, 'medium', false, 'alternative_release',
    'A volume of the archive was never posted or could not be downloaded, so it cannot be unpacked.',
    'Unpacking failed, unable to find Sabh.Volume.Show.S01E01-SABH.part2.rar'),
  row('unpack_failed', /^file join of .* failed/i, 'medium', false, 'alternative_release',
    'The split file has a missing part, so its pieces cannot be joined.',
    'File join of Sabh.Join.Movie.2018.1080p-SABH failed'),
  row('verification_failed', /^some files failed to verify against /i, 'medium', false, 'alternative_release',
    'The files do not match their SFV checksums: the download is damaged.',
    'Some files failed to verify against "Sabh.Sfv.Fail.Show.S01E04.720p-SABH.sfv"'),
  row('fetch_failed', /^url fetching failed;/i, 'medium', true, 'alternative_release',
    'SABnzbd could not fetch the NZB from the indexer (gone, refused or not a valid NZB).',
    'URL Fetching failed; File not on server'),
  row('fetch_failed', /^unusable nzb file/i, 'medium', false, 'alternative_release',
    'The indexer sent something that is not a usable NZB.',
    'Unusable NZB file'),

  // --- what the release is: retrying it never helps ---
  row('encrypted', /^aborted, encryption detected/i, 'high', false, 'blocklist_and_alternative',
    'The release is an encrypted archive without a known password; it is useless and should be blocklisted.',
    'Aborted, encryption detected'),
  row('encrypted', /requires a password|password[- ]protected|wrong password|password (is )?incorrect/i, 'high', false,
    'blocklist_and_alternative',
    'The archive needs a password nobody supplied; this release should be blocklisted.',
    'Unpacking failed, archive requires a password'),
  row('unwanted_content', /unwanted extension|\bvirus\b|malware/i, 'high', false, 'blocklist_and_alternative',
    'The release contains unwanted files (e.g. an .exe), typical of fakes or malware; it should be blocklisted.',
    'Aborted, unwanted extension detected'),
  row('duplicate', /^duplicate nzb/i, 'low', false, 'record_only',
    'SABnzbd refused the job because the same NZB was downloaded before; nothing needs recovering.',
    'Duplicate NZB'),

  // --- the machine, not the release ---
  // unrar's "File too large" (SABnzbd 3.7 newsunpack.py): the destination is FAT32 or alike, capped at 4 GB
  // a file. Free space never fixes it, so it is not a disk-full failure: a person has to move the folder.
  row('file_too_large', /file too large for (the )?file ?system/i, 'high', false, 'needs_attention',
    'A file in this download is bigger than the destination disk allows (FAT32 stops at 4 GB), so freeing space will not help. ' +
      "Move SABnzbd's completed-download folder (or this category's folder) to an NTFS, exFAT, ext4 or APFS disk, then Retry.",
    'Unpacking failed, file too large for filesystem (FAT?)'),
  row('disk_full', /write error or disk is full|disk (is )?full|no space left|not enough (free )?(disk )?space|disk error/i,
    'critical', true, 'wait_for_disk_space',
    'The disk ran out of space (or refused a write); free space, then the job can be retried.',
    'Unpacking failed, write error or disk is full?'),
  // SABnzbd itself holds a too-new post as "Propagating" in the queue instead of
  // failing it, so no capture has this; the row catches wordings that name it.
  row('propagation_delay', /propagat/i, 'low', true, 'delayed_retry',
    'The post is too new to be on every server yet; retrying later should work.',
    'Aborted, waiting for propagation'),

  // --- articles the news server does not have ---
  row('missing_articles', /cannot be completed|not on your server|out of retention|missing articles|only .* of required .* available|not-complete/i,
    'high', false, 'alternative_release',
    'Parts of the post are missing from the news server (incomplete, taken down or past retention); another release is needed.',
    'Aborted, cannot be completed - https://sabnzbd.org/not-complete'),

  // --- damaged data ---
  row('verification_failed', /repair(ing)? failed|not enough repair blocks|failed to verify|par2 .*(failed|corrupt)/i, 'medium', false,
    'alternative_release',
    'The download is damaged beyond what its repair data (par2) can fix.',
    'Repair failed, not enough repair blocks (18 short)'),
  row('unpack_failed', /crc (error|failed)|corrupt rar|unusable rar|unexpected end of archive|^unpacking failed/i, 'medium', false,
    'alternative_release',
    'The archive is corrupt and cannot be unpacked.',
    'Unpacking failed, CRC error'),

  // --- SABnzbd's post-processing and scripts ---
  row('post_processing_failed', /^pre-queue script/i, 'medium', false, 'notify_user',
    'Your pre-queue script rejected the job; check the script if that was not intended.',
    'Pre-queue script marked job as failed'),
  row('post_processing_failed', /script exit code|post-?processing was aborted|post processing failed/i, 'medium', true, 'retry_download',
    'Post-processing stopped (a user script failed or it was aborted); the download itself may be fine, so retry it.',
    'Script exit code is 1'),
];

const UNKNOWN: Omit<Classification, 'explanation'> = {
  kind: 'unknown',
  severity: 'medium',
  retryable: true,
  firstAction: 'retry_download',
};

/** Classify SABnzbd's fail_message. */
export function classifyFailMessage(failMessage: string): Classification {
  const message = failMessage.trim();
  const hit = FAILURE_PATTERNS.find((p) => p.pattern.test(message));
  if (hit) {
    return { kind: hit.kind, severity: hit.severity, retryable: hit.retryable, firstAction: hit.firstAction, explanation: hit.explanation };
  }
  return {
    ...UNKNOWN,
    explanation:
      message === ''
        ? 'SABnzbd marked the job failed without saying why; a plain retry is the first thing to try.'
        : `SABnzbd said "${message}", which this app does not recognise; a plain retry is the first thing to try.`,
  };
}

/** Classify a failed history slot. */
export function classifyFailure(slot: { fail_message: string | null }): Classification {
  return classifyFailMessage(slot.fail_message ?? '');
}
