import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveBrowserToken } from '../../../main/core/api/browser-token';
import { NUMBER_VARIABLES, readEnvOverrides } from '../../../main/core/settings/env-overrides';
import { numericSetting } from '../../../main/core/settings/setting-ranges';

/** The variables README's Configuration table promises. */
function readmeVariables(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
  const rows = section.split('\n').filter((l) => l.startsWith('| `'));
  return rows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!));
}

type Expect =
  | { kind: 'number'; value: number; warning: RegExp | null }
  | { kind: 'ignored'; warning: RegExp }
  | { kind: 'url'; value: string }
  | { kind: 'secret'; value: string }
  | { kind: 'dataDir'; value: string }
  | { kind: 'port'; value: number }
  | { kind: 'token'; value: string }
  | { kind: 'token-refused'; error: RegExp }
  | { kind: 'patch'; patch: Record<string, unknown>; locked: string[] }
  | { kind: 'instance'; instance: { kind: 'lidarr' | 'readarr'; url: string | null; apiKey: string | null } };

/** For each numeric variable: in range, at and past both bounds, fractions, and things that are no number at all. */
function numberCases(env: string, path: string): [string, string, Expect][] {
  const s = numericSetting(path)!;
  const below = new RegExp(`^${env}=.* is below the allowed range ${s.min}–${s.max}; using ${s.min}$`);
  const above = new RegExp(`^${env}=.* is above the allowed range ${s.min}–${s.max}; using ${s.max}$`);
  return [
    [env, String(s.defaultValue), { kind: 'number', value: s.defaultValue, warning: null }],
    [env, String(s.min), { kind: 'number', value: s.min, warning: null }],
    [env, String(s.max), { kind: 'number', value: s.max, warning: null }],
    [env, String(s.min - 1), { kind: 'number', value: s.min, warning: below }],
    [env, '-3', { kind: 'number', value: s.min, warning: below }],
    [env, String(s.max + 1), { kind: 'number', value: s.max, warning: above }],
    [env, '99999999999999999999', { kind: 'number', value: s.max, warning: above }],
    [env, `${s.min + 1}.4`, { kind: 'number', value: s.min + 1, warning: new RegExp(`^${env}=${s.min + 1}\\.4 is not a whole number; using ${s.min + 1}$`) }],
    [env, ` ${s.max} `, { kind: 'number', value: s.max, warning: null }],
    [env, 'fast', { kind: 'ignored', warning: new RegExp(`^${env}="fast" is not a number; ignored, the value from Settings applies$`) }],
    [env, '1e3', { kind: 'ignored', warning: /is not a number; ignored/ }],
    [env, '0x10', { kind: 'ignored', warning: /is not a number; ignored/ }],
  ];
}

const CASES: [string, string, Expect][] = [
  ...NUMBER_VARIABLES.flatMap((v) => numberCases(v.env, v.path)),
  ...(['SABNZBD', 'SONARR', 'RADARR'] as const).flatMap((p): [string, string, Expect][] => [
    [`${p}_URL`, 'http://192.168.1.10:8080/base', { kind: 'url', value: 'http://192.168.1.10:8080/base' }],
    [`${p}_URL`, 'nas:8080', { kind: 'ignored', warning: new RegExp(`^${p}_URL="nas:8080": Enter a full address.*; ignored, the address from Settings applies$`) }],
    [`${p}_API_KEY`, ' abc123 ', { kind: 'secret', value: 'abc123' }],
  ]),
  ...(['LIDARR', 'READARR'] as const).flatMap((p): [string, string, Expect][] => {
    const kind = p.toLowerCase() as 'lidarr' | 'readarr';
    return [
      [`${p}_URL`, 'http://192.168.1.10:8686/', { kind: 'instance', instance: { kind, url: 'http://192.168.1.10:8686/', apiKey: null } }],
      [`${p}_URL`, 'nas:8686', { kind: 'ignored', warning: new RegExp(`^${p}_URL="nas:8686": Enter a full address.*; ignored, the address from Settings applies$`) }],
      [`${p}_API_KEY`, ' k3y ', { kind: 'instance', instance: { kind, url: null, apiKey: 'k3y' } }],
    ];
  }),
  ['NZBGET_URL', 'http://192.168.1.10:6789', { kind: 'url', value: 'http://192.168.1.10:6789' }],
  ['NZBGET_URL', 'nas:6789', { kind: 'ignored', warning: /^NZBGET_URL="nas:6789": Enter a full address.*; ignored, the address from Settings applies$/ }],
  ['NZBGET_PASSWORD', ' tegbzn6789 ', { kind: 'secret', value: 'tegbzn6789' }],
  ['NZBGET_USERNAME', ' admin ', { kind: 'patch', patch: { nzbget: { username: 'admin' } }, locked: ['nzbget.username'] }],
  ['AUTOARR_DOWNLOAD_CLIENT', 'nzbget', { kind: 'patch', patch: { downloadClient: 'nzbget' }, locked: ['downloadClient'] }],
  ['AUTOARR_DOWNLOAD_CLIENT', 'deluge', { kind: 'ignored', warning: /^AUTOARR_DOWNLOAD_CLIENT="deluge" is neither sabnzbd nor nzbget; ignored/ }],
  ['AUTOARR_DATA_DIR', '/srv/autoarr', { kind: 'dataDir', value: '/srv/autoarr' }],
  ['AUTOARR_PORT', '8765', { kind: 'port', value: 8765 }],
  ['AUTOARR_PORT', '70000', { kind: 'ignored', warning: /^AUTOARR_PORT="70000" is not a port number \(1–65535\); ignored, browser mode uses its default port$/ }],
  ['AUTOARR_PORT', '0', { kind: 'ignored', warning: /AUTOARR_PORT="0" is not a port number/ }],
  ['AUTOARR_PORT', 'http', { kind: 'ignored', warning: /AUTOARR_PORT="http"/ }],
  ['AUTOARR_TOKEN', 'a-token-of-sixteen-or-more', { kind: 'token', value: 'a-token-of-sixteen-or-more' }],
  // A token cannot be "brought into range": too short stops browser mode with the reason.
  ['AUTOARR_TOKEN', 'short', { kind: 'token-refused', error: /AUTOARR_TOKEN must be at least 16 characters/ }],
];

describe('every environment variable', () => {
  it('README’s Configuration table lists exactly the variables tested here', () => {
    expect(new Set(readmeVariables())).toEqual(new Set(CASES.map(([name]) => name)));
  });

  it('README states each number’s allowed range', () => {
    const readme = readFileSync('README.md', 'utf8').replace(/\s+/g, ' ');
    for (const v of NUMBER_VARIABLES) {
      const s = numericSetting(v.path)!;
      expect(readme).toContain(`\`${v.env}\` ${s.min}–${s.max}`);
    }
  });

  it.each(CASES)('%s=%j', (name, value, expected) => {
    const r = readEnvOverrides({ [name]: value });
    switch (expected.kind) {
      case 'number': {
        const path = NUMBER_VARIABLES.find((v) => v.env === name)!.path;
        const [section, key] = path.split('.') as ['monitoring' | 'activity', string];
        expect(r.patch).toEqual({ [section]: { [key]: expected.value } });
        expect(r.lockedKeys).toEqual([path]);
        if (expected.warning) {
          expect(r.errors).toHaveLength(1);
          expect(r.errors[0]).toMatch(expected.warning);
        } else expect(r.errors).toEqual([]);
        break;
      }
      case 'ignored':
        expect(r.patch).toEqual({});
        expect(r.lockedKeys).toEqual([]);
        expect(r.port).toBeNull();
        expect(r.errors).toHaveLength(1);
        expect(r.errors[0]).toMatch(expected.warning);
        break;
      case 'url': {
        const service = name.replace('_URL', '').toLowerCase();
        expect(r.patch).toEqual({ [service]: { url: expected.value } });
        expect(r.lockedKeys).toEqual([`${service}.url`]);
        expect(r.errors).toEqual([]);
        break;
      }
      case 'secret': {
        const service = name.replace(/_API_KEY$|_PASSWORD$/, '').toLowerCase();
        expect(r.secrets).toEqual({ [service]: expected.value });
        expect(r.lockedKeys).toEqual([`apiKeys.${service}`]);
        expect(JSON.stringify(r.patch)).not.toContain(expected.value);
        expect(r.errors).toEqual([]);
        break;
      }
      case 'instance':
        // For the first instance of the kind in the list (arr-instance-env.ts); never in the patch.
        expect(r.arrInstances).toEqual([expected.instance]);
        expect(r.patch).toEqual({});
        expect(r.secrets).toEqual({});
        expect(r.errors).toEqual([]);
        break;
      case 'patch':
        expect(r.patch).toEqual(expected.patch);
        expect(r.lockedKeys).toEqual(expected.locked);
        expect(r.errors).toEqual([]);
        break;
      case 'dataDir':
        expect(r.dataDir).toBe(expected.value);
        expect(r.errors).toEqual([]);
        break;
      case 'port':
        expect(r.port).toBe(expected.value);
        expect(r.errors).toEqual([]);
        break;
      case 'token':
        expect(resolveBrowserToken({ env: { [name]: value }, dataDir: '/nonexistent' }).token).toBe(expected.value);
        break;
      case 'token-refused':
        expect(() => resolveBrowserToken({ env: { [name]: value }, dataDir: '/nonexistent' })).toThrow(expected.error);
        break;
    }
  });
});

describe('readEnvOverrides', () => {
  it.each([
    ['nothing set', {}, {}, []],
    ['empty strings count as unset', { MONITORING_POLL_INTERVAL: '', SONARR_URL: '  ' }, {}, []],
    [
      'all numbers',
      { MONITORING_MAX_RETRIES: '5', MONITORING_BASE_BACKOFF: '30', ACTIVITY_LOG_RETENTION_DAYS: '7', EVENT_BUS_HISTORY_SIZE: '500' },
      { monitoring: { maxRetries: 5, baseBackoffSeconds: 30 }, activity: { retentionDays: 7, eventBusHistorySize: 500 } },
      ['monitoring.maxRetries', 'monitoring.baseBackoffSeconds', 'activity.retentionDays', 'activity.eventBusHistorySize'],
    ],
  ])('%s', (_name, env, patch, locked) => {
    const r = readEnvOverrides(env);
    expect(r.patch).toEqual(patch);
    expect(r.lockedKeys).toEqual(locked);
    expect(r.errors).toEqual([]);
  });

  it('MONITORING_POLL_INTERVAL=1 polls every 5 s (the fastest allowed), saying so once — not every 120 s', () => {
    const r = readEnvOverrides({ MONITORING_POLL_INTERVAL: '1' });
    expect(r.patch).toEqual({ monitoring: { pollIntervalSeconds: 5 } });
    expect(r.errors).toEqual(['MONITORING_POLL_INTERVAL=1 is below the allowed range 5–86400; using 5']);
  });

  it('several problems: one line each, the good values still apply', () => {
    const r = readEnvOverrides({ MONITORING_POLL_INTERVAL: '1', MONITORING_MAX_RETRIES: '50', EVENT_BUS_HISTORY_SIZE: 'lots', RADARR_URL: 'http://r:7878' });
    expect(r.patch).toEqual({ monitoring: { pollIntervalSeconds: 5, maxRetries: 10 }, radarr: { url: 'http://r:7878' } });
    expect(r.errors).toHaveLength(3);
  });

  it('keys go to secrets, data dir and port are read', () => {
    const r = readEnvOverrides({
      SABNZBD_API_KEY: ' abc ',
      SONARR_API_KEY: 'def',
      RADARR_API_KEY: 'ghi',
      AUTOARR_DATA_DIR: '/srv/autoarr',
      AUTOARR_PORT: '8765',
    });
    expect(r.secrets).toEqual({ sabnzbd: 'abc', sonarr: 'def', radarr: 'ghi' });
    expect(r.lockedKeys).toEqual(['apiKeys.sabnzbd', 'apiKeys.sonarr', 'apiKeys.radarr']);
    expect(r.dataDir).toBe('/srv/autoarr');
    expect(r.port).toBe(8765);
    expect(JSON.stringify(r.patch)).not.toContain('abc');
  });

  it('NZBGet: address, username and password (a secret, never in the patch), and the download client chosen', () => {
    const r = readEnvOverrides({
      NZBGET_URL: 'http://nas:6789',
      NZBGET_USERNAME: 'nzbget',
      NZBGET_PASSWORD: ' tegbzn6789 ',
      AUTOARR_DOWNLOAD_CLIENT: 'NZBGet',
    });
    expect(r.patch).toEqual({ nzbget: { url: 'http://nas:6789', username: 'nzbget' }, downloadClient: 'nzbget' });
    expect(r.secrets).toEqual({ nzbget: 'tegbzn6789' });
    expect(r.lockedKeys).toEqual(['nzbget.url', 'apiKeys.nzbget', 'nzbget.username', 'downloadClient']);
    expect(JSON.stringify(r.patch)).not.toContain('tegbzn6789');
    expect(readEnvOverrides({ AUTOARR_DOWNLOAD_CLIENT: 'deluge' }).errors).toEqual([
      'AUTOARR_DOWNLOAD_CLIENT="deluge" is neither sabnzbd nor nzbget; ignored, the download client from Settings applies',
    ]);
  });
});
