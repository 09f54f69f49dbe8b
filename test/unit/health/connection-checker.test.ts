import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../../shared/settings';
import { ConnectionChecker } from '../../../main/core/health/connection-checker';
import { ServiceHealthTracker } from '../../../main/core/health/service-health';
import { trayStateOf } from '../../../main/core/health/tray-state';
import { FakeClock } from '../../support/fake-clock';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A loopback stand-in answering system/status like Sonarr, and 401 on a wrong key. */
async function sonarrLike(appName: string, key: string): Promise<string> {
  const server = createServer((req, res) => {
    if (req.headers['x-api-key'] !== key) {
      res.writeHead(401).end();
      return;
    }
    if (req.url?.startsWith('/api/v3/system/status')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ appName, version: '4.0.19.2794' }));
      return;
    }
    res.writeHead(404).end();
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
    const sonarr = await sonarrLike('Sonarr', 'good');
    const radarr = await sonarrLike('Sonarr', 'good'); // a Sonarr where Radarr should be
    const keys: Record<string, string> = { sonarr: 'good', radarr: 'good' };
    const health = new ServiceHealthTracker(clock, (s) => s !== 'sabnzbd');
    const checker = new ConnectionChecker({
      health,
      clock,
      settings: () => settingsWith(sonarr, radarr),
      apiKey: (s) => keys[s] ?? null,
      isConfigured: (s) => s !== 'sabnzbd',
    });
    await checker.checkNow();
    expect(health.get('sonarr')).toMatchObject({ state: 'ok', version: '4.0.19.2794' });
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
    const sonarr = await sonarrLike('Sonarr', 'good');
    let key = 'wrong';
    const health = new ServiceHealthTracker(clock, (s) => s === 'sonarr');
    const checker = new ConnectionChecker({
      health,
      clock,
      settings: () => settingsWith(sonarr, ''),
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
