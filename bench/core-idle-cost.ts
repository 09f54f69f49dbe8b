// core.rss_idle, core.idle_cpu, core.wakeups_per_min: what the headless core
// costs while it sits idle polling SABnzbd every 120 s (the settings default).
//
// The core runs in a child process of its own (core-idle-child.ts), bundled
// the way scripts/build.mjs bundles main/serve.ts (esbuild, dependencies
// external) and run with plain node, so no TypeScript loader sits in the
// figures. It starts, polls `--idle-cycles` times, settles 1 s, and says so;
// then the parent reads /proc/<pid> at the start and the end of an idle window
// of `--idle-seconds` (120: exactly one regular poll falls inside it) and
// never talks to the child in between, so the measuring wakes nothing.
//
// - CPU: utime + stime over the window, as a share of one core.
// - Wake-ups: voluntary context switches of every thread of the process over
//   the window. Each is a sleep the thread was woken from: the event loop
//   woken by a timer or a socket, a V8 worker woken for GC or compilation, a
//   libuv worker for file I/O. That is the cost a laptop's power manager sees,
//   whatever caused it, which a count of JS timers alone would miss.
// - RSS: VmRSS at the end of the window (memory the idle app holds), and, as
//   before this row's goal changed, what the child read of itself 1 s after
//   its polls (logged).
// A twin child runs alongside with async_hooks counting the callbacks the loop
// runs, labelled by the code that scheduled each timer: that says which
// timers the wake-ups come from (logged; the hooks cost CPU, so the measured
// child has none). Baseline for all three: a bare `node -e` holding a 120 s
// interval, measured over the same window.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { MIGRATIONS_FOLDER } from './activity-database';
import { result, round, type BenchResult } from './bench-result';
import { idleWindow, readProcessStats, type ProcessStats } from './process-stats';
import { startSabnzbdHistoryScenario } from './sabnzbd-history-scenario';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const MB = 1024 * 1024;
const READY_TIMEOUT_MS = 120_000;

export const IDLE_RSS_GOAL_MB = 80;
export const IDLE_CPU_GOAL_PERCENT = 0.5;
export const IDLE_WAKEUPS_GOAL_PER_MIN = 60;

/** A child process whose stdout is read one JSON line at a time. */
class JsonChild {
  private readonly lines: Record<string, unknown>[] = [];
  private readonly waiting: ((line: Record<string, unknown>) => void)[] = [];
  private stderr = '';
  readonly exited: Promise<number | null>;

  constructor(readonly label: string, readonly proc: ChildProcess) {
    createInterface({ input: proc.stdout! }).on('line', (text) => {
      if (!text.startsWith('{')) return;
      const line = JSON.parse(text) as Record<string, unknown>;
      const next = this.waiting.shift();
      if (next) next(line);
      else this.lines.push(line);
    });
    proc.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    this.exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.proc.pid!;
  }

  /** The next JSON line, or an error naming the child if it dies or stays silent. */
  nextLine(): Promise<Record<string, unknown>> {
    const ready = this.lines.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.label}: no answer within ${READY_TIMEOUT_MS / 1000} s\n${this.stderr}`)), READY_TIMEOUT_MS);
      void this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${this.label} exited (${code}) before answering\n${this.stderr}`));
      });
      this.waiting.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
  }

  stop(): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGTERM');
  }
}

async function bundleChild(): Promise<string> {
  // Inside the repo so the bundle's bare imports resolve from node_modules.
  const outDir = path.join(repoRoot, 'node_modules', '.cache', 'autoarr-bench');
  mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, `core-idle-child-${process.pid}.mjs`);
  await build({
    entryPoints: [path.join(repoRoot, 'bench', 'core-idle-child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    // Only the traced twin reads it (--enable-source-maps), to name our files in its labels.
    sourcemap: 'inline',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return outfile;
}

export async function benchCoreIdleCost(options: {
  dir: string;
  idleCycles: number;
  idleSeconds: number;
  log: (message: string) => void;
}): Promise<BenchResult[]> {
  const outfile = await bundleChild();
  const sab = await startSabnzbdHistoryScenario({ history: 500 });
  const children: JsonChild[] = [];
  const start = (label: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): JsonChild => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: options.dir,
      AUTOARR_DATA_DIR: mkdtempSync(path.join(options.dir, 'core-idle-')),
      BENCH_MIGRATIONS: MIGRATIONS_FOLDER,
      BENCH_IDLE_CYCLES: String(options.idleCycles),
      BENCH_IDLE_HOLD: '1',
      SABNZBD_URL: sab.url,
      SABNZBD_API_KEY: sab.apiKey,
      ...extraEnv,
    };
    const child = new JsonChild(label, spawn(process.execPath, args, { env, cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] }));
    children.push(child);
    return child;
  };
  try {
    const core = start('core idle child', [outfile]);
    const traced = start('traced core idle child', ['--enable-source-maps', outfile], { BENCH_TRACE_CALLBACKS: '1' });
    const bare = start('bare node', [
      '-e',
      'setTimeout(() => { console.log(JSON.stringify({ rss: process.memoryUsage().rss })); setInterval(() => {}, 120000); }, 200)',
    ]);
    const [coreLine] = await Promise.all([core.nextLine(), traced.nextLine(), bare.nextLine()]);
    if (Number(coreLine.polls ?? 0) < options.idleCycles) throw new Error(`only ${String(coreLine.polls)} of ${options.idleCycles} polls succeeded`);

    const measured = [core, bare];
    const requestsBefore = { ...sab.requests };
    const before: ProcessStats[] = measured.map((c) => readProcessStats(c.pid));
    const startedAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, options.idleSeconds * 1000));
    const after: ProcessStats[] = measured.map((c) => readProcessStats(c.pid));
    const seconds = (performance.now() - startedAt) / 1000;
    const [coreWindow, bareWindow] = [idleWindow(before[0]!, after[0]!, seconds), idleWindow(before[1]!, after[1]!, seconds)];

    traced.stop();
    const traceLine = await traced.nextLine();
    const callbacks = (traceLine.callbacks ?? []) as [string, number][];

    const perMinute = (n: number) => round((n * 60) / seconds, 2);
    options.log(`  SABnzbd requests in the window (both core children): ${JSON.stringify(Object.fromEntries(Object.entries(sab.requests).map(([k, v]) => [k, v - (requestsBefore[k] ?? 0)])))}`);
    options.log(`  idle window ${seconds.toFixed(1)} s; rss 1 s after the polls (the child's own reading): ${(Number(coreLine.rss) / MB).toFixed(1)} MB`);
    options.log(`  wake-ups/min by thread: ${JSON.stringify(Object.fromEntries(Object.entries(coreWindow.wakeupsByThread).map(([k, v]) => [k, round(v, 2)])))}`);
    options.log(`  loop callbacks/min (traced twin): ${callbacks.length === 0 ? 'none' : callbacks.slice(0, 12).map(([label, n]) => `${label} ${perMinute(n)}`).join('; ')}`);

    const rssMb = coreWindow.rssEndBytes / MB;
    return [
      result({
        name: 'core.rss_idle',
        value: rssMb,
        unit: 'MB',
        baseline: 'bare node -e',
        baseline_value: bareWindow.rssEndBytes / MB,
        goal: `< ${IDLE_RSS_GOAL_MB} MB`,
        met: rssMb < IDLE_RSS_GOAL_MB,
      }),
      result({
        name: 'core.idle_cpu',
        value: coreWindow.cpuPercent,
        unit: '% of a core',
        baseline: 'bare node -e',
        baseline_value: bareWindow.cpuPercent,
        goal: `< ${IDLE_CPU_GOAL_PERCENT} %`,
        met: coreWindow.cpuPercent < IDLE_CPU_GOAL_PERCENT,
      }),
      result({
        name: 'core.wakeups_per_min',
        value: coreWindow.wakeupsPerMinute,
        unit: '/min',
        baseline: 'bare node -e',
        baseline_value: bareWindow.wakeupsPerMinute,
        goal: `<= ${IDLE_WAKEUPS_GOAL_PER_MIN} /min (1/s)`,
        met: coreWindow.wakeupsPerMinute <= IDLE_WAKEUPS_GOAL_PER_MIN,
      }),
    ];
  } finally {
    for (const child of children) child.stop();
    await Promise.all(children.map((c) => c.exited));
    await sab.close();
    rmSync(outfile, { force: true });
  }
}
