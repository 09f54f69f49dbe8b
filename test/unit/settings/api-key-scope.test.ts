import { describe, expect, it } from 'vitest';
import { addressChangeWithoutKey, connectionTestTarget, type KeyHolder } from '../../../main/core/settings/api-key-scope';
import { defaultSettings, type SecretName, type Settings, type SettingsPatch } from '../../../shared/settings';

const SAVED = { url: 'http://nas:8989/sonarr', apiKey: 'saved-key' };

describe('connectionTestTarget', () => {
  it.each([
    ['the saved connection', {}, { url: SAVED.url, apiKey: 'saved-key' }],
    ['the saved address again', { url: 'http://nas:8989/sonarr' }, { url: 'http://nas:8989/sonarr', apiKey: 'saved-key' }],
    ['trailing slash', { url: 'http://nas:8989/sonarr/' }, { url: 'http://nas:8989/sonarr/', apiKey: 'saved-key' }],
    ['case', { url: 'HTTP://NAS:8989/sonarr' }, { url: 'HTTP://NAS:8989/sonarr', apiKey: 'saved-key' }],
    ['another base path on the same server', { url: 'http://nas:8989' }, { url: 'http://nas:8989', apiKey: 'saved-key' }],
    ['another address with its key', { url: 'http://other:8989', apiKey: 'typed' }, { url: 'http://other:8989', apiKey: 'typed' }],
    ['the saved address with a typed key', { apiKey: 'typed' }, { url: SAVED.url, apiKey: 'typed' }],
  ])('%s', (_name, req, expected) => {
    expect(connectionTestTarget({ service: 'sonarr', ...req }, SAVED)).toEqual({ ok: true, value: expected });
  });

  it('default ports: http://nas:80 is http://nas', () => {
    const r = connectionTestTarget({ service: 'sabnzbd', url: 'http://nas/sabnzbd' }, { url: 'http://NAS:80/', apiKey: 'k' });
    expect(r).toEqual({ ok: true, value: { url: 'http://nas/sabnzbd', apiKey: 'k' } });
  });

  it.each([
    ['another host', 'http://other:8989'],
    ['another port', 'http://nas:8990/sonarr'],
    ['https instead of http', 'https://nas:8989/sonarr'],
    ['userinfo that looks like the saved host', 'http://nas:8989@other/sonarr'],
    ['a fragment that looks like the saved host', 'http://other#@nas:8989'],
  ])('%s without a key: api_key_required, naming both addresses', (_name, url) => {
    const r = connectionTestTarget({ service: 'sonarr', url }, SAVED);
    expect(r.ok).toBe(false);
    expect(r.ok ? null : r.error.code).toBe('api_key_required');
    expect(r.ok ? '' : r.error.message).toMatch(/The saved Sonarr API key is only sent to http:\/\/nas:8989, the saved address\. To test .+, enter its API key too\./);
  });

  it('an empty typed key counts as none', () => {
    expect(connectionTestTarget({ service: 'radarr', url: 'http://other', apiKey: '' }, SAVED).ok).toBe(false);
  });

  it('an unusable address gets no saved key and a plain message', () => {
    const r = connectionTestTarget({ service: 'sabnzbd', url: 'http:' }, SAVED);
    expect(r).toEqual({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/not a full address/) } });
  });

  it('no saved address: the saved key goes nowhere', () => {
    const r = connectionTestTarget({ service: 'radarr', url: 'http://other:7878' }, { url: '', apiKey: 'k' });
    expect(r.ok ? null : r.error.message).toMatch(/No Radarr address is saved/);
  });

  it('no saved key: nothing to protect, the test itself asks for a key', () => {
    expect(connectionTestTarget({ service: 'radarr', url: 'http://other:7878' }, { url: 'http://nas:7878', apiKey: null })).toEqual({
      ok: true,
      value: { url: 'http://other:7878', apiKey: '' },
    });
  });
});

function settingsWith(urls: Partial<Record<SecretName, string>>): Settings {
  const s = defaultSettings();
  for (const [name, url] of Object.entries(urls) as [SecretName, string][]) Object.assign(s[name], { url });
  return s;
}
const keys = (has: SecretName[], fromEnv: SecretName[] = []): KeyHolder => ({ has: (n) => has.includes(n), fromEnv: (n) => fromEnv.includes(n) });

describe('addressChangeWithoutKey', () => {
  const before = settingsWith({ sabnzbd: 'http://nas:8080', sonarr: 'http://nas:8989', radarr: '' });
  it.each<[string, Partial<Record<SecretName, string>>, SettingsPatch, KeyHolder, RegExp | null]>([
    ['nothing moves', {}, {}, keys(['sabnzbd', 'sonarr']), null],
    ['same server, other spelling', { sabnzbd: 'HTTP://NAS:8080/sabnzbd/' }, {}, keys(['sabnzbd']), null],
    ['moves with its key', { sonarr: 'http://new:8989' }, { apiKeys: { sonarr: 'k2' } }, keys(['sonarr']), null],
    ['moves and clears its key', { sonarr: 'http://new:8989' }, { apiKeys: { sonarr: '' } }, keys(['sonarr']), null],
    ['moves without a saved key', { sonarr: 'http://new:8989' }, {}, keys([]), null],
    ['address cleared', { sonarr: '' }, {}, keys(['sonarr']), null],
    ['moves without its key', { sonarr: 'http://new:8989' }, {}, keys(['sonarr']), /^apiKeys\.sonarr: Sonarr's address changes from http:\/\/nas:8989 to http:\/\/new:8989; enter its API key again \(the saved key is only sent to http:\/\/nas:8989\)\.$/],
    ['another key does not count', { sonarr: 'http://new:8989' }, { apiKeys: { radarr: 'x' } }, keys(['sonarr']), /apiKeys\.sonarr/],
    ['http to https', { sabnzbd: 'https://nas:8080' }, {}, keys(['sabnzbd']), /apiKeys\.sabnzbd: SABnzbd's address changes from http:\/\/nas:8080 to https:\/\/nas:8080/],
    ['first address for a key saved alone', { radarr: 'http://nas:7878' }, {}, keys(['radarr']), /^apiKeys\.radarr: Radarr's API key was saved without an address; enter it again together with http:\/\/nas:7878\.$/],
    ['key from the environment', { sonarr: 'http://new:8989' }, { apiKeys: { sonarr: 'k2' } }, keys(['sonarr'], ['sonarr']), /^sonarr\.url: Sonarr's API key comes from SONARR_API_KEY.*set SONARR_URL there too/],
    ['two at once', { sabnzbd: 'http://a:1', sonarr: 'http://b:2' }, {}, keys(['sabnzbd', 'sonarr']), /apiKeys\.sabnzbd: .*; apiKeys\.sonarr: /],
  ])('%s', (_name, urls, patch, holder, message) => {
    const r = addressChangeWithoutKey(before, settingsWith({ ...{ sabnzbd: 'http://nas:8080', sonarr: 'http://nas:8989', radarr: '' }, ...urls }), patch, holder);
    if (message === null) expect(r).toBeNull();
    else {
      expect(r?.error.code).toBe('api_key_required');
      expect(r?.error.message).toMatch(message);
    }
  });
});
