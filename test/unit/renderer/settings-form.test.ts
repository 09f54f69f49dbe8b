// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { formFromSettings, validateSettingsForm } from '../../../renderer/settings/settings-form';
import { defaultSettings } from '../../../shared/settings';
import type { SettingsView } from '../../../shared/contract';

const view: SettingsView = { settings: defaultSettings(), hasApiKey: { sabnzbd: true, sonarr: false, radarr: false }, lockedByEnv: [], secretStorage: 'memory' };

describe('settings form validation', () => {
  it('accepts the defaults and sends no API key it was not given', () => {
    const r = validateSettingsForm(formFromSettings(view), view.settings);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.patch.apiKeys).toBeUndefined();
      expect(r.patch.monitoring?.pollIntervalSeconds).toBe(120);
      expect(r.patch.categoryMap).toEqual({ tv: 'sonarr', movies: 'radarr' });
    }
  });

  it('puts plain-language messages on the right fields', () => {
    const form = formFromSettings(view);
    form.services.sabnzbd.url = 'localhost:8080';
    form.numbers['monitoring.pollIntervalSeconds'] = '2';
    form.numbers['monitoring.maxRetries'] = 'three';
    form.numbers['monitoring.baseBackoffSeconds'] = '0';
    form.numbers['activity.retentionDays'] = '';
    form.categoryMap.push({ category: 'tv', app: 'radarr' }, { category: ' ', app: 'sonarr' });
    const r = validateSettingsForm(form, view.settings);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      'sabnzbd.url': 'Enter a full address starting with http:// or https://, e.g. http://192.168.1.10:8080',
      'monitoring.pollIntervalSeconds': 'Poll at most every 5 seconds',
      'monitoring.maxRetries': 'Enter a whole number, e.g. 120',
      'monitoring.baseBackoffSeconds': 'Must be at least 1',
      'activity.retentionDays': 'Enter a number',
      'categoryMap.2': '"tv" is listed twice',
      'categoryMap.3': 'Enter the SABnzbd category name',
    });
  });

  it('sends typed API keys and leaves out settings fixed by the environment', () => {
    const form = formFromSettings({ ...view, lockedByEnv: ['monitoring.pollIntervalSeconds', 'sonarr.url'] });
    form.services.sonarr.apiKey = 'k-123';
    form.numbers['monitoring.maxRetries'] = '5';
    const r = validateSettingsForm(form, view.settings, ['monitoring.pollIntervalSeconds', 'sonarr.url']);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.patch.apiKeys).toEqual({ sonarr: 'k-123' });
    expect(r.patch.monitoring).toEqual({ maxRetries: 5, baseBackoffSeconds: 300, replacementDeadlineHours: 6 });
    expect(r.patch.sonarr).toEqual({ enabled: true });
  });
});
