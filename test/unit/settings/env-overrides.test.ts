import { describe, expect, it } from 'vitest';
import { readEnvOverrides } from '../../../main/core/settings/env-overrides';

describe('readEnvOverrides', () => {
  it.each([
    ['nothing set', {}, {}, []],
    ['empty strings count as unset', { MONITORING_POLL_INTERVAL: '', SONARR_URL: '  ' }, {}, []],
    ['poll interval', { MONITORING_POLL_INTERVAL: '60' }, { monitoring: { pollIntervalSeconds: 60 } }, ['monitoring.pollIntervalSeconds']],
    [
      'all numbers',
      { MONITORING_MAX_RETRIES: '5', MONITORING_BASE_BACKOFF: '30', ACTIVITY_LOG_RETENTION_DAYS: '7', EVENT_BUS_HISTORY_SIZE: '500' },
      { monitoring: { maxRetries: 5, baseBackoffSeconds: 30 }, activity: { retentionDays: 7, eventBusHistorySize: 500 } },
      ['monitoring.maxRetries', 'monitoring.baseBackoffSeconds', 'activity.retentionDays', 'activity.eventBusHistorySize'],
    ],
    [
      'service URLs',
      { SABNZBD_URL: 'http://127.0.0.1:8080', RADARR_URL: 'https://radarr.lan' },
      { sabnzbd: { url: 'http://127.0.0.1:8080' }, radarr: { url: 'https://radarr.lan' } },
      ['sabnzbd.url', 'radarr.url'],
    ],
  ])('%s', (_name, env, patch, locked) => {
    const r = readEnvOverrides(env);
    expect(r.patch).toEqual(patch);
    expect(r.lockedKeys).toEqual(locked);
    expect(r.errors).toEqual([]);
  });

  it.each([
    ['MONITORING_POLL_INTERVAL', 'fast', /MONITORING_POLL_INTERVAL="fast" is not a whole number/],
    ['MONITORING_POLL_INTERVAL', '2.5', /not a whole number/],
    ['MONITORING_POLL_INTERVAL', '1', /MONITORING_POLL_INTERVAL=1: Poll at most every 5 seconds/],
    ['MONITORING_MAX_RETRIES', '0', /MONITORING_MAX_RETRIES=0: At least one attempt/],
    ['MONITORING_MAX_RETRIES', '11', /At most 10 attempts/],
    ['ACTIVITY_LOG_RETENTION_DAYS', '-3', /ACTIVITY_LOG_RETENTION_DAYS=-3/],
    ['EVENT_BUS_HISTORY_SIZE', '1e3', /not a whole number/],
    ['SONARR_URL', 'sonarr:8989', /SONARR_URL="sonarr:8989": Enter a full address/],
    ['AUTOARR_PORT', '70000', /AUTOARR_PORT="70000" is not a port number/],
    ['AUTOARR_PORT', 'http', /AUTOARR_PORT/],
  ])('%s=%s is reported and ignored', (name, value, message) => {
    const r = readEnvOverrides({ [name]: value });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(message);
    expect(r.patch).toEqual({});
    expect(r.port).toBeNull();
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
});
