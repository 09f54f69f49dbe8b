/**
 * The whole Electron shell, in plain Node: the REAL runShell with the REAL core
 * (createCore, SQLite in a temp data dir, the activity log, recovery) against
 * the one fake SABnzbd (test/fakes/fake-sabnzbd.ts), with Electron
 * replaced by the recording facade fake (test/support/fake-electron.ts). The
 * test plays the person and the OS: it clicks tray items and notifications,
 * closes the window, starts a second instance, quits. What still needs a real
 * Electron binary (pixels, the OS tray and notification centre, the preload in
 * a sandboxed renderer) is the _electron smoke test in test/electron/.
 */
import Conf from 'conf';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/app';
import type { ConfConstructor } from '../../main/core/settings/settings-store';
import { FakeSabnzbdModel, startFakeSabnzbd, type FakeSabnzbdServer } from '../fakes/fake-sabnzbd';
import type { ShellCoreConfig } from '../../main/electron/core-port';
import type { Notifier } from '../../main/core/notify/notifier-port';
import { runShell, type ShellDeps, type ShellOutcome } from '../../main/electron/shell';
import { createAppLog } from '../../main/logging/app-log';
import { CONTRACT_CALLS, EVENT_PUSH_CHANNEL, EventBatchSchema } from '../../shared/contract';
import { NAVIGATE_CHANNEL } from '../../shared/window-api';
import { createFakeElectron, type FakeElectron } from '../support/fake-electron';

const requireHere = createRequire(import.meta.url);
const REPO = path.resolve(import.meta.dirname, '../..');
const SAB_KEY = 'shellwalksab0123456789abcdef0123';
/** In plain Node the default build is the right ABI: passing it proves the nativeBinding path end to end. */
const NODE_BINDING = path.join(path.dirname(requireHere.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
const PROPAGATION = 'Aborted, waiting for propagation';

let model: FakeSabnzbdModel;
let sab: FakeSabnzbdServer;
const dirs: string[] = [];
const running: { fake: FakeElectron; core: () => Core | null }[] = [];

/** An app folder as `npm run build` leaves it: migrations and the renderer under dist/. */
function appFolder(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'autoarr-shell-app-'));
  dirs.push(root);
  cpSync(path.join(REPO, 'main/core/activity/migrations'), path.join(root, 'dist/migrations'), { recursive: true });
  mkdirSync(path.join(root, 'dist/renderer'), { recursive: true });
  writeFileSync(path.join(root, 'dist/renderer/index.html'), '<!doctype html><title>autoarr-tray</title>');
  return root;
}

async function until<T>(what: string, probe: () => T | null | undefined | false | Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Started {
  fake: FakeElectron;
  ready: Promise<ShellOutcome>;
  dataDir: string;
  logDir: string;
  core: () => Core | null;
  coreConfigs: ShellCoreConfig<Notifier>[];
}

function startShell(options: { platform: NodeJS.Platform; env?: Record<string, string>; lock?: boolean; createCore?: ShellDeps['createCore'] }): Started {
  const appPath = appFolder();
  const home = mkdtempSync(path.join(os.tmpdir(), 'autoarr-shell-home-'));
  dirs.push(home);
  const dataDir = path.join(home, 'data');
  const fake = createFakeElectron({
    appPath,
    userData: path.join(home, 'userData'),
    logs: path.join(home, 'os-logs'),
    singleInstanceLock: options.lock ?? true,
  });
  let core: Core | null = null;
  const coreConfigs: ShellCoreConfig<Notifier>[] = [];
  const run = runShell(fake.facade, {
    createCore:
      options.createCore ??
      (async (config) => {
        coreConfigs.push(config);
        // The real core, with the test knobs core-lifecycle.test.ts uses: no wait for the *arr's own handling, no audit.
        core = await createCore({ ...config, recovery: { arrGraceMs: 100, outcomeCheckMs: 200, auditOnStart: false }, poller: { firstRunLookbackMs: null } });
        return core;
      }),
    Conf: Conf as unknown as ConfConstructor,
    createLog: (dir) => createAppLog({ dir, console: false }),
    loadUpdater: () => Promise.reject(new Error('a development run never loads electron-updater')),
    bindingTarget: { electronVersion: '41.10.7', platform: process.platform, arch: process.arch, sqliteVersion: '12.11.1' },
    platform: options.platform,
    argv: ['electron', '.'],
    env: {
      AUTOARR_DATA_DIR: dataDir,
      AUTOARR_SQLITE_BINDING: NODE_BINDING,
      SABNZBD_URL: sab.url,
      SABNZBD_API_KEY: SAB_KEY,
      // Polls and automatic attempts only when the test asks: every step below is a person's.
      MONITORING_POLL_INTERVAL: '3600',
      MONITORING_BASE_BACKOFF: '3600',
      ...options.env,
    },
    resourcesPath: path.join(appPath, 'resources'),
    execPath: '/opt/electron/electron',
    homeDir: home,
  });
  const started = { fake, ready: run.ready, dataDir, logDir: path.join(dataDir, 'logs'), core: () => core, coreConfigs };
  running.push(started);
  fake.app.ready();
  return started;
}

const tray = (s: Started) => s.fake.trays[0]!;
const win = (s: Started) => s.fake.windows[0]!;
const navigations = (s: Started) => win(s).webContents.sent.filter((m) => m.channel === NAVIGATE_CHANNEL).map((m) => m.args[0]);
async function ipc<T = unknown>(s: Started, call: string, input: unknown = {}): Promise<T> {
  const answer = (await s.fake.invoke(call, input)) as { ok: boolean; value?: T; error?: { message: string } };
  if (!answer.ok) throw new Error(`${call}: ${answer.error?.message}`);
  return answer.value as T;
}
const notificationTitled = (s: Started, title: string | RegExp) =>
  s.fake.notifications.find((n) => (typeof title === 'string' ? n.options.title === title : title.test(n.options.title ?? '')));
const retriedFrom = (nzoId: string) => model.jobs.find((j) => j.retriedFrom === nzoId);
const logText = (s: Started) => readFileSync(path.join(s.logDir, 'autoarr-tray.log'), 'utf8');

beforeAll(async () => {
  model = new FakeSabnzbdModel({ now: () => Date.now(), defaultDurationMs: 0 });
  sab = await startFakeSabnzbd({ model, apiKey: SAB_KEY });
});

afterEach(async () => {
  // A test that failed half-way still stops its core (the database is closed before the folder goes).
  for (const s of running.splice(0)) {
    const c = s.core();
    if (c && !s.fake.app.ended) await c.stop();
  }
});

afterAll(async () => {
  await sab?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the shell walk (Windows rules: closing hides to the tray)', () => {
  it('start → tray, failure → notification → window at the download, Retry, tray Retry all / Poll now / Pause, second instance, digest, close → hidden, Quit → core stopped', async () => {
    const s = startShell({ platform: 'win32' });
    expect(await s.ready).toBe('started');
    const core = s.core()!;
    const theWindow = win(s);

    // --- start: scheme, lock, AUMID, binding, window, IPC, tray with state and tooltip, log file
    expect(s.fake.privilegedSchemes.map((p) => p.scheme)).toEqual(['app']);
    expect(s.fake.lockHeld).toBe(true);
    expect(s.fake.app.appUserModelId).toBe('/opt/electron/electron');
    expect(s.coreConfigs[0]).toMatchObject({ mode: 'electron', dataDir: s.dataDir, sqliteNativeBinding: NODE_BINDING });
    expect(win(s).options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(win(s).url).toBe('app://autoarr/index.html');
    await until('the window to show once loaded', () => win(s).visible);
    expect([...s.fake.ipcHandlers.keys()].sort()).toEqual([...CONTRACT_CALLS].sort());
    expect(await ipc(s, 'app.info')).toMatchObject({ mode: 'electron', dataDir: s.dataDir, secretStorage: 'os-keychain' });
    expect(await s.fake.invoke('app.info', {}, 'https://evil.example/')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const page = await s.fake.protocolHandlers.get('app')!(new Request('app://autoarr/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect((await s.fake.protocolHandlers.get('app')!(new Request('app://autoarr/..%2f..%2fetc%2fpasswd'))).status).toBe(403);
    expect(win(s).webContents.navigate('https://evil.example/')).toBe(true);
    expect(tray(s).image.path).toMatch(/tray-ok\.png$/);
    // Line 3 is the core's own detail (SABnzbd not checked yet / reachable).
    expect(tray(s).tooltip.split('\n').slice(0, 2)).toEqual(['autoarr-tray', 'All downloads healthy']);
    expect(tray(s).items().map((i) => i.label)).toEqual([
      'All downloads healthy',
      'Show autoarr-tray',
      'Poll now',
      'Pause monitoring',
      'Retry all failed',
      'Open logs folder',
      'Check for updates…',
      'Quit autoarr-tray',
    ]);
    expect(tray(s).items().find((i) => i.label === 'Retry all failed')?.enabled).toBe(false);
    expect(logText(s)).toMatch(/\[shell\] starting autoarr-tray 0\.1\.0/);
    expect(logText(s)).toMatch(/\[core\] core started \(electron/);

    // --- close on Windows: hidden to the tray, not closed, app still running
    expect(win(s).close()).toBe(false);
    expect(win(s).visible).toBe(false);
    expect(win(s).destroyed).toBe(false);
    expect(s.fake.app.quitCount).toBe(0);

    // --- a failure → a notification; the tray shows it
    const a = model.add({ name: 'Walk.Show.S01E01.1080p', category: 'tv', failWith: PROPAGATION });
    tray(s).clickItem('Poll now');
    const noteA = await until('the failure notification', () => notificationTitled(s, 'Download failed: Walk.Show.S01E01.1080p'));
    expect(noteA.shown).toBe(true);
    expect(noteA.options.actions?.map((x) => x.text)).toEqual(['Retry', 'Open']);
    expect(noteA.options.icon).toMatch(/256x256\.png$/);
    await until('the tray to count it', () => tray(s).tooltip.includes('1 download needs attention'));
    expect(tray(s).image.path).toMatch(/tray-failures\.png$/);
    expect(tray(s).items().find((i) => i.label === 'Retry all failed (1)')?.enabled).toBe(true);

    // --- clicking it → the window is shown at that download
    noteA.click();
    expect(win(s).visible).toBe(true);
    expect(win(s).focused).toBe(true);
    expect(navigations(s)).toContain(`#/downloads/${a.nzoId}`);

    // --- its Retry → an attempt starts now (SABnzbd retries the job) and the window shows it
    noteA.press('Retry');
    await until('SABnzbd to retry the job', () => retriedFrom(a.nzoId));
    const timelineA = await ipc<{ attempts: unknown[] }>(s, 'downloads.timeline', { downloadId: a.nzoId });
    expect(timelineA.attempts.length).toBeGreaterThanOrEqual(1);

    // Live events reach the window in batches on the push channel, only while it is seen: the failure
    // happened while it was hidden, so showing it asked for a resync; the retry, seen, came as an event.
    const batches = () => win(s).webContents.sent.filter((m) => m.channel === EVENT_PUSH_CHANNEL).map((m) => EventBatchSchema.parse(m.args[0]));
    await until('a resync batch after the window reappeared', () => batches().some((b) => b.resync));
    await until('the retry pushed live', () => batches().some((b) => b.events.some((e) => e.event_type === 'download.retry_started')));
    expect(batches().some((b) => b.events.some((e) => e.event_type === 'download.failed' && JSON.stringify(e.payload).includes(a.nzoId)))).toBe(false);

    // --- tray Poll now / Retry all failed
    const before = (await ipc<{ lastPollAt: number | null }>(s, 'monitoring.status')).lastPollAt ?? 0;
    const b = model.add({ name: 'Walk.Movie.2024.2160p', category: 'movies', failWith: PROPAGATION });
    tray(s).clickItem('Poll now');
    await until('the second failure', () => notificationTitled(s, 'Download failed: Walk.Movie.2024.2160p'));
    expect((await ipc<{ lastPollAt: number | null }>(s, 'monitoring.status')).lastPollAt ?? 0).toBeGreaterThan(before);
    tray(s).clickItem(/^Retry all failed/);
    await until('Retry all to retry the second job', () => retriedFrom(b.nzoId));

    // --- tray Pause / Resume
    tray(s).clickItem('Pause monitoring');
    await until('monitoring paused', async () => (await ipc<{ paused: boolean }>(s, 'monitoring.status')).paused);
    await until('the tray to offer Resume', () => tray(s).items().some((i) => i.label === 'Resume monitoring'));
    expect(tray(s).items()[0]!.label).toMatch(/\(monitoring paused\)$/);
    tray(s).clickItem('Resume monitoring');
    await until('monitoring resumed', async () => !(await ipc<{ paused: boolean }>(s, 'monitoring.status')).paused);

    // --- a second instance → the first window is shown
    win(s).close();
    expect(win(s).visible).toBe(false);
    s.fake.app.secondInstance(['electron', '.']);
    expect(win(s).visible).toBe(true);
    expect(win(s).focused).toBe(true);

    // --- several failures at once → one digest: it opens Failures and its Retry all retries them
    await ipc(s, 'settings.update', { notifications: { digestThreshold: 1, digestWindowSeconds: 1 } });
    const burst = ['Burst.One', 'Burst.Two', 'Burst.Three'].map((name) => model.add({ name, category: 'tv', failWith: PROPAGATION }));
    tray(s).clickItem('Poll now');
    // The earlier Retry all's replacement completing lands in the same window: one digest for all of it.
    const digest = await until('the digest', () => notificationTitled(s, /^autoarr: /));
    expect(digest.options.body).toMatch(/3 downloads failed/);
    expect(digest.options.actions?.map((x) => x.text)).toEqual(['Retry all', 'Open']);
    digest.click();
    expect(navigations(s).at(-1)).toBe('#/failures');
    digest.press('Retry all');
    await until('the digest Retry all to retry the burst', () => burst.every((j) => retriedFrom(j.nzoId)));
    expect(navigations(s).at(-1)).toBe('#/failures');

    // --- Check for updates (a dev run says why not) and Open logs folder
    tray(s).clickItem('Check for updates…');
    const updates = await until('the update answer', () => notificationTitled(s, 'Updates'));
    expect(updates.options.body).toMatch(/installed copies only/);
    tray(s).clickItem('Open logs folder');
    await until('the logs folder opened', () => s.fake.opened.paths.includes(s.logDir));

    // --- Quit from the tray → the core stops and the database is closed, then the process ends
    tray(s).clickItem('Quit autoarr-tray');
    await until('the process to end', () => s.fake.app.ended);
    expect(core.internals.database.sqlite.open).toBe(false);
    expect(tray(s).destroyed).toBe(true);
    expect(theWindow.destroyed).toBe(true);
    expect(s.fake.windows).toHaveLength(0);
    expect(s.fake.journal.slice(-3)).toEqual(['tray destroyed', 'app.quit', 'process ends']);
    const lines = logText(s);
    expect(lines).toMatch(/\[core\] download\.failed .* Walk\.Show\.S01E01\.1080p/);
    expect(lines).toMatch(/\[core\] core stopped; database closed/);
    expect(lines).toMatch(/\[shell\] stopped/);
  }, 60_000);
});

describe('closing the window on Linux follows the close-to-tray setting', () => {
  it('by default it quits (GNOME may have no tray); with Close to tray on it hides; the core stops on quit', async () => {
    const s = startShell({ platform: 'linux' });
    expect(await s.ready).toBe('started');
    await until('the window to show', () => win(s).visible);
    const core = s.core()!;

    await ipc(s, 'settings.update', { closeToTray: true });
    expect(win(s).close()).toBe(false);
    expect(win(s).visible).toBe(false);
    tray(s).clickItem('Show autoarr-tray');
    expect(win(s).visible).toBe(true);

    await ipc(s, 'settings.update', { closeToTray: false });
    expect(win(s).close()).toBe(true);
    await until('the process to end', () => s.fake.app.ended);
    expect(core.internals.database.sqlite.open).toBe(false);
  }, 30_000);

  it('a desktop without a tray area never hides the window (it could not be found again)', async () => {
    const s = startShell({ platform: 'linux' });
    // The first Tray constructor throws, as on a session with no StatusNotifier host.
    const RealTray = s.fake.facade.Tray;
    (s.fake.facade as { Tray: unknown }).Tray = class {
      constructor() {
        throw new Error('no tray host');
      }
    };
    expect(await s.ready).toBe('started');
    (s.fake.facade as { Tray: unknown }).Tray = RealTray;
    await ipc(s, 'settings.update', { closeToTray: true });
    expect(s.fake.trays).toHaveLength(0);
    expect(win(s).close()).toBe(true);
    await until('the process to end', () => s.fake.app.ended);
  }, 30_000);
});

describe('startup without a core', () => {
  it('a second instance quits at once and builds nothing', async () => {
    let built = 0;
    const s = startShell({
      platform: 'win32',
      lock: false,
      createCore: async () => {
        built++;
        throw new Error('not reached');
      },
    });
    expect(await s.ready).toBe('second-instance');
    expect(s.fake.app.quitCount).toBe(1);
    expect(s.fake.windows).toHaveLength(0);
    expect(built).toBe(0);
  });

  it('a startup failure shows a dialog with the reason and the log file, then exits 1', async () => {
    const s = startShell({
      platform: 'darwin',
      createCore: async () => {
        throw new Error('The database /x/autoarr.db could not be opened (disk I/O error)');
      },
    });
    expect(await s.ready).toBe('failed');
    expect(s.fake.errorBoxes).toHaveLength(1);
    expect(s.fake.errorBoxes[0]!.title).toBe('autoarr-tray could not start');
    expect(s.fake.errorBoxes[0]!.content).toContain('disk I/O error');
    expect(s.fake.errorBoxes[0]!.content).toContain(path.join(s.logDir, 'autoarr-tray.log'));
    expect(s.fake.app.exitCode).toBe(1);
    expect(logText(s)).toMatch(/\[shell\] startup failed: Error: The database/);
  });

  it('a development run without an Electron build of better-sqlite3 says to use npm start, instead of an ABI error', async () => {
    const s = startShell({ platform: 'linux', env: { AUTOARR_SQLITE_BINDING: '' } });
    expect(await s.ready).toBe('failed');
    expect(s.fake.errorBoxes[0]!.content).toMatch(/no better-sqlite3 build for Electron 41\.10\.7 .*npm start/s);
    expect(s.core()).toBeNull();
    expect(existsSync(path.join(s.dataDir, 'autoarr.db'))).toBe(false);
  });
});
