// Reach SABnzbd, NZBGet, Sonarr, Radarr, Lidarr or Readarr with a given address and key and say what
// answered: the Settings form's Test connection, and the health checker.
import { err, ok, type ConnectionService, type ConnectionTestResult, type Result } from '../../../shared/contract';
import { ARR_APP_LABEL, type ArrApp } from '../../../shared/domain';
import type { Clock } from '../clock';
import { createLidarrClient } from '../arr/lidarr-client';
import { createRadarrClient } from '../arr/radarr-client';
import { createReadarrClient } from '../arr/readarr-client';
import { createSonarrClient } from '../arr/sonarr-client';
import type { ArrResult } from '../arr/arr-result';
import { SabnzbdClient, type FetchFn } from '../sabnzbd/sabnzbd-client';
import { contractCodeFor } from '../sabnzbd/sabnzbd-error';
import { NzbgetClient } from '../nzbget/nzbget-client';

const DEFAULT_PORT: Record<Exclude<ConnectionService, 'nzbget'>, number> = { sabnzbd: 8080, sonarr: 8989, radarr: 7878, lidarr: 8686, readarr: 8787 };

type StatusOptions = Parameters<typeof createSonarrClient>[0];
/** Each app's /system/status, which also says when the address is another app's. */
const STATUS_OF: Record<ArrApp, (o: StatusOptions) => Promise<ArrResult<{ appName?: string | undefined; version?: string | undefined }>>> = {
  sonarr: (o) => createSonarrClient(o).systemStatus(),
  radarr: (o) => createRadarrClient(o).systemStatus(),
  lidarr: (o) => createLidarrClient(o).systemStatus(),
  readarr: (o) => createReadarrClient(o).systemStatus(),
};

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
  deps: { clock: Clock; fetch?: FetchFn; timeoutMs: number; /** NZBGet's username (`apiKey` is its password). */ username?: string },
): Promise<Result<ConnectionTestResult>> {
  if (service === 'nzbget') return testNzbget(url, deps.username ?? '', apiKey, deps);
  const label = service === 'sabnzbd' ? 'SABnzbd' : ARR_APP_LABEL[service];
  if (url.trim() === '') return err('unconfigured', `Enter ${label}'s address first, e.g. http://192.168.1.10:${DEFAULT_PORT[service]}`);
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
  const status: ArrResult<{ appName?: string; version?: string }> = await STATUS_OF[service](options);
  if (!status.ok && status.error.code === 'not_found') {
    // Something answers there, but has no status at this app's API path: Sonarr/Radarr speak v3, Lidarr/Readarr v1.
    const api = service === 'lidarr' || service === 'readarr' ? 'v1' : 'v3';
    return err('invalid_input', `${url} answers, but not as ${label}: it has no /api/${api}/system/status. Is this another *arr's address (Sonarr and Radarr use API v3, Lidarr and Readarr v1)?`);
  }
  if (!status.ok) return err(ARR_CODE[status.error.code] ?? 'unavailable', status.error.message);
  return ok({
    service,
    appName: status.value.appName ?? label,
    version: status.value.version ?? 'unknown',
    latencyMs: deps.clock.now() - started,
  });
}


/** NZBGet answers every call only with its ControlUsername/ControlPassword, so `version` proves them. */
async function testNzbget(url: string, username: string, password: string, deps: { clock: Clock; fetch?: FetchFn; timeoutMs: number }): Promise<Result<ConnectionTestResult>> {
  if (url.trim() === '') return err('unconfigured', "Enter NZBGet's address first, e.g. http://192.168.1.10:6789");
  const started = deps.clock.now();
  const client = new NzbgetClient({ connection: { url, username, password, timeoutMs: deps.timeoutMs }, ...(deps.fetch ? { fetch: deps.fetch } : {}), clock: deps.clock });
  const version = await client.version();
  if (!version.ok) return err(contractCodeFor(version.error.code), version.error.message);
  return ok({ service: 'nzbget', appName: 'NZBGet', version: version.value, latencyMs: deps.clock.now() - started });
}
