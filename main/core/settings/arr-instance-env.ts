// LIDARR_URL / LIDARR_API_KEY and READARR_URL / READARR_API_KEY: the
// environment's say over the first Lidarr and first Readarr of the instance
// list, as SONARR_* and RADARR_* have over the first Sonarr and Radarr (whose
// addresses live in sections of their own, env-overrides.ts). Lidarr and
// Readarr have only the list, so the override is applied to the list: the
// first instance of the kind takes the address (and key), and with none yet an
// instance is added for it — a headless install can be set up from its
// environment alone. Pure: the settings store applies it on every read.
import { ARR_KIND_LABEL, type ArrInstance, type Settings, newInstanceId } from '../../../shared/settings';

export const ENV_INSTANCE_KINDS = ['lidarr', 'readarr'] as const;
export type EnvInstanceKind = (typeof ENV_INSTANCE_KINDS)[number];

export interface EnvArrInstance {
  kind: EnvInstanceKind;
  /** The address from `<KIND>_URL`, already checked; null when unset. */
  url: string | null;
  /** `<KIND>_API_KEY`; null when unset. */
  apiKey: string | null;
}

/** The environment variables' prefix for a kind. */
export const ENV_PREFIX: Record<EnvInstanceKind, string> = { lidarr: 'LIDARR', readarr: 'READARR' };

/** The list with the environment's addresses in place (an instance added for an address with none of its kind). */
export function applyEnvInstances(settings: Settings, env: readonly EnvArrInstance[]): Settings {
  let list: ArrInstance[] = settings.arrInstances;
  for (const e of env) {
    if (e.url === null) continue;
    const at = list.findIndex((i) => i.kind === e.kind);
    if (at >= 0) list = list.map((i, n) => (n === at ? { ...i, url: e.url as string, enabled: true } : i));
    else list = [...list, { id: newInstanceId(e.kind, list), kind: e.kind, name: ARR_KIND_LABEL[e.kind], url: e.url, category: '', enabled: true }];
  }
  return list === settings.arrInstances ? settings : { ...settings, arrInstances: list };
}

/** The first instance of each kind the environment speaks for, by kind. */
function envTargets(settings: Settings, env: readonly EnvArrInstance[]): { id: string; e: EnvArrInstance }[] {
  return env.flatMap((e) => {
    const first = settings.arrInstances.find((i) => i.kind === e.kind);
    return first ? [{ id: first.id, e }] : [];
  });
}

/** The environment's key for an instance (`settings` as applyEnvInstances gave it), or null when it sets none. */
export function envInstanceKey(settings: Settings, env: readonly EnvArrInstance[], id: string): string | null {
  return envTargets(settings, env).find((t) => t.id === id)?.e.apiKey ?? null;
}

/** The lock keys Settings shows as set by the environment: `<id>.url`, `apiKeys.<id>`. */
export function envInstanceLocks(settings: Settings, env: readonly EnvArrInstance[]): string[] {
  return envTargets(settings, env).flatMap(({ id, e }) => [...(e.url !== null ? [`${id}.url`] : []), ...(e.apiKey !== null ? [`apiKeys.${id}`] : [])]);
}
