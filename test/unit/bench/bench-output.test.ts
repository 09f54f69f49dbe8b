// The bench runner on tiny sizes: every bench runs, and `--json` prints one
// parseable object per line with the documented fields. Timings are NOT
// checked here (measure, don't assert); only the output's shape and the
// figures' sanity (finite, ratio consistent with value/baseline).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const TSX = path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const TINY = [
  '--rows=2000', '--query-runs=3', '--bus-events=2000', '--persist-events=1000', '--history=300', '--small-history=100',
  '--new-failures=10', '--poll-runs=1', '--storm-rate=100', '--storm-seconds=1', '--idle-cycles=2', '--idle-seconds=2',
  '--cold-runs=1', '--growth-days=1', '--steady-days=1', '--downloads-per-day=100',
  '--recovery-failures=2',
];

function runBench(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [TSX, 'bench/run.ts', ...args], { cwd: repoRoot, timeout: 400_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const EXPECTED = [
  'bus.publish', 'activity.persist', 'ipc.storm', 'ipc.storm_lost', 'ipc.storm_max_batch', 'poll.cycle_300', 'poll.cycle_100',
  'core.rss_idle', 'core.idle_cpu', 'core.wakeups_per_min', 'activity.query_page', 'activity.timeline', 'activity.stats',
  'app.cold_start_ms', 'activity.stats_bucketed', 'renderer.stats_open',
  'recovery.rate_mixed', 'recovery.rate_mixed_wrong', 'recovery.rate_mixed_median_base', 'recovery.rate_mixed_max_base', 'recovery.rate_mixed_needs_attention',
  'retention.max_block', 'retention.max_chunk',
  'activity.db_bytes_90d', 'activity.db_bytes_steady',
];

describe('npm run bench --json', () => {
  it('prints one JSON object per result with name, value, unit, baseline, baseline_value, ratio, goal', async () => {
    const { code, stdout, stderr } = await runBench(['--json', ...TINY]);
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    const results = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(results.map((r) => r.name)).toEqual(EXPECTED);
    for (const r of results) {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(['name', 'value', 'unit', 'baseline', 'baseline_value', 'ratio', 'goal']));
      expect(Number.isFinite(r.value), String(r.name)).toBe(true);
      expect(typeof r.unit).toBe('string');
      expect(typeof r.goal).toBe('string');
      if (r.baseline === null) {
        expect(r.baseline_value).toBeNull();
        expect(r.ratio).toBeNull();
      } else if (r.baseline_value === 0) {
        // A baseline that measured nothing (a bare node's idle CPU) has no ratio.
        expect(r.ratio).toBeNull();
      } else {
        expect(typeof r.baseline).toBe('string');
        const expected = (r.value as number) / (r.baseline_value as number);
        expect(r.ratio as number).toBeCloseTo(expected, 1);
      }
    }
  }, 420_000);

  it('--only runs just the named benches, and the table mode prints a row per result', async () => {
    const { code, stdout } = await runBench(['--only=ipc.storm', ...TINY]);
    expect(code).toBe(0);
    const rows = stdout.trim().split('\n').slice(2).map((l) => l.split(/\s+/)[0]);
    expect(rows).toEqual(['ipc.storm', 'ipc.storm_lost', 'ipc.storm_max_batch']);
  }, 60_000);

  it('refuses an unknown flag with the usage', async () => {
    const { code, stderr } = await runBench(['--rowz=5']);
    expect(code).toBe(2);
    expect(stderr).toContain('Unknown flag --rowz');
    expect(stderr).toContain('--rows=N');
  });
});
