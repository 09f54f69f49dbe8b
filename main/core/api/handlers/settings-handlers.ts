// Contract handlers for settings and the app itself: read (never a key),
// update (announces config.applied with the changed keys), test a connection
// with the form's values before they are saved (the saved key only for the
// saved server), and app info.
import { err, ok, type AppInfo, type ContractHandlers } from '../../../../shared/contract';
import { ARR_KIND_LABEL, ArrInstanceSchema, type Settings } from '../../../../shared/settings';
import type { Clock } from '../../clock';
import type { EventBusPort } from '../../events/event-bus-port';
import type { FetchFn } from '../../sabnzbd/sabnzbd-client';
import { testConnection } from '../../connections/connection-test';
import { connectionTestTarget } from '../../settings/api-key-scope';
import type { SettingsStore } from '../../settings/settings-store';
import type { ServiceHealthTracker } from '../../health/service-health';
import type { InstanceHealth } from '../../health/instance-health';

type SettingsHandlers = Pick<ContractHandlers, 'settings.get' | 'settings.update' | 'settings.testConnection' | 'app.info'>;

export interface SettingsHandlerDeps {
  settings: SettingsStore;
  bus: EventBusPort;
  clock: Clock;
  health: ServiceHealthTracker;
  /** Where a test of a saved *arr instance is told (absent: only the services' health). */
  instanceHealth?: InstanceHealth;
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
    'settings.testConnection': async ({ service, instanceId: asked, url, apiKey, username }) => {
      const settings = deps.settings.get();
      // Lidarr and Readarr have no section of their own: without an instance named, their first one is meant.
      const instanceId =
        asked ?? (service === 'lidarr' || service === 'readarr' ? (settings.arrInstances.find((i) => i.kind === service)?.id ?? service) : undefined);
      if (instanceId !== undefined) {
        if (!ArrInstanceSchema.shape.id.safeParse(instanceId).success) return err('invalid_input', `"${instanceId}" is not an instance id`);
        const saved = settings.arrInstances.find((i) => i.id === instanceId);
        const kind = saved?.kind ?? service;
        if (kind === 'sabnzbd' || kind === 'nzbget') {
          const label = kind === 'sabnzbd' ? 'SABnzbd' : 'NZBGet';
          return err('invalid_input', `${label} is not an *arr instance: test it without an instance id.`);
        }
        // The saved key goes only to the saved instance's server; a new instance or another address needs the key typed.
        const target = connectionTestTarget(
          { service: instanceId, label: saved?.name ?? ARR_KIND_LABEL[kind], url, apiKey },
          { url: saved?.url ?? '', apiKey: saved ? deps.settings.instanceApiKey(instanceId) : null },
        );
        if (!target.ok) return target;
        const r = await testConnection(kind, target.value.url, target.value.apiKey, {
          clock: deps.clock,
          timeoutMs: settings.monitoring.requestTimeoutMs,
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
        });
        if (saved && url === undefined && (apiKey === undefined || apiKey === '')) {
          if (r.ok) deps.instanceHealth?.set(instanceId, 'ok', null, r.value.version);
          else if (r.error.code !== 'unconfigured') deps.instanceHealth?.set(instanceId, 'error', r.error.message);
        }
        return r;
      }
      // (Lidarr/Readarr always went the instance way above; this narrows the type.)
      if (service === 'lidarr' || service === 'readarr') return err('invalid_input', `${ARR_KIND_LABEL[service]} is tested as an instance.`);
      // The saved key goes only to the saved server; another address needs its key in the request.
      const target = connectionTestTarget({ service, url, apiKey }, { url: settings[service].url, apiKey: deps.settings.apiKey(service) });
      if (!target.ok) return target;
      const r = await testConnection(service, target.value.url, target.value.apiKey, {
        clock: deps.clock,
        timeoutMs: settings.monitoring.requestTimeoutMs,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        username: username ?? settings.nzbget.username,
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
