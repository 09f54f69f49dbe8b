// Reach SABnzbd, NZBGet, Sonarr or Radarr with a given address and key and say what
// answered: the Settings form's Test connection, and the health checker.
import { err, ok, type ConnectionService, type ConnectionTestResult, type Result } from '../../../shared/contract';
import type { Clock } from '../clock';
import { createRadarrClient } from '../arr/radarr-client';
import { createSonarrClient } from '../arr/sonarr-client';
import type { ArrResult } from '../arr/arr-result';
import { SabnzbdClient, type FetchFn } from '../sabnzbd/sabnzbd-client';
import { contractCodeFor } from '../sabnzbd/sabnzbd-error';
import { NzbgetClient } from '../nzbget/nzbget-client';

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


/** NZBGet answers every call only with its ControlUsername/ControlPassword, so `version` proves them. */
async function testNzbget(url: string, username: string, password: string, deps: { clock: Clock; fetch?: FetchFn; timeoutMs: number }): Promise<Result<ConnectionTestResult>> {
  if (url.trim() === '') return err('unconfigured', "Enter NZBGet's address first, e.g. http://192.168.1.10:6789");
  const started = deps.clock.now();
  const client = new NzbgetClient({ connection: { url, username, password, timeoutMs: deps.timeoutMs }, ...(deps.fetch ? { fetch: deps.fetch } : {}), clock: deps.clock });
  const version = await client.version();
  if (!version.ok) return err(contractCodeFor(version.error.code), version.error.message);
  return ok({ service: 'nzbget', appName: 'NZBGet', version: version.value, latencyMs: deps.clock.now() - started });
}
