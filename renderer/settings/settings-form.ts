// The Settings view's form as plain strings and booleans, and its validation
// against the shared SettingsSchema, with messages a person understands placed
// next to the field they concern (keyed by the field's dotted path).
import type { SettingsView } from '../../shared/contract';
import type { ArrApp } from '../../shared/domain';
import { SettingsSchema, type Settings, type SettingsPatch } from '../../shared/settings';

export const SERVICE_KEYS = ['sabnzbd', 'sonarr', 'radarr'] as const;
export type ServiceKey = (typeof SERVICE_KEYS)[number];

export const NUMBER_FIELDS = {
  'monitoring.pollIntervalSeconds': 'Poll interval (seconds)',
  'monitoring.maxRetries': 'Max retries',
  'monitoring.baseBackoffSeconds': 'Base backoff (seconds)',
  'monitoring.replacementDeadlineHours': 'Replacement deadline (hours)',
  'activity.retentionDays': 'Keep activity (days)',
  'activity.eventBusHistorySize': 'Event history size',
  'notifications.digestThreshold': 'Digest after (notifications)',
} as const;
export type NumberField = keyof typeof NUMBER_FIELDS;

export interface SettingsForm {
  services: Record<ServiceKey, { url: string; enabled: boolean; apiKey: string }>;
  numbers: Record<NumberField, string>;
  notifications: { onFailed: boolean; onDlq: boolean; onRecovered: boolean };
  categoryMap: { category: string; app: ArrApp }[];
  dryRun: boolean;
  startAtLogin: boolean;
  /** null = not chosen: the platform's default applies (see closesToTrayByDefault). */
  closeToTray: boolean | null;
  singleKeyShortcuts: boolean;
}

export type FieldErrors = Record<string, string>;

export function formFromSettings(view: SettingsView): SettingsForm {
  const s = view.settings;
  const svc = (k: ServiceKey) => ({ url: s[k].url, enabled: s[k].enabled, apiKey: '' });
  return {
    services: { sabnzbd: svc('sabnzbd'), sonarr: svc('sonarr'), radarr: svc('radarr') },
    numbers: {
      'monitoring.pollIntervalSeconds': String(s.monitoring.pollIntervalSeconds),
      'monitoring.maxRetries': String(s.monitoring.maxRetries),
      'monitoring.baseBackoffSeconds': String(s.monitoring.baseBackoffSeconds),
      'monitoring.replacementDeadlineHours': String(s.monitoring.replacementDeadlineHours),
      'activity.retentionDays': String(s.activity.retentionDays),
      'activity.eventBusHistorySize': String(s.activity.eventBusHistorySize),
      'notifications.digestThreshold': String(s.notifications.digestThreshold),
    },
    notifications: { onFailed: s.notifications.onFailed, onDlq: s.notifications.onDlq, onRecovered: s.notifications.onRecovered },
    categoryMap: Object.entries(s.categoryMap).map(([category, app]) => ({ category, app })),
    dryRun: s.dryRun,
    startAtLogin: s.startAtLogin,
    closeToTray: s.closeToTray ?? null,
    singleKeyShortcuts: s.singleKeyShortcuts,
  };
}

interface IssueLike {
  code: string;
  message: string;
  path: PropertyKey[];
  minimum?: unknown;
  maximum?: unknown;
}

/** zod's generic wording ("Too small: expected number to be >=5") becomes plain language; custom messages stay. */
export function humanMessage(issue: IssueLike): string {
  if (issue.code === 'too_small' && /^Too small/.test(issue.message)) return `Must be at least ${String(issue.minimum)}`;
  if (issue.code === 'too_big' && /^Too big/.test(issue.message)) return `Must be at most ${String(issue.maximum)}`;
  if (issue.code === 'invalid_type') return 'Enter a valid value';
  return issue.message;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, tail] = path.split('.') as [string, string];
  target[head] = { ...(target[head] as object), [tail]: value };
}

export function validateSettingsForm(
  form: SettingsForm,
  base: Settings,
  lockedByEnv: readonly string[] = [],
): { ok: true; patch: SettingsPatch } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const candidate: Record<string, unknown> = structuredClone(base) as unknown as Record<string, unknown>;
  for (const k of SERVICE_KEYS) candidate[k] = { url: form.services[k].url.trim(), enabled: form.services[k].enabled };
  for (const [field, raw] of Object.entries(form.numbers) as [NumberField, string][]) {
    const text = raw.trim();
    if (!/^\d+$/.test(text)) {
      errors[field] = text === '' ? 'Enter a number' : 'Enter a whole number, e.g. 120';
      continue;
    }
    setPath(candidate, field, Number(text));
  }
  candidate.notifications = { ...(candidate.notifications as object), ...form.notifications };
  const map: Record<string, ArrApp> = {};
  form.categoryMap.forEach((row, i) => {
    const cat = row.category.trim();
    if (cat === '') errors[`categoryMap.${i}`] = 'Enter the SABnzbd category name';
    else if (Object.hasOwn(map, cat)) errors[`categoryMap.${i}`] = `"${cat}" is listed twice`;
    else map[cat] = row.app;
  });
  candidate.categoryMap = map;
  candidate.dryRun = form.dryRun;
  candidate.startAtLogin = form.startAtLogin;
  if (form.closeToTray !== null) candidate.closeToTray = form.closeToTray;
  candidate.singleKeyShortcuts = form.singleKeyShortcuts;

  const parsed = SettingsSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.map(String).join('.');
      if (!errors[key]) errors[key] = humanMessage(issue as IssueLike);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };

  const s = parsed.data;
  const patch: SettingsPatch = {
    sabnzbd: s.sabnzbd,
    sonarr: s.sonarr,
    radarr: s.radarr,
    monitoring: {
      pollIntervalSeconds: s.monitoring.pollIntervalSeconds,
      maxRetries: s.monitoring.maxRetries,
      baseBackoffSeconds: s.monitoring.baseBackoffSeconds,
      replacementDeadlineHours: s.monitoring.replacementDeadlineHours,
    },
    activity: { retentionDays: s.activity.retentionDays, eventBusHistorySize: s.activity.eventBusHistorySize },
    notifications: { ...form.notifications, digestThreshold: s.notifications.digestThreshold },
    categoryMap: s.categoryMap,
    dryRun: s.dryRun,
    startAtLogin: s.startAtLogin,
    // Only once chosen: an untouched form keeps following the platform default.
    ...(form.closeToTray !== null ? { closeToTray: form.closeToTray } : {}),
    singleKeyShortcuts: s.singleKeyShortcuts,
  };
  const apiKeys: Partial<Record<ServiceKey, string>> = {};
  for (const k of SERVICE_KEYS) if (form.services[k].apiKey !== '') apiKeys[k] = form.services[k].apiKey;
  if (Object.keys(apiKeys).length > 0) patch.apiKeys = apiKeys;
  return { ok: true, patch: withoutLocked(patch, lockedByEnv) };
}

/** Settings fixed by environment variables are not sent back: the core would ignore or refuse them. */
function withoutLocked(patch: SettingsPatch, locked: readonly string[]): SettingsPatch {
  const out = structuredClone(patch) as Record<string, unknown>;
  for (const key of locked) {
    const [head, tail] = key.split('.');
    if (!head) continue;
    const section = out[head];
    if (tail && section && typeof section === 'object') delete (section as Record<string, unknown>)[tail];
    else if (!tail) delete out[head];
  }
  return out as SettingsPatch;
}
