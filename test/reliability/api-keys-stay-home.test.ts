/**
 * Issue 13 §4: a saved SABnzbd/Sonarr/Radarr API key goes only to the server (origin) it
 * was saved with. A listener on another loopback address (127.0.0.2) records every request
 * it receives; whatever the core is asked through its handler or through browser mode's
 * HTTP binding — test another address, save another address, follow a redirect, run the
 * audit, re-check connections — that listener never sees a saved key.
 *
 * Real HTTP all the way: a core on a temp database with the SABnzbd stand-in (main/demo,
 * 3.7.1 answers) and the faithful fake Sonarr (URL base /sonarr) and Radarr (test/fakes).
 */
import Conf from 'conf';
import fs from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHttpBinding, type HttpBinding } from '../../main/core/api/http-binding';
import { invokeHandler } from '../../main/core/api/invoke-handler';
import { createCore, type Core } from '../../main/core/app';
import { systemClock } from '../../main/core/clock';
import { MemorySecretStore } from '../../main/core/settings/secret-store';
import { SettingsStore, type ConfConstructor } from '../../main/core/settings/settings-store';
import { FakeSabnzbdModel, startFakeSabnzbd, type FakeSabnzbdServer } from '../fakes/fake-sabnzbd';
import { HTTP_STATUS_BY_CODE, type CallName, type In, type Out, type Result } from '../../shared/contract';
import { createHttpApi } from '../../shared/http-api-client';
import type { FakeArr } from '../fakes/fake-arr-server';
import { startFakeRadarr } from '../fakes/fake-radarr';
import { startFakeSonarr } from '../fakes/fake-sonarr';

const MIGRATIONS = path.resolve('main/core/activity/migrations');
const KEYS = { sabnzbd: 'homesab0123456789abcdef012345678', sonarr: 'homesonarr0123456789abcdef01234', radarr: 'homeradarr0123456789abcdef01234' };
const TOKEN = 'keys-stay-home-token-0123456789';
const SERVICES = ['sabnzbd', 'sonarr', 'radarr'] as const;
type Service = (typeof SERVICES)[number];
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

/** A server that records everything it is sent and answers like nothing in particular. */
async function listen(host: string, handler: (req: IncomingMessage, res: import('node:http').ServerResponse, seen: Seen[]) => void) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    handler(req, res, seen);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return { seen, port, url: `http://${host}:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let sab: FakeSabnzbdServer;
let sonarr: FakeArr;
let radarr: FakeArr;
let elsewhere: Awaited<ReturnType<typeof listen>>;
let redirector: Awaited<ReturnType<typeof listen>>;
let dir: string;
let secrets: MemorySecretStore;
let store: SettingsStore;
let core: Core;
let binding: HttpBinding;
const home: Record<Service, string> = { sabnzbd: '', sonarr: '', radarr: '' };

/** Every saved key, wherever a request could carry one (query, header, anywhere in the line). */
function leakedKeys(seen: readonly Seen[]): string[] {
  const text = JSON.stringify(seen);
  return Object.values(KEYS).filter((k) => text.includes(k));
}

async function direct<K extends CallName>(name: K, input: In<K>): Promise<Result<Out<K>>> {
  return (await invokeHandler(core.handlers, name, input)) as Result<Out<K>>;
}

const overHttp = () => createHttpApi({ baseUrl: binding.url, token: TOKEN, fetch: (url, init) => fetch(url, init) });

/** Let the connection checker and anything else the last call set off finish. */
async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 400));
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoarr-keys-home-'));
  sab = await startFakeSabnzbd({ model: new FakeSabnzbdModel({ now: () => Date.now(), defaultDurationMs: 300 }), apiKey: KEYS.sabnzbd });
  const fakeOptions = { clock: systemClock, autoRedownloadFailed: false, removeFailedDownloads: false, checkIntervalMs: 60_000 };
  sonarr = await startFakeSonarr({ ...fakeOptions, apiKey: KEYS.sonarr, urlBase: '/sonarr' });
  radarr = await startFakeRadarr({ ...fakeOptions, apiKey: KEYS.radarr });
  elsewhere = await listen('127.0.0.2', (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{}');
  });
  // A proxy in front of the saved address that sends everything, path and query included, elsewhere.
  redirector = await listen('127.0.0.1', (req, res) => {
    res.writeHead(307, { Location: `${elsewhere.url}${req.url ?? '/'}` });
    res.end();
  });
  home.sabnzbd = `${sab.url}/sabnzbd`;
  home.sonarr = sonarr.url;
  home.radarr = radarr.url;

  secrets = new MemorySecretStore();
  store = new SettingsStore({ dir, Conf: Conf as unknown as ConfConstructor, secrets });
  const saved = store.update({
    sabnzbd: { url: home.sabnzbd },
    sonarr: { url: home.sonarr },
    radarr: { url: home.radarr },
    monitoring: { pollIntervalSeconds: 3600 },
    apiKeys: KEYS,
  });
  if (!saved.ok) throw new Error(saved.error.message);
  core = await createCore({
    dataDir: dir,
    migrationsFolder: MIGRATIONS,
    settingsStore: store,
    secretStore: secrets,
    mode: 'browser',
    notifier: null,
    logger: silent,
    recovery: { auditOnStart: false },
    poller: { firstRunLookbackMs: null },
  });
  await core.start();
  binding = await startHttpBinding({ handlers: core.handlers, events: { subscribe: (l) => core.onEvent(l) }, token: TOKEN, port: 0 });
}, 60_000);

afterAll(async () => {
  await binding?.close();
  await core?.stop();
  await Promise.all([sab?.close(), sonarr?.close(), radarr?.close(), elsewhere?.close(), redirector?.close()]);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await settle();
  elsewhere.seen.length = 0;
  redirector.seen.length = 0;
});

describe('settings.testConnection with another address', () => {
  it.each(SERVICES)('%s: the handler refuses without a key, and nothing reaches the other address', async (service) => {
    const answers = [];
    for (const input of [{ service, url: elsewhere.url }, { service, url: `${elsewhere.url}/`, apiKey: '' }]) {
      answers.push(await direct('settings.testConnection', input));
    }
    await settle();
    expect(elsewhere.seen).toEqual([]);
    for (const r of answers) {
      expect(r.ok ? null : r.error.code).toBe('api_key_required');
      expect(r.ok ? '' : r.error.message).toContain('enter its API key');
    }
  });

  it.each(SERVICES)('%s: over browser mode HTTP the answer is 400 api_key_required, and nothing reaches the other address', async (service) => {
    const res = await fetch(`${binding.url}/api/v1/settings/test/${service}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: elsewhere.url }),
    });
    const body = (await res.json()) as Result<unknown>;
    // The window's own client says the same.
    const viaClient = await overHttp()['settings.testConnection']({ service, url: elsewhere.url });
    await settle();
    expect(elsewhere.seen).toEqual([]);
    expect(res.status).toBe(400);
    expect(HTTP_STATUS_BY_CODE.api_key_required).toBe(400);
    expect(body.ok ? null : body.error.code).toBe('api_key_required');
    expect(viaClient.ok ? null : viaClient.error.code).toBe('api_key_required');
  });

  it.each(SERVICES)('%s: with a key typed, that key (and only it) goes to the other address', async (service) => {
    const typed = `typed-${service}-key-0123456789`;
    await direct('settings.testConnection', { service, url: elsewhere.url, apiKey: typed });
    expect(elsewhere.seen.length).toBeGreaterThan(0);
    expect(JSON.stringify(elsewhere.seen)).toContain(typed);
    expect(leakedKeys(elsewhere.seen)).toEqual([]);
  });

  it.each(SERVICES)('%s: the saved address written differently (case, trailing slash, default path) still uses the saved key', async (service) => {
    // Host case and default ports are the unit table's (api-key-scope.test.ts): these servers are loopback IPs.
    const variants = [`${home[service]}/`, home[service].replace('http://', 'HTTP://')];
    for (const url of variants) {
      const r = await direct('settings.testConnection', { service, url });
      expect(r.ok ? r.value.service : r.error).toBe(service);
    }
  });

  it('tricks that parse to another server get no key: userinfo, other loopback names, a missing scheme', async () => {
    const saved = new URL(home.sonarr);
    const tricks = [
      `http://${saved.host}@127.0.0.2:${elsewhere.port}/sonarr`,
      `http://localhost:${saved.port}/sonarr`,
      `http://127.0.0.2:${elsewhere.port}#@${saved.host}`,
      `http://127.0.0.2:${elsewhere.port}\\@${saved.host}`,
      'http:',
    ];
    const answers = [];
    for (const url of tricks) answers.push({ url, r: await direct('settings.testConnection', { service: 'sonarr', url }) });
    // The other way round parses to the saved server: the key may go there (fetch refuses URLs with credentials anyway).
    await direct('settings.testConnection', { service: 'sonarr', url: `http://127.0.0.2:${elsewhere.port}@${saved.host}/sonarr` });
    await settle();
    expect(elsewhere.seen).toEqual([]);
    for (const { url, r } of answers) {
      expect(r.ok, url).toBe(false);
      expect(['api_key_required', 'invalid_input'], url).toContain(r.ok ? '' : r.error.code);
    }
  });
});

describe('saving another address', () => {
  it.each(SERVICES)('%s: a save that changes only the address is refused with the reason; nothing is saved or sent', async (service) => {
    const r = await overHttp()['settings.update']({ [service]: { url: elsewhere.url } });
    const urlAfter = store.get()[service].url;
    // The audit and the connection checks still talk to the saved servers only.
    await direct('audit.run', {});
    await settle();
    if (r.ok) await direct('settings.update', { [service]: { url: home[service] }, apiKeys: { [service]: KEYS[service] } });
    expect(elsewhere.seen).toEqual([]);
    expect(r.ok ? null : r.error.code).toBe('api_key_required');
    expect(r.ok ? '' : r.error.message).toMatch(new RegExp(`apiKeys\\.${service}: .*enter its API key again`));
    expect(urlAfter).toBe(home[service]);
  });

  it('the same server written differently saves without the key', async () => {
    const r = await direct('settings.update', { sonarr: { url: `${home.sonarr.replace('http://', 'HTTP://')}/` } });
    expect(r.ok ? r.value.changedKeys : r.error).toEqual(['sonarr.url']);
    const back = await direct('settings.update', { sonarr: { url: home.sonarr } });
    expect(back.ok).toBe(true);
  });

  it('a save with the address and a new key goes through, and the connection check sends the new key only', async () => {
    const fresh = 'brand-new-radarr-key-0123456789';
    const r = await direct('settings.update', { radarr: { url: elsewhere.url }, apiKeys: { radarr: fresh } });
    expect(r.ok ? [...r.value.changedKeys].sort() : r.error).toEqual(['apiKeys.radarr', 'radarr.url']);
    await settle();
    expect(JSON.stringify(elsewhere.seen)).toContain(fresh);
    expect(leakedKeys(elsewhere.seen)).toEqual([]);
    const restored = await direct('settings.update', { radarr: { url: home.radarr }, apiKeys: { radarr: KEYS.radarr } });
    expect(restored.ok).toBe(true);
  });

  it('clearing an address is allowed; pointing it somewhere afterwards still needs the key', async () => {
    expect((await direct('settings.update', { sonarr: { url: '' } })).ok).toBe(true);
    const moved = await direct('settings.update', { sonarr: { url: elsewhere.url } });
    await direct('audit.run', {});
    await settle();
    expect(elsewhere.seen).toEqual([]);
    expect(moved.ok ? null : moved.error.code).toBe('api_key_required');
    expect((await direct('settings.update', { sonarr: { url: home.sonarr }, apiKeys: { sonarr: KEYS.sonarr } })).ok).toBe(true);
  });
});

describe('redirects', () => {
  it.each(SERVICES)('%s: a saved address that redirects elsewhere is an error naming the other address, and the key stays home', async (service) => {
    const saved = await direct('settings.update', { [service]: { url: redirector.url }, apiKeys: { [service]: KEYS[service] } });
    expect(saved.ok ? null : saved.error).toBeNull();
    try {
      const r = await direct('settings.testConnection', { service });
      await direct('audit.run', {});
      await core.internals.poller.pollNow();
      await settle();
      expect(redirector.seen.length).toBeGreaterThan(0);
      expect(elsewhere.seen).toEqual([]);
      expect(r.ok).toBe(false);
      expect(r.ok ? '' : r.error.message).toContain(`redirects (HTTP 307) to ${elsewhere.url}`);
    } finally {
      const back = await direct('settings.update', { [service]: { url: home[service] }, apiKeys: { [service]: KEYS[service] } });
      expect(back.ok).toBe(true);
    }
  });
});
