// The window in Chromium against browser mode running the REAL core, the
// REAL SABnzbd 3.7.1 (downloading from a loopback news server) and fake
// Sonarr/Radarr that send their grabs to it. Nothing here is pushed by the
// test: every row comes from SABnzbd failing a real job, the poller, the
// recovery engine and the SQLite log. Fails (never skips) without SABnzbd.
//
// Sonarr's "Redownload Failed" is on (its default) and its search takes long
// (many indexers), so a Sonarr failure sits in Failures waiting for Sonarr's
// own redownload until a person clicks Retry; Radarr's is off, so a Radarr
// failure runs its whole ladder at once (1 s backoff base) and lands in
// Needs attention.
import { expect, test, type Page, type WebSocket } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { WS_PATH } from '../../shared/contract';
import { E2E_RENDERER_DIR } from './support/build-renderer';
import { EPISODES, HDTV_720, WEBDL_1080, episodeRelease, startRealStack, type RealStack } from './support/real-stack';

const SHOTS = 'test-results/screenshots';
const FULL = { width: 1280, height: 820 };
const TRAY = { width: 380, height: 560 };
const LIVE_EPISODE = EPISODES[0]!;
const MOVIE_ID = 1;

let stack: RealStack;
/** The Radarr job that runs out of releases, submitted at start so its ladder runs while the other tests do. */
let exhaustedId: Promise<string>;
const exhaustedName = 'Window.Movie.2024.1080p.WEB-DL-RBAD1';

test.beforeAll(async () => {
  test.setTimeout(120_000);
  mkdirSync(SHOTS, { recursive: true });
  const started = Date.now();
  stack = await startRealStack({
    staticDir: E2E_RENDERER_DIR,
    sonarrAutoRedownload: true,
    // Sonarr's search runs long enough that its failure waits for a person; Radarr's ladder never waits (its redownload is off).
    sonarrSearchMs: 15 * 60_000,
  });
  console.log(`real stack up in ${Date.now() - started} ms: SABnzbd ${stack.sab.url}, window ${stack.app.url}`);
  const first = stack.release(exhaustedName, 'rbad1', WEBDL_1080, false);
  stack.radarr.addRelease(MOVIE_ID, first);
  stack.radarr.addRelease(MOVIE_ID, stack.release('Window.Movie.2024.1080p.BluRay-RBAD2', 'rbad2', WEBDL_1080, false));
  stack.radarr.addRelease(MOVIE_ID, stack.release('Window.Movie.2024.720p.HDTV-RBAD3', 'rbad3', HDTV_720, false));
  exhaustedId = stack.radarr.core.grab(MOVIE_ID, first, 'Search').then((td) => td.downloadId);
  exhaustedId.catch(() => undefined);
});

test.afterAll(async () => {
  await stack?.close();
});

async function open(page: Page, hash: string): Promise<void> {
  await page.goto(stack.openUrl(hash));
  await expect(page).not.toHaveURL(/token=/);
}

/** The page's event stream is connected and delivering (the poller pushes queue.polled every 5 s). */
async function liveStream(page: Page, ws: Promise<WebSocket>): Promise<void> {
  const socket = await ws;
  expect(socket.url()).toContain(WS_PATH);
  await socket.waitForEvent('framereceived', { timeout: 15_000 });
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.setViewportSize(FULL);
  await page.screenshot({ path: `${SHOTS}/real-${name}-full.png` });
  await page.setViewportSize(TRAY);
  await page.screenshot({ path: `${SHOTS}/real-${name}-tray.png` });
  await page.setViewportSize(FULL);
}

test('a Sonarr failure appears live, its timeline opens, Retry runs an attempt that shows', async ({ page }) => {
  test.setTimeout(150_000);
  const bad = stack.release(episodeRelease(LIVE_EPISODE, WEBDL_1080, 'live1'), 'live1', WEBDL_1080, false);
  let nzoId = '';

  await test.step('(1) the failure appears live with its kind and severity', async () => {
    await page.setViewportSize(FULL);
    const ws = page.waitForEvent('websocket');
    await open(page, '#/failures');
    await expect(page.getByRole('heading', { level: 2, name: 'Failures' })).toBeVisible();
    await expect(page.getByRole('row', { name: bad.title })).toHaveCount(0);
    await liveStream(page, ws);
    // A reload would drop this marker: the row must arrive through the stream.
    await page.evaluate(() => ((window as unknown as { e2eMarker: string }).e2eMarker = 'no-reload'));
    const t0 = Date.now();
    nzoId = await stack.sonarrGrabs(LIVE_EPISODE, bad);
    const row = page.getByRole('table', { name: 'Failed downloads' }).getByRole('row', { name: bad.title });
    await expect(row).toBeVisible({ timeout: 60_000 });
    console.log(`live failure on screen ${Date.now() - t0} ms after Sonarr's grab (${nzoId})`);
    await expect(row.getByRole('cell').nth(1)).toHaveText('Missing articles');
    await expect(row.getByRole('cell').nth(2)).toHaveText(/high/i);
    await expect(row.getByRole('cell').nth(3)).toHaveText('Sonarr');
    expect(await page.evaluate(() => (window as unknown as { e2eMarker?: string }).e2eMarker)).toBe('no-reload');
    // The core's record agrees with what the page shows.
    const record = stack.app.core.internals.store.get(nzoId);
    expect(record).toMatchObject({ kind: 'missing_articles', sourceApp: 'sonarr', item: { seriesId: 1, episodeIds: [LIVE_EPISODE] } });
  });

  await test.step('(2) Enter on the row opens its timeline: the failure, no attempt yet', async () => {
    const row = page.getByRole('row', { name: bad.title });
    await row.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`#/downloads/${nzoId}$`));
    await expect(page.getByRole('heading', { level: 2, name: bad.title })).toBeVisible();
    const events = page.getByRole('list', { name: 'Events' });
    await expect(events.getByRole('listitem').filter({ hasText: 'download.failed' })).toHaveCount(1);
    await expect(events).toContainText(/not on your server|missing/i);
    await expect(page.getByText('No recovery attempts yet.')).toBeVisible();
    await shoot(page, 'timeline-failed');
  });

  await test.step('(3) a release appears; Retry in Failures starts an attempt and the timeline shows it', async () => {
    // Sonarr has handled the failure (blocklisted it, started its long search) before the new release appears.
    await expect
      .poll(() => stack.sonarr.core.history.some((h) => h.eventType === 'downloadFailed' && h.downloadId === nzoId), { timeout: 15_000 })
      .toBe(true);
    await stack.sonarr.idle();
    expect(stack.sonarr.grabs()).toHaveLength(1);
    const good = stack.release(episodeRelease(LIVE_EPISODE, WEBDL_1080, 'live2'), 'live2', WEBDL_1080, true);
    stack.sonarr.addRelease(LIVE_EPISODE, good);
    await page.goBack();
    await expect(page.getByRole('heading', { level: 2, name: 'Failures' })).toBeVisible();
    const row = page.getByRole('row', { name: bad.title });
    await row.getByRole('button', { name: `Retry ${bad.title}` }).click();
    const note = row.getByRole('status');
    await expect(note).toContainText('Attempt 1 of 3 starting');
    await expect(note).toContainText(`grabbed "${good.title}"`);
    expect(stack.sonarr.grabs().map((g) => g.release.guid)).toEqual(['live1', 'live2']);

    await row.getByRole('link', { name: bad.title }).click();
    const attempts = page.getByRole('table', { name: 'Recovery attempts' });
    const first = attempts.getByRole('row').nth(1);
    await expect(first.getByRole('cell').nth(0)).toHaveText(/^1\s*manual$/);
    await expect(first.getByRole('cell').nth(1)).toHaveText('Alternative release');
    await expect(first.getByRole('cell').nth(3)).toContainText(good.title);
    await expect(first.getByRole('cell').nth(4)).toContainText(nzoId);
    const events = page.getByRole('list', { name: 'Events' });
    await expect(events.getByRole('listitem').filter({ hasText: 'download.retry_started' })).toContainText('caused by download.failed');
    // The replacement really downloads: SABnzbd completes it and the chain ends recovered.
    await expect
      .poll(() => stack.app.core.internals.store.get(nzoId)?.status, { timeout: 60_000, message: 'the download is recovered' })
      .toBe('recovered');
    await page.reload();
    await expect(first.getByRole('cell').nth(2)).toHaveText('succeeded');
    await expect(events.getByRole('listitem').filter({ hasText: 'download.recovered' })).toHaveCount(1);
    // Recovered: nothing left to retry, so no Retry button (the core would refuse it).
    await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
    await shoot(page, 'timeline-recovered');
  });
});

test('(4) the needs-attention inbox lists a download whose every release failed', async ({ page }) => {
  test.setTimeout(150_000);
  const nzoId = await exhaustedId;
  await expect
    .poll(() => stack.app.core.internals.store.get(nzoId)?.status, { timeout: 120_000, intervals: [1_000], message: 'the Radarr download reaches the DLQ' })
    .toBe('dlq');
  await open(page, '#/attention');
  const item = page.getByRole('list', { name: 'Needs attention' }).getByRole('listitem', { name: exhaustedName });
  await expect(item).toContainText('All 3 attempts failed');
  await expect(item).toContainText('Missing articles · Radarr · 3 of 3 attempts');
  await expect(item).toContainText('Releases tried: 3');
  await item.getByText('Attempt history', { exact: true }).click();
  const history = item.getByRole('table', { name: `Attempts for ${exhaustedName}` });
  const rows = history.getByRole('row');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(1)).toContainText('Alternative release');
  await expect(rows.nth(2)).toContainText('Lower quality');
  await expect(rows.nth(3)).toContainText('Alternative release');
  for (const i of [1, 2, 3]) await expect(rows.nth(i).getByRole('cell').nth(2)).toContainText('failed');
  await expect(item.getByRole('button', { name: `Retry now ${exhaustedName}` })).toBeEnabled();
  await shoot(page, 'attention');
});

test('(5) a wrong SABnzbd API key gives a clear Test-connection error', async ({ page }) => {
  await open(page, '#/settings');
  await expect(page.getByLabel('SABnzbd URL')).toHaveValue(`${stack.sab.url}/sabnzbd`);
  const key = page.getByLabel('SABnzbd API key');
  await key.fill('0123456789abcdef0123456789abcdef');
  await page.getByRole('button', { name: 'Test connection to SABnzbd' }).click();
  // SABnzbd 3.7.1 answers a wrong key with HTTP 200 {"error":"API Key Incorrect"}: the message names the key and where to find the right one.
  await expect(page.getByRole('alert').filter({ hasText: 'API key' })).toHaveText(
    `SABnzbd at ${stack.sab.url}/sabnzbd rejected the API key — copy it from SABnzbd → Config → General → API Key into Settings.`,
  );
  await shoot(page, 'settings-wrong-key');
  // An empty field tests the saved key, which is right: the wrong one was never saved.
  await key.fill('');
  await page.getByRole('button', { name: 'Test connection to SABnzbd' }).click();
  await expect(page.getByText(/^Connected to SABnzbd 3\.7\.1 \(\d+ ms\)$/)).toBeVisible();
  expect(stack.app.core.internals.connections.isConfigured('sabnzbd')).toBe(true);
});

test('(6) screenshots of every view on the real stack', async ({ page }) => {
  await page.setViewportSize(FULL);
  await open(page, '#/overview');
  const views: { hash: string; name: string; heading: RegExp | string }[] = [
    { hash: '#/overview', name: 'overview', heading: 'Overview' },
    { hash: '#/failures', name: 'failures', heading: 'Failures' },
    { hash: '#/attention', name: 'attention-list', heading: 'Needs attention' },
    { hash: `#/downloads/${await exhaustedId}`, name: 'timeline-dlq', heading: exhaustedName },
    { hash: '#/activity', name: 'activity', heading: 'Activity' },
    { hash: '#/stats', name: 'stats', heading: 'Stats' },
    { hash: '#/settings', name: 'settings', heading: 'Settings' },
  ];
  for (const view of views) {
    await page.evaluate((h) => (window.location.hash = h), view.hash);
    await expect(page.getByRole('heading', { level: 2, name: view.heading, exact: true })).toBeVisible();
    await expect(page.getByText(/^Loading /).filter({ visible: true })).toHaveCount(0);
    await shoot(page, view.name);
  }
  // The Overview is about the real services, not a demo: SABnzbd polled fine, nothing in error
  // (Sonarr/Radarr health is learned from use or a connection test, so either may still read "Not checked yet").
  await page.evaluate(() => (window.location.hash = '#/overview'));
  const services = page.getByRole('region', { name: 'Services' });
  await expect(services.getByRole('listitem').filter({ hasText: 'SABnzbd' })).toHaveText(/^SABnzbdOK/);
  await expect(services.getByRole('listitem')).toHaveCount(3);
  await expect(services.getByText(/^Error/)).toHaveCount(0);
  await expect(page.getByText('DEMO — simulated SABnzbd, Sonarr and Radarr')).toHaveCount(0);
});
