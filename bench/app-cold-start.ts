// app.cold_start_ms: from the moment browser mode's process is spawned to the
// window's first meaningful paint in Chromium, with the `--rows` activity
// database (1 M lines) as the user's database.
//
// The app is built the way scripts/build.mjs builds it (esbuild bundle of
// main/serve.ts, the migrations beside it, the renderer by vite), into a
// private folder so dist/ is never touched. Chromium (the system one, as the
// e2e suite uses) is already running with a blank tab, as a user's browser
// is. Each run: a fresh `node serve.js --port=0` on a copy of the database
// (SABnzbd configured: the bench's history server), the "Open:" URL it prints
// opened in a fresh browser context (no cache). The copy is on disk and in the
// OS page cache (a warm disk, as for a tray app restarted; a cold disk adds
// reading what the start touches: the small tables, the newest pages). The first meaningful paint
// is the frame after the Overview's Monitoring card shows the core's answer
// (its state, e.g. "Running"): recorded inside the page by a MutationObserver
// and a requestAnimationFrame, on the same wall clock as the spawn.
// The figure is the median of `--cold-runs` runs (the first one is logged
// apart: the database's pages may still be on their way into the OS cache).
// Baseline: spawn to first output line of a bare `node -e`, same runs.
import { spawn } from 'node:child_process';
import { closeSync, copyFileSync, cpSync, fsyncSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import type { ActivityDatabase } from './activity-database';
import { result, type BenchResult } from './bench-result';
import { startSabnzbdHistoryScenario } from './sabnzbd-history-scenario';
import { median } from './sample-stats';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const COLD_START_GOAL_MS = 1_500;
const START_TIMEOUT_MS = 60_000;

/** Build serve.js, its migrations and the window into `outDir` as scripts/build.mjs lays out dist/. */
async function buildApp(outDir: string): Promise<string> {
  await build({
    entryPoints: [path.join(repoRoot, 'main', 'serve.ts')],
    outdir: path.join(outDir, 'main'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  cpSync(path.join(repoRoot, 'main', 'core', 'activity', 'migrations'), path.join(outDir, 'migrations'), { recursive: true });
  await viteBuild({
    configFile: path.join(repoRoot, 'vite.config.ts'),
    root: path.join(repoRoot, 'renderer'),
    logLevel: 'warn',
    build: { outDir: path.join(outDir, 'renderer'), emptyOutDir: true, sourcemap: false },
  });
  return path.join(outDir, 'main', 'serve.js');
}

/** Spawn a process and resolve with the wall-clock ms at spawn and the first stdout line matching `pattern`. */
function spawnUntil(
  args: string[],
  env: NodeJS.ProcessEnv,
  pattern: RegExp,
): { spawnedAt: number; line: Promise<{ match: RegExpExecArray; at: number }>; stop: () => Promise<void> } {
  const spawnedAt = performance.timeOrigin + performance.now();
  const child = spawn(process.execPath, args, { env, cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = new Promise<{ match: RegExpExecArray; at: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${pattern.source}" within ${START_TIMEOUT_MS / 1000} s\n${stderr}`)), START_TIMEOUT_MS);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`exited before printing "${pattern.source}"\n${stderr}`));
    });
    createInterface({ input: child.stdout }).on('line', (text) => {
      const match = pattern.exec(text);
      if (!match) return;
      clearTimeout(timer);
      resolve({ match, at: performance.timeOrigin + performance.now() });
    });
  });
  return {
    spawnedAt,
    line,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Injected before the page's scripts: the wall-clock time of the first frame after the Monitoring card shows a state. */
const PAINT_PROBE = `(() => {
  const seen = () => {
    const big = document.querySelector('section[aria-label="Monitoring"] .big');
    return big !== null && big.textContent.trim() !== '';
  };
  const observer = new MutationObserver(() => {
    if (!seen()) return;
    observer.disconnect();
    const shownAt = performance.timeOrigin + performance.now();
    requestAnimationFrame(() => requestAnimationFrame(() => {
      window.__coldStart = { navigationAt: performance.timeOrigin, domReadyAt, shownAt, paintedAt: performance.timeOrigin + performance.now() };
    }));
  });
  let domReadyAt = 0;
  document.addEventListener('DOMContentLoaded', () => {
    domReadyAt = performance.timeOrigin + performance.now();
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  });
})();`;

interface ColdRun {
  /** Spawn to "Open:" printed (the core started, HTTP listening). */
  listeningMs: number;
  /** Spawn to the page's navigation start, and to its DOMContentLoaded (the window's code ran). */
  navigationMs: number;
  domReadyMs: number;
  /** Spawn to the first frame painted with the core's answer. */
  paintMs: number;
}

async function coldRun(browser: Browser, serveJs: string, dataDir: string, sab: { url: string; apiKey: string }): Promise<ColdRun> {
  // The blank tab is open before the app starts, as in a browser the user already has running.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(PAINT_PROBE);
  const server = spawnUntil(
    [serveJs, '--port=0'],
    { PATH: process.env.PATH, HOME: dataDir, AUTOARR_DATA_DIR: dataDir, SABNZBD_URL: sab.url, SABNZBD_API_KEY: sab.apiKey },
    /^Open: (\S+)/,
  );
  try {
    const { match, at } = await server.line;
    await page.goto(match[1]!);
    const painted = await page.waitForFunction(() => (window as unknown as { __coldStart?: { paintedAt: number } }).__coldStart, null, {
      timeout: START_TIMEOUT_MS,
    });
    const times = (await painted.jsonValue()) as { navigationAt: number; domReadyAt: number; paintedAt: number };
    return {
      listeningMs: at - server.spawnedAt,
      navigationMs: times.navigationAt - server.spawnedAt,
      domReadyMs: times.domReadyAt - server.spawnedAt,
      paintMs: times.paintedAt - server.spawnedAt,
    };
  } finally {
    await context.close();
    await server.stop();
  }
}

export async function benchAppColdStart(options: {
  dir: string;
  database: ActivityDatabase;
  runs: number;
  log: (message: string) => void;
}): Promise<BenchResult[]> {
  const outDir = mkdtempSync(path.join(repoRoot, 'node_modules', '.cache', 'autoarr-bench-cold-'));
  const sab = await startSabnzbdHistoryScenario({ history: 500 });
  let browser: Browser | null = null;
  try {
    const buildStarted = performance.now();
    const serveJs = await buildApp(outDir);
    options.log(`  app built in ${((performance.now() - buildStarted) / 1000).toFixed(1)} s`);
    // The shared database, whole in its main file, copied once as this user's database.
    options.database.handle.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    const runs: ColdRun[] = [];
    const bare: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const dataDir = mkdtempSync(path.join(options.dir, 'cold-data-'));
      const copy = path.join(dataDir, 'autoarr.db');
      copyFileSync(options.database.handle.file, copy);
      // On disk before the clock starts: the kernel writing 600 MB back during the start is no part of it.
      const fd = openSync(copy, 'r+');
      fsyncSync(fd);
      closeSync(fd);
      runs.push(await coldRun(browser, serveJs, dataDir, sab));
      rmSync(dataDir, { recursive: true, force: true });
      const node = spawnUntil(['-e', 'console.log("ready")'], { PATH: process.env.PATH }, /^ready$/);
      bare.push((await node.line).at - node.spawnedAt);
      await node.stop();
    }
    const paint = median(runs.map((r) => r.paintMs));
    options.log(
      `  runs (ms from spawn: listening / navigation / DOM ready / painted): ${runs.map((r) => [r.listeningMs, r.navigationMs, r.domReadyMs, r.paintMs].map((t) => t.toFixed(0)).join('/')).join(', ')}; ` +
        `bare node: ${bare.map((b) => b.toFixed(0)).join(', ')}`,
    );
    return [
      result({
        name: 'app.cold_start_ms',
        value: paint,
        unit: 'ms',
        baseline: 'bare node -e',
        baseline_value: median(bare),
        goal: `< ${COLD_START_GOAL_MS} ms`,
        met: paint < COLD_START_GOAL_MS,
      }),
    ];
  } finally {
    await browser?.close();
    await sab.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}
