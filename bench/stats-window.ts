// The Stats view on a big activity log, in Chromium: a data dir whose database
// is an N-row log built as the query benches build theirs, browser mode (the
// real core and HTTP binding) serving a built window over it, and the time
// from asking for a view to its data drawn. Shared by the renderer.stats_open
// bench and the e2e spec that checks the view's figures at a million rows.
import { mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startBrowserMode, type BrowserMode } from '../main/browser-mode';
import { buildActivityDatabase } from './activity-database';

export interface StatsDataDir {
  dataDir: string;
  rows: number;
  newestAt: number;
  buildMs: number;
}

/** A data dir holding `autoarr.db` with `rows` activity lines spread over `spanDays` ending `now`. */
export function buildStatsDataDir(options: { dir: string; rows: number; spanDays: number; now: number }): StatsDataDir {
  const dataDir = path.join(options.dir, `stats-window-${options.rows}`);
  mkdirSync(dataDir, { recursive: true });
  const db = buildActivityDatabase({ dir: dataDir, rows: options.rows, spanDays: options.spanDays, now: options.now });
  // Closing checkpoints the WAL into the file, which then moves whole to the name the core opens.
  db.handle.close();
  renameSync(path.join(dataDir, 'activity-1m.db'), path.join(dataDir, 'autoarr.db'));
  return { dataDir, rows: db.rows, newestAt: db.newestAt, buildMs: db.buildMs };
}

/** Browser mode on that data dir, serving the built window in `staticDir`; no service configured, nothing notified. */
export function startStatsWindow(dataDir: string, staticDir: string): Promise<BrowserMode> {
  return startBrowserMode({ dataDir, port: 0, host: '127.0.0.1', staticDir, notify: false, tokenEnv: {}, logger: { info: () => {}, warn: () => {}, error: () => {} } });
}

/**
 * Loads the window at Overview, waits until it has settled, then switches to
 * `hash` and answers the ms until `readySelector` is in the page (data fetched
 * over HTTP from the core and drawn).
 */
export async function timeViewOpen(page: Page, openUrl: string, hash: string, readySelector: string): Promise<number> {
  await page.goto(openUrl.replace(/#.*$/, '') + '#/overview');
  await page.getByRole('heading', { level: 2, name: 'Overview' }).waitFor();
  await page.waitForLoadState('networkidle');
  // The window prefetches the chart module a second after it starts, as it does for a person.
  await page.waitForTimeout(1_500);
  // Plain JavaScript text: the function runs in the page, where the helpers a TypeScript loader adds do not exist.
  const script = `new Promise((resolve, reject) => {
    const started = performance.now();
    const check = () => {
      if (document.querySelector(${JSON.stringify(readySelector)})) resolve(performance.now() - started);
      else if (performance.now() - started > 30000) reject(new Error('the view was not ready within 30 s'));
      else requestAnimationFrame(check);
    };
    window.location.hash = ${JSON.stringify(hash)};
    requestAnimationFrame(check);
  })`;
  return (await page.evaluate(script)) as number;
}

/** What the Stats view is ready looks like: its figures and the drawn chart (the chart module loads with the view). */
export const STATS_READY = '[data-stats-ready] .chart-canvas[data-ready]';
/** Needs attention with its list loaded: the reference view of the same run. */
export const ATTENTION_READY = 'section[aria-labelledby="attention-h"] .state-empty, ul[aria-label="Needs attention"]';
