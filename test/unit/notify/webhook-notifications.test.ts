// Webhooks end to end against a real loopback receiver (test/fakes/webhook-receiver.ts,
// which checks each service's format), with time on a fake clock: payloads per kind,
// the desktop digest rule, retries with backoff on 500/429, give-up and its report,
// bounded memory with a dead endpoint, the desktop notification unaffected, and no
// saved secret in anything sent.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServiceOutages } from '../../../main/core/health/service-outages';
import { defaultSettings, type Settings, type WebhookTarget } from '../../../shared/settings';
import type { AnyBusEvent } from '../../../shared/events';
import { ok } from '../../../shared/contract';
import { NotificationService } from '../../../main/core/notify/notification-service';
import type { DesktopNotification } from '../../../main/core/notify/notification-policy';
import { WebhookNotifications } from '../../../main/core/notify/webhooks/webhook-notifications';
import { WebhookUrlStore } from '../../../main/core/notify/webhooks/webhook-url-store';
import { MemorySecretStore } from '../../../main/core/settings/secret-store';
import { startWebhookReceiver, DISCORD_WEBHOOK_TOKEN, type WebhookReceiver } from '../../fakes/webhook-receiver';
import { createRecordingBus, type RecordingBus } from '../../support/recording-bus';
import { dlq, failed, recovered } from './notify-events';

const KEYS = { sabnzbd: 'sabkey0123456789abcdef0123456789', sonarr: 'sonarrkey0123456789abcdef012345', radarr: 'radarrkey0123456789abcdef012345' };
const silent = { info: () => undefined, warn: () => undefined };
const ALL = { failed: true, dlq: true, recovered: true };

function target(id: string, kind: WebhookTarget['kind'], events = ALL): WebhookTarget {
  return { id, kind, name: `${kind} target`, enabled: true, events };
}

interface World {
  rb: RecordingBus;
  webhooks: WebhookNotifications;
  urls: WebhookUrlStore;
  settings: Settings;
  emit(event: AnyBusEvent): void;
  /** Let the requests the last step started reach the receiver and come back. */
  settle(): Promise<void>;
}

let receiver: WebhookReceiver;
let worlds: World[] = [];

beforeEach(async () => {
  receiver = await startWebhookReceiver();
});
afterEach(async () => {
  for (const w of worlds) w.webhooks.stop();
  worlds = [];
  await receiver.close();
});

function world(targets: { target: WebhookTarget; url: string }[], notifications: Partial<Settings['notifications']> = {}): World {
  const rb = createRecordingBus();
  const secrets = new MemorySecretStore();
  for (const [name, key] of Object.entries(KEYS)) secrets.set(name as keyof typeof KEYS, key);
  const settings: Settings = {
    ...defaultSettings(),
    notifications: { ...defaultSettings().notifications, ...notifications },
    webhooks: { targets: targets.map((t) => t.target) },
  };
  const urls = new WebhookUrlStore(secrets);
  urls.update(Object.fromEntries(targets.map((t) => [t.target.id, t.url])), targets.map((t) => t.target.id));
  const webhooks = new WebhookNotifications({
    settings: () => settings,
    urls,
    apiKeys: () => Object.values(KEYS),
    secretStorage: 'memory',
    clock: rb.clock,
    outages: new ServiceOutages({ bus: rb.bus, clock: rb.clock }),
    logger: silent,
  });
  rb.bus.subscribe('download.*', (e) => webhooks.handle(e), { name: 'webhooks' });
  const w: World = {
    rb,
    webhooks,
    urls,
    settings,
    emit: (event) => void rb.bus.publish(event.type, event.payload as never, { source: 'test' }),
    settle: async () => {
      await new Promise((r) => setImmediate(r));
      await webhooks.settled();
    },
  };
  worlds.push(w);
  return w;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const delivery = (w: World, id: string) => w.webhooks.view().targets.find((t) => t.id === id)?.delivery;

describe('payloads, one kind each, accepted by the service stand-ins', () => {
  it('a failure reaches JSON, ntfy, Discord and Apprise in their own formats', async () => {
    const w = world([
      { target: target('j', 'json'), url: receiver.jsonUrl() },
      { target: target('n', 'ntfy'), url: receiver.ntfyUrl('autoarr-alerts') },
      { target: target('d', 'discord'), url: receiver.discordUrl() },
      { target: target('a', 'apprise'), url: `${receiver.appriseUrl('autoarr')}?tag=phone` },
    ]);
    w.emit(failed('Some.Show.S01E02.1080p', w.rb.clock.now()));
    const got = await receiver.waitFor(4);
    await w.settle();
    const by = Object.fromEntries(got.map((r) => [r.kind, r]));
    expect(got.map((r) => r.status).sort()).toEqual([200, 200, 200, 204]);
    expect(by.json?.json).toMatchObject({ app: 'autoarr-tray', kind: 'failed', title: 'Download failed: Some.Show.S01E02.1080p', count: 1, nzoId: 'nzo-Some.Show.S01E02.1080p' });
    expect(by.ntfy?.path).toBe('/ntfy/');
    expect(by.ntfy?.json).toMatchObject({ topic: 'autoarr-alerts', title: 'Download failed: Some.Show.S01E02.1080p', priority: 3, tags: ['warning'] });
    expect((by.discord?.json as { content: string }).content).toContain('**Download failed: Some.Show.S01E02.1080p**');
    expect(by.apprise?.path).toBe('/notify/autoarr');
    expect(by.apprise?.json).toMatchObject({ title: 'Download failed: Some.Show.S01E02.1080p', type: 'warning', tag: 'phone' });
    for (const id of ['j', 'n', 'd', 'a']) expect(delivery(w, id)).toMatchObject({ queued: 0, givenUp: 0, failing: false, lastDeliveredAt: w.rb.clock.now() });
  });

  it('each target gets only the events it asked for', async () => {
    const w = world([
      { target: target('only-dlq', 'json', { failed: false, dlq: true, recovered: false }), url: receiver.jsonUrl('/dlq') },
      { target: target('only-ok', 'json', { failed: false, dlq: false, recovered: true }), url: receiver.jsonUrl('/ok') },
    ]);
    const t = w.rb.clock.now();
    w.emit(failed('A', t));
    w.emit(dlq('B', t));
    w.emit(recovered('C', t));
    const got = await receiver.waitFor(2);
    await w.settle();
    expect(receiver.requests).toHaveLength(2);
    expect(got.map((r) => `${r.path} ${(r.json as { kind: string }).kind}`).sort()).toEqual(['/dlq dlq', '/ok recovered']);
  });
});

describe('the desktop digest rule, reused', () => {
  it('a burst becomes the same individual notifications and digest as on the desktop', async () => {
    const w = world([{ target: target('j', 'json'), url: receiver.jsonUrl() }], { digestThreshold: 2, digestWindowSeconds: 10 });
    const desktop: DesktopNotification[] = [];
    const service = new NotificationService({
      notifier: { notify: (n) => (desktop.push(n), Promise.resolve(ok(undefined))) },
      clock: w.rb.clock,
      settings: () => w.settings.notifications,
    });
    w.rb.bus.subscribe('download.*', (e) => service.handle(e), { name: 'desktop' });
    const t = w.rb.clock.now();
    for (const name of ['One', 'Two', 'Three', 'Four', 'Five']) w.emit(failed(name, t));
    await receiver.waitFor(2);
    await w.settle();
    expect(receiver.requests).toHaveLength(2);
    await w.rb.clock.advanceAsync(10_000);
    await receiver.waitFor(3);
    await w.settle();
    service.stop();
    const sent = receiver.requests.map((r) => r.json as { title: string; kind: string; count: number });
    expect(sent.map((s) => s.title)).toEqual(desktop.map((d) => d.title));
    expect(sent[2]).toMatchObject({ kind: 'digest', count: 3, title: 'autoarr: 3 downloads failed' });
  });
});

describe('retries with backoff on the endpoint’s own failures', () => {
  it('500: tries again after 5, 10, 20, 40 s; after the 5th it is dropped with one service.error; the next delivery reports recovery', async () => {
    const w = world([{ target: target('n', 'ntfy'), url: receiver.ntfyUrl('alerts') }]);
    const t0 = w.rb.clock.now();
    receiver.respondNext({ status: 500, body: '{"code":50001,"http":500,"error":"internal server error"}' }, 5);
    w.emit(failed('Flaky', t0));
    await receiver.waitFor(1);
    await w.settle();
    const waits = [5_000, 10_000, 20_000, 40_000];
    let elapsed = 0;
    for (const [i, wait] of waits.entries()) {
      expect(delivery(w, 'n')).toMatchObject({ queued: 1, nextRetryAt: t0 + elapsed + wait, lastError: expect.stringContaining('HTTP 500') });
      await w.rb.clock.advanceAsync(wait - 1);
      await w.settle();
      expect(receiver.requests).toHaveLength(i + 1);
      await w.rb.clock.advanceAsync(1);
      await receiver.waitFor(i + 2);
      await w.settle();
      elapsed += wait;
    }
    expect(receiver.requests).toHaveLength(5);
    expect(delivery(w, 'n')).toMatchObject({ queued: 0, givenUp: 1, failing: true, nextRetryAt: null });
    const errors = w.rb.ofType('service.error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.payload).toMatchObject({ service: 'notifier', code: 'webhook_failed', recovered: false });
    expect(errors[0]?.payload.message).toContain('after its last retry (5 tries)');
    expect(errors[0]?.payload.message).toContain('internal server error');

    // A second failure also given up stays in the same streak: no second activity line.
    receiver.respondNext({ status: 503 }, 5);
    w.emit(failed('Flaky2', w.rb.clock.now()));
    await receiver.waitFor(6);
    await w.settle();
    for (let i = 0; i < 4; i++) {
      // Exactly to the next try: a longer step would also run out the request's own timeout on this clock.
      await w.rb.clock.advanceAsync((delivery(w, 'n')?.nextRetryAt ?? 0) - w.rb.clock.now());
      await receiver.waitFor(7 + i);
      await w.settle();
    }
    await w.settle();
    expect(delivery(w, 'n')).toMatchObject({ givenUp: 2, failing: true });
    expect(w.rb.ofType('service.error')).toHaveLength(1);

    w.emit(recovered('Flaky', w.rb.clock.now()));
    await receiver.waitFor(11);
    await w.settle();
    expect(delivery(w, 'n')).toMatchObject({ failing: false, givenUp: 2, queued: 0 });
    const last = w.rb.ofType('service.error').at(-1)?.payload;
    expect(last).toMatchObject({ service: 'notifier', code: 'webhook_recovered', recovered: true, consecutiveFailures: 2 });
  });

  it('429 from Discord: waits the retry_after it asks for (body, seconds), then delivers', async () => {
    const w = world([{ target: target('d', 'discord'), url: receiver.discordUrl() }]);
    const t0 = w.rb.clock.now();
    receiver.respondNext({ status: 429, body: JSON.stringify({ message: 'You are being rate limited.', retry_after: 42.5, global: false }), headers: { 'Content-Type': 'application/json' } });
    w.emit(dlq('Limited', t0));
    await receiver.waitFor(1);
    await w.settle();
    expect(delivery(w, 'd')).toMatchObject({ queued: 1, nextRetryAt: t0 + 42_500, lastError: expect.stringContaining('asked to wait 43 s') });
    await w.rb.clock.advanceAsync(42_499);
    await w.settle();
    expect(receiver.requests).toHaveLength(1);
    await w.rb.clock.advanceAsync(1);
    await receiver.waitFor(2);
    await w.settle();
    expect(receiver.requests[1]?.status).toBe(204);
    expect(delivery(w, 'd')).toMatchObject({ queued: 0, givenUp: 0, failing: false });
    expect(w.rb.ofType('service.error')).toHaveLength(0);
  });

  it('429 with Retry-After (ntfy) and a timeout both retry; a 404 (deleted Discord webhook) is not retried', async () => {
    const w = world([
      { target: target('n', 'ntfy'), url: receiver.ntfyUrl('alerts') },
      { target: target('gone', 'discord'), url: receiver.discordUrl().replace(DISCORD_WEBHOOK_TOKEN, 'deleted-token') },
    ]);
    const t0 = w.rb.clock.now();
    receiver.respondNext({ status: 429, headers: { 'Retry-After': '17' }, body: '{"code":42901,"http":429,"error":"limit reached"}' });
    w.emit(failed('X', t0));
    await receiver.waitFor(2);
    await w.settle();
    expect(delivery(w, 'n')?.nextRetryAt).toBe(t0 + 17_000);
    expect(delivery(w, 'gone')).toMatchObject({ queued: 0, givenUp: 1, failing: true, lastError: expect.stringContaining('Unknown Webhook') });
    expect(delivery(w, 'gone')?.lastError).toContain('check the URL');

    receiver.respondNext({ status: 0, hang: true });
    await w.rb.clock.advanceAsync(17_000);
    await receiver.waitFor(3);
    // The request hangs: the 10 s timeout (on the same clock) ends it and the next wait is 10 s.
    await w.rb.clock.advanceAsync(10_000);
    await w.settle();
    expect(delivery(w, 'n')).toMatchObject({ queued: 1, lastError: expect.stringContaining('did not answer within 10 s'), nextRetryAt: t0 + 27_000 + 10_000 });
    await w.rb.clock.advanceAsync(10_000);
    await receiver.waitFor(4);
    await w.settle();
    expect(delivery(w, 'n')).toMatchObject({ queued: 0, givenUp: 0 });
    expect(receiver.requests.filter((r) => r.kind === 'discord')).toHaveLength(1);
  });
});

describe('a dead endpoint', () => {
  it('never blocks the bus or the desktop notification, holds at most 20 waiting, and leaves no timer after stop', async () => {
    const w = world([{ target: target('dead', 'json'), url: receiver.jsonUrl('/dead') }], { digestThreshold: 100, digestWindowSeconds: 1 });
    receiver.respondNext({ status: 0, hang: true }, 1000);
    const desktop: string[] = [];
    const service = new NotificationService({
      // The desktop notifier answers at once; the webhook endpoint never does.
      notifier: { notify: (n) => (desktop.push(n.title), Promise.resolve(ok(undefined))) },
      clock: w.rb.clock,
      settings: () => w.settings.notifications,
    });
    w.rb.bus.subscribe('download.*', (e) => service.handle(e), { name: 'desktop' });
    const t = w.rb.clock.now();
    for (let i = 0; i < 30; i++) {
      const published = w.rb.bus.publish('download.failed', failed(`Job${i}`, t).payload as never, { source: 'test' });
      // Every handler returned synchronously: publish hands back the event, not a promise.
      expect(published).not.toBeInstanceOf(Promise);
    }
    expect(desktop).toHaveLength(30);
    await receiver.waitFor(1);
    expect(delivery(w, 'dead')).toMatchObject({ queued: 20, givenUp: 10, failing: true });
    expect(delivery(w, 'dead')?.lastError).toContain('queue was full');
    expect(w.rb.ofType('service.error')).toHaveLength(1);
    // Hours of a dead endpoint: each waiting notification gets its 5 tries, nothing grows.
    for (let i = 0; i < 40; i++) {
      await w.rb.clock.advanceAsync(60_000);
      expect(delivery(w, 'dead')?.queued).toBeLessThanOrEqual(20);
    }
    w.webhooks.stop();
    service.stop();
    expect(w.rb.clock.pending()).toBe(0);
    expect(delivery(w, 'dead')).toMatchObject({ queued: 0 });
  });
});

describe('nothing sent carries a saved secret', () => {
  it('API keys and webhook URLs inside release names, reasons and messages never leave; every request is scanned', async () => {
    const w = world([
      { target: target('j', 'json'), url: receiver.jsonUrl('/hook?token=webhooksecret0123') },
      { target: target('n', 'ntfy'), url: receiver.ntfyUrl('secret-topic-7f3a9c') },
      { target: target('d', 'discord'), url: receiver.discordUrl() },
      { target: target('a', 'apprise'), url: receiver.appriseUrl('appkey77') },
    ], { digestThreshold: 100 });
    const t = w.rb.clock.now();
    const f = failed(`Leaky.${KEYS.sonarr}.1080p`, t);
    w.emit({ ...f, payload: { ...f.payload, explanation: `SABnzbd said: URL Fetching failed; https://indexer.example/api?apikey=indexerkey999&t=get sab=${KEYS.sabnzbd}` } } as AnyBusEvent);
    const d = dlq('Other', t);
    w.emit({ ...d, payload: { ...d.payload, reason: `Radarr (${KEYS.radarr}) and ${receiver.discordUrl()} refused` } } as AnyBusEvent);
    await w.settle();
    await receiver.waitFor(8);
    for (const kind of ['json', 'ntfy', 'discord', 'apprise'] as const) {
      const id = kind[0] as string;
      const r = await w.webhooks.test({ kind, id, name: `Test ${receiver.ntfyUrl('secret-topic-7f3a9c')}` });
      expect(r.ok).toBe(true);
    }
    await w.settle();
    expect(receiver.requests).toHaveLength(12);
    const secrets = [
      ...Object.values(KEYS),
      receiver.discordUrl(),
      DISCORD_WEBHOOK_TOKEN,
      receiver.jsonUrl('/hook?token=webhooksecret0123'),
      'webhooksecret0123',
      receiver.ntfyUrl('secret-topic-7f3a9c'),
      'indexerkey999',
    ];
    for (const req of receiver.requests) {
      const outside = [req.body, ...Object.entries(req.headers).filter(([k]) => k !== 'authorization').map(([k, v]) => `${k}: ${v}`)].join('\n');
      for (const s of secrets) expect(outside, `${req.kind} ${req.path} carries a secret`).not.toContain(s);
      for (const key of Object.values(KEYS)) expect(req.path).not.toContain(key);
    }
    expect(receiver.requests.filter((r) => r.body.includes('[redacted]')).length).toBeGreaterThanOrEqual(8);
  });
});

describe('Send test', () => {
  it('answers what the endpoint said, without the URL in the message', async () => {
    const w = world([]);
    const good = await w.webhooks.test({ kind: 'apprise', url: receiver.appriseUrl('k1'), name: 'NAS' });
    expect(good).toMatchObject({ ok: true, value: { kind: 'apprise', status: 200 } });
    expect(receiver.requests[0]?.json).toMatchObject({ type: 'info', title: 'autoarr-tray test notification' });

    const bad = await w.webhooks.test({ kind: 'discord', url: receiver.discordUrl().replace(DISCORD_WEBHOOK_TOKEN, 'wrong'), name: 'Den' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!bad.ok) {
      expect(bad.error.message).toContain('Unknown Webhook');
      expect(bad.error.message).not.toContain('/api/webhooks');
    }
    receiver.respondNext({ status: 401, body: '{"code":40101,"http":401,"error":"unauthorized"}' });
    expect(await w.webhooks.test({ kind: 'ntfy', url: receiver.ntfyUrl('t'), name: 'P' })).toMatchObject({ ok: false, error: { code: 'bad_api_key' } });
    const closed = await closedPort();
    expect(await w.webhooks.test({ kind: 'ntfy', url: `http://127.0.0.1:${closed}/topic`, name: 'P' })).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('connection refused') } });
    expect(await w.webhooks.test({ kind: 'ntfy', url: 'http://127.0.0.1:1/', name: 'P' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await w.webhooks.test({ kind: 'json', id: 'none' })).toMatchObject({ ok: false, error: { code: 'unconfigured' } });
  });
});

describe('targets follow the settings', () => {
  it('a disabled target stops receiving; a removed one loses its saved URL', async () => {
    const w = world([
      { target: target('a', 'json'), url: receiver.jsonUrl('/a') },
      { target: target('b', 'json'), url: receiver.jsonUrl('/b') },
    ]);
    w.emit(failed('One', w.rb.clock.now()));
    await receiver.waitFor(2);
    w.settings.webhooks = { targets: [{ ...target('a', 'json'), enabled: false }] };
    w.webhooks.onConfigApplied(['webhooks.targets']);
    expect(w.urls.all()).toEqual({ a: receiver.jsonUrl('/a') });
    w.emit(failed('Two', w.rb.clock.now()));
    await w.settle();
    expect(receiver.requests).toHaveLength(2);
    expect(w.webhooks.view().targets).toEqual([expect.objectContaining({ id: 'a', enabled: false, hasUrl: true, urlHint: `${receiver.url}/…` })]);
  });
});
