// Environment variables that take precedence over saved settings (the seed's
// names). Pure: the caller passes process.env, the table test passes objects.
// A number out of range is brought to the nearest allowed value (see
// setting-ranges.ts) and said once; a value that is no number or no address
// at all has no nearest value, so it is said and ignored. `errors` holds every
// such line for the person: the shell and browser mode log them, and the core
// shows them in the window and the activity log (SettingsStore.warnings).
import { ArrInstanceSchema, DownloadClientKindSchema, SettingsSchema, type SecretName, type SettingsPatch } from '../../../shared/settings';
import { ENV_INSTANCE_KINDS, ENV_PREFIX, type EnvArrInstance } from './arr-instance-env';
import { fitToRange, numericSetting, type NumericSetting } from './setting-ranges';

export interface EnvOverrides {
  /** Settings fixed by the environment, as a patch over the saved ones. */
  patch: SettingsPatch;
  secrets: Partial<Record<SecretName, string>>;
  /** LIDARR_URL/LIDARR_API_KEY, READARR_URL/READARR_API_KEY: for the first instance of the kind (arr-instance-env.ts). */
  arrInstances: EnvArrInstance[];
  dataDir: string | null;
  port: number | null;
  /** Dotted keys the environment fixes (`monitoring.maxRetries`, `apiKeys.sonarr`). */
  lockedKeys: string[];
  /** One line per value adjusted or ignored, naming the variable and what is used instead. */
  errors: string[];
}

type Section = 'monitoring' | 'activity';

/** The numeric variables and the setting each one fixes. */
export const NUMBER_VARIABLES: readonly { env: string; path: `${Section}.${string}` }[] = [
  { env: 'MONITORING_POLL_INTERVAL', path: 'monitoring.pollIntervalSeconds' },
  { env: 'MONITORING_MAX_RETRIES', path: 'monitoring.maxRetries' },
  { env: 'MONITORING_BASE_BACKOFF', path: 'monitoring.baseBackoffSeconds' },
  { env: 'ACTIVITY_LOG_RETENTION_DAYS', path: 'activity.retentionDays' },
  { env: 'EVENT_BUS_HISTORY_SIZE', path: 'activity.eventBusHistorySize' },
];

function settingFor(path: string): NumericSetting {
  const setting = numericSetting(path);
  if (!setting) throw new Error(`${path} is not a numeric setting`);
  return setting;
}

const DECIMAL = /^[+-]?\d+(\.\d+)?$/;

const SERVICES: { prefix: string; name: SecretName; keyVariable: string }[] = [
  { prefix: 'SABNZBD', name: 'sabnzbd', keyVariable: 'SABNZBD_API_KEY' },
  { prefix: 'SONARR', name: 'sonarr', keyVariable: 'SONARR_API_KEY' },
  { prefix: 'RADARR', name: 'radarr', keyVariable: 'RADARR_API_KEY' },
  // NZBGet answers to a username and password (its ControlUsername/ControlPassword).
  { prefix: 'NZBGET', name: 'nzbget', keyVariable: 'NZBGET_PASSWORD' },
];

function present(env: Readonly<Record<string, string | undefined>>, name: string): string | null {
  const v = env[name];
  return v === undefined || v.trim() === '' ? null : v.trim();
}

export function readEnvOverrides(env: Readonly<Record<string, string | undefined>>): EnvOverrides {
  const sections: Record<Section, Record<string, number>> = { monitoring: {}, activity: {} };
  const patch: SettingsPatch = {};
  const out: EnvOverrides = { patch, secrets: {}, arrInstances: [], dataDir: null, port: null, lockedKeys: [], errors: [] };

  for (const v of NUMBER_VARIABLES) {
    const raw = present(env, v.env);
    if (raw === null) continue;
    if (!DECIMAL.test(raw)) {
      out.errors.push(`${v.env}="${raw}" is not a number; ignored, the value from Settings applies`);
      continue;
    }
    const setting = settingFor(v.path);
    const fitted = fitToRange(setting, Number(raw));
    if (fitted.adjustment) out.errors.push(`${v.env}=${raw} ${fitted.adjustment}; using ${fitted.value}`);
    sections[setting.section as Section][setting.key] = fitted.value;
    out.lockedKeys.push(setting.path);
  }
  if (Object.keys(sections.monitoring).length > 0) patch.monitoring = sections.monitoring;
  if (Object.keys(sections.activity).length > 0) patch.activity = sections.activity;

  for (const s of SERVICES) {
    const url = present(env, `${s.prefix}_URL`);
    if (url !== null) {
      const checked = SettingsSchema.shape[s.name].unwrap().shape.url.safeParse(url);
      if (checked.success) {
        patch[s.name] = { url: checked.data };
        out.lockedKeys.push(`${s.name}.url`);
      } else out.errors.push(`${s.prefix}_URL="${url}": ${checked.error.issues[0]?.message ?? 'invalid'}; ignored, the address from Settings applies`);
    }
    const key = present(env, s.keyVariable);
    if (key !== null) {
      out.secrets[s.name] = key;
      out.lockedKeys.push(`apiKeys.${s.name}`);
    }
  }

  for (const kind of ENV_INSTANCE_KINDS) {
    const prefix = ENV_PREFIX[kind];
    const raw = present(env, `${prefix}_URL`);
    let url: string | null = null;
    if (raw !== null) {
      const checked = ArrInstanceSchema.shape.url.safeParse(raw);
      if (checked.success) url = checked.data;
      else out.errors.push(`${prefix}_URL="${raw}": ${checked.error.issues[0]?.message ?? 'invalid'}; ignored, the address from Settings applies`);
    }
    const apiKey = present(env, `${prefix}_API_KEY`);
    if (url !== null || apiKey !== null) out.arrInstances.push({ kind, url, apiKey });
  }

  const username = present(env, 'NZBGET_USERNAME');
  if (username !== null) {
    patch.nzbget = { ...patch.nzbget, username };
    out.lockedKeys.push('nzbget.username');
  }
  const client = present(env, 'AUTOARR_DOWNLOAD_CLIENT');
  if (client !== null) {
    const checked = DownloadClientKindSchema.safeParse(client.toLowerCase());
    if (checked.success) {
      patch.downloadClient = checked.data;
      out.lockedKeys.push('downloadClient');
    } else out.errors.push(`AUTOARR_DOWNLOAD_CLIENT="${client}" is neither sabnzbd nor nzbget; ignored, the download client from Settings applies`);
  }

  out.dataDir = present(env, 'AUTOARR_DATA_DIR');
  const port = present(env, 'AUTOARR_PORT');
  if (port !== null) {
    const n = /^\d+$/.test(port) ? Number(port) : NaN;
    if (Number.isInteger(n) && n >= 1 && n <= 65_535) out.port = n;
    // A port names a place, not an amount: 70000 has no "nearest" port anyone meant.
    else out.errors.push(`AUTOARR_PORT="${port}" is not a port number (1–65535); ignored, browser mode uses its default port`);
  }
  return out;
}
