// Settings actions: save (the answer replaces the cached settings, so every
// view sees the new values at once) and Test connection, whose result stays
// beside the service it concerns.
import type { ConnectionService, In, Result, SettingsUpdateResult } from '../../shared/contract';
import type { SettingsPatch } from '../../shared/settings';
import { formatMs } from '../format/intl-format';
import type { Slice } from './store-deps';

export interface ConnectionTest {
  state: 'pending' | 'ok' | 'error';
  message: string;
}

export interface SettingsSlice {
  connectionTests: Partial<Record<ConnectionService, ConnectionTest>>;
  saveSettings(patch: SettingsPatch): Promise<Result<SettingsUpdateResult>>;
  /** `username`: NZBGet only (its password goes as `apiKey`). */
  testConnection(service: ConnectionService, url?: string, apiKey?: string, username?: string): Promise<void>;
}

export const settingsSlice: Slice<SettingsSlice> = (set, get, deps) => ({
  connectionTests: {},
  async saveSettings(patch) {
    const r = await deps.api['settings.update'](patch);
    if (r.ok) {
      const { changedKeys: _changed, ...view } = r.value;
      deps.queryClient.setQueryData(['settings.get', {}], view);
      void deps.queryClient.invalidateQueries({ queryKey: ['monitoring.status'] });
    }
    return r;
  },
  async testConnection(service, url, apiKey, username) {
    set({ connectionTests: { ...get().connectionTests, [service]: { state: 'pending', message: 'Testing…' } } });
    const input: In<'settings.testConnection'> = { service };
    if (url !== undefined && url.trim() !== '') input.url = url.trim();
    if (apiKey !== undefined && apiKey !== '') input.apiKey = apiKey;
    if (username !== undefined && username.trim() !== '') input.username = username.trim();
    const r = await deps.api['settings.testConnection'](input);
    const result: ConnectionTest = r.ok
      ? { state: 'ok', message: `Connected to ${r.value.appName} ${r.value.version} (${formatMs(Math.round(r.value.latencyMs))})` }
      : { state: 'error', message: r.error.message };
    set({ connectionTests: { ...get().connectionTests, [service]: result } });
  },
});
