// core.rss_idle: resident MB of the headless core after start and 10 poll
// cycles, in a child process of its own. The child is bundled the way
// scripts/build.mjs bundles main/serve.ts (esbuild, dependencies external)
// and run with plain node, so no TypeScript loader sits in the figure.
// Baseline: a bare `node -e` in the same run.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { MIGRATIONS_FOLDER } from './activity-database';
import { startSabnzbdHistoryServer } from './sabnzbd-history-server';
import { result, type BenchResult } from './bench-result';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const MB = 1024 * 1024;

function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env, cwd: repoRoot, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

function lastJson(stdout: string): { rss: number; polls?: number } {
  const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (line === undefined) throw new Error(`no measurement in child output: ${stdout}`);
  return JSON.parse(line) as { rss: number; polls?: number };
}

export async function benchCoreRssIdle(options: { dir: string; idleCycles: number }): Promise<BenchResult[]> {
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
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });

  const sab = await startSabnzbdHistoryServer({ history: 500 });
  try {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: options.dir,
      AUTOARR_DATA_DIR: mkdtempSync(path.join(options.dir, 'core-idle-')),
      BENCH_MIGRATIONS: MIGRATIONS_FOLDER,
      BENCH_IDLE_CYCLES: String(options.idleCycles),
      SABNZBD_URL: sab.url,
      SABNZBD_API_KEY: sab.apiKey,
    };
    const core = lastJson(await runNode([outfile], env));
    if ((core.polls ?? 0) < options.idleCycles) throw new Error(`only ${core.polls} of ${options.idleCycles} polls succeeded`);
    const bare = lastJson(await runNode(['-e', 'setTimeout(() => console.log(JSON.stringify({ rss: process.memoryUsage().rss })), 200)'], env));
    const value = core.rss / MB;
    return [
      result({
        name: 'core.rss_idle',
        value,
        unit: 'MB',
        baseline: 'bare node -e',
        baseline_value: bare.rss / MB,
        goal: '< 120 MB',
        met: value < 120,
      }),
    ];
  } finally {
    await sab.close();
    rmSync(outfile, { force: true });
  }
}
