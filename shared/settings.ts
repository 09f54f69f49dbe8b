// The settings schema with its defaults, shared by the conf store in the core,
// electron-store in the shell and the Settings view. API keys are NOT here:
// they live in the secret store and never reach the window (see SecretName).
import { z } from 'zod';
import { ArrAppSchema } from './domain';

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
  /** API keys travel only from window to core, never back. Empty string clears. */
  apiKeys: z
    .object({ sabnzbd: z.string().optional(), sonarr: z.string().optional(), radarr: z.string().optional() })
    .optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const SECRET_NAMES = ['sabnzbd', 'sonarr', 'radarr'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];
