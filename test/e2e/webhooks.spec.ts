// Settings → Webhooks in Chromium against browser mode with the real core (no
// SABnzbd needed): a person adds an ntfy webhook, saves it, sends a test, and a
// failure on the core's bus reaches the phone stand-in. The typed URL is never
// shown again and never comes back in any API answer.
import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrowserMode, type BrowserMode } from '../../main/browser-mode';
import { failed } from '../unit/notify/notify-events';
import type { EventPayloadMap } from '../../shared/events';
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver';
import { E2E_RENDERER_DIR } from './support/build-renderer';

const TOKEN = 'e2e-webhooks-token-0123456789abcdef';
const TOPIC = 'e2e-secret-topic-9f2c';
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

let dataDir: string;
let receiver: WebhookReceiver;
let app: BrowserMode;

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'autoarr-e2e-webhooks-'));
  receiver = await startWebhookReceiver();
  app = await startBrowserMode({ dataDir, port: 0, host: '127.0.0.1', staticDir: E2E_RENDERER_DIR, tokenEnv: { AUTOARR_TOKEN: TOKEN }, notify: false, logger: silent });
});

test.afterAll(async () => {
  await app?.close();
  await receiver?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('add an ntfy webhook, send a test, and receive a real failure', async ({ page }) => {
  const answers: string[] = [];
  page.on('response', async (res) => {
    if (res.url().includes('/api/v1/')) answers.push(await res.text().catch(() => ''));
  });
  await page.goto(`${app.url}/?token=${TOKEN}#/settings`);
  await page.getByRole('button', { name: 'Add webhook' }).click();
  // The card is named after its legend, which follows the Name field as it is typed.
  const card = page.getByRole('group', { name: /^Webhook / }).last();
  await card.getByLabel('Name').fill('Phone');
  await card.getByLabel('ntfy URL').fill(receiver.ntfyUrl(TOPIC));
  await page.getByRole('button', { name: 'Save webhooks' }).click();
  await expect(page.getByText('Webhooks saved')).toBeVisible();

  const saved = page.getByRole('group', { name: 'Webhook Phone' });
  await expect(saved.getByLabel('ntfy URL')).toHaveValue('');
  await expect(saved.getByLabel('ntfy URL')).toHaveAttribute('placeholder', `saved: ${receiver.url}/…`);
  await saved.getByRole('button', { name: 'Send test to Phone' }).click();
  await expect(saved.getByText(/^Sent: 127\.0\.0\.1:\d+ answered HTTP 200/)).toBeVisible();
  expect(receiver.requests.at(-1)?.json).toMatchObject({ topic: TOPIC, title: 'autoarr-tray test notification' });

  await app.core.bus.publish(
    'download.failed',
    failed('E2E.Webhook.S01E01.1080p').payload as EventPayloadMap['download.failed'],
    { source: 'e2e' },
  );
  await expect.poll(() => receiver.requests.length).toBe(2);
  expect(receiver.requests[1]?.json).toMatchObject({ topic: TOPIC, title: 'Download failed: E2E.Webhook.S01E01.1080p', priority: 3 });

  await page.reload();
  await expect(page.getByRole('group', { name: 'Webhook Phone' }).getByText(/Last delivered/)).toBeVisible();
  await page.getByRole('heading', { name: 'Webhooks' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screenshots/settings-webhooks.png' });
  expect(await page.content()).not.toContain(TOPIC);
  for (const a of answers) expect(a).not.toContain(TOPIC);
});
