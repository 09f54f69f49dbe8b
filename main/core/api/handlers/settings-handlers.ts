// Contract handlers for settings and the app itself: read (never a key),
// update (announces config.applied with the changed keys), test a connection
// with the form's values before they are saved, and app info.
import { err, ok, type AppInfo, type ContractHandlers, type ConnectionService, type Result, type ConnectionTestResult } from '../../../../shared/contract';
import type { Settings } from '../../../../shared/settings';
import type { Clock } from '../../clock';
import type { EventBusPort } from '../../events/event-bus-port';
import { createRadarrClient } from '../../arr/radarr-client';
import { createSonarrClient } from '../../arr/sonarr-client';
import type { ArrResult } from '../../arr/arr-result';
import { SabnzbdClient, type FetchFn } from '../../sabnzbd/sabnzbd-client';
import { contractCodeFor } from '../../sabnzbd/sabnzbd-error';
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

const ARR_CODE: Record<string, Parameters<typeof err>[0]> = {
  unreachable: 'unavailable',
  timeout: 'timeout',
  bad_api_key: 'bad_api_key',
  not_found: 'not_found',
  malformed: 'unavailable',
  http_error: 'unavailable',
  wrong_app: 'invalid_input',
};

export async function testConnection(
  service: ConnectionService,
  url: string,
  apiKey: string,
  deps: { clock: Clock; fetch?: FetchFn; timeoutMs: number },
): Promise<Result<ConnectionTestResult>> {
  const label = service === 'sabnzbd' ? 'SABnzbd' : service === 'sonarr' ? 'Sonarr' : 'Radarr';
  if (url.trim() === '') return err('unconfigured', `Enter ${label}'s address first, e.g. http://192.168.1.10:${service === 'sabnzbd' ? 8080 : service === 'sonarr' ? 8989 : 7878}`);
  if (apiKey.trim() === '') return err('unconfigured', `Enter ${label}'s API key first (${label} → Settings → General → API Key).`);
  const started = deps.clock.now();
  if (service === 'sabnzbd') {
    const client = new SabnzbdClient({
      connection: { url, apiKey, timeoutMs: deps.timeoutMs },
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      clock: deps.clock,
    });
    const version = await client.version();
    if (!version.ok) return err(contractCodeFor(version.error.code), version.error.message);
    // mode=version answers without a key; the queue does not, so it proves the key.
    const queue = await client.queue();
    if (!queue.ok) return err(contractCodeFor(queue.error.code), queue.error.message);
    return ok({ service, appName: 'SABnzbd', version: version.value, latencyMs: deps.clock.now() - started });
  }
  const options = { baseUrl: url, apiKey, timeoutMs: deps.timeoutMs, clock: deps.clock, ...(deps.fetch ? { fetch: deps.fetch } : {}) };
  const status: ArrResult<{ appName?: string; version?: string }> =
    service === 'sonarr' ? await createSonarrClient(options).systemStatus() : await createRadarrClient(options).systemStatus();
  if (!status.ok) return err(ARR_CODE[status.error.code] ?? 'unavailable', status.error.message);
  return ok({
    service,
    appName: status.value.appName ?? label,
    version: status.value.version ?? 'unknown',
    latencyMs: deps.clock.now() - started,
  });
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
      const useUrl = url ?? settings[service].url;
      const useKey = apiKey && apiKey !== '' ? apiKey : (deps.settings.apiKey(service) ?? '');
      const r = await testConnection(service, useUrl, useKey, {
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
