// The coordination decision, pure: what the *arr is doing (command queue,
// download queue, history since the failure) → adopt, wait, or act.
import { describe, expect, it } from 'vitest';
import type { Command, DownloadClientConfig, HistoryRecord, QueueRecord } from '../../../main/core/arr/arr-schemas';
import { decideCoordination, searchesFor, type ArrActivity, type CoordinationInput } from '../../../main/core/recovery/arr-coordinator';

const T0 = Date.UTC(2026, 10, 28, 12);
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const config = (on = true): DownloadClientConfig => ({ id: 1, enableCompletedDownloadHandling: true, autoRedownloadFailed: on, autoRedownloadFailedFromInteractiveSearch: true });
const history = (eventType: string, downloadId: string, at: number, id = 1): HistoryRecord => ({ id, episodeId: 101, seriesId: 1, eventType, downloadId, date: iso(at), sourceTitle: `${downloadId}-title`, data: { guid: `${downloadId}-guid` } });
const search = (status: string, queued: number, extra: Partial<Command> = {}): Command => ({ id: 7, name: 'EpisodeSearch', body: { episodeIds: [101] }, status, queued: iso(queued), ...extra });
const failedJob = [history('grabbed', 'failed', T0 - 60 * MIN), history('downloadFailed', 'failed', T0 + 30_000, 2)];

const input = (over: Partial<CoordinationInput> = {}): CoordinationInput => ({
  app: 'sonarr',
  item: { seriesId: 1, episodeIds: [101] },
  failureAt: T0,
  now: T0 + 5 * MIN,
  failedNzoId: 'failed',
  knownNzoIds: ['failed'],
  failedWasOurGrab: false,
  manual: false,
  timing: { graceMs: 2 * MIN, noticeMaxMs: 15 * MIN, searchMaxMs: 60 * MIN, recheckMs: 30_000 },
  ...over,
});
const activity = (over: Partial<ArrActivity> = {}): ArrActivity => ({ config: config(), history: failedJob, queue: [], commands: [], ...over });

describe('deciding from what the *arr is doing', () => {
  it.each<[string, Partial<ArrActivity>, Partial<CoordinationInput>, string]>([
    ['its grab since the failure is in its history', { history: [history('grabbed', 'theirs', T0 + MIN, 3), ...failedJob] }, {}, 'adopt'],
    ['its job for the item is in its download queue', { queue: [{ id: 9, episodeId: 101, downloadId: 'theirs', added: iso(T0 + MIN), statusMessages: [] } as QueueRecord] }, {}, 'adopt'],
    ['its search for the item is running', { commands: [search('started', T0 + MIN)] }, {}, 'wait'],
    ['its search for the item is queued', { commands: [search('queued', T0 + MIN)] }, {}, 'wait'],
    ['a person asked, while its search runs (never waits; a race is settled by keeping one)', { commands: [search('started', T0 + MIN)] }, { manual: true }, 'proceed'],
    ['its search has run for over an hour (stuck)', { commands: [search('started', T0 - 61 * MIN)] }, {}, 'proceed'],
    ['its search finished without a grab', { commands: [search('completed', T0 + MIN, { ended: iso(T0 + 2 * MIN), message: 'Completed. No reports found' })] }, {}, 'proceed'],
    ['it does not redownload failed downloads', { config: config(false) }, {}, 'proceed'],
    ['it does not know the failed job (e.g. a SABnzbd retry renamed it)', { history: [] }, {}, 'proceed'],
    ['it has not handled the failure yet', { history: [failedJob[0]!] }, {}, 'wait'],
    ['it has not handled the failure in 15 min', { history: [failedJob[0]!] }, { now: T0 + 16 * MIN }, 'proceed'],
    ['it handled the failure a moment ago and no search shows yet', {}, { now: T0 + MIN }, 'wait'],
    ['it handled the failure and started no search within the settle window', {}, {}, 'proceed'],
    ['its settings cannot be read (assume redownload on)', { config: null, history: [failedJob[0]!] }, {}, 'wait'],
  ])('%s → %s', (_what, a, i, action) => {
    expect(decideCoordination(activity(a), input(i)).action).toBe(action);
  });

  it('says what it waits for, and looks again soon', () => {
    const c = decideCoordination(activity({ commands: [search('started', T0 + MIN, { started: iso(T0 + MIN) })] }), input());
    expect(c).toEqual({ action: 'wait', until: T0 + 5 * MIN + 30_000, reason: 'Sonarr is searching for it (EpisodeSearch started 4 min ago)' });
  });

  it('knows which searches cover the item: episode, season/series, movie', () => {
    const item = { seriesId: 1, episodeIds: [101, 102] };
    const cmds: Command[] = [
      { id: 1, name: 'EpisodeSearch', body: { episodeIds: [102] }, status: 'started' },
      { id: 2, name: 'EpisodeSearch', body: { episodeIds: [999] }, status: 'started' },
      { id: 3, name: 'SeasonSearch', body: { seriesId: 1, seasonNumber: 1 }, status: 'queued' },
      { id: 4, name: 'SeriesSearch', body: { seriesId: 2 }, status: 'queued' },
      { id: 5, name: 'RefreshMonitoredDownloads', body: {}, status: 'started' },
      { id: 6, name: 'MoviesSearch', body: { movieIds: [7] }, status: 'started' },
    ];
    expect(searchesFor(cmds, item).map((c) => c.id)).toEqual([1, 3]);
    expect(searchesFor(cmds, { movieId: 7 }).map((c) => c.id)).toEqual([6]);
  });
});
