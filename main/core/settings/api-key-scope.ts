// Where a saved API key may go: only to the server (origin) of the address it
// was saved with. Anyone who can call the core (the window, a script in it, a
// holder of the browser-mode token) can name an address; none of them may
// thereby send SABnzbd's, Sonarr's or Radarr's key to it. Two doors, two rules:
// - Test connection with another address uses the key the caller types, never
//   the saved one.
// - Saving another address for a service whose key is saved needs the key in
//   the same save. A person who moves SABnzbd to a new machine types the key
//   once more (the form says so); a page that swaps the address alone gets
//   nothing. Clearing an address is always allowed: the key then goes nowhere.
// Redirects to another origin are refused by the HTTP layer (same-origin-fetch).
import { err, type Err, type Result } from '../../../shared/contract';
import { SECRET_NAMES, type SecretName, type Settings, type SettingsPatch } from '../../../shared/settings';
import { originOf, sameOrigin } from '../http/service-origin';

const LABEL: Record<SecretName, string> = { sabnzbd: 'SABnzbd', sonarr: 'Sonarr', radarr: 'Radarr', nzbget: 'NZBGet' };
const ENV_PREFIX: Record<SecretName, string> = { sabnzbd: 'SABNZBD', sonarr: 'SONARR', radarr: 'RADARR', nzbget: 'NZBGET' };
/** The variable that sets each secret (NZBGet's is a password, not an API key). */
const KEY_VARIABLE: Record<SecretName, string> = { sabnzbd: 'SABNZBD_API_KEY', sonarr: 'SONARR_API_KEY', radarr: 'RADARR_API_KEY', nzbget: 'NZBGET_PASSWORD' };

export interface SavedConnection {
  url: string;
  apiKey: string | null;
}

export interface ConnectionTestRequest {
  /** A service's secret name, or an *arr instance's id. */
  service: SecretName | (string & {});
  /** How to name the server to a person (an instance's name); the service's label when absent. */
  label?: string;
  url?: string | undefined;
  apiKey?: string | undefined;
}

/** The address and key a connection test may use. */
export function connectionTestTarget(req: ConnectionTestRequest, saved: SavedConnection): Result<{ url: string; apiKey: string }> {
  const url = req.url ?? saved.url;
  if (req.apiKey !== undefined && req.apiKey !== '') return { ok: true, value: { url, apiKey: req.apiKey } };
  const savedKey = saved.apiKey ?? '';
  // No key saved: nothing to protect; the test itself says a key is needed.
  if (savedKey === '') return { ok: true, value: { url, apiKey: '' } };
  if (req.url === undefined || sameOrigin(req.url, saved.url)) return { ok: true, value: { url, apiKey: savedKey } };
  const label = req.label ?? LABEL[req.service as SecretName] ?? req.service;
  const target = originOf(url);
  if (target === null) {
    return err('invalid_input', `"${url}" is not a full address — enter ${label}'s, starting with http:// or https://.`);
  }
  const home = originOf(saved.url);
  return err(
    'api_key_required',
    home === null
      ? `No ${label} address is saved, so the saved API key is not sent anywhere. To test ${target}, enter its API key too.`
      : `The saved ${label} API key is only sent to ${home}, the saved address. To test ${target}, enter its API key too.`,
  );
}

export interface KeyHolder {
  /** A key is saved or set by the environment. */
  has(name: SecretName): boolean;
  /** The key comes from an environment variable (the window cannot replace it). */
  fromEnv(name: SecretName): boolean;
}

/**
 * A settings patch that points a service with a key at another server must
 * carry that service's key (or clear it). `before`/`after` are the settings
 * as the app runs them, environment included. Null when the patch may apply.
 */
export function addressChangeWithoutKey(before: Settings, after: Settings, patch: SettingsPatch, keys: KeyHolder): Err | null {
  const problems: string[] = [];
  for (const name of SECRET_NAMES) {
    const to = originOf(after[name].url);
    const from = originOf(before[name].url);
    if (to === null || to === from || !keys.has(name)) continue;
    const label = LABEL[name];
    const env = ENV_PREFIX[name];
    if (keys.fromEnv(name)) {
      problems.push(
        `${name}.url: ${label}'s ${name === 'nzbget' ? 'password' : 'API key'} comes from ${KEY_VARIABLE[name]}, which this window cannot replace; to use ${to}, set ${env}_URL there too, or remove ${KEY_VARIABLE[name]} and enter ${name === 'nzbget' ? 'it' : 'the key'} here.`,
      );
    } else if (patch.apiKeys?.[name] === undefined) {
      problems.push(
        from === null
          ? `apiKeys.${name}: ${label}'s API key was saved without an address; enter it again together with ${to}.`
          : `apiKeys.${name}: ${label}'s address changes from ${from} to ${to}; enter its API key again (the saved key is only sent to ${from}).`,
      );
    }
  }
  return problems.length === 0 ? null : err('api_key_required', problems.join('; '));
}

/** An *arr instance as the scope rule sees it. */
export interface ScopedInstance {
  id: string;
  name: string;
  url: string;
}

/**
 * The same rule for the *arr instances other than the first Sonarr/Radarr
 * (those are the `sonarr`/`radarr` sections above): an instance with a saved
 * key that moves to another server must bring its key in the same save.
 */
export function instanceAddressChangeWithoutKey(
  before: readonly ScopedInstance[],
  after: readonly ScopedInstance[],
  givenKeys: Readonly<Record<string, string>>,
  hasKey: (id: string) => boolean,
): Err | null {
  const problems: string[] = [];
  for (const next of after) {
    const previous = before.find((i) => i.id === next.id);
    const to = originOf(next.url);
    const from = previous ? originOf(previous.url) : null;
    if (to === null || to === from || !hasKey(next.id) || givenKeys[next.id] !== undefined) continue;
    problems.push(
      from === null
        ? `instanceApiKeys.${next.id}: ${next.name}'s API key was saved without an address; enter it again together with ${to}.`
        : `instanceApiKeys.${next.id}: ${next.name}'s address changes from ${from} to ${to}; enter its API key again (the saved key is only sent to ${from}).`,
    );
  }
  return problems.length === 0 ? null : err('api_key_required', problems.join('; '));
}
