/**
 * `npm run demo` in-process: the simulated SABnzbd/Sonarr/Radarr with a short clock
 * (a grab every 1.5 s, 0.8 s downloads, 1 s backoff), the real core on a temp SQLite
 * file and the real HTTP binding on loopback. Waits until a download failed and one was
 * recovered, then checks that the HTTP API (what the window reads) shows both.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../main/demo/demo-app';
import type { ContractApi } from '../../shared/contract';
import type { AnyBusEvent } from '../../shared/events';
import { createHttpApi } from '../../shared/http-api-client';

const TOKEN = 'demo-test-token-0123456789abcdef';
let demo: Demo;
let api: ContractApi;
let dir: string;
const events: AnyBusEvent[] = [];

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; events: ${events.map((e) => e.type).join(', ')}`);
    // The schema's shortest poll interval is 5 s; ask for a poll now, as the window's button does.
    await api['monitoring.pollNow']({});
    await new Promise((r) => setTimeout(r, 400));
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoarr-demo-test-'));
  demo = await startDemo({
    dataDir: dir,
    port: 0,
    arrivalMs: 1_500,
    downloadMs: 800,
    baseBackoffSeconds: 1,
    arrGraceMs: 300,
    tokenEnv: { AUTOARR_TOKEN: TOKEN },
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  demo.app.core.onEvent((e) => events.push(e));
  api = createHttpApi({ baseUrl: demo.app.url, token: TOKEN, fetch: (input, init) => fetch(input, init) });
}, 30_000);

afterAll(async () => {
  await demo?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('is labelled as a demo and points at the simulated stack only', async () => {
  const info = await api['app.info']({});
  expect(info.ok && info.value.demo).toBe(true);
  const view = await api['settings.get']({});
  if (!view.ok) throw new Error(view.error.message);
  for (const service of ['sabnzbd', 'sonarr', 'radarr'] as const) {
    expect(view.value.settings[service].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect(view.value.hasApiKey[service]).toBe(true);
  }
  for (const service of ['sabnzbd', 'sonarr', 'radarr'] as const) {
    const test = await api['settings.testConnection']({ service });
    expect(test.ok ? test.value.appName.toLowerCase() : JSON.stringify(test)).toBe(service);
  }
});

it('produces failures that the core recovers, and the HTTP API shows both', async () => {
  const recovered = await until('a download.recovered', async () => {
    const page = await api['activity.query']({ eventType: 'download.recovered' });
    return page.ok && page.value.total > 0 ? page.value : null;
  }, 90_000);
  const failed = await api['activity.query']({ eventType: 'download.failed' });
  if (!failed.ok) throw new Error(failed.error.message);
  expect(failed.value.total).toBeGreaterThan(0);
  expect(events.some((e) => e.type === 'download.failed')).toBe(true);
  expect(events.some((e) => e.type === 'download.recovered')).toBe(true);

  // The recovered download's row says so, and its timeline holds the failure and the recovery.
  const downloadId = recovered.items[0]!.downloadId;
  expect(downloadId).toBeTruthy();
  const timeline = await api['downloads.timeline']({ downloadId: downloadId! });
  if (!timeline.ok) throw new Error(timeline.error.message);
  expect(timeline.value.download?.status).toBe('recovered');
  expect(timeline.value.attempts.some((a) => a.outcome === 'succeeded')).toBe(true);
  const types = timeline.value.entries.map((e) => e.eventType);
  expect(types).toContain('download.failed');
  expect(types).toContain('download.recovered');

  // Not only SABnzbd retries: a failure Sonarr/Radarr grabbed is recovered with another release.
  await until('an *arr download recovered', async () => {
    const page = await api['activity.query']({ eventType: 'download.recovered', pageSize: 100 });
    return page.ok && page.value.items.some((e) => e.application === 'sonarr' || e.application === 'radarr');
  }, 90_000);

  const status = await api['recovery.status']({});
  if (!status.ok) throw new Error(status.error.message);
  expect(status.value.successRate).toBeGreaterThan(0);
}, 120_000);
