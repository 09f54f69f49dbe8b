/**
 * The core host for real: createCore on a temp SQLite file, the conf-based SettingsStore
 * and a MemorySecretStore, against a loopback SABnzbd stand-in (main/demo's simulator,
 * 3.7.1 answer shapes) and the faithful fake Sonarr/Radarr (test/fakes), which send their
 * grabs to that SABnzbd over HTTP. Every contract call goes through invokeHandler, so the
 * input and output schemas are checked on each answer.
 */
import Conf from 'conf';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/app';
import { invokeHandler } from '../../main/core/api/invoke-handler';
import { systemClock } from '../../main/core/clock';
import { MemorySecretStore } from '../../main/core/settings/secret-store';
import { SettingsStore, type ConfConstructor } from '../../main/core/settings/settings-store';
import { FakeSabnzbdModel, startFakeSabnzbd, type FakeSabnzbdServer } from '../fakes/fake-sabnzbd';
import type { CallName, In, Out, Result } from '../../shared/contract';
import type { AnyBusEvent } from '../../shared/events';
import type { FakeQuality, SeedRelease } from '../fakes/fake-arr-model';
import type { FakeArr } from '../fakes/fake-arr-server';
import { startFakeRadarr } from '../fakes/fake-radarr';
import { startFakeSonarr } from '../fakes/fake-sonarr';

const MIGRATIONS = path.resolve('main/core/activity/migrations');
const KEYS = { sabnzbd: 'coresab0123456789abcdef01234567', sonarr: 'coresonarr0123456789abcdef012345', radarr: 'coreradarr0123456789abcdef012345' };
const FHD: FakeQuality = { id: 3, name: 'WEBDL-1080p', source: 'web', resolution: 1080 };
const HD: FakeQuality = { id: 4, name: 'HDTV-720p', source: 'television', resolution: 720 };
const MISSING = 'Aborted, cannot be completed - https://sabnzbd.org/not-complete';
const SCRIPT = 'Script exit code is 1';
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

let sabModel: FakeSabnzbdModel;
let sab: FakeSabnzbdServer;
let sonarr: FakeArr;
let radarr: FakeArr;
let dir: string;
let secrets: MemorySecretStore;
let core: Core;
const events: AnyBusEvent[] = [];
const trayStates: string[] = [];

function release(guid: string, quality: FakeQuality): SeedRelease {
  return { guid, title: `Core.Host.S01E01.${quality.name}-${guid.toUpperCase()}`, quality, releaseGroup: guid.toUpperCase(), indexer: 'Geek', indexerId: 1 };
}

async function call<K extends CallName>(name: K, input: In<K>): Promise<Result<Out<K>>> {
  return (await invokeHandler(core.handlers, name, input)) as Result<Out<K>>;
}
async function value<K extends CallName>(name: K, input: In<K>): Promise<Out<K>> {
  const r = await call(name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/** Poll (as the window's "poll now" does) until the probe holds. */
async function until<T>(what: string, probe: () => T | null | undefined | false | Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; events: ${events.map((e) => e.type).join(', ')}`);
    await call('monitoring.pollNow', {});
    await new Promise((r) => setTimeout(r, 150));
  }
}

function settingsStore(env?: ConstructorParameters<typeof SettingsStore>[0]['env']): SettingsStore {
  return new SettingsStore({ dir, Conf: Conf as unknown as ConfConstructor, secrets, ...(env ? { env } : {}) });
}

async function openCore(store: SettingsStore): Promise<Core> {
  const c = await createCore({
    dataDir: dir,
    migrationsFolder: MIGRATIONS,
    settingsStore: store,
    secretStore: secrets,
    mode: 'browser',
    notifier: null,
    logger: silent,
    version: '9.8.7',
    recovery: { arrGraceMs: 150, outcomeCheckMs: 300, auditOnStart: false },
    poller: { firstRunLookbackMs: null },
  });
  c.onEvent((e) => events.push(e));
  c.onTrayStateChange((s) => trayStates.push(s.state));
  return c;
}

const ofType = (type: string) => events.filter((e) => e.type === type);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoarr-core-host-'));
  sabModel = new FakeSabnzbdModel({ now: () => Date.now(), defaultDurationMs: 300 });
  sab = await startFakeSabnzbd({ model: sabModel, apiKey: KEYS.sabnzbd });
  const fakeOptions = { clock: systemClock, autoRedownloadFailed: false, removeFailedDownloads: false, checkIntervalMs: 200 };
  sonarr = await startFakeSonarr({
    ...fakeOptions,
    apiKey: KEYS.sonarr,
    sabnzbd: { url: sab.url, apiKey: KEYS.sabnzbd, category: 'tv' },
    series: [{ id: 1, title: 'Core Host', episodes: [{ id: 11, seasonNumber: 1, episodeNumber: 1, releases: [release('a', FHD), release('b', FHD), release('c', HD)] }] }],
  });
  radarr = await startFakeRadarr({ ...fakeOptions, apiKey: KEYS.radarr, sabnzbd: { url: sab.url, apiKey: KEYS.sabnzbd, category: 'movies' } });
  secrets = new MemorySecretStore();
  const store = settingsStore();
  const saved = store.update({
    sabnzbd: { url: sab.url },
    sonarr: { url: sonarr.url },
    radarr: { url: radarr.url },
    monitoring: { pollIntervalSeconds: 5, baseBackoffSeconds: 1, maxRetries: 1 },
    apiKeys: KEYS,
  });
  if (!saved.ok) throw new Error(saved.error.message);
  core = await openCore(store);
  await core.start();
}, 30_000);

afterAll(async () => {
  await core?.stop();
  await sonarr?.close();
  await radarr?.close();
  await sab?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('core host, one core on one data dir', () => {
  it('app.info says what is running', async () => {
    const info = await value('app.info', {});
    expect(info).toMatchObject({ name: 'autoarr-tray', version: '9.8.7', mode: 'browser', demo: false, dataDir: dir, secretStorage: 'memory' });
  });

  it('monitoring.status and pollNow: SABnzbd answers, the poll is recorded', async () => {
    const polled = await value('monitoring.pollNow', {});
    expect(polled.running).toBe(true);
    expect(polled.paused).toBe(false);
    expect(polled.intervalSeconds).toBe(5);
    expect(polled.lastPollAt).not.toBeNull();
    expect(polled.services.sabnzbd.state).toBe('ok');
    expect(polled.queue).toEqual({ count: 0, downloading: 0, paused: false });
    expect(core.trayState().state).toBe('ok');
  });

  it('a Sonarr download that fails is found, recovered with another release, and told in order', async () => {
    const grab = await sonarr.core.grab(11, release('a', FHD), 'Search');
    sabModel.finish(grab.downloadId, MISSING);
    const failed = await until('download.failed', () => ofType('download.failed').find((e) => (e.payload as { nzoId: string }).nzoId === grab.downloadId));
    expect(core.trayState().state).not.toBe('error');
    const recovered = await until('download.recovered', () => ofType('download.recovered').find((e) => e.correlationId === failed.correlationId));
    expect(recovered.correlationId).toBe(failed.correlationId);
    // The replacement is another 1080p release, grabbed through Sonarr.
    expect(sonarr.grabs().map((g) => g.release.guid)).toEqual(['a', 'b']);

    const timeline = await value('downloads.timeline', { downloadId: grab.downloadId });
    expect(timeline.download).toMatchObject({ status: 'recovered', sourceApp: 'sonarr', kind: 'missing_articles' });
    expect(timeline.attempts.map((a) => [a.strategy, a.outcome])).toEqual([['alternative_release', 'succeeded']]);
    const types = timeline.entries.map((e) => e.eventType);
    expect(types.indexOf('download.failed')).toBeLessThan(types.indexOf('download.recovered'));

    const byCorrelation = await value('activity.correlation', { correlationId: failed.correlationId });
    expect(byCorrelation.entries.length).toBeGreaterThanOrEqual(3);
    expect(byCorrelation.entries.every((e) => e.correlationId === failed.correlationId)).toBe(true);
    const times = byCorrelation.entries.map((e) => e.timestamp);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('a manual job that keeps failing goes to the DLQ; downloads.retry runs a real attempt out of it', async () => {
    sabModel.retryOutcome = () => SCRIPT;
    const job = sabModel.add({ name: 'Some.Linux.iso', category: 'software', failWith: SCRIPT, durationMs: 0 });
    await until('moved_to_dlq', () => ofType('download.moved_to_dlq').some((e) => (e.payload as { nzoId: string }).nzoId === job.nzoId));
    const dlq = await value('downloads.dlq', {});
    expect(dlq.items.map((d) => d.nzoId)).toContain(job.nzoId);
    expect(dlq.items.find((d) => d.nzoId === job.nzoId)).toMatchObject({ inDlq: true, sourceApp: 'manual', kind: 'post_processing_failed' });

    sabModel.retryOutcome = () => null;
    const retried = await value('downloads.retry', { nzoId: job.nzoId });
    expect(retried.scheduled).toBe(true);
    expect(retried.download.attempts).toBe(2);
    await until('recovered after manual retry', async () => (await value('downloads.timeline', { downloadId: job.nzoId })).download?.status === 'recovered');
  });

  it('downloads.retry: unknown id is not_found; blank id is invalid_input', async () => {
    const unknown = await call('downloads.retry', { nzoId: 'SABnzbd_nzo_nope' });
    expect(unknown.ok ? null : unknown.error.code).toBe('not_found');
    const blank = await call('downloads.retry', { nzoId: '  ' });
    expect(blank.ok ? null : blank.error.code).toBe('invalid_input');
    expect(blank.ok ? '' : blank.error.message).toMatch(/nzo_id is required/);
  });

  it('downloads.failed pages and filters; dismiss and retryAll act on what is left', async () => {
    // Two more that stay failed: a duplicate (no action) and a Radarr movie nobody grabbed (no item: manual).
    sabModel.retryOutcome = () => SCRIPT;
    const dup = sabModel.add({ name: 'Dup.Show.S01E01', category: 'tv', failWith: 'Duplicate NZB', durationMs: 0 });
    const other = sabModel.add({ name: 'Other.Thing', category: 'software', failWith: SCRIPT, durationMs: 0 });
    await until('both seen', async () => (await value('downloads.failed', {})).total >= 4);

    const all = await value('downloads.failed', {});
    const ids = all.items.map((d) => d.nzoId);
    expect(ids).toEqual(expect.arrayContaining([dup.nzoId, other.nzoId]));
    const paged = await value('downloads.failed', { limit: 1, offset: 1 });
    expect(paged.total).toBe(all.total);
    expect(paged.items.map((d) => d.nzoId)).toEqual([ids[1]]);
    const sonarrOnly = await value('downloads.failed', { app: 'sonarr' });
    expect(sonarrOnly.items.length).toBeGreaterThan(0);
    expect(sonarrOnly.items.every((d) => d.sourceApp === 'sonarr')).toBe(true);
    const duplicates = await value('downloads.failed', { kind: 'duplicate' });
    expect(duplicates.items.map((d) => d.nzoId)).toEqual([dup.nzoId]);
    await until('other in DLQ', async () => (await value('downloads.dlq', {})).items.some((d) => d.nzoId === other.nzoId));
    const noDlq = await value('downloads.failed', { excludeDlq: true });
    expect(noDlq.items.some((d) => d.inDlq)).toBe(false);
    expect(noDlq.total).toBeLessThan((await value('downloads.failed', {})).total);

    const dismissed = await value('downloads.dismiss', { nzoId: dup.nzoId });
    expect(dismissed.status).toBe('dismissed');
    const gone = await call('downloads.dismiss', { nzoId: 'SABnzbd_nzo_unknown' });
    expect(gone.ok ? null : gone.error.code).toBe('not_found');

    sabModel.retryOutcome = () => null;
    const all2 = await value('downloads.retryAll', {});
    expect(all2.started).toBeGreaterThanOrEqual(1);
    expect(all2.message).toMatch(/Started \d+ attempt/);
    await until('other recovered', async () => (await value('downloads.timeline', { downloadId: other.nzoId })).download?.status === 'recovered');
  });

  it('recovery.status counts outcomes per strategy', async () => {
    const status = await value('recovery.status', {});
    expect(status.running).toBe(true);
    expect(status.countsByStrategyOutcome.alternative_release?.succeeded).toBe(1);
    expect(status.countsByStrategyOutcome.retry_download?.succeeded).toBeGreaterThanOrEqual(2);
    expect(status.successRate).toBeGreaterThan(0);
  });

  it('activity.query: every filter narrows, paging keeps the total; stats agree', async () => {
    const everything = await value('activity.query', { pageSize: 500 });
    expect(everything.total).toBe(everything.items.length);
    const rows = everything.items;
    const some = <T>(pick: (r: (typeof rows)[number]) => T | null) => rows.map(pick).find((v) => v !== null && v !== undefined)!;

    const filters: [string, In<'activity.query'>, (r: (typeof rows)[number]) => boolean][] = [
      ['eventType', { eventType: 'download.failed' }, (r) => r.eventType === 'download.failed'],
      ['source', { source: some((r) => r.source) }, (r) => r.source === some((x) => x.source)],
      ['status', { status: some((r) => r.status) }, (r) => r.status === some((x) => x.status)],
      ['downloadId', { downloadId: some((r) => r.downloadId) }, (r) => r.downloadId === some((x) => x.downloadId)],
      ['application', { application: 'sonarr' }, (r) => r.application === 'sonarr'],
      ['severity', { severity: some((r) => r.severity) }, (r) => r.severity === some((x) => x.severity)],
      ['text', { text: 'LINUX' }, (r) => /linux/i.test(r.message)],
    ];
    for (const [name, input, holds] of filters) {
      const page = await value('activity.query', { ...input, pageSize: 500 });
      expect(page.total, name).toBeGreaterThan(0);
      expect(page.total, name).toBeLessThan(everything.total);
      expect(page.items.every(holds), name).toBe(true);
      expect(page.total, name).toBe(rows.filter(holds).length);
    }
    const mid = rows[Math.floor(rows.length / 2)]!.timestamp;
    const since = await value('activity.query', { since: mid, pageSize: 500 });
    expect(since.items.every((r) => r.timestamp >= mid)).toBe(true);
    const until_ = await value('activity.query', { until: mid, pageSize: 500 });
    expect(until_.items.every((r) => r.timestamp <= mid)).toBe(true);
    const backwards = await call('activity.query', { since: mid + 1, until: mid });
    expect(backwards.ok ? null : backwards.error.message).toMatch(/since must not be after until/);

    const page2 = await value('activity.query', { page: 2, pageSize: 3 });
    expect(page2.total).toBe(everything.total);
    expect(page2.page).toBe(2);
    expect(page2.items.map((r) => r.id)).toEqual(rows.slice(3, 6).map((r) => r.id));

    const stats = await value('activity.stats', {});
    expect(stats.total).toBe((await value('activity.query', {})).total);
    expect(stats.byEventType['download.failed']).toBe(rows.filter((r) => r.eventType === 'download.failed').length);
    expect(stats.byApplication.sonarr).toBe(rows.filter((r) => r.application === 'sonarr').length);
  });

  it('settings.get never contains an API key', async () => {
    const view = await value('settings.get', {});
    expect(view.hasApiKey).toEqual({ sabnzbd: true, sonarr: true, radarr: true, nzbget: false });
    const json = JSON.stringify(view);
    for (const key of Object.values(KEYS)) expect(json).not.toContain(key);
  });

  it('settings.update answers the changed keys and publishes config.applied with them; bad input is readable', async () => {
    const before = ofType('config.applied').length;
    const updated = await value('settings.update', { monitoring: { maxRetries: 4 }, notifications: { onRecovered: false } });
    expect([...updated.changedKeys].sort()).toEqual(['monitoring.maxRetries', 'notifications.onRecovered']);
    const applied = ofType('config.applied').slice(before);
    expect(applied).toHaveLength(1);
    expect([...(applied[0]!.payload as { changedKeys: string[] }).changedKeys].sort()).toEqual(['monitoring.maxRetries', 'notifications.onRecovered']);
    expect((await value('settings.get', {})).settings.monitoring.maxRetries).toBe(4);

    const bad = await call('settings.update', { monitoring: { pollIntervalSeconds: 1 } });
    expect(bad.ok ? null : bad.error.code).toBe('invalid_input');
    expect(bad.ok ? '' : bad.error.message).toMatch(/monitoring\.pollIntervalSeconds: Poll at most every 5 seconds/);
    const badUrl = await call('settings.update', { sonarr: { url: 'sonarr.local' } });
    expect(badUrl.ok ? '' : badUrl.error.message).toMatch(/sonarr\.url: Enter a full address/);
  });

  it('settings.testConnection: right answers, a wrong SABnzbd key, and Sonarr pointed at Radarr', async () => {
    const good = await value('settings.testConnection', { service: 'sabnzbd' });
    expect(good).toMatchObject({ service: 'sabnzbd', appName: 'SABnzbd', version: '3.7.1' });
    expect((await value('settings.testConnection', { service: 'sonarr' })).appName).toBe('Sonarr');

    const wrongKey = await call('settings.testConnection', { service: 'sabnzbd', apiKey: 'not-the-key' });
    expect(wrongKey.ok ? null : wrongKey.error.code).toBe('bad_api_key');
    expect(wrongKey.ok ? '' : wrongKey.error.message).toMatch(/API key/i);

    const swapped = await call('settings.testConnection', { service: 'sonarr', url: radarr.url, apiKey: KEYS.radarr });
    expect(swapped.ok).toBe(false);
    expect(swapped.ok ? '' : swapped.error.message).toMatch(/Radarr, not Sonarr/);
  });

  it('audit.run checks the stack and reports findings', async () => {
    const report = await value('audit.run', {});
    expect(report.ranAt).toBeGreaterThan(0);
    expect(Array.isArray(report.findings)).toBe(true);
    expect(ofType('audit.completed').length).toBeGreaterThan(0);
  });

  it('monitoring.pause really stops polling; resume polls again', async () => {
    const paused = await value('monitoring.pause', {});
    expect(paused.paused).toBe(true);
    expect(core.trayState().paused).toBe(true);
    const job = sabModel.add({ name: 'While.Paused', category: 'software', failWith: SCRIPT, durationMs: 0 });
    sabModel.advance();
    // One full poll interval (5 s) and more: nothing is polled, so nothing is announced.
    await new Promise((r) => setTimeout(r, 5_600));
    expect(ofType('download.failed').some((e) => (e.payload as { nzoId: string }).nzoId === job.nzoId)).toBe(false);
    expect((await value('monitoring.status', {})).paused).toBe(true);

    const resumed = await value('monitoring.resume', {});
    expect(resumed.paused).toBe(false);
    const end = Date.now() + 5_000;
    while (!ofType('download.failed').some((e) => (e.payload as { nzoId: string }).nzoId === job.nzoId) && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(ofType('download.failed').some((e) => (e.payload as { nzoId: string }).nzoId === job.nzoId)).toBe(true);
  }, 20_000);

  it('tray state: failures while downloads are failed, error while SABnzbd is down, back when it returns', async () => {
    await until('tray shows failures', () => core.trayState().state === 'failures');
    sab.setDown(true);
    await until('tray shows error', () => core.trayState().state === 'error');
    expect(core.trayState().tooltip).toMatch(/SABnzbd/);
    expect(ofType('service.error').some((e) => (e.payload as { service: string }).service === 'sabnzbd')).toBe(true);
    sab.setDown(false);
    await until('tray back from error', () => core.trayState().state !== 'error');
    expect(trayStates).toEqual(expect.arrayContaining(['failures', 'error']));
  });
});
