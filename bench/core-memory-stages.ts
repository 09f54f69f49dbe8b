// What holds the idle core's memory, piece by piece:
//   npx tsx bench/core-memory-stages.ts [node flags for the child]
// Not a bench row (the figure is core.rss_idle); this says where it goes.
// V8's young generation grows with allocation and gc() does not shrink it,
// so a stage that allocates a lot would be charged for it: pass
// --max-semi-space-size=1 to see what each stage keeps, and compare the
// totals with and without it to see what the young generation costs.
// A child process (bundled like the app, dependencies external, run with
// --expose-gc) loads the core's dependencies one at a time, builds and starts
// the core as main/serve.ts does, polls a local SABnzbd-shaped server, then
// fills the event history ring and serves a 1 MB window file 20 times. After
// each stage it collects garbage twice, waits for V8 to hand freed pages
// back, and prints what grew: anonymous resident memory (the process's own:
// V8 heap, malloc, SQLite), file-backed resident memory (pages of the node
// binary and shared libraries it touched) and the live JS heap.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { MIGRATIONS_FOLDER } from './activity-database';
import { startSabnzbdHistoryScenario } from './sabnzbd-history-scenario';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 3;

async function main(): Promise<void> {
  const outdir = path.join(repoRoot, 'node_modules', '.cache', `autoarr-memory-stages-${process.pid}`);
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: [path.join(repoRoot, 'bench', 'core-memory-stages-child.ts')],
    outdir,
    bundle: true,
    splitting: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const sab = await startSabnzbdHistoryScenario({ history: 500 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'autoarr-memory-stages-'));
  const runs: Reading[][] = [];
  try {
    for (let run = 0; run < RUNS; run++) runs.push(await runChild(outdir, mkdtempSync(path.join(dir, 'run-')), sab));
  } finally {
    await sab.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(outdir, { recursive: true, force: true });
  }
  const mb = (bytes: number) => bytes / 1048576;
  const signed = (v: number, first: boolean) => `${v >= 0 && !first ? '+' : ''}${v.toFixed(1)}`.padStart(6);
  const lines = runs[0]!.map((first, i) => {
    const delta = (k: 'anon' | 'file' | 'heap') => median(runs.map((r) => mb(r[i]![k] - (i === 0 ? 0 : r[i - 1]![k]))));
    const total = median(runs.map((r) => mb(r[i]!.anon + r[i]!.file)));
    return `${first.stage.padEnd(60)} ${signed(delta('anon'), i === 0)} ${signed(delta('file'), i === 0)} ${signed(delta('heap'), i === 0)}   (total ${total.toFixed(1)})`;
  });
  process.stdout.write(
    `node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; child flags: ${process.argv.slice(2).join(' ') || 'none'}; median of ${RUNS} runs\n` +
      `${'stage'.padEnd(60)} ${'anon'.padStart(6)} ${'file'.padStart(6)} ${'heap'.padStart(6)}   MB grown by the stage (RSS total after it)\n${lines.join('\n')}\n`,
  );
}

interface Reading {
  stage: string;
  anon: number;
  file: number;
  heap: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function runChild(outdir: string, dir: string, sab: { url: string; apiKey: string }): Promise<Reading[]> {
  const out = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      ['--expose-gc', ...process.argv.slice(2), path.join(outdir, 'core-memory-stages-child.mjs')],
      {
        cwd: repoRoot,
        timeout: 120_000,
        env: { PATH: process.env.PATH, HOME: dir, AUTOARR_DATA_DIR: dir, BENCH_MIGRATIONS: MIGRATIONS_FOLDER, SABNZBD_URL: sab.url, SABNZBD_API_KEY: sab.apiKey },
      },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    ),
  );
  return JSON.parse(out.trim().split('\n').pop()!) as Reading[];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
