// Which download owns a job no row names: interruptedGrabOwner matches the
// *arr item of a download whose grab attempt is open with no job recorded.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DownloadMonitoringRepository } from '../../../main/core/activity/download-monitoring-repository';
import type { NewFailure } from '../../../main/core/activity/download-store-port';
import { interruptedGrabOwner } from '../../../main/core/monitoring/earlier-job-owner';
import type { ArrItemRef, SourceApp, Strategy } from '../../../shared/domain';
import { openTempDatabase, type TempDatabase } from '../activity/temp-database';

const NOW = Date.UTC(2026, 11, 3, 8, 0, 0);
let tdb: TempDatabase;
let store: DownloadMonitoringRepository;
let owner: (app: SourceApp, item: ArrItemRef) => string | null;
beforeEach(() => {
  tdb = openTempDatabase();
  store = new DownloadMonitoringRepository(tdb.db);
  owner = interruptedGrabOwner(tdb.db);
});
afterEach(() => tdb.dispose());

function failure(nzoId: string, sourceApp: SourceApp, item: ArrItemRef): NewFailure {
  return {
    nzoId,
    name: nzoId,
    category: null,
    sourceApp,
    item,
    kind: 'missing_articles',
    severity: 'high',
    failMessage: 'Aborted, cannot be completed',
    status: 'failed',
    correlationId: `corr-${nzoId}`,
    maxAttempts: 3,
    nextAttemptAt: null,
  };
}

/** A download of `item` whose attempt 1 (`strategy`) is open; `newNzoId` set when it recorded its job. */
function cutOff(nzoId: string, sourceApp: SourceApp, item: ArrItemRef, opts: { strategy?: Strategy; newNzoId?: string } = {}): void {
  store.insertFailureIfNew(failure(nzoId, sourceApp, item), NOW);
  store.startAttempt(
    nzoId,
    { attempt: 1, strategy: opts.strategy ?? 'alternative_release', manual: false, dryRun: false, startedAt: NOW, oldNzoId: nzoId, newNzoId: opts.newNzoId ?? null, releaseGuid: null, releaseTitle: null, quality: null },
    NOW,
  );
}

describe('interruptedGrabOwner', () => {
  it('the same episode (any of its episodes), movie, album or book of the same app', () => {
    cutOff('nzo_tv', 'sonarr', { seriesId: 1, episodeIds: [11, 12] });
    cutOff('nzo_movie', 'radarr', { movieId: 5 });
    cutOff('nzo_album', 'lidarr', { artistId: 3, albumId: 30 });
    cutOff('nzo_book', 'readarr', { authorId: 4, bookId: 40 });
    expect(owner('sonarr', { seriesId: 1, episodeIds: [12] })).toBe('nzo_tv');
    expect(owner('radarr', { movieId: 5 })).toBe('nzo_movie');
    expect(owner('lidarr', { artistId: 3, albumId: 30 })).toBe('nzo_album');
    expect(owner('readarr', { authorId: 4, bookId: 40 })).toBe('nzo_book');

    expect(owner('sonarr', { seriesId: 1, episodeIds: [13] })).toBeNull();
    expect(owner('sonarr', { seriesId: 2, episodeIds: [11] })).toBeNull();
    expect(owner('radarr', { movieId: 6 })).toBeNull();
    expect(owner('lidarr', { artistId: 3, albumId: 31 })).toBeNull();
    expect(owner('readarr', { authorId: 4, bookId: 41 })).toBeNull();
    // Another app's item with the same number is not it.
    expect(owner('radarr', { movieId: 30 })).toBeNull();
  });

  it('not when the attempt recorded its job, finished, or was a SABnzbd retry', () => {
    cutOff('nzo_known', 'sonarr', { seriesId: 1, episodeIds: [11] }, { newNzoId: 'nzo_known_repl' });
    cutOff('nzo_retry', 'sonarr', { seriesId: 1, episodeIds: [12] }, { strategy: 'retry_download' });
    cutOff('nzo_done', 'sonarr', { seriesId: 1, episodeIds: [13] });
    store.finishAttempt('nzo_done', 1, { outcome: 'failed', error: 'interrupted: no grab' }, NOW);
    expect(owner('sonarr', { seriesId: 1, episodeIds: [11] })).toBeNull();
    expect(owner('sonarr', { seriesId: 1, episodeIds: [12] })).toBeNull();
    expect(owner('sonarr', { seriesId: 1, episodeIds: [13] })).toBeNull();
  });
});
