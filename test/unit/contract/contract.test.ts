import { describe, expect, it } from 'vitest';
import {
  CONTRACT,
  CONTRACT_CALLS,
  EventBatchSchema,
  LiveEventMessageSchema,
  SettingsViewSchema,
  err,
  isCallName,
  ok,
  resultSchema,
  toLiveEvent,
} from '../../../shared/contract';
import { defaultSettings } from '../../../shared/settings';
import type { AnyBusEvent } from '../../../shared/events';

describe('contract', () => {
  it('covers the seed endpoints and the window calls', () => {
    for (const call of [
      'monitoring.status',
      'recovery.status',
      'downloads.failed',
      'downloads.dlq',
      'downloads.retry',
      'downloads.dismiss',
      'downloads.timeline',
      'activity.query',
      'activity.correlation',
      'activity.stats',
      'monitoring.pollNow',
      'monitoring.pause',
      'monitoring.resume',
      'settings.get',
      'settings.update',
      'settings.testConnection',
      'audit.run',
      'app.info',
    ]) {
      expect(CONTRACT_CALLS).toContain(call);
    }
    expect(isCallName('downloads.retry')).toBe(true);
    expect(isCallName('toString')).toBe(false);
  });

  it('fills input defaults so handlers get complete input', () => {
    expect(CONTRACT['downloads.failed'].input.parse({})).toEqual({ limit: 50, offset: 0, excludeDlq: false });
    expect(CONTRACT['activity.query'].input.parse({})).toEqual({ page: 1, pageSize: 50 });
    expect(CONTRACT['downloads.retry'].input.safeParse({ nzoId: '  ' }).success).toBe(false);
    expect(CONTRACT['activity.query'].input.safeParse({ pageSize: 501 }).success).toBe(false);
  });

  it('settings.get can never carry an API key out', () => {
    const leaked = {
      settings: { ...defaultSettings(), apiKeys: { sonarr: 'secret' } },
      hasApiKey: { sabnzbd: false, sonarr: true, radarr: false },
      lockedByEnv: [],
      secretStorage: 'memory',
      apiKey: 'secret',
    };
    expect(JSON.stringify(SettingsViewSchema.parse(leaked))).not.toContain('secret"');
    expect(JSON.stringify(CONTRACT['settings.update'].output.parse({ ...leaked, changedKeys: [] }))).not.toContain('"secret"');
  });

  it('Result values validate with resultSchema', () => {
    const s = resultSchema(CONTRACT['app.info'].output);
    expect(s.safeParse(err('timeout', 'slow')).success).toBe(true);
    expect(s.safeParse({ ok: false, error: { code: 'nope', message: '' } }).success).toBe(false);
    expect(s.safeParse(ok({ version: 1 })).success).toBe(false);
  });

  it('live events keep the seed shape, with seconds and ISO time', () => {
    const event: AnyBusEvent = {
      id: 'e1',
      type: 'download.moved_to_dlq',
      payload: { nzoId: 'n', name: 'N', reason: 'r', attempts: 3, strategiesTried: [] },
      source: 'recovery',
      timestamp: Date.UTC(2026, 10, 28, 12, 0, 0, 250),
      correlationId: 'c1',
      causationId: 'e0',
    };
    const data = toLiveEvent(event);
    expect(data.timestamp).toBe(Date.UTC(2026, 10, 28, 12, 0, 0, 250) / 1000);
    expect(data.timestamp_iso).toBe('2026-11-28T12:00:00.250Z');
    expect(LiveEventMessageSchema.parse({ type: 'event', data })).toEqual({ type: 'event', data });
    expect(EventBatchSchema.safeParse({ type: 'batch', seq: 1, resync: false, events: [data] }).success).toBe(true);
    const badPayload = { ...data, payload: { nzoId: 1 } };
    expect(EventBatchSchema.safeParse({ type: 'batch', seq: 1, resync: false, events: [badPayload] }).success).toBe(false);
  });
});
