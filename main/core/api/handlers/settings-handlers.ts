// Contract handlers for settings and the app itself: read (never a key),
// update (announces config.applied with the changed keys), test a connection
// with the form's values before they are saved (the saved key only for the
// saved server), and app info.
import { ok, type AppInfo, type ContractHandlers } from '../../../../shared/contract';
import type { Settings } from '../../../../shared/settings';
import type { Clock } from '../../clock';
import type { EventBusPort } from '../../events/event-bus-port';
import type { FetchFn } from '../../sabnzbd/sabnzbd-client';
import { testConnection } from '../../connections/connection-test';
import { connectionTestTarget } from '../../settings/api-key-scope';
import type { SettingsStore } from '../../settings/settings-store';
import type { ServiceHealthTracker } from '../../health/service-health';

type SettingsHandlers = Pick<ContractHandlers, 'settings.get' | 'settings.update' | 'settings.testConnection' | 'app.info'>;

export interface SettingsHandlerDeps {
  settings: SettingsStore;
  bus: EventBusPort;
  clock: Clock;
  health: ServiceHealthTracker;
  fetch?: FetchFn;
  appInfo: () => AppInfo;
  /** Applied after a successful update (retention, clients, health). */
  onApplied: (changedKeys: string[], settings: Settings) => void;
}

export function settingsHandlers(deps: SettingsHandlerDeps): SettingsHandlers {
  return {
    'settings.get': () => ok(deps.settings.view()),
    'settings.update': async (patch) => {
      const r = deps.settings.update(patch);
      if (!r.ok) return r;
      if (r.value.changedKeys.length > 0) {
        deps.onApplied(r.value.changedKeys, r.value.settings);
        await deps.bus.publish('config.applied', { changedKeys: r.value.changedKeys }, { source: 'settings' });
      }
      return ok({ ...deps.settings.view(), changedKeys: r.value.changedKeys });
    },
    'settings.testConnection': async ({ service, url, apiKey }) => {
      const settings = deps.settings.get();
      // The saved key goes only to the saved server; another address needs its key in the request.
      const target = connectionTestTarget({ service, url, apiKey }, { url: settings[service].url, apiKey: deps.settings.apiKey(service) });
      if (!target.ok) return target;
      const r = await testConnection(service, target.value.url, target.value.apiKey, {
        clock: deps.clock,
        timeoutMs: settings.monitoring.requestTimeoutMs,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      });
      // A test of the saved connection also tells the Overview how that service is.
      if (url === undefined && (apiKey === undefined || apiKey === '')) {
        if (r.ok) deps.health.set(service, 'ok', null, r.value.version);
        else if (r.error.code !== 'unconfigured') deps.health.set(service, 'error', r.error.message);
      }
      return r;
    },
    'app.info': () => ok(deps.appInfo()),
  };
}
