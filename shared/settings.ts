// The settings schema with its defaults, shared by the conf store in the core,
// electron-store in the shell and the Settings view. API keys are NOT here:
// they live in the secret store and never reach the window (see SecretName).
import { z } from 'zod';
import { ARR_APP_LABEL, ArrAppSchema } from './domain';

const httpUrl = z
  .string()
  .trim()
  .refine((v) => v === '' || /^https?:\/\/[^\s/]+/i.test(v), {
    message: 'Enter a full address starting with http:// or https://, e.g. http://192.168.1.10:8080',
  });

export const ServiceConnectionSchema = z.object({
  url: httpUrl.default(''),
  enabled: z.boolean().default(true),
});

/** Which download client the app watches and recovers through (the other's settings are kept). */
export const DOWNLOAD_CLIENT_KINDS = ['sabnzbd', 'nzbget'] as const;
export const DownloadClientKindSchema = z.enum(DOWNLOAD_CLIENT_KINDS);
export type DownloadClientKindSetting = z.infer<typeof DownloadClientKindSchema>;

/** NZBGet: its web address and ControlUsername; the ControlPassword is a secret (`nzbget`), like an API key. */
export const NzbgetConnectionSchema = ServiceConnectionSchema.extend({
  username: z.string().trim().max(200).default('nzbget'),
});

/**
 * Outgoing notifications (webhooks) for people who are not at the desktop.
 * A target's URL is NOT here: it can carry a token (Discord's webhook token,
 * an ntfy access token or secret topic), so it lives in the secret store like
 * an API key and the window only ever sees its scheme and host.
 */
export const WEBHOOK_KINDS = ['json', 'ntfy', 'discord', 'apprise'] as const;
export const WebhookKindSchema = z.enum(WEBHOOK_KINDS);
export type WebhookKind = z.infer<typeof WebhookKindSchema>;
export const MAX_WEBHOOK_TARGETS = 10;

export const WebhookTargetSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'A webhook id is 1–40 letters, digits, - or _'),
  kind: WebhookKindSchema,
  name: z.string().trim().min(1, 'Give the webhook a name').max(60, 'At most 60 characters'),
  enabled: z.boolean().default(true),
  /** Which notifications it gets: a download failed, needs attention (dead-letter queue), was recovered. */
  events: z
    .object({ failed: z.boolean().default(true), dlq: z.boolean().default(true), recovered: z.boolean().default(true) })
    .default({ failed: true, dlq: true, recovered: true }),
});
export type WebhookTarget = z.infer<typeof WebhookTargetSchema>;

export const WebhooksSchema = z.object({
  targets: z
    .array(WebhookTargetSchema)
    .max(MAX_WEBHOOK_TARGETS, `At most ${MAX_WEBHOOK_TARGETS} webhooks`)
    .refine((ts) => new Set(ts.map((t) => t.id)).size === ts.length, 'Two webhooks have the same id')
    .default([]),
});

/**
 * The *arr apps autoarr-tray can recover through, and one configured server of
 * each. Several of a kind may sit side by side ("Radarr" and "Radarr 4K",
 * "Sonarr" and "Sonarr Anime"); each tells its jobs apart by its SABnzbd
 * category. The first Sonarr and first Radarr keep the ids `sonarr` and
 * `radarr` (their addresses stay in the `sonarr`/`radarr` sections, their keys
 * under the secret names `sonarr`/`radarr`, SONARR_URL, SONARR_API_KEY, RADARR_URL and RADARR_API_KEY override them);
 * other instances' keys live in the secret store as one JSON object under
 * `arrApiKeys` (main/core/settings/arr-instance-keys.ts).
 */
export const ARR_KINDS = ['sonarr', 'radarr', 'lidarr', 'readarr'] as const;
export const ArrKindSchema = z.enum(ARR_KINDS);
export type ArrKind = z.infer<typeof ArrKindSchema>;
export const MAX_ARR_INSTANCES = 20;
export const ARR_KIND_LABEL: Record<ArrKind, string> = ARR_APP_LABEL;

export const ArrInstanceSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'An instance id is 1–40 lower-case letters, digits, - or _'),
  kind: ArrKindSchema,
  name: z.string().trim().min(1, 'Give the instance a name').max(60, 'At most 60 characters'),
  url: httpUrl.default(''),
  enabled: z.boolean().default(true),
  /** The SABnzbd category this instance sends its downloads with ('' = not known). */
  category: z.string().trim().max(60).default(''),
});
export type ArrInstance = z.infer<typeof ArrInstanceSchema>;

export const ArrInstancesSchema = z
  .array(ArrInstanceSchema)
  .max(MAX_ARR_INSTANCES, `At most ${MAX_ARR_INSTANCES} *arr instances`)
  .refine((list) => new Set(list.map((i) => i.id)).size === list.length, 'Two *arr instances have the same id')
  .refine((list) => list.every((i) => !(i.id === 'sonarr' || i.id === 'radarr') || i.kind === i.id), 'The instances "sonarr" and "radarr" must be of their own kind')
  .refine(
    (list) => {
      const seen = new Set<string>();
      for (const i of list) {
        const c = i.category.toLowerCase();
        if (c === '') continue;
        if (seen.has(c)) return false;
        seen.add(c);
      }
      return true;
    },
    'Two *arr instances use the same download category; give each its own (e.g. movies and movies-4k)',
  );

/** A fresh id for a new instance of a kind: the kind itself while it is free (so env overrides reach it), else kind-2, kind-3 … */
export function newInstanceId(kind: ArrKind, list: readonly Pick<ArrInstance, 'id'>[]): string {
  const ids = new Set(list.map((i) => i.id));
  if (!ids.has(kind)) return kind;
  for (let n = 2; ; n++) if (!ids.has(`${kind}-${n}`)) return `${kind}-${n}`;
}

const INVALID_ADDRESS = 'Enter a full address starting with http:// or https://';

/**
 * Why `raw` cannot work as a `kind` webhook URL, in words a person can act on;
 * null when it can. Shared by the Settings form (before saving) and the core.
 */
export function webhookUrlProblem(kind: WebhookKind, raw: string): string | null {
  const text = raw.trim();
  if (text === '') return 'Enter the webhook URL';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return INVALID_ADDRESS;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return INVALID_ADDRESS;
  const path = url.pathname;
  switch (kind) {
    case 'ntfy':
      return /\/[-_A-Za-z0-9]{1,64}\/?$/.test(path) ? null : 'Add the topic to the address, e.g. https://ntfy.sh/your-secret-topic';
    case 'discord':
      return /\/api\/(v\d+\/)?webhooks\/\d+\/[-\w]+\/?$/.test(path)
        ? null
        : 'Paste the URL Discord shows under Server Settings → Integrations → Webhooks (…/api/webhooks/<id>/<token>)';
    case 'apprise':
      return /\/notify\/[-\w]{1,64}\/?$/.test(path)
        ? null
        : "Use Apprise API's notify address with your configuration key, e.g. http://192.168.1.10:8000/notify/autoarr";
    case 'json':
      return null;
  }
}

/** What the window may see of a saved webhook URL: scheme and host, never the path, query or credentials. */
export function webhookUrlHint(raw: string): string {
  try {
    const url = new URL(raw.trim());
    return `${url.protocol}//${url.host}/…`;
  } catch {
    return '';
  }
}

export const SettingsSchema = z.object({
  sabnzbd: ServiceConnectionSchema.default({ url: '', enabled: true }),
  sonarr: ServiceConnectionSchema.default({ url: '', enabled: true }),
  radarr: ServiceConnectionSchema.default({ url: '', enabled: true }),
  monitoring: z
    .object({
      pollIntervalSeconds: z.number().int().min(5, 'Poll at most every 5 seconds').max(86_400).default(120),
      maxRetries: z.number().int().min(1, 'At least one attempt').max(10, 'At most 10 attempts').default(3),
      baseBackoffSeconds: z.number().int().min(1).max(86_400).default(300),
      stallMinutes: z.number().int().min(1).max(1440).default(30),
      wantedIntervalSeconds: z.number().int().min(60).max(86_400).default(900),
      requestTimeoutMs: z.number().int().min(500).max(120_000).default(10_000),
      /** How long a replacement (a retried job or a new grab) may take before the next step runs instead. */
      replacementDeadlineHours: z.number().int().min(1, 'At least one hour').max(168, 'At most a week').default(6),
    })
    .default({
      pollIntervalSeconds: 120,
      maxRetries: 3,
      baseBackoffSeconds: 300,
      stallMinutes: 30,
      wantedIntervalSeconds: 900,
      requestTimeoutMs: 10_000,
      replacementDeadlineHours: 6,
    }),
  activity: z
    .object({
      retentionDays: z.number().int().min(1, 'Keep at least one day').max(3650).default(90),
      eventBusHistorySize: z.number().int().min(10).max(100_000).default(1000),
    })
    .default({ retentionDays: 90, eventBusHistorySize: 1000 }),
  notifications: z
    .object({
      onFailed: z.boolean().default(true),
      onDlq: z.boolean().default(true),
      onRecovered: z.boolean().default(true),
      /** More than this many notifications inside the window become one digest. */
      digestThreshold: z.number().int().min(1).max(100).default(3),
      digestWindowSeconds: z.number().int().min(1).max(3600).default(10),
    })
    .default({ onFailed: true, onDlq: true, onRecovered: true, digestThreshold: 3, digestWindowSeconds: 10 }),
  /** SABnzbd category → *arr app, used when the *arr history does not know the download. */
  categoryMap: z.record(z.string(), ArrAppSchema).default({ tv: 'sonarr', movies: 'radarr' }),
  dryRun: z.boolean().default(false),
  startAtLogin: z.boolean().default(false),
  closeToTray: z.boolean().optional(),
  /** The window's one-key shortcuts (1–7 switch views); WCAG 2.1.4 wants them to be switchable off. */
  singleKeyShortcuts: z.boolean().default(true),
  webhooks: WebhooksSchema.default({ targets: [] }),
  /** Every Sonarr/Radarr/Lidarr/Readarr server; built from the sonarr/radarr sections on first open (arr-instance-list.ts). */
  arrInstances: ArrInstancesSchema.default([]),
  downloadClient: DownloadClientKindSchema.default('sabnzbd'),
  nzbget: NzbgetConnectionSchema.default({ url: '', enabled: true, username: 'nzbget' }),
});
export type Settings = z.infer<typeof SettingsSchema>;

export function defaultSettings(): Settings {
  return SettingsSchema.parse({});
}

/**
 * A section's fields, each optional and WITHOUT its default: zod 4's `.partial()` still
 * fills defaults, so a patch of one field would reset the rest of its section.
 */
function sectionPatch<S extends z.ZodRawShape>(section: z.ZodObject<S>) {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(section.shape)) {
    shape[key] = (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType)).optional();
  }
  return z.object(shape) as unknown as ReturnType<z.ZodObject<S>['partial']>;
}

/** A deep-partial patch as sent by the Settings view. */
export const SettingsPatchSchema = z.object({
  sabnzbd: sectionPatch(ServiceConnectionSchema).optional(),
  sonarr: sectionPatch(ServiceConnectionSchema).optional(),
  radarr: sectionPatch(ServiceConnectionSchema).optional(),
  monitoring: sectionPatch(SettingsSchema.shape.monitoring.unwrap()).optional(),
  activity: sectionPatch(SettingsSchema.shape.activity.unwrap()).optional(),
  notifications: sectionPatch(SettingsSchema.shape.notifications.unwrap()).optional(),
  categoryMap: z.record(z.string(), ArrAppSchema).optional(),
  dryRun: z.boolean().optional(),
  startAtLogin: z.boolean().optional(),
  closeToTray: z.boolean().optional(),
  singleKeyShortcuts: z.boolean().optional(),
  /** Targets without their URLs (those go through webhooks.save to the secret store). */
  webhooks: sectionPatch(WebhooksSchema).optional(),
  downloadClient: DownloadClientKindSchema.optional(),
  nzbget: sectionPatch(NzbgetConnectionSchema).optional(),
  /** API keys (and NZBGet's password, `nzbget`) travel only from window to core, never back. Empty string clears. */
  apiKeys: z
    .object({ sabnzbd: z.string().optional(), sonarr: z.string().optional(), radarr: z.string().optional(), nzbget: z.string().optional() })
    .optional(),
  /** The whole list of *arr instances (added, changed, removed ones). */
  arrInstances: ArrInstancesSchema.optional(),
  /** An *arr instance's API key by instance id, window to core only. Empty string clears. */
  instanceApiKeys: z.record(z.string(), z.string()).optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

/** `nzbget` holds NZBGet's ControlPassword. */
export const SECRET_NAMES = ['sabnzbd', 'sonarr', 'radarr', 'nzbget'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/**
 * Every name the secret store holds: the API keys, plus the webhook URLs as
 * one JSON object (id → URL) under `webhookUrls` (main/core/notify/webhooks).
 */
export const STORED_SECRET_NAMES = [...SECRET_NAMES, 'webhookUrls', 'arrApiKeys'] as const;
export type StoredSecretName = (typeof STORED_SECRET_NAMES)[number];
