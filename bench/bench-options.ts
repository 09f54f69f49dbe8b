// Sizes are parameters: `--rows=2000` etc. Defaults finish the whole run in
// a few minutes on a 2-core machine.
export interface BenchOptions {
  /** Rows in the activity database the query and retention benches use. */
  rows: number;
  /** Days the rows are spread over, ending now. */
  spanDays: number;
  /** Timed repetitions of each query. */
  queryRuns: number;
  /** Events per round of bus.publish. */
  busEvents: number;
  /** Events persisted by activity.persist. */
  persistEvents: number;
  /** The large SABnzbd history of poll.cycle_10k. */
  history: number;
  /** The small SABnzbd history of poll.cycle_100. */
  smallHistory: number;
  /** Failures new in each timed poll cycle. */
  newFailures: number;
  /** Timed poll cycles per history size. */
  pollRuns: number;
  /** Events per second arriving at the batcher in ipc.storm. */
  stormRate: number;
  stormSeconds: number;
  /** Poll cycles before the core.* idle window starts. */
  idleCycles: number;
  /** Length of the core.* idle window (120 = one regular poll inside it). */
  idleSeconds: number;
  /** Cold starts of browser mode timed by app.cold_start_ms (median). */
  coldRuns: number;
  /** Simulated days (and retention days) before activity.db_bytes_90d is read. */
  growthDays: number;
  /** Simulated days after that, in which the file must stay flat. */
  steadyDays: number;
  /** Downloads a day in the simulated stack (3 % fail). */
  downloadsPerDay: number;
  /** Failures in recovery.rate_mixed's mix on the real SABnzbd (12 = one of every kind, the CI size). */
  recoveryFailures: number;
  /** Ms between two of those failures arriving (0: all at once). */
  recoveryArrivalMs: number;
  json: boolean;
  /** Bench names (or prefixes such as `activity.`) to run; empty = all. */
  only: string[];
}

export const DEFAULT_OPTIONS: Omit<BenchOptions, 'json' | 'only'> = {
  rows: 1_000_000,
  spanDays: 60,
  queryRuns: 50,
  busEvents: 200_000,
  persistEvents: 100_000,
  history: 10_000,
  smallHistory: 100,
  newFailures: 100,
  pollRuns: 7,
  stormRate: 1_000,
  stormSeconds: 3,
  idleCycles: 10,
  idleSeconds: 120,
  coldRuns: 5,
  growthDays: 90,
  steadyDays: 10,
  downloadsPerDay: 1_000,
  recoveryFailures: 40,
  recoveryArrivalMs: 0,
};

const FLAG_OF: Record<keyof typeof DEFAULT_OPTIONS, string> = {
  rows: 'rows',
  spanDays: 'span-days',
  queryRuns: 'query-runs',
  busEvents: 'bus-events',
  persistEvents: 'persist-events',
  history: 'history',
  smallHistory: 'small-history',
  newFailures: 'new-failures',
  pollRuns: 'poll-runs',
  stormRate: 'storm-rate',
  stormSeconds: 'storm-seconds',
  idleCycles: 'idle-cycles',
  idleSeconds: 'idle-seconds',
  coldRuns: 'cold-runs',
  growthDays: 'growth-days',
  steadyDays: 'steady-days',
  downloadsPerDay: 'downloads-per-day',
  recoveryFailures: 'recovery-failures',
  recoveryArrivalMs: 'recovery-arrival-ms',
};

export const USAGE = [
  'npm run bench -- [--json] [--only=name[,name…]] [sizes]',
  'sizes (default):',
  ...Object.entries(FLAG_OF).map(([key, flag]) => `  --${flag}=N (${DEFAULT_OPTIONS[key as keyof typeof DEFAULT_OPTIONS]})`),
].join('\n');

export function parseBenchArgs(argv: readonly string[]): { ok: true; options: BenchOptions } | { ok: false; error: string } {
  const options: BenchOptions = { ...DEFAULT_OPTIONS, json: false, only: [] };
  for (const arg of argv) {
    if (arg === '--json') {
      options.json = true;
      continue;
    }
    const match = /^--([a-z-]+)=(.*)$/.exec(arg);
    if (!match) return { ok: false, error: `Unknown argument ${arg}` };
    const [, flag, raw] = match as unknown as [string, string, string];
    if (flag === 'only') {
      options.only = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
      continue;
    }
    const key = (Object.keys(FLAG_OF) as (keyof typeof DEFAULT_OPTIONS)[]).find((k) => FLAG_OF[k] === flag);
    if (key === undefined) return { ok: false, error: `Unknown flag --${flag}` };
    const value = Number(raw.replace(/_/g, ''));
    // A gap of 0 means "no gap"; every other size is at least 1.
    const least = key === 'recoveryArrivalMs' ? 0 : 1;
    if (!Number.isInteger(value) || value < least) return { ok: false, error: `--${flag} needs a ${least === 0 ? 'non-negative' : 'positive'} integer, got ${raw}` };
    options[key] = value;
  }
  return { ok: true, options };
}

export function wanted(options: Pick<BenchOptions, 'only'>, name: string): boolean {
  return (
    options.only.length === 0 ||
    options.only.some((o) => name === o || name.startsWith(o.endsWith('.') ? o : `${o}.`) || name.startsWith(`${o}_`))
  );
}
