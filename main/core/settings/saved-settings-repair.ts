// Reading a settings file that does not fully fit the schema (edited by hand,
// or written by another version) without losing what does fit. A number out
// of range is brought to the nearest allowed value; a field that cannot be
// read falls back to its own default, not its whole section's; only a section
// that is not an object at all is reset whole. Each change is one line for
// the person (SettingsStore.problems), and the store rewrites the file after
// keeping the original as a .bak.
import { z } from 'zod';
import { SettingsSchema, type Settings } from '../../../shared/settings';
import { fitToRange, numericSetting } from './setting-ranges';

export interface RepairedSettings {
  settings: Settings;
  /** One line per value adjusted or reset; empty when the file fitted as it was. */
  notes: string[];
}

type Shape = Record<string, z.ZodType>;

function objectShape(schema: z.ZodType): Shape | null {
  const inner = schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema;
  return inner instanceof z.ZodObject ? (inner.shape as Shape) : null;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function repairSavedSettings(raw: Readonly<Record<string, unknown>>): RepairedSettings {
  const whole = SettingsSchema.safeParse(raw);
  if (whole.success) return { settings: whole.data, notes: [] };

  const notes: string[] = [];
  const repaired: Record<string, unknown> = {};
  for (const [section, sectionSchema] of Object.entries(SettingsSchema.shape) as [string, z.ZodType][]) {
    const value = raw[section];
    const asIs = sectionSchema.safeParse(value);
    if (asIs.success) {
      repaired[section] = asIs.data;
      continue;
    }
    const shape = objectShape(sectionSchema);
    if (!shape || !isPlainObject(value)) {
      notes.push(`Saved setting ${section} was ${shown(value)}, which cannot be read; reset to its default`);
      continue;
    }
    const fields: Record<string, unknown> = {};
    for (const [key, fieldSchema] of Object.entries(shape)) {
      const path = `${section}.${key}`;
      const fieldValue = value[key];
      if (fieldValue === undefined) continue;
      const numeric = numericSetting(path);
      if (numeric && typeof fieldValue === 'number' && Number.isFinite(fieldValue)) {
        const fitted = fitToRange(numeric, fieldValue);
        if (fitted.adjustment) notes.push(`Saved setting ${path}=${fieldValue} ${fitted.adjustment}; using ${fitted.value}`);
        fields[key] = fitted.value;
        continue;
      }
      const parsed = fieldSchema.safeParse(fieldValue);
      if (parsed.success) fields[key] = parsed.data;
      else {
        const fallback = fieldSchema.safeParse(undefined);
        const used = fallback.success ? `using the default, ${shown(fallback.data)}` : 'left unset';
        notes.push(`Saved setting ${path}=${shown(fieldValue)} cannot be used (${parsed.error.issues[0]?.message ?? 'invalid'}); ${used}`);
      }
    }
    const rebuilt = sectionSchema.safeParse(fields);
    if (rebuilt.success) repaired[section] = rebuilt.data;
    else notes.push(`Saved setting ${section} could not be repaired; reset to its default`);
  }
  return { settings: SettingsSchema.parse(repaired), notes };
}
