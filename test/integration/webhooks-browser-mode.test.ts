/**
 * Webhooks through browser mode as a NAS user drives them: the window's HTTP client
 * against startBrowserMode (real core, real FileSecretStore and settings file, the HTTP
 * binding), a loopback receiver standing in for ntfy, Discord, Apprise API and a JSON
 * endpoint. Saving, "Send test", and a real failure on the core's bus reaching every
 * target; no webhook URL ever comes back over HTTP or lands in the settings file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserMode, type BrowserMode } from '../../main/browser-mode';
import { createHttpApi, type FetchLike } from '../../shared/http-api-client';
import type { ContractApi, WebhookTargetInput } from '../../shared/contract';
import type { EventPayloadMap } from '../../shared/events';
import { failed } from '../unit/notify/notify-events';
import { DISCORD_WEBHOOK_TOKEN, startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver';

const TOKEN = 'webhooks-browser-mode-token-0123456789';
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const ALL = { failed: true, dlq: true, recovered: true };

let dir: string;
let receiver: WebhookReceiver;
let app: BrowserMode;
let api: ContractApi;
/** Every answer the binding gave, as text. */
const answers: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoarr-webhooks-'));
  receiver = await startWebhookReceiver();
  app = await startBrowserMode({ dataDir: dir, port: 0, notify: false, tokenEnv: { AUTOARR_TOKEN: TOKEN }, logger: silent });
  const recording: FetchLike = async (url, init) => {
    const res = await fetch(url, init);
    const text = await res.text();
    answers.push(text);
    return { status: res.status, text: async () => text };
  };
  api = createHttpApi({ baseUrl: app.url, token: TOKEN, fetch: recording });
}, 30_000);

afterAll(async () => {
  await app?.close();
  await receiver?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const secretParts = () => [DISCORD_WEBHOOK_TOKEN, 'topic-only-i-know', 'jsontoken987654', receiver.discordUrl()];

describe('webhooks in browser mode', () => {
  it('saves four targets: URLs into secrets.json, never into settings.json or any answer', async () => {
    const targets: WebhookTargetInput[] = [
      { kind: 'ntfy', name: 'Phone', enabled: true, events: ALL, url: receiver.ntfyUrl('topic-only-i-know') },
      { kind: 'discord', name: 'Den', enabled: true, events: { failed: false, dlq: true, recovered: true }, url: receiver.discordUrl() },
      { kind: 'apprise', name: 'Apprise', enabled: true, events: ALL, url: receiver.appriseUrl('autoarr') },
      { kind: 'json', name: 'Home Assistant', enabled: true, events: ALL, url: receiver.jsonUrl('/api/webhook/x?token=jsontoken987654') },
    ];
    const saved = await api['webhooks.save']({ targets });
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    expect(saved.value.targets.map((t) => [t.name, t.kind, t.hasUrl, t.urlHint])).toEqual([
      ['Phone', 'ntfy', true, `${receiver.url}/…`],
      ['Den', 'discord', true, `${receiver.url}/…`],
      ['Apprise', 'apprise', true, `${receiver.url}/…`],
      ['Home Assistant', 'json', true, `${receiver.url}/…`],
    ]);
    expect(new Set(saved.value.targets.map((t) => t.id)).size).toBe(4);

    const settings = await api['settings.get']({});
    expect(settings.ok && settings.value.settings.webhooks.targets.map((t) => t.name)).toEqual(['Phone', 'Den', 'Apprise', 'Home Assistant']);
    const view = await api['webhooks.get']({});
    expect(view.ok && view.value.targets.every((t) => t.hasUrl)).toBe(true);

    const settingsFile = fs.readFileSync(path.join(dir, 'settings.json'), 'utf8');
    const secretsFile = fs.readFileSync(path.join(dir, 'secrets.json'), 'utf8');
    for (const s of secretParts()) {
      expect(settingsFile).not.toContain(s);
      for (const a of answers) expect(a).not.toContain(s);
    }
    expect(secretsFile).toContain(DISCORD_WEBHOOK_TOKEN);
    expect(fs.statSync(path.join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });

  it('Send test reaches the saved target over POST /api/v1/settings/webhooks/test and reports a refusal clearly', async () => {
    const view = await api['webhooks.get']({});
    if (!view.ok) throw new Error(view.error.message);
    const phone = view.value.targets.find((t) => t.name === 'Phone');
    const before = receiver.requests.length;
    const r = await api['webhooks.test']({ kind: 'ntfy', id: phone?.id, name: 'Phone' });
    expect(r).toMatchObject({ ok: true, value: { kind: 'ntfy', status: 200 } });
    expect(receiver.requests[before]?.json).toMatchObject({ topic: 'topic-only-i-know', title: 'autoarr-tray test notification' });

    // A typed URL, before saving: Discord says the webhook does not exist.
    const wrong = await api['webhooks.test']({ kind: 'discord', url: receiver.discordUrl().replace(DISCORD_WEBHOOK_TOKEN, 'revoked'), name: 'Den' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('Unknown Webhook') } });
    const res = await fetch(`${app.url}/api/v1/settings/webhooks/test`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'apprise', url: `${receiver.url}/not-apprise` }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('/notify/') } });
    for (const s of secretParts()) for (const a of answers) expect(a).not.toContain(s);
  });

  it('a failure on the core reaches every target that wants it; a bad URL is refused with the target named', async () => {
    const before = receiver.requests.length;
    await app.core.bus.publish(
      'download.failed',
      failed('Browser.Mode.S01E01.1080p').payload as EventPayloadMap['download.failed'],
      { source: 'test' },
    );
    // Den (Discord) only wants needs-attention and recoveries.
    const got = (await receiver.waitFor(before + 3)).slice(before);
    await app.core.internals.webhooks.settled();
    expect(receiver.requests.length).toBe(before + 3);
    expect(got.map((r) => r.kind).sort()).toEqual(['apprise', 'json', 'ntfy']);
    expect(got.every((r) => r.status === 200)).toBe(true);

    const view = await api['webhooks.get']({});
    if (!view.ok) throw new Error(view.error.message);
    const bad = await api['webhooks.save']({
      targets: view.value.targets.map((t) => (t.kind === 'discord' ? { ...t, url: 'https://discord.com/channels/1/2' } : t)),
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('Den:') } });
  });

  it('removing a target forgets its URL; the others keep theirs without sending them again', async () => {
    const view = await api['webhooks.get']({});
    if (!view.ok) throw new Error(view.error.message);
    const kept = view.value.targets.filter((t) => t.kind !== 'discord').map(({ id, kind, name, enabled, events }) => ({ id, kind, name, enabled, events }));
    const saved = await api['webhooks.save']({ targets: kept });
    expect(saved.ok && saved.value.targets.map((t) => [t.name, t.hasUrl])).toEqual([
      ['Phone', true],
      ['Apprise', true],
      ['Home Assistant', true],
    ]);
    const secretsFile = fs.readFileSync(path.join(dir, 'secrets.json'), 'utf8');
    expect(secretsFile).not.toContain(DISCORD_WEBHOOK_TOKEN);
    expect(secretsFile).toContain('topic-only-i-know');
    const rows = await api['activity.query']({ eventType: 'config.applied' });
    expect(rows.ok && rows.value.total).toBeGreaterThanOrEqual(2);
  });
});
