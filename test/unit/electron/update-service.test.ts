// Auto-update: when it checks by itself, and what a person asking hears.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { updatePlan, FIRST_CHECK_DELAY_MS, CHECK_INTERVAL_MS } from '../../../main/electron/update-policy';
import { UpdateService, type UpdaterLike } from '../../../main/electron/update-service';

describe('updatePlan', () => {
  it.each([
    [{ isPackaged: false, hasUpdateConfig: true, env: {} }, /installed copies only/],
    [{ isPackaged: true, hasUpdateConfig: false, env: {} }, /no update source/],
    [{ isPackaged: true, hasUpdateConfig: true, env: { AUTOARR_DISABLE_UPDATES: '1' } }, /turned off/],
    [{ isPackaged: true, hasUpdateConfig: true, env: { AUTOARR_DISABLE_UPDATES: '0' } }, null],
    [{ isPackaged: true, hasUpdateConfig: true, env: {} }, null],
  ])('%j', (input, reason) => {
    const plan = updatePlan(input);
    if (reason === null) expect(plan).toEqual({ enabled: true });
    else expect(plan.enabled === false && plan.reason).toMatch(reason);
  });
});

class FakeUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  logger = null;
  checks = 0;
  answer: 'none' | 'available' | 'error' = 'none';
  async checkForUpdates() {
    this.checks++;
    if (this.answer === 'none') this.emit('update-not-available', { version: '0.1.0' });
    if (this.answer === 'available') this.emit('update-available', { version: '0.2.0' });
    if (this.answer === 'error') this.emit('error', new Error('net::ERR_NAME_NOT_RESOLVED'));
    return null;
  }
}

function setup(enabled: boolean) {
  const updater = new FakeUpdater();
  const told: string[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  let loads = 0;
  const service = new UpdateService({
    plan: enabled ? { enabled: true } : { enabled: false, reason: 'Updates are checked by installed copies only.' },
    loadUpdater: async () => {
      loads++;
      return updater as unknown as UpdaterLike;
    },
    currentVersion: '0.1.0',
    tell: (title, body) => void told.push(`${title}: ${body}`),
    log: { info: () => {}, warn: () => {}, error: () => {} },
    setTimer: (fn, ms) => {
      timers.push({ fn, ms });
      return {};
    },
    clearTimer: () => {},
  });
  return { updater, told, timers, service, loads: () => loads };
}

describe('UpdateService', () => {
  it('never checks by itself when the plan says no, and says why when asked', async () => {
    const s = setup(false);
    s.service.start();
    expect(s.timers).toEqual([]);
    await s.service.checkNow();
    expect(s.told).toEqual(['Updates: Updates are checked by installed copies only.']);
    expect(s.loads()).toBe(0);
  });

  it('checks a minute after start, then every six hours; quietly unless something was found', async () => {
    const s = setup(true);
    s.service.start();
    expect(s.timers.map((t) => t.ms)).toEqual([FIRST_CHECK_DELAY_MS]);
    s.timers[0]!.fn();
    await new Promise((r) => setTimeout(r, 0));
    expect(s.updater.checks).toBe(1);
    expect(s.updater.autoDownload && s.updater.autoInstallOnAppQuit).toBe(true);
    expect(s.told).toEqual([]);
    expect(s.timers.map((t) => t.ms)).toEqual([FIRST_CHECK_DELAY_MS, CHECK_INTERVAL_MS]);
    s.updater.emit('update-downloaded', { version: '0.2.0' });
    expect(s.told).toEqual(['Update ready: Version 0.2.0 installs when you quit autoarr-tray.']);
  });

  it('a check a person asks for always answers: up to date, available, or the error', async () => {
    const s = setup(true);
    await s.service.checkNow();
    s.updater.answer = 'available';
    await s.service.checkNow();
    s.updater.answer = 'error';
    await s.service.checkNow();
    expect(s.told).toEqual([
      'autoarr-tray is up to date: Version 0.1.0 is the latest.',
      'Update available: Version 0.2.0 is downloading; it installs when you quit autoarr-tray.',
      'Could not check for updates: net::ERR_NAME_NOT_RESOLVED',
    ]);
  });
});
