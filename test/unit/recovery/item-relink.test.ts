import { describe, expect, it } from 'vitest';
import { arrErr, arrOk, type ArrResult } from '../../../main/core/arr/arr-result';
import { arrToRelink, linkedMetadata, lookUpItem } from '../../../main/core/recovery/item-relink';
import type { RecoveryArr } from '../../../main/core/recovery/recovery-ports';
import type { ArrItemRef } from '../../../shared/domain';
import type { DownloadRecord } from '../../../shared/downloads';

const arrAnswering = (answer: ArrResult<ArrItemRef | null>): RecoveryArr => {
  const unused = () => Promise.reject(new Error('not part of this test'));
  return {
    app: 'sonarr',
    searchReleases: unused,
    grabRelease: unused,
    itemHistory: unused,
    itemQueue: unused,
    commands: unused,
    findQueueItemByDownloadId: unused,
    removeFromQueue: unused,
    blocklistPage: unused,
    downloadClientConfig: unused,
    missingItems: unused,
    itemByDownloadId: async () => answer,
  };
};

const record = (over: Partial<DownloadRecord>): DownloadRecord => ({
  id: 1,
  nzoId: 'SABnzbd_nzo_a',
  trackedNzoId: null,
  name: 'Show.S01E01',
  category: 'tv',
  sourceApp: 'sonarr',
  item: null,
  status: 'failed',
  kind: 'missing_articles',
  severity: 'high',
  failMessage: '',
  attempts: 0,
  maxAttempts: 3,
  currentStrategy: null,
  nextAttemptAt: null,
  lastError: null,
  inDlq: false,
  dlqReason: null,
  correlationId: 'c',
  qualitiesTried: [],
  releasesTried: [],
  createdAt: 0,
  updatedAt: 0,
  recoveredAt: null,
  metadata: { sourceNotes: ['Sonarr could not be asked about SABnzbd_nzo_a: refused'], announcedAt: 5 },
  ...over,
});

describe('asking the *arr again for a missing item', () => {
  it('asks only for an *arr download without an item whose app is configured', () => {
    const sonarr = arrAnswering(arrOk(null));
    expect(arrToRelink(record({}), { sonarr })).toBe(sonarr);
    expect(arrToRelink(record({ item: { seriesId: 1, episodeIds: [2] } }), { sonarr })).toBeNull();
    expect(arrToRelink(record({ sourceApp: 'manual' }), { sonarr })).toBeNull();
    expect(arrToRelink(record({ sourceApp: 'radarr' }), { sonarr })).toBeNull();
  });

  it('found, unknown, outage (no answer or a server error) and refused (a real error answer)', async () => {
    expect(await lookUpItem(arrAnswering(arrOk({ seriesId: 1, episodeIds: [2] })), 'x')).toEqual({ outcome: 'found', item: { seriesId: 1, episodeIds: [2] } });
    expect(await lookUpItem(arrAnswering(arrOk(null)), 'x')).toEqual({ outcome: 'unknown' });
    expect(await lookUpItem(arrAnswering(arrErr('unreachable', 'refused')), 'x')).toEqual({
      outcome: 'outage',
      outage: { service: 'sonarr', code: 'unreachable', message: 'refused' },
    });
    expect((await lookUpItem(arrAnswering(arrErr('timeout', 'slow')), 'x')).outcome).toBe('outage');
    expect((await lookUpItem(arrAnswering({ ok: false, error: { code: 'http_error', message: '503', status: 503 } }), 'x')).outcome).toBe('outage');
    expect((await lookUpItem(arrAnswering(arrErr('bad_api_key', 'key')), 'x')).outcome).toBe('refused');
  });

  it('keeps the earlier metadata and adds a note', () => {
    const meta = linkedMetadata(record({}), 'sonarr', 42);
    expect(meta).toMatchObject({ announcedAt: 5, itemLinkedAt: 42 });
    expect(meta.sourceNotes).toEqual(['Sonarr could not be asked about SABnzbd_nzo_a: refused', expect.stringMatching(/^Sonarr was asked again/)]);
  });
});
