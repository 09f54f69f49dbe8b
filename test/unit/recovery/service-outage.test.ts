import { describe, expect, it } from 'vitest';
import { ladderAttempts } from '../../../main/core/recovery/attempt-bookkeeping';
import { arrOk, type ArrError, type ArrResult } from '../../../main/core/arr/arr-result';
import { coordinateWithArr } from '../../../main/core/recovery/arr-coordinator';
import type { RecoveryArr } from '../../../main/core/recovery/recovery-ports';
import {
  arrOutage,
  OUTAGE_FIRST_DELAY_MS,
  OUTAGE_MAX_DELAY_MS,
  deferredLine,
  outageDelayMs,
  sabOutage,
} from '../../../main/core/recovery/service-outage';
import { nextStrategy } from '../../../main/core/recovery/strategy-table';
import type { RecoveryAttempt } from '../../../shared/downloads';

describe('which errors are outages', () => {
  it('*arr: no connection, no answer in time, or a server error; never an answer about the request', () => {
    expect(arrOutage({ app: 'sonarr' }, { code: 'unreachable', message: 'refused' })).toEqual({ service: 'sonarr', code: 'unreachable', message: 'refused' });
    expect(arrOutage({ app: 'radarr' }, { code: 'timeout', message: 'slow' })?.service).toBe('radarr');
    expect(arrOutage({ app: 'sonarr' }, { code: 'http_error', message: '503', status: 503 })?.code).toBe('http_error');
    expect(arrOutage({ app: 'sonarr' }, { code: 'http_error', message: '500', status: 500 })).not.toBeNull();
    expect(arrOutage({ app: 'sonarr' }, { code: 'http_error', message: '400', status: 400 })).toBeNull();
    expect(arrOutage({ app: 'sonarr' }, { code: 'http_error', message: 'no status' })).toBeNull();
    for (const code of ['bad_api_key', 'not_found', 'malformed', 'wrong_app'] as const) {
      expect(arrOutage({ app: 'sonarr' }, { code, message: code })).toBeNull();
    }
  });

  it('*arr: another instance of the app ("Radarr 4K") is named as itself; the first of the app is the app', () => {
    const down = { code: 'unreachable', message: 'refused' } as const;
    expect(arrOutage({ app: 'radarr', instanceId: 'radarr-2', label: 'Radarr 4K' }, down)).toEqual({
      service: 'radarr',
      instance: { id: 'radarr-2', label: 'Radarr 4K' },
      code: 'unreachable',
      message: 'refused',
    });
    expect(arrOutage({ app: 'radarr', instanceId: 'radarr', label: 'Radarr' }, down)).toEqual({ service: 'radarr', code: 'unreachable', message: 'refused' });
    const uhd = arrOutage({ app: 'radarr', instanceId: 'radarr-2', label: 'Radarr 4K' }, down)!;
    expect(deferredLine(uhd, 'refused', Date.UTC(2026, 0, 1))).toMatch(/^Radarr 4K did not answer \(refused\)/);
  });

  it('SABnzbd: unreachable and timeout only', () => {
    expect(sabOutage({ code: 'unreachable', message: 'x' })?.service).toBe('sabnzbd');
    expect(sabOutage({ code: 'timeout', message: 'x' })?.code).toBe('timeout');
    for (const code of ['bad_api_key', 'malformed', 'api_error'] as const) expect(sabOutage({ code, message: code })).toBeNull();
  });

  it('NZBGet as the download client: its outage is NZBGet\'s, in its own name', () => {
    expect(sabOutage({ code: 'timeout', message: 'x' }, 'nzbget')?.service).toBe('nzbget');
    expect(deferredLine('nzbget', 'NZBGet at http://nas:6789 cannot be reached.', Date.UTC(2026, 0, 1))).toMatch(/^NZBGet did not answer \(/);
  });
});

describe('how long a step waits while its service is down', () => {
  it('min(base backoff, 60 s) first, then as long as the outage has lasted, capped at 10 min', () => {
    const t0 = 10_000_000;
    expect(outageDelayMs(t0, t0, 300_000)).toBe(OUTAGE_FIRST_DELAY_MS);
    expect(outageDelayMs(t0, t0 + 60_000, 300_000)).toBe(60_000);
    expect(outageDelayMs(t0, t0 + 180_000, 300_000)).toBe(180_000);
    expect(outageDelayMs(t0, t0 + 3_600_000, 300_000)).toBe(OUTAGE_MAX_DELAY_MS);
    expect(outageDelayMs(t0, t0, 10_000)).toBe(10_000);
  });
});

describe('a step deferred by an outage', () => {
  it('its line says which service it waits for', () => {
    const line = deferredLine('radarr', 'Cannot reach Radarr at http://127.0.0.1:7878.', Date.UTC(2026, 0, 1));
    expect(line).toBe('Radarr did not answer (Cannot reach Radarr at http://127.0.0.1:7878.); this step runs again at 2026-01-01T00:00:00.000Z and no attempt was used.');
  });

  const attempt = (n: number, outcome: RecoveryAttempt['outcome']): RecoveryAttempt => ({
    attempt: n,
    strategy: 'alternative_release',
    outcome,
    manual: false,
    dryRun: false,
    startedAt: 0,
    finishedAt: 0,
    error: null,
    oldNzoId: null,
    newNzoId: null,
    releaseGuid: null,
    releaseTitle: null,
    quality: null,
  });

  it('does not climb the ladder', () => {
    expect(nextStrategy('missing_articles', 'sonarr', ladderAttempts([attempt(1, 'deferred'), attempt(2, 'deferred')]))).toBe('alternative_release');
    expect(nextStrategy('missing_articles', 'sonarr', ladderAttempts([attempt(1, 'deferred'), attempt(2, 'failed')]))).toBe('quality_fallback');
  });

  it('the coordinator decides nothing while the *arr does not answer; other errors keep the old cautious default', async () => {
    const item = { seriesId: 1, episodeIds: [1] };
    const input = {
      app: 'sonarr' as const,
      item,
      failureAt: 0,
      now: 1_000_000,
      failedNzoId: 'SABnzbd_nzo_failed',
      knownNzoIds: [],
      failedWasOurGrab: false,
      manual: false,
      timing: { graceMs: 10, noticeMaxMs: 10, searchMaxMs: 10, recheckMs: 10 },
    };
    const arrAnswering = (error: ArrError | null): RecoveryArr => {
      const fail = <T>(): Promise<ArrResult<T>> => Promise.resolve(error ? { ok: false, error } : { ok: false, error: { code: 'not_found', message: 'unused' } });
      return {
        app: 'sonarr',
        searchReleases: fail,
        grabRelease: fail,
        itemHistory: () => (error ? fail() : Promise.resolve(arrOk([]))),
        itemQueue: () => (error ? fail() : Promise.resolve(arrOk([]))),
        commands: () => (error ? fail() : Promise.resolve(arrOk([]))),
        findQueueItemByDownloadId: fail,
        removeFromQueue: fail,
        blocklistPage: fail,
        downloadClientConfig: fail,
        missingItems: fail,
        itemByDownloadId: fail,
      };
    };
    expect(await coordinateWithArr(arrAnswering({ code: 'unreachable', message: 'refused' }), input)).toEqual({
      action: 'unreachable',
      outage: { service: 'sonarr', code: 'unreachable', message: 'refused' },
    });
    expect((await coordinateWithArr(arrAnswering({ code: 'http_error', message: '502', status: 502 }), input)).action).toBe('unreachable');
    // A wrong key is not an outage: the step runs (and fails saying so) rather than wait for ever.
    expect((await coordinateWithArr(arrAnswering({ code: 'bad_api_key', message: 'key' }), input)).action).toBe('proceed');
  });
});
