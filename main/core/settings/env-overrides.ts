// Environment variables that take precedence over saved settings (the seed's
// names). Pure: the caller passes process.env, the table test passes objects.
// A bad value is reported with the variable's name and ignored, never guessed at.
import { SettingsSchema, type SecretName, type SettingsPatch } from '../../../shared/settings';

export interface EnvOverrides {
  /** Settings fixed by the environment, as a patch over the saved ones. */
  patch: SettingsPatch;
  secrets: Partial<Record<SecretName, string>>;
  dataDir: string | null;
  port: number | null;
  /** Dotted keys the environment fixes (`monitoring.maxRetries`, `apiKeys.sonarr`). */
  lockedKeys: string[];
  errors: string[];
}

type Section = 'monitoring' | 'activity';
const monitoring = SettingsSchema.shape.monitoring.unwrap().shape;
const activity = SettingsSchema.shape.activity.unwrap().shape;

const NUMBER_VARS: { env: string; section: Section; key: string; schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string }[] } } } }[] = [
  { env: 'MONITORING_POLL_INTERVAL', section: 'monitoring', key: 'pollIntervalSeconds', schema: monitoring.pollIntervalSeconds },
  { env: 'MONITORING_MAX_RETRIES', section: 'monitoring', key: 'maxRetries', schema: monitoring.maxRetries },
  { env: 'MONITORING_BASE_BACKOFF', section: 'monitoring', key: 'baseBackoffSeconds', schema: monitoring.baseBackoffSeconds },
  { env: 'ACTIVITY_LOG_RETENTION_DAYS', section: 'activity', key: 'retentionDays', schema: activity.retentionDays },
  { env: 'EVENT_BUS_HISTORY_SIZE', section: 'activity', key: 'eventBusHistorySize', schema: activity.eventBusHistorySize },
];

const SERVICES: { prefix: string; name: SecretName }[] = [
  { prefix: 'SABNZBD', name: 'sabnzbd' },
  { prefix: 'SONARR', name: 'sonarr' },
  { prefix: 'RADARR', name: 'radarr' },
];

function present(env: Readonly<Record<string, string | undefined>>, name: string): string | null {
  const v = env[name];
  return v === undefined || v.trim() === '' ? null : v.trim();
}

export function readEnvOverrides(env: Readonly<Record<string, string | undefined>>): EnvOverrides {
  const sections: Record<Section, Record<string, number>> = { monitoring: {}, activity: {} };
  const patch: SettingsPatch = {};
  const out: EnvOverrides = { patch, secrets: {}, dataDir: null, port: null, lockedKeys: [], errors: [] };

  for (const v of NUMBER_VARS) {
    const raw = present(env, v.env);
    if (raw === null) continue;
    const n = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(n)) {
      out.errors.push(`${v.env}="${raw}" is not a whole number; ignored`);
      continue;
    }
    const checked = v.schema.safeParse(n);
    if (!checked.success) {
      out.errors.push(`${v.env}=${raw}: ${checked.error?.issues[0]?.message ?? 'out of range'}; ignored`);
      continue;
    }
    sections[v.section][v.key] = n;
    out.lockedKeys.push(`${v.section}.${v.key}`);
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
      } else out.errors.push(`${s.prefix}_URL="${url}": ${checked.error.issues[0]?.message ?? 'invalid'}; ignored`);
    }
    const key = present(env, `${s.prefix}_API_KEY`);
    if (key !== null) {
      out.secrets[s.name] = key;
      out.lockedKeys.push(`apiKeys.${s.name}`);
    }
  }

  out.dataDir = present(env, 'AUTOARR_DATA_DIR');
  const port = present(env, 'AUTOARR_PORT');
  if (port !== null) {
    const n = /^\d+$/.test(port) ? Number(port) : NaN;
    if (Number.isInteger(n) && n >= 1 && n <= 65_535) out.port = n;
    else out.errors.push(`AUTOARR_PORT="${port}" is not a port number (1–65535); ignored`);
  }
  return out;
}
