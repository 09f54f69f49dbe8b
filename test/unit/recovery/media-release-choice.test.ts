// Release choice on Lidarr's and Readarr's ladders: the same rules as video
// (release-choice.test.ts), other rungs.
import { describe, expect, it } from 'vitest';
import type { Release } from '../../../main/core/arr/arr-schemas';
import { ladderOfApp } from '../../../main/core/arr/quality-ladder-of-app';
import { lowestRung, pickAlternative, pickFallback, type FailedRelease } from '../../../main/core/recovery/release-choice';

const lidarr = ladderOfApp('lidarr');
const readarr = ladderOfApp('readarr');
let seq = 0;
const rel = (quality: { id: number; name: string }, extra: Partial<Release> = {}): Release => {
  seq++;
  return {
    guid: `g${seq}`,
    indexerId: 1,
    indexer: 'IndexerA',
    title: `Artist - Album (${quality.name}) ${seq}`,
    quality: { quality: { ...quality, source: 'unknown', resolution: 0 } },
    releaseGroup: `GRP${seq}`,
    rejected: false,
    rejections: [],
    ...extra,
  };
};
const FLAC = { id: 6, name: 'FLAC' };
const ALAC = { id: 7, name: 'ALAC' };
const MP3_320 = { id: 4, name: 'MP3-320' };
const V0 = { id: 2, name: 'MP3-VBR-V0' };
const MP3_256 = { id: 3, name: 'MP3-256' };
const failedAs = (q: { id: number; name: string }): FailedRelease => ({ guid: 'failed', title: 'Artist - Album (failed)', quality: q, indexer: 'IndexerA', releaseGroup: 'BAD' });

describe('Lidarr: FLAC → MP3-320 → MP3-V0', () => {
  it('falls from a failed FLAC to MP3-320, not to V0 or another lossless', () => {
    const releases = [rel(FLAC), rel(ALAC), rel(V0), rel(MP3_320)];
    const pick = pickFallback(releases, lidarr.rungOf(FLAC), [], failedAs(FLAC), lidarr);
    expect(pick.ok && pick.release.quality.quality.name).toBe('MP3-320');
    expect(pick.ok && pick.rung).toBe('MP3-320');
  });

  it('skips to V0 only when MP3-320 has nothing left', () => {
    const m320 = rel(MP3_320);
    const pick = pickFallback([m320, rel(V0), rel(MP3_256)], 'Lossless', [m320.guid], failedAs(FLAC), lidarr);
    expect(pick.ok && pick.rung).toBe('MP3-V0');
  });

  it('says so when the failed album is already at the bottom or of unknown quality', () => {
    const bottom = pickFallback([rel(FLAC)], 'MP3-160 and below', [], null, lidarr);
    expect(!bottom.ok && bottom.reason).toMatch(/already at the lowest quality/);
    const unknown = pickFallback([rel(MP3_320)], lidarr.rungOf({ id: 0, name: 'Unknown' }), [], null, lidarr);
    expect(!unknown.ok && unknown.reason).toMatch(/unknown/);
  });

  it('an alternative stays on the failed rung (any lossless for a failed FLAC), never the failed release', () => {
    const failed = failedAs(FLAC);
    const releases = [rel(MP3_320), rel(FLAC, { guid: 'failed' }), rel(ALAC)];
    const pick = pickAlternative(releases, failed, [], lidarr);
    expect(pick.ok && pick.release.quality.quality.name).toBe('ALAC');
    expect(pick.ok && pick.rung).toBe('Lossless');
  });

  it('continues below the lowest rung already tried', () => {
    expect(lowestRung(['Lossless', 'MP3-320'], lidarr)).toBe('MP3-320');
  });
});

describe('Readarr: an ebook falls to ebooks, an audiobook to audiobooks', () => {
  const AZW3 = { id: 4, name: 'AZW3' };
  const EPUB = { id: 3, name: 'EPUB' };
  const M4B = { id: 12, name: 'M4B' };
  const FLAC_BOOK = { id: 11, name: 'FLAC' };
  const MP3 = { id: 10, name: 'MP3-320' };

  it('AZW3 → EPUB, never an audiobook', () => {
    const pick = pickFallback([rel(M4B), rel(MP3), rel(EPUB)], readarr.rungOf(AZW3), [], failedAs(AZW3), readarr);
    expect(pick.ok && pick.release.quality.quality.name).toBe('EPUB');
  });

  it('FLAC → M4B for an audiobook', () => {
    const pick = pickFallback([rel(EPUB), rel(M4B)], readarr.rungOf(FLAC_BOOK), [], failedAs(FLAC_BOOK), readarr);
    expect(pick.ok && pick.release.quality.quality.name).toBe('M4B');
  });

  it('finds nothing below PDF even with audiobooks on offer', () => {
    const pick = pickFallback([rel(M4B), rel(MP3)], 'PDF', [], null, readarr);
    expect(pick.ok).toBe(false);
  });
});
