// renderer.stats_open: median ms from switching the window to Stats to its
// figures and chart drawn, in Chromium, against browser mode on a `--rows`
// (1 M) activity log; a fresh page per sample (nothing cached). Baseline in
// the same run: opening Needs attention (one small list call) the same way.
import { build } from 'vite';
import { chromium } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { result, type BenchResult } from './bench-result';
import { median } from './sample-stats';
import { ATTENTION_READY, buildStatsDataDir, startStatsWindow, STATS_READY, timeViewOpen } from './stats-window';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function benchRendererStatsOpen(options: { dir: string; rows: number; spanDays: number; samples?: number; log?: (m: string) => void }): Promise<BenchResult[]> {
  const samples = options.samples ?? 7;
  const staticDir = path.join(options.dir, 'stats-window-renderer');
  await build({ configFile: path.join(ROOT, 'vite.config.ts'), root: path.join(ROOT, 'renderer'), logLevel: 'warn', build: { outDir: staticDir, emptyOutDir: true, sourcemap: false } });
  const data = buildStatsDataDir({ dir: options.dir, rows: options.rows, spanDays: options.spanDays, now: Date.now() });
  options.log?.(`  ${options.rows.toLocaleString('en-US')}-row log for the window built in ${(data.buildMs / 1000).toFixed(1)} s`);
  const app = await startStatsWindow(data.dataDir, staticDir);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const stats: number[] = [];
    const attention: number[] = [];
    // A warm-up of each, then alternate so a burst of load on the machine hits both alike.
    for (let i = -1; i < samples; i++) {
      for (const [hash, ready, into] of [['#/stats', STATS_READY, stats], ['#/attention', ATTENTION_READY, attention]] as const) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
        const ms = await timeViewOpen(page, app.openUrl, hash, ready);
        await page.close();
        if (i >= 0) into.push(ms);
      }
    }
    const value = median(stats);
    return [
      result({
        name: 'renderer.stats_open',
        value,
        unit: 'ms',
        baseline: 'opening Needs attention the same way',
        baseline_value: median(attention),
        goal: '< 300 ms',
        met: value < 300,
      }),
    ];
  } finally {
    await browser.close();
    await app.close();
  }
}
