import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../../shared/settings';
import { ConnectionChecker } from '../../../main/core/health/connection-checker';
import { ServiceHealthTracker } from '../../../main/core/health/service-health';
import { trayStateOf } from '../../../main/core/health/tray-state';
import type { FakeArr } from '../../fakes/fake-arr-server';
import { startFakeSonarr } from '../../fakes/fake-sonarr';
import { FakeClock } from '../../support/fake-clock';

const fakes: FakeArr[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

/** The one fake Sonarr on loopback, with this API key (401 on any other, as the real app). */
async function fakeSonarr(key: string): Promise<FakeArr> {
  const fake = await startFakeSonarr({ apiKey: key });
  fakes.push(fake);
  return fake;
}

function settingsWith(sonarrUrl: string, radarrUrl: string): Settings {
  const s = defaultSettings();
  s.sonarr.url = sonarrUrl;
  s.radarr.url = radarrUrl;
  return s;
}

describe('ConnectionChecker', () => {
  it('learns each configured *arr health at start, with its version, and says what is wrong', async () => {
    const clock = new FakeClock();
    const sonarr = await fakeSonarr('good');
    const radarr = await fakeSonarr('good'); // a Sonarr where Radarr should be
    const keys: Record<string, string> = { sonarr: 'good', radarr: 'good' };
    const health = new ServiceHealthTracker(clock, (s) => s !== 'sabnzbd');
    const checker = new ConnectionChecker({
      health,
      clock,
      settings: () => settingsWith(sonarr.url, radarr.url),
      apiKey: (s) => keys[s] ?? null,
      isConfigured: (s) => s !== 'sabnzbd',
    });
    await checker.checkNow();
    expect(health.get('sonarr')).toMatchObject({ state: 'ok', version: sonarr.core.flavor.version });
    expect(health.get('radarr').state).toBe('error');
    expect(health.get('radarr').message).toMatch(/Sonarr/);
    expect(health.get('sabnzbd').state).toBe('unconfigured');

    keys.sonarr = 'wrong';
    await checker.checkNow(['sonarr']);
    expect(health.get('sonarr').state).toBe('error');
    expect(health.get('sonarr').message ?? '').toMatch(/key/i);
  });

  it('checks again on its interval', async () => {
    const clock = new FakeClock();
    const sonarr = await fakeSonarr('good');
    let key = 'wrong';
    const health = new ServiceHealthTracker(clock, (s) => s === 'sonarr');
    const checker = new ConnectionChecker({
      health,
      clock,
      settings: () => settingsWith(sonarr.url, ''),
      apiKey: () => key,
      isConfigured: (s) => s === 'sonarr',
      intervalMs: 60_000,
    });
    checker.start();
    await new Promise((r) => setTimeout(r, 200));
    expect(health.get('sonarr').state).toBe('error');
    key = 'good';
    clock.advance(60_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(health.get('sonarr').state).toBe('ok');
    await checker.stop();
  });
});

describe('trayStateOf', () => {
  const ok = { state: 'ok', message: null, checkedAt: 1, version: null } as const;
  it.each([
    ['nothing failed', { failed: 0, retrying: 0, awaiting: 0, dlq: 0 }, ok, false, 'ok', 0, /no failed downloads/],
    ['failures pending', { failed: 2, retrying: 1, awaiting: 0, dlq: 1 }, ok, false, 'failures', 4, /4 failed downloads, 1 needs attention, 1 recovering/],
    ['SABnzbd down wins', { failed: 1, retrying: 0, awaiting: 0, dlq: 0 }, { ...ok, state: 'error', message: 'refused' } as const, false, 'error', 1, /SABnzbd: refused/],
    ['paused is said', { failed: 0, retrying: 0, awaiting: 0, dlq: 0 }, ok, true, 'ok', 0, /monitoring paused/],
  ] as const)('%s', (_name, counts, sabnzbd, paused, state, count, tooltip) => {
    const t = trayStateOf({ counts, sabnzbd, paused });
    expect(t.state).toBe(state);
    expect(t.failedCount).toBe(count);
    expect(t.tooltip).toMatch(tooltip);
  });

  it('names NZBGet when it is the chosen client (down, or not set up yet)', () => {
    const none = { failed: 0, retrying: 0, awaiting: 0, dlq: 0 };
    const down = trayStateOf({ counts: none, sabnzbd: { ...ok, state: 'error', message: 'refused' }, clientName: 'NZBGet', paused: false });
    expect(down.tooltip).toBe('autoarr-tray — NZBGet: refused — no failed downloads');
    const unset = trayStateOf({ counts: none, sabnzbd: { state: 'unconfigured', message: null, checkedAt: null }, clientName: 'NZBGet', paused: false });
    expect(unset.tooltip).toBe('autoarr-tray — NZBGet not set up yet — no failed downloads');
  });
});
