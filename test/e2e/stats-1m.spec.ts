// The Stats view on a million-line activity log, in Chromium against browser
// mode with the real core: its figures match what the log itself holds, and
// the time to open it is logged (the bench row renderer.stats_open measures
// it properly; timings are never asserted in a test on this shared machine).
import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BrowserMode } from '../../main/browser-mode';
import { buildStatsDataDir, startStatsWindow, STATS_READY, timeViewOpen } from '../../bench/stats-window';
import { E2E_RENDERER_DIR } from './support/build-renderer';

const ROWS = 1_000_000;
const DAY_MS = 86_400_000;
const SHOTS = 'test-results/screenshots';

let dir: string;
let app: BrowserMode;
let expected: { failed: number; recovered: number; dlq: number; medianMs: number };

test.beforeAll(async () => {
  test.setTimeout(300_000);
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(path.join(tmpdir(), 'autoarr-e2e-stats-'));
  const data = buildStatsDataDir({ dir, rows: ROWS, spanDays: 60, now: Date.now() });
  console.log(`${ROWS.toLocaleString('en-US')}-row activity log built in ${(data.buildMs / 1000).toFixed(1)} s`);
  // What the log says, counted straight from activity_log (the view reads only the rollup).
  const db = new Database(path.join(data.dataDir, 'autoarr.db'), { readonly: true });
  const from = (Math.floor(Date.now() / DAY_MS) - 13) * DAY_MS;
  const count = (type: string) => db.prepare('SELECT COUNT(*) FROM activity_log WHERE event_type = ? AND timestamp >= ?').pluck().get(type, from) as number;
  const durations = db
    .prepare(`SELECT json_extract(context, '$.durationMs') FROM activity_log WHERE event_type = 'download.recovered' AND timestamp >= ? ORDER BY 1`)
    .pluck()
    .all(from) as number[];
  expected = { failed: count('download.failed'), recovered: count('download.recovered'), dlq: count('download.moved_to_dlq'), medianMs: durations[Math.ceil(durations.length / 2) - 1]! };
  db.close();
  app = await startStatsWindow(data.dataDir, E2E_RENDERER_DIR);
});

test.afterAll(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('Stats on a 1 M-line log shows the log\'s own counts, recovery rate and median time to recover', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 820 });
  const ms = await timeViewOpen(page, app.openUrl, '#/stats', STATS_READY);
  console.log(`Stats view ready ${ms.toFixed(0)} ms after opening, on ${ROWS.toLocaleString('en-US')} activity lines`);
  const counts = page.getByRole('list', { name: 'Last 14 days' });
  const n = (x: number) => x.toLocaleString('en-US');
  await expect(counts.getByRole('listitem').filter({ hasText: 'Failed' })).toHaveText(`${n(expected.failed)} Failed`);
  await expect(counts.getByRole('listitem').filter({ hasText: /^\S+ Recovered$/ })).toHaveText(`${n(expected.recovered)} Recovered`);
  await expect(counts.getByRole('listitem').filter({ hasText: 'Needs attention' })).toHaveText(`${n(expected.dlq)} Needs attention`);
  const rate = Math.round((100 * expected.recovered) / (expected.recovered + expected.dlq));
  await expect(counts.getByRole('listitem').filter({ hasText: 'Recovery rate' })).toHaveText(`${rate}% Recovery rate`);
  const minutes = Math.floor(expected.medianMs / 60_000);
  const seconds = Math.round((expected.medianMs % 60_000) / 1000);
  await expect(counts.getByRole('listitem').filter({ hasText: 'Median time to recover' })).toHaveText(`${minutes}m ${seconds}s Median time to recover`);
  await expect(page.getByRole('table', { name: 'Recovery by kind' }).getByRole('row')).not.toHaveCount(1);
  // The chart answers the pointer with the day's failures by kind.
  const canvas = page.locator('.chart-canvas .u-over');
  const box = await canvas.boundingBox();
  await page.mouse.move(box!.x + box!.width - 20, box!.y + box!.height / 2);
  await expect(page.locator('.chart-tooltip')).toContainText(/\d+ failures?/);
  await expect(page.getByRole('list', { name: 'Legend' }).getByRole('listitem')).not.toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/stats-1m-full.png` });
  await page.setViewportSize({ width: 400, height: 600 });
  await page.screenshot({ path: `${SHOTS}/stats-1m-tray.png` });
});
