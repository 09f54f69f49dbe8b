/**
 * The recovery rate at `npm test` size (issue 16 §1): one failure of every kind SABnzbd 3.7.1 and
 * the fake Sonarr/Radarr produce (failure-mix.ts CORE_MIX: missing articles twice, par2, SFV, CRC,
 * encrypted, password, unwanted, script, duplicate, disk full freed later, a quality with no good
 * release left), on the REAL SABnzbd + news server and the real core with a 1 s backoff base.
 * Fails on any missed recovery, any wrong recovery and any double grab; the bench row
 * `recovery.rate_mixed` runs the same at 40 and more. Fails (never skips) without SABnzbd or root.
 */
import { describe, expect, it } from 'vitest';
import { CORE_MIX } from './failure-mix';
import { describeCase, runMixedRecovery, type MixedRunReport } from './mixed-recovery-run';

describe('recovery rate on a mixed set of real failures', () => {
  it('recovers every failure that had a good release, never wrongly and never with a second grab', async () => {
    const report: MixedRunReport = await runMixedRecovery({ size: CORE_MIX.length });
    const lines = report.cases.map(describeCase).join('\n');
    // Every kind really failed the way it was built to, and the core saw it.
    expect(report.cases.map((c) => [c.flavor, c.kind]), lines).toEqual([
      ['not_on_server', 'missing_articles'],
      ['aborted', 'missing_articles'],
      ['par2', 'verification_failed'],
      ['crc', 'unpack_failed'],
      ['sfv', 'verification_failed'],
      ['encrypted', 'encrypted'],
      ['password', 'encrypted'],
      ['unwanted', 'unwanted_content'],
      ['script_fail', 'post_processing_failed'],
      ['good', 'duplicate'],
      ['big', 'disk_full'],
      ['crc', 'unpack_failed'],
    ]);
    expect(report.cases.filter((c) => c.missed).map(describeCase), lines).toEqual([]);
    expect(report.cases.filter((c) => c.doubleGrab || c.wronglyRecovered).map(describeCase), lines).toEqual([]);
    expect(report.recoveredShare).toBe(1);
    expect(report.withGoodRelease).toBe(10);
    // What is left: the duplicate is recorded with nothing to do; the quality with no good release is in Needs attention.
    expect(report.cases.filter((c) => !c.hadGoodRelease).map((c) => [c.situation, c.status])).toEqual([
      ['duplicate', 'ignored'],
      ['no_good_release', 'dlq'],
    ]);
    // Every download has its timeline in the activity log: failed, each step, the end.
    expect(report.activityLines).toBeGreaterThanOrEqual(report.cases.length * 2);
  }, 600_000);
});
