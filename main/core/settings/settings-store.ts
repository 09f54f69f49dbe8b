// Settings on disk through `conf` (or electron-store, which has the same
// shape), validated with the shared zod schema on every open. A file that is
// not JSON is moved aside to a .bak and replaced by defaults; a file with
// values that do not fit is copied to a .bak and repaired value by value
// (numbers out of range to the nearest allowed one, unreadable fields to
// their default: saved-settings-repair.ts). Environment overrides win over
// the file; API keys go to the SecretStore and never come out through view(),
// and a save that moves a service to another server must bring its key along.
import { copyFileSync, existsSync, renameSync } from 'node:fs';
import {
  SECRET_NAMES,
  SettingsPatchSchema,
  SettingsSchema,
  type SecretName,
  type Settings,
  type SettingsPatch,
} from '../../../shared/settings';
import { err, ok, type Result, type SettingsView } from '../../../shared/contract';
import { addressChangeWithoutKey, instanceAddressChangeWithoutKey } from './api-key-scope';
import { ArrInstanceKeys } from './arr-instance-keys';
import { isSectionInstance, listFromSections, sectionsFromList } from './arr-instance-list';
import { changedKeys } from './changed-keys';
import { repairSavedSettings } from './saved-settings-repair';
import { applyEnvInstances, envInstanceKey, envInstanceLocks } from './arr-instance-env';
import type { EnvOverrides } from './env-overrides';
import type { SecretStore } from './secret-store';

/** The part of Conf / ElectronStore this store uses. */
export interface ConfLike {
  store: Record<string, unknown>;
  readonly path: string;
}

export interface ConfLikeOptions {
  cwd: string;
  /** conf's name for the file (without .json) … */
  configName: string;
  /** … and electron-store's. */
  name: string;
  projectName: string;
  configFileMode: number;
  clearInvalidConfig: false;
}

export type ConfConstructor = new (options: ConfLikeOptions) => ConfLike;

export interface SettingsStoreOptions {
  dir: string;
  Conf: ConfConstructor;
  secrets: SecretStore;
  /** From readEnvOverrides(process.env); none when omitted. */
  env?: EnvOverrides;
  fileName?: string;
  now?: () => number;
}

export interface SettingsUpdate {
  settings: Settings;
  changedKeys: string[];
}

function mergePatch(base: Settings, patch: SettingsPatch): Settings {
  const next: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'apiKeys' || key === 'instanceApiKeys' || value === undefined) continue;
    const current = next[key];
    // categoryMap is replaced whole (removing a mapping must be possible); sections merge.
    next[key] =
      key !== 'categoryMap' && !Array.isArray(value) && typeof value === 'object' && value !== null && typeof current === 'object' && current !== null
        ? { ...current, ...value }
        : value;
  }
  return next as Settings;
}

/**
 * The patch schema's sections keep the settings schema's defaults, so parsing
 * `{monitoring: {requestTimeoutMs: 900}}` fills in every other monitoring field
 * with its DEFAULT, which the merge would then save over the person's values.
 * Keep only the section fields the caller actually sent.
 */
function onlyGivenKeys(parsed: SettingsPatch, raw: unknown): SettingsPatch {
  if (typeof raw !== 'object' || raw === null) return parsed;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    const sent: unknown = (raw as Record<string, unknown>)[key];
    if (key === 'categoryMap' || key === 'apiKeys' || key === 'instanceApiKeys' || Array.isArray(value) || typeof value !== 'object' || value === null || typeof sent !== 'object' || sent === null) {
      out[key] = value;
      continue;
    }
    out[key] = Object.fromEntries(Object.entries(value).filter(([field]) => Object.hasOwn(sent, field)));
  }
  return out as SettingsPatch;
}

/** The list changed only where it mirrors the sonarr/radarr sections (already reported as `sonarr.url` …). */
function onlyMirrorsChanged(before: Settings, after: Settings): boolean {
  const others = (s: Settings) => JSON.stringify(s.arrInstances.filter((i) => !isSectionInstance(i.id)));
  if (others(before) !== others(after)) return false;
  return after.arrInstances.every((i) => {
    const was = before.arrInstances.find((b) => b.id === i.id);
    return !isSectionInstance(i.id) || !was || (was.name === i.name && was.category === i.category);
  });
}

export class SettingsStore {
  private readonly conf: ConfLike;
  private readonly secrets: SecretStore;
  private readonly env: EnvOverrides | null;
  private savedSettings: Settings;
  private readonly instanceKeys: ArrInstanceKeys;
  /** Where a damaged file was saved, if the last open found one. */
  readonly backupPath: string | null;
  /** Problems found while opening (damaged file, bad sections), for the log. */
  readonly problems: string[] = [];

  constructor(options: SettingsStoreOptions) {
    const name = options.fileName ?? 'settings';
    const stamp = new Date((options.now ?? Date.now)()).toISOString().replace(/[:.]/g, '-');
    const confOptions: ConfLikeOptions = {
      cwd: options.dir,
      configName: name,
      name,
      projectName: 'autoarr-tray',
      configFileMode: 0o600,
      clearInvalidConfig: false,
    };
    this.secrets = options.secrets;
    this.instanceKeys = new ArrInstanceKeys(options.secrets, (m) => this.problems.push(m));
    this.env = options.env ?? null;
    let backup: string | null = null;
    let conf: ConfLike;
    try {
      conf = new options.Conf(confOptions);
    } catch (e) {
      // Not JSON at all: move it aside (never delete a person's file) and start clean.
      const file = `${options.dir}/${name}.json`;
      if (!existsSync(file)) throw e;
      backup = `${file}.corrupt-${stamp}.bak`;
      renameSync(file, backup);
      this.problems.push(`${file} could not be read (${e instanceof Error ? e.message : String(e)}); moved to ${backup}`);
      conf = new options.Conf(confOptions);
    }
    this.conf = conf;

    const repaired = repairSavedSettings(conf.store);
    this.savedSettings = repaired.settings;
    if (repaired.notes.length > 0) {
      backup = `${conf.path}.invalid-${stamp}.bak`;
      copyFileSync(conf.path, backup);
      this.problems.push(...repaired.notes);
      this.conf.store = { ...this.savedSettings };
    }
    this.backupPath = backup;
    // A file from before the list of *arr instances: its Sonarr and Radarr become the list's first
    // instances, under the ids (and so the secret names) their keys already have.
    if (!Array.isArray(conf.store.arrInstances)) {
      this.savedSettings = listFromSections(this.savedSettings);
      this.conf.store = { ...this.savedSettings };
    }
  }

  get path(): string {
    return this.conf.path;
  }

  /** What the file holds, without environment overrides. */
  saved(): Settings {
    return structuredClone(this.savedSettings);
  }

  /** What the app runs with: the file, then environment overrides on top. */
  get(): Settings {
    // The environment may move the first Sonarr/Radarr: the list shows where they really are.
    return applyEnvInstances(listFromSections(this.withEnv(this.saved())), this.env?.arrInstances ?? []);
  }

  private withEnv(settings: Settings): Settings {
    return this.env ? mergePatch(settings, this.env.patch) : settings;
  }

  apiKey(name: SecretName): string | null {
    return this.env?.secrets[name] ?? this.secrets.get(name);
  }

  /** An *arr instance's key: the first Sonarr/Radarr's under their own names (env included), the others' from `arrApiKeys`. */
  instanceApiKey(id: string): string | null {
    if (isSectionInstance(id)) return this.apiKey(id);
    const fromEnv = this.env && this.env.arrInstances.length > 0 ? envInstanceKey(this.get(), this.env.arrInstances, id) : null;
    return fromEnv ?? this.instanceKeys.get(id);
  }

  /** Every API key in use (services and *arr instances, environment included): what no message may carry. */
  allApiKeys(): string[] {
    const keys = [...SECRET_NAMES.map((n) => this.apiKey(n)), ...this.get().arrInstances.map((i) => this.instanceApiKey(i.id))];
    return [...new Set(keys.filter((k): k is string => k !== null && k !== ''))];
  }

  /** Everything adjusted or ignored while opening: environment variables, then the settings file. */
  warnings(): string[] {
    return [...(this.env?.errors ?? []), ...this.problems];
  }

  view(): SettingsView {
    const has = (name: SecretName) => (this.apiKey(name) ?? '') !== '';
    const warnings = this.warnings();
    return {
      settings: this.get(),
      hasApiKey: { sabnzbd: has('sabnzbd'), sonarr: has('sonarr'), radarr: has('radarr'), nzbget: has('nzbget') },
      hasInstanceApiKey: Object.fromEntries(this.get().arrInstances.map((i) => [i.id, (this.instanceApiKey(i.id) ?? '') !== ''])),
      lockedByEnv: [...(this.env?.lockedKeys ?? []), ...envInstanceLocks(this.get(), this.env?.arrInstances ?? [])],
      secretStorage: this.secrets.kind,
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  }

  /**
   * Apply a patch from the Settings view. Returns the dotted keys whose
   * EFFECTIVE value changed (an env-locked key is saved but not reported).
   */
  update(patchInput: unknown): Result<SettingsUpdate> {
    const patch = SettingsPatchSchema.safeParse(patchInput);
    if (!patch.success) return err('invalid_input', patch.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    // A key for the first Sonarr/Radarr given by instance id is that service's key.
    const instanceKeys: Record<string, string> = {};
    for (const [id, value] of Object.entries(patch.data.instanceApiKeys ?? {})) {
      if (isSectionInstance(id)) patch.data.apiKeys = { ...patch.data.apiKeys, [id]: value };
      else instanceKeys[id] = value;
    }
    const merged = SettingsSchema.safeParse(mergePatch(this.savedSettings, onlyGivenKeys(patch.data, patchInput)));
    if (!merged.success) return err('invalid_input', merged.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    // Whichever of list and sections the patch changed wins; the other follows.
    const next = { data: patch.data.arrInstances ? sectionsFromList(merged.data) : listFromSections(merged.data) };

    const before = this.get();
    const keyLeaves = addressChangeWithoutKey(before, this.withEnv(next.data), patch.data, {
      has: (name) => (this.apiKey(name) ?? '') !== '',
      fromEnv: (name) => this.env?.secrets[name] !== undefined,
    });
    if (keyLeaves) return keyLeaves;
    const others = (list: Settings['arrInstances']) => list.filter((i) => !isSectionInstance(i.id));
    const instanceKeyLeaves = instanceAddressChangeWithoutKey(
      others(before.arrInstances),
      others(next.data.arrInstances),
      instanceKeys,
      (id) => (this.instanceApiKey(id) ?? '') !== '',
    );
    if (instanceKeyLeaves) return instanceKeyLeaves;
    const keysBefore = Object.fromEntries(SECRET_NAMES.map((n) => [n, this.apiKey(n)]));
    const instanceKeysBefore = this.instanceKeys.all();
    this.savedSettings = next.data;
    this.conf.store = { ...next.data };
    // A key goes with its instance: removing the instance forgets the key.
    this.instanceKeys.update(instanceKeys, others(next.data.arrInstances).map((i) => i.id));
    if (patch.data.arrInstances) {
      for (const id of ['sonarr', 'radarr'] as const) {
        const removed = before.arrInstances.some((i) => i.id === id) && !next.data.arrInstances.some((i) => i.id === id);
        if (removed && patch.data.apiKeys?.[id] === undefined) this.secrets.delete(id);
      }
    }
    for (const name of SECRET_NAMES) {
      const value = patch.data.apiKeys?.[name];
      if (value === undefined) continue;
      if (value.trim() === '') this.secrets.delete(name);
      else this.secrets.set(name, value.trim());
    }
    const after = this.get();
    const changed = changedKeys(before, after).filter((k) => k !== 'arrInstances' || !onlyMirrorsChanged(before, after));
    for (const name of SECRET_NAMES) if (keysBefore[name] !== this.apiKey(name)) changed.push(`apiKeys.${name}`);
    const instanceKeysAfter = this.instanceKeys.all();
    for (const id of new Set([...Object.keys(instanceKeysBefore), ...Object.keys(instanceKeysAfter)])) {
      if (instanceKeysBefore[id] !== instanceKeysAfter[id]) changed.push(`instanceApiKeys.${id}`);
    }
    return ok({ settings: after, changedKeys: changed });
  }
}
