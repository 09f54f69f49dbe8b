import { describe, expect, it } from 'vitest';
import { ClassificationSchema, FIRST_ACTIONS, type FailureKind } from '../../../shared/domain';
import { FAILURE_PATTERNS, classifyFailMessage, classifyFailure } from '../../../main/core/monitoring/failure-classifier';
import { fixtureJson } from '../sabnzbd/sabnzbd-fixtures';

interface Slot {
  status: string;
  nzo_id: string;
  fail_message: string | null;
}

function failedSlotsOf(file: string): Slot[] {
  const h = (fixtureJson(file) as { history: { slots: Slot[] } }).history;
  return h.slots.filter((s) => s.status === 'Failed');
}

/** What each real capture scenario must classify as (README "Scenarios and their real outcomes"). */
const EXPECTED_BY_SCENARIO: Record<string, FailureKind> = {
  'par2-fail': 'verification_failed',
  'missing-articles': 'missing_articles',
  'not-on-server': 'missing_articles',
  'out-of-retention': 'missing_articles',
  'encrypted-rar': 'encrypted',
  'password-7z': 'encrypted',
  'corrupt-7z': 'unpack_failed',
  'corrupt-rar': 'verification_failed',
  'missing-rar-volume': 'unpack_failed',
  'sfv-fail': 'verification_failed',
  'filejoin-fail': 'unpack_failed',
  'unwanted-ext': 'unwanted_content',
  duplicate: 'duplicate',
  'script-fail': 'post_processing_failed',
  'pp-aborted': 'post_processing_failed',
  'prequeue-fail': 'post_processing_failed',
  'disk-full': 'disk_full',
  'url-404': 'fetch_failed',
  'url-bad-nzb': 'fetch_failed',
};

describe('failure classifier table', () => {
  it.each(FAILURE_PATTERNS.map((p, i) => [i, p.kind, p.example] as const))(
    'row %i (%s) is the first match for its example "%s"',
    (index, kind, example) => {
      const first = FAILURE_PATTERNS.findIndex((p) => p.pattern.test(example));
      expect(first).toBe(index);
      expect(classifyFailMessage(example).kind).toBe(kind);
    },
  );

  it('every row is a valid Classification with a one-line explanation', () => {
    for (const p of FAILURE_PATTERNS) {
      const c = classifyFailMessage(p.example);
      expect(ClassificationSchema.parse(c)).toEqual(c);
      expect(FIRST_ACTIONS).toContain(c.firstAction);
      expect(c.explanation).not.toMatch(/\n/);
      expect(c.explanation.length).toBeGreaterThan(20);
    }
  });
});

describe('real fail_message strings', () => {
  // Wordings from SABnzbd's own source (3.7 and 4.x: postproc.py, nzbstuff.py, newsunpack.py,
  // urlgrabber.py), with their %s filled the way SABnzbd fills them.
  const fromSource: Array<[string, FailureKind]> = [
    ['Aborted, cannot be completed - https://sabnzbd.org/not-complete', 'missing_articles'],
    ['Download failed - Not on your server(s) - https://sabnzbd.org/not-complete', 'missing_articles'],
    ['Download might fail, only 71.2% of required 99.0% available - https://sabnzbd.org/not-complete', 'missing_articles'],
    ['Aborted, encryption detected', 'encrypted'],
    ['Unpacking failed, archive requires a password', 'encrypted'],
    ['Aborted, unwanted extension detected', 'unwanted_content'],
    ['Duplicate NZB', 'duplicate'],
    ['Unpacking failed, write error or disk is full?  /srv/complete/tiny/_UNPACK_x/x.mkv', 'disk_full'],
    // newsunpack.py on unrar's "File too large": not a full disk, freeing space never helps.
    ['Unpacking failed, file too large for filesystem (FAT?)', 'file_too_large'],
    ['Unpacking failed, CRC error', 'unpack_failed'],
    ['Unusable RAR file', 'unpack_failed'],
    ['Corrupt RAR file', 'unpack_failed'],
    ['Unpacking failed, unable to find Show.S01E01.part2.rar', 'unpack_failed'],
    ['Unpacking failed, see logfile', 'unpack_failed'],
    ['Unpacking failed, an expected file was not unpacked', 'unpack_failed'],
    ['File join of Movie.2018.1080p failed', 'unpack_failed'],
    ['Repair failed, not enough repair blocks (3 short)', 'verification_failed'],
    ['Repairing failed, [Errno 2] No such file', 'verification_failed'],
    ['RAR files failed to verify', 'verification_failed'],
    ['Some files failed to verify against "x.sfv"', 'verification_failed'],
    ['Script exit code is 2', 'post_processing_failed'],
    ['Post-processing was aborted', 'post_processing_failed'],
    ['PostProcessing was aborted (see logfile)', 'post_processing_failed'],
    ['Pre-queue script marked job as failed', 'post_processing_failed'],
    ['URL Fetching failed; Server could not complete request', 'fetch_failed'],
    ['URL Fetching failed; ', 'fetch_failed'],
    ['Unusable NZB file', 'fetch_failed'],
  ];
  it.each(fromSource)('"%s" → %s', (message, kind) => {
    expect(classifyFailMessage(message).kind).toBe(kind);
  });

  it('a file too large for the file system is its own kind: Needs attention, with what to do', () => {
    const c = classifyFailMessage('Unpacking failed, file too large for filesystem (FAT?)');
    expect(c).toMatchObject({ kind: 'file_too_large', retryable: false, firstAction: 'needs_attention' });
    expect(c.explanation).toMatch(/FAT32/);
    expect(c.explanation).toMatch(/freeing space will not help/);
    // The real disk-full capture stays disk_full.
    expect(classifyFailMessage('Unpacking failed, write error or disk is full?').kind).toBe('disk_full');
  });

  it('is case-insensitive', () => {
    expect(classifyFailMessage('UNPACKING FAILED, CRC ERROR').kind).toBe('unpack_failed');
    expect(classifyFailMessage('aborted, ENCRYPTION detected').kind).toBe('encrypted');
  });

  it('is not fooled by job names that contain kind words', () => {
    expect(classifyFailMessage('File join of Duplicate.Password.Virus.Show.S01 failed').kind).toBe('unpack_failed');
    expect(classifyFailMessage('Unpacking failed, unable to find Disk.Full.Movie.part2.rar').kind).toBe('unpack_failed');
    expect(classifyFailMessage('Some files failed to verify against "Encrypted.Show.sfv"').kind).toBe('verification_failed');
  });

  it('unknown and empty messages are unknown, retried plainly, and quote what SABnzbd said', () => {
    const c = classifyFailMessage('Something new in SABnzbd 5');
    expect(c).toMatchObject({ kind: 'unknown', retryable: true, firstAction: 'retry_download', severity: 'medium' });
    expect(c.explanation).toContain('Something new in SABnzbd 5');
    expect(classifyFailure({ fail_message: null }).kind).toBe('unknown');
  });

  it('first actions follow the recovery plan', () => {
    expect(classifyFailMessage('Aborted, cannot be completed').firstAction).toBe('alternative_release');
    expect(classifyFailMessage('Repair failed, not enough repair blocks (1 short)').firstAction).toBe('alternative_release');
    expect(classifyFailMessage('Unpacking failed, CRC error').firstAction).toBe('alternative_release');
    expect(classifyFailMessage('Aborted, encryption detected').firstAction).toBe('blocklist_and_alternative');
    expect(classifyFailMessage('Aborted, unwanted extension detected').firstAction).toBe('blocklist_and_alternative');
    expect(classifyFailMessage('Unpacking failed, write error or disk is full?').firstAction).toBe('wait_for_disk_space');
    expect(classifyFailMessage('Duplicate NZB').firstAction).toBe('record_only');
    expect(classifyFailMessage('Unpacking failed, write error or disk is full?').severity).toBe('critical');
  });
});

describe('every failed slot in the real captures', () => {
  const files = ['history.json', 'history-failed-only.json', 'history-cat-movies.json', 'history-postprocessing.json'];
  const slots = files.flatMap((f) => failedSlotsOf(f).map((s) => [f, s.nzo_id, s.fail_message ?? ''] as const));

  it('there are real failures to classify', () => {
    expect(slots.length).toBeGreaterThanOrEqual(19 + 19);
  });

  it.each(slots)('%s %s "%s" is classified (not unknown)', (_file, _id, message) => {
    expect(classifyFailMessage(message).kind).not.toBe('unknown');
  });

  const scenarios = fixtureJson('scenarios.json') as Record<string, { observed: { status?: string; fail_message?: string | null } }>;
  const failedScenarios = Object.entries(scenarios).filter(([, s]) => s.observed.status === 'Failed');

  it('every failed scenario has an expected kind', () => {
    expect(failedScenarios.map(([name]) => name).sort()).toEqual(Object.keys(EXPECTED_BY_SCENARIO).sort());
  });

  it.each(failedScenarios.map(([name, s]) => [name, s.observed.fail_message ?? ''] as const))(
    'scenario %s: "%s"',
    (name, message) => {
      expect(classifyFailMessage(message).kind).toBe(EXPECTED_BY_SCENARIO[name]);
    },
  );
});
