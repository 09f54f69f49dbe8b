import { describe, expect, it } from 'vitest';
import type { Release } from '../../../main/core/arr/arr-schemas';
import { lowestRung, pickAlternative, pickFallback, type FailedRelease } from '../../../main/core/recovery/release-choice';

let seq = 0;
function rel(quality: { name: string; source: string; resolution: number; modifier?: string }, extra: Partial<Release> = {}): Release {
  seq++;
  return {
    guid: `guid-${seq}`,
    indexerId: 1,
    indexer: 'IndexerA',
    title: `Show.S01E01.${quality.name}-GRP${seq}`,
    quality: { quality: { id: seq, ...quality } },
    releaseGroup: `GRP${seq}`,
    rejected: false,
    rejections: [],
    ...extra,
  };
}
const Q = {
  uhd: { name: 'WEBDL-2160p', source: 'web', resolution: 2160 },
  fhd: { name: 'WEBDL-1080p', source: 'web', resolution: 1080 },
  fhdTv: { name: 'HDTV-1080p', source: 'television', resolution: 1080 },
  hd: { name: 'HDTV-720p', source: 'television', resolution: 720 },
  sdWeb: { name: 'WEBDL-480p', source: 'web', resolution: 480 },
  sdtv: { name: 'SDTV', source: 'television', resolution: 480 },
  radarrDvd: { name: 'DVD', source: 'dvd', resolution: 0, modifier: 'none' },
};
const failedAt = (q: { source: string; resolution: number }, extra: Partial<FailedRelease> = {}): FailedRelease => ({
  guid: 'failed-guid',
  title: 'Show.S01E01.Failed-BAD',
  quality: q,
  indexer: 'IndexerA',
  releaseGroup: 'BAD',
  ...extra,
});

describe('pickAlternative', () => {
  it('takes the same rung, a distinct GUID, never the failed or a tried one', () => {
    const failed = failedAt(Q.fhd);
    const sameGuid = rel(Q.fhd, { guid: 'failed-guid' });
    const tried = rel(Q.fhd);
    const other = rel(Q.fhdTv);
    const lower = rel(Q.hd);
    const pick = pickAlternative([sameGuid, tried, lower, other], failed, [tried.guid]);
    expect(pick).toMatchObject({ ok: true, rung: '1080p' });
    expect(pick.ok && pick.release.guid).toBe(other.guid);
  });

  it('skips blocklisted releases and prefers unrejected ones, then another group', () => {
    const failed = failedAt(Q.fhd);
    const blocked = rel(Q.fhd, { rejected: true, rejections: ['Release is blocklisted'] });
    const rejected = rel(Q.fhd, { rejected: true, rejections: ['Not an upgrade'] });
    const sameGroup = rel(Q.fhd, { releaseGroup: 'BAD', indexer: 'IndexerA' });
    const otherGroup = rel(Q.fhd);
    const pick = pickAlternative([blocked, rejected, sameGroup, otherGroup], failed, []);
    expect(pick.ok && pick.release.guid).toBe(otherGroup.guid);
    const onlyRejected = pickAlternative([blocked, rejected], failed, []);
    expect(onlyRejected.ok && onlyRejected.release.guid).toBe(rejected.guid);
  });

  it('says why when nothing is left', () => {
    const pick = pickAlternative([rel(Q.hd)], failedAt(Q.fhd), []);
    expect(pick).toEqual({ ok: false, reason: expect.stringMatching(/No other release at 1080p/) });
  });
});

describe('pickFallback', () => {
  it.each([
    ['2160p', Q.fhd.name],
    ['1080p', Q.hd.name],
    ['720p', Q.sdWeb.name],
  ] as const)('one rung below %s', (current, expectedName) => {
    const releases = [rel(Q.uhd), rel(Q.fhd), rel(Q.hd), rel(Q.sdWeb), rel(Q.sdtv)];
    const pick = pickFallback(releases, current, [], null);
    expect(pick.ok && pick.release.quality.quality.name).toBe(expectedName);
  });

  it('judges by source and resolution: SDTV is below WEBDL-480p, Radarr DVD (resolution 0) is 480p', () => {
    expect(pickFallback([rel(Q.sdtv)], '480p', [], null)).toMatchObject({ ok: true, rung: 'SD' });
    expect(pickFallback([rel(Q.radarrDvd), rel(Q.sdtv)], '720p', [], null)).toMatchObject({ ok: true, rung: '480p' });
  });

  it('steps past an empty rung, never up, never a tried GUID', () => {
    const fhd = rel(Q.fhd);
    const sd = rel(Q.sdWeb);
    const tried = rel(Q.hd);
    expect(pickFallback([fhd, tried, sd], '1080p', [tried.guid], null)).toMatchObject({ ok: true, rung: '480p' });
    expect(pickFallback([fhd], '720p', [], null).ok).toBe(false);
  });

  it('has nothing below SD, and needs a known quality', () => {
    expect(pickFallback([rel(Q.sdtv)], 'SD', [], null)).toEqual({ ok: false, reason: expect.stringMatching(/lowest quality/) });
    expect(pickFallback([rel(Q.sdtv)], null, [], null)).toEqual({ ok: false, reason: expect.stringMatching(/unknown/) });
  });

  it('lowestRung', () => {
    expect(lowestRung(['1080p', null, '720p', '2160p'])).toBe('720p');
    expect(lowestRung([null])).toBeNull();
  });
});
