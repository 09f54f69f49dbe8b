// Every numeric setting with its allowed range, read from the shared schema so
// a setting added there is covered here without a second list. Values that
// arrive without a person at the form — an environment variable, a settings
// file edited by hand — are brought to the nearest allowed value and the
// change is said once; dropping them would run the app on a default nobody
// asked for (MONITORING_POLL_INTERVAL=1 used to mean "every 120 s"). The
// window's form is different: there a value out of range is refused next to
// its field, so the person fixes it before anything is saved.
import { z } from 'zod';
import { SettingsSchema } from '../../../shared/settings';

export interface NumericSetting {
  /** Dotted path, e.g. `monitoring.pollIntervalSeconds`. */
  path: string;
  section: string;
  key: string;
  min: number;
  max: number;
  whole: boolean;
  defaultValue: number;
}

function unwrapDefault(schema: z.ZodType): { inner: z.ZodType; defaultValue: unknown } {
  return schema instanceof z.ZodDefault
    ? { inner: schema.unwrap() as z.ZodType, defaultValue: (schema.parse(undefined) as unknown) }
    : { inner: schema, defaultValue: undefined };
}

function numericSettings(): NumericSetting[] {
  const out: NumericSetting[] = [];
  for (const [section, sectionSchema] of Object.entries(SettingsSchema.shape)) {
    const { inner } = unwrapDefault(sectionSchema as z.ZodType);
    if (!(inner instanceof z.ZodObject)) continue;
    for (const [key, fieldSchema] of Object.entries(inner.shape as Record<string, z.ZodType>)) {
      const { inner: field, defaultValue } = unwrapDefault(fieldSchema);
      if (!(field instanceof z.ZodNumber) || typeof defaultValue !== 'number') continue;
      const min = field.minValue ?? Number.MIN_SAFE_INTEGER;
      const max = field.maxValue ?? Number.MAX_SAFE_INTEGER;
      out.push({ path: `${section}.${key}`, section, key, min, max, whole: field.isInt === true, defaultValue });
    }
  }
  return out;
}

export const NUMERIC_SETTINGS: readonly NumericSetting[] = numericSettings();

export function numericSetting(path: string): NumericSetting | undefined {
  return NUMERIC_SETTINGS.find((s) => s.path === path);
}

export interface Fitted {
  value: number;
  /** What was done, in words for the warning; null when the value was already allowed. */
  adjustment: string | null;
}

/** The allowed value nearest to `n`: rounded to a whole number if need be, then held inside the range. */
export function fitToRange(setting: NumericSetting, n: number): Fitted {
  const rounded = setting.whole ? Math.round(n) : n;
  const value = Math.min(setting.max, Math.max(setting.min, rounded));
  if (n < setting.min) return { value, adjustment: `is below the allowed range ${rangeText(setting)}` };
  if (n > setting.max) return { value, adjustment: `is above the allowed range ${rangeText(setting)}` };
  if (rounded !== n) return { value, adjustment: 'is not a whole number' };
  return { value, adjustment: null };
}

export function rangeText(setting: NumericSetting): string {
  return `${setting.min}–${setting.max}`;
}
