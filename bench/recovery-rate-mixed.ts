// recovery.rate_mixed (issue 16 §1): the share of real failures the core recovers, on the REAL
// SABnzbd 3.7.1 + news server harness and the fake Sonarr/Radarr, with a 1 s backoff base. The
// run itself is test/integration/recovery-rate/mixed-recovery-run.ts, which `npm test` also runs
// at one failure of every kind (recovery-rate.test.ts); here at `--recovery-failures` (40).
import { describeCase, runMixedRecovery } from '../test/integration/recovery-rate/mixed-recovery-run';
import { result, round, type BenchResult } from './bench-result';

export interface RecoveryRateOptions {
  failures: number;
  arrivalGapMs: number;
  log: (message: string) => void;
}

export async function benchRecoveryRateMixed(options: RecoveryRateOptions): Promise<BenchResult[]> {
  const report = await runMixedRecovery({ size: options.failures, arrivalGapMs: options.arrivalGapMs, log: options.log });
  for (const c of report.cases) options.log(`  ${describeCase(c)}`);
  const parts = `${report.medianUntilLastStepBase?.toFixed(1) ?? '-'} until the step that recovered started, ${report.medianLastStepBase?.toFixed(1) ?? '-'} for it in SABnzbd`;
  options.log(
    `  ${report.recovered}/${report.withGoodRelease} recovered, ${report.wronglyRecovered} wrongly, ${report.doubleGrabbed} double grabs; ` +
      `median ${report.medianRecoverBase?.toFixed(1) ?? '-'} bases (${parts}), max ${report.maxRecoverBase?.toFixed(1) ?? '-'}; ` +
      `Needs attention ${report.needsAttention.count} ${JSON.stringify(report.needsAttention.reasons)}, recorded only ${report.ignored}; ` +
      `${report.activityLines} activity lines; ${Math.round(report.wallMs / 1000)} s`,
  );
  const noGood = report.cases.filter((c) => c.situation === 'no_good_release').length;
  const schedule = `sum of the backoff schedule (${report.scheduleSumBase} bases)`;
  return [
    result({
      name: 'recovery.rate_mixed',
      value: round(report.recoveredShare * 100, 1),
      unit: `% of ${report.withGoodRelease} with a good release`,
      baseline: null,
      baseline_value: null,
      goal: '= 100 %',
      met: report.recoveredShare === 1,
    }),
    result({
      name: 'recovery.rate_mixed_wrong',
      value: round(report.wrongShare * 100, 1),
      unit: `% of ${report.cases.length} wrongly recovered or grabbed twice`,
      baseline: null,
      baseline_value: null,
      goal: '= 0',
      met: report.wronglyRecovered === 0 && report.doubleGrabbed === 0,
    }),
    result({
      name: 'recovery.rate_mixed_median_base',
      value: report.medianRecoverBase ?? Number.NaN,
      unit: 'backoff bases',
      baseline: schedule,
      baseline_value: report.scheduleSumBase,
      goal: 'ratio ≤ 1',
      met: report.medianRecoverBase !== null && report.medianRecoverBase <= report.scheduleSumBase,
    }),
    result({
      name: 'recovery.rate_mixed_max_base',
      value: report.maxRecoverBase ?? Number.NaN,
      unit: 'backoff bases',
      baseline: schedule,
      baseline_value: report.scheduleSumBase,
      goal: 'none (reported)',
      met: true,
    }),
    result({
      name: 'recovery.rate_mixed_needs_attention',
      value: report.needsAttention.count,
      unit: 'downloads',
      baseline: 'cases with no good release',
      baseline_value: noGood,
      goal: '= cases with no good release',
      met: report.needsAttention.count === noGood,
    }),
  ];
}
