// Where webhook targets and their URLs are kept: the URLs next to the API keys in
// both real secret stores (which, before, treated any other name as a damaged file
// and moved it aside, API keys included), the targets in settings.json without
// them, and webhooks.save's rules for keeping, replacing and forgetting a URL.
import Conf from 'conf';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceOutages } from '../../../main/core/health/service-outages';
import { webhookHandlers } from '../../../main/core/api/handlers/webhook-handlers';
import { WebhookNotifications } from '../../../main/core/notify/webhooks/webhook-notifications';
import { WebhookUrlStore } from '../../../main/core/notify/webhooks/webhook-url-store';
import { FileSecretStore, type SecretStore } from '../../../main/core/settings/secret-store';
import { SettingsStore, type ConfConstructor } from '../../../main/core/settings/settings-store';
import { SafeStorageSecretStore, type SafeStorageLike } from '../../../main/electron/safe-storage-secret-store';
import type { WebhookTargetInput } from '../../../shared/contract';
import { createRecordingBus } from '../../support/recording-bus';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'autoarr-webhook-store-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const fakeSafe: SafeStorageLike = {
  isEncryptionAvailable: () => true,
  encryptString: (s) => Buffer.from([...Buffer.from(s, 'utf8')].map((b) => b ^ 0x33)),
  decryptString: (b) => Buffer.from([...b].map((x) => x ^ 0x33)).toString('utf8'),
};

const DISCORD = 'https://discord.com/api/webhooks/1234/discord-token-abcdef';

describe.each([
  ['FileSecretStore (browser mode)', (file: string): SecretStore => new FileSecretStore(file)],
  ['SafeStorageSecretStore (Electron)', (file: string): SecretStore => new SafeStorageSecretStore({ filePath: file, safeStorage: fakeSafe, platform: 'darwin' })],
])('%s', (_name, open) => {
  it('keeps webhook URLs beside the API keys across a reopen, and drops a removed one', () => {
    const file = join(tempDir(), 'secrets.json');
    const secrets = open(file);
    secrets.set('sonarr', 'sonarr-key-0123456789');
    new WebhookUrlStore(secrets).update({ d: DISCORD, n: 'https://ntfy.sh/topic-1' }, ['d', 'n']);
    const reopened = open(file);
    expect(reopened.get('sonarr')).toBe('sonarr-key-0123456789');
    const urls = new WebhookUrlStore(reopened);
    expect(urls.all()).toEqual({ d: DISCORD, n: 'https://ntfy.sh/topic-1' });
    expect(urls.update({}, ['n'])).toBe(true);
    expect(urls.update({}, ['n'])).toBe(false);
    expect(new WebhookUrlStore(open(file)).all()).toEqual({ n: 'https://ntfy.sh/topic-1' });
    expect(open(file).get('sonarr')).toBe('sonarr-key-0123456789');
  });
});

it('an unreadable URL map reads as none, and the log does not show it', () => {
  const secrets = new FileSecretStore(join(tempDir(), 'secrets.json'));
  secrets.set('webhookUrls', '{"d": 42, "x": "https://secret.example/abc"');
  const logged: string[] = [];
  expect(new WebhookUrlStore(secrets, (m) => logged.push(m)).all()).toEqual({});
  expect(logged.join('\n')).not.toContain('secret.example');
  expect(logged[0]).toContain('Settings → Webhooks');
});

describe('webhooks.save', () => {
  function setup() {
    const dir = tempDir();
    const secrets = new FileSecretStore(join(dir, 'secrets.json'));
    const settings = new SettingsStore({ dir, Conf: Conf as unknown as ConfConstructor, secrets });
    const urls = new WebhookUrlStore(secrets);
    const rb = createRecordingBus();
    const webhooks = new WebhookNotifications({ settings: () => settings.get(), urls, apiKeys: () => [], secretStorage: secrets.kind, clock: rb.clock, outages: new ServiceOutages({ bus: rb.bus, clock: rb.clock }) });
    let n = 0;
    const handlers = webhookHandlers({ settings, urls, webhooks, bus: rb.bus, newId: () => `id${++n}` });
    rb.bus.subscribe('config.applied', (e) => webhooks.onConfigApplied(e.payload.changedKeys));
    const save = async (targets: WebhookTargetInput[]) => handlers['webhooks.save']({ targets });
    return { dir, settings, urls, rb, save, webhooks };
  }
  const ALL = { failed: true, dlq: true, recovered: true };

  it('new targets get ids; URLs go to secrets.json only; omitting url keeps it; one config.applied per save', async () => {
    const { dir, urls, rb, save } = setup();
    const first = await save([{ kind: 'discord', name: 'Den', enabled: true, events: ALL, url: ` ${DISCORD} ` }]);
    expect(first).toMatchObject({ ok: true, value: { targets: [{ id: 'id1', name: 'Den', hasUrl: true, urlHint: 'https://discord.com/…' }] } });
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).not.toContain('discord-token');
    expect(urls.all()).toEqual({ id1: DISCORD });
    expect(rb.ofType('config.applied').map((e) => e.payload.changedKeys)).toEqual([['webhooks.targets', 'webhooks.urls']]);

    const renamed = await save([{ id: 'id1', kind: 'discord', name: 'Den 2', enabled: false, events: ALL }]);
    expect(renamed).toMatchObject({ ok: true, value: { targets: [{ id: 'id1', name: 'Den 2', enabled: false, hasUrl: true }] } });
    expect(urls.all()).toEqual({ id1: DISCORD });
    expect(rb.ofType('config.applied').at(-1)?.payload.changedKeys).toEqual(['webhooks.targets']);
  });

  it('refuses, naming the target: a missing URL, a URL of the wrong kind (also after a kind change), an unknown id without a URL', async () => {
    const { save, urls, settings } = setup();
    expect(await save([{ kind: 'ntfy', name: 'Phone', enabled: true, events: ALL }])).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'Phone: Enter the webhook URL' } });
    await save([{ kind: 'discord', name: 'Den', enabled: true, events: ALL, url: DISCORD }]);
    const kindChanged = await save([{ id: 'id2', kind: 'apprise', name: 'Den', enabled: true, events: ALL }]);
    expect(kindChanged.ok).toBe(false);
    if (!kindChanged.ok) expect(kindChanged.error.message).toMatch(/^Den: .*notify/);
    // An id that is not saved cannot borrow a URL (ids are not secrets; URLs are).
    const borrowed = await save([{ id: 'other', kind: 'discord', name: 'Thief', enabled: true, events: ALL }]);
    expect(borrowed).toMatchObject({ ok: false, error: { message: 'Thief: Enter the webhook URL' } });
    expect(settings.get().webhooks.targets.map((t) => t.id)).toEqual(['id2']);
    expect(urls.all()).toEqual({ id2: DISCORD });
  });

  it('a target removed through settings.update (not webhooks.save) loses its URL too', async () => {
    const { save, urls, settings, rb } = setup();
    await save([
      { kind: 'discord', name: 'Den', enabled: true, events: ALL, url: DISCORD },
      { kind: 'ntfy', name: 'Phone', enabled: true, events: ALL, url: 'https://ntfy.sh/t1' },
    ]);
    const r = settings.update({ webhooks: { targets: settings.get().webhooks.targets.filter((t) => t.name === 'Phone') } });
    if (!r.ok) throw new Error(r.error.message);
    await rb.bus.publish('config.applied', { changedKeys: r.value.changedKeys }, { source: 'settings' });
    expect(urls.all()).toEqual({ id2: 'https://ntfy.sh/t1' });
  });
});
