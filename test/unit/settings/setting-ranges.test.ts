import { describe, expect, it } from 'vitest';
import { NUMERIC_SETTINGS, fitToRange, numericSetting } from '../../../main/core/settings/setting-ranges';
import { SettingsSchema, defaultSettings } from '../../../shared/settings';

describe('NUMERIC_SETTINGS, read from the schema', () => {
  it('lists every numeric setting with its bounds and default', () => {
    const byPath = Object.fromEntries(NUMERIC_SETTINGS.map((s) => [s.path, [s.min, s.max, s.defaultValue]]));
    expect(byPath).toMatchObject({
      'monitoring.pollIntervalSeconds': [5, 86_400, 120],
      'monitoring.maxRetries': [1, 10, 3],
      'monitoring.baseBackoffSeconds': [1, 86_400, 300],
      'monitoring.stallMinutes': [1, 1440, 30],
      'monitoring.wantedIntervalSeconds': [60, 86_400, 900],
      'monitoring.requestTimeoutMs': [500, 120_000, 10_000],
      'activity.retentionDays': [1, 3650, 90],
      'activity.eventBusHistorySize': [10, 100_000, 1000],
      'notifications.digestThreshold': [1, 100, 3],
      'notifications.digestWindowSeconds': [1, 3600, 10],
    });
  });

  it.each(NUMERIC_SETTINGS.map((s) => [s.path, s] as const))('%s: the bounds are the schema’s own', (_path, s) => {
    const section = SettingsSchema.shape[s.section as keyof typeof SettingsSchema.shape];
    const parse = (n: number) => section.safeParse({ ...(defaultSettings()[s.section as 'monitoring'] as object), [s.key]: n }).success;
    expect(parse(s.min)).toBe(true);
    expect(parse(s.max)).toBe(true);
    expect(parse(s.min - 1)).toBe(false);
    expect(parse(s.max + 1)).toBe(false);
    expect(s.whole).toBe(true);
  });
});

describe('fitToRange', () => {
  const poll = numericSetting('monitoring.pollIntervalSeconds')!;
  it.each([
    [120, 120, null],
    [5, 5, null],
    [86_400, 86_400, null],
    [1, 5, 'is below the allowed range 5–86400'],
    [-3, 5, 'is below the allowed range 5–86400'],
    [0, 5, 'is below the allowed range 5–86400'],
    [100_000, 86_400, 'is above the allowed range 5–86400'],
    [1e20, 86_400, 'is above the allowed range 5–86400'],
    [60.4, 60, 'is not a whole number'],
    [60.5, 61, 'is not a whole number'],
    [4.6, 5, 'is below the allowed range 5–86400'],
  ])('%s → %s', (n, value, adjustment) => {
    expect(fitToRange(poll, n)).toEqual({ value, adjustment });
  });
});
