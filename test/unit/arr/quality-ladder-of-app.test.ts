import { describe, expect, it } from 'vitest';
import { isRungOf, ladderOfApp, lowestRungOf, rungBelow } from '../../../main/core/arr/quality-ladder-of-app';

// Quality ids as Lidarr's and Readarr's Quality.cs give them (see media-quality-ladder.test.ts).
const lidarr = ladderOfApp('lidarr');
const readarr = ladderOfApp('readarr');
const video = ladderOfApp('radarr');

describe('ladderOfApp: one shape over every app\'s ladder', () => {
  it('places each app\'s qualities on its own rungs', () => {
    expect(lidarr.rungOf({ id: 6, name: 'FLAC' })).toBe('Lossless');
    expect(lidarr.rungOf({ id: 4, name: 'MP3-320' })).toBe('MP3-320');
    expect(lidarr.rungOf({ id: 0, name: 'Unknown' })).toBeNull();
    expect(readarr.rungOf({ id: 3, name: 'EPUB' })).toBe('EPUB');
    expect(readarr.rungOf({ id: 12, name: 'M4B' })).toBe('M4B');
    expect(video.rungOf({ id: 7, name: 'Bluray-1080p', source: 'bluray', resolution: 1080 })).toBe('1080p');
    // A v1 quality has no resolution: on the video ladder it stands nowhere, and a video one has no Lidarr id meaning.
    expect(video.rungOf({ id: 6, name: 'FLAC' })).toBeNull();
  });

  it('steps down within a rung\'s own ladder: an ebook never falls to an audiobook', () => {
    expect(rungBelow(lidarr, 'Lossless')).toBe('MP3-320');
    expect(rungBelow(lidarr, 'MP3-320')).toBe('MP3-V0');
    expect(rungBelow(readarr, 'PDF')).toBeNull();
    expect(rungBelow(readarr, 'FLAC')).toBe('M4B');
    expect(rungBelow(video, '1080p')).toBe('720p');
    expect(rungBelow(video, 'SD')).toBeNull();
    expect(rungBelow(lidarr, '1080p')).toBeNull();
  });

  it('knows its own rung names only', () => {
    expect(isRungOf(lidarr, 'MP3-V0')).toBe(true);
    expect(isRungOf(lidarr, '720p')).toBe(false);
    expect(isRungOf(video, 'EPUB')).toBe(false);
  });

  it('finds the lowest rung tried within the ladder of the first known one', () => {
    expect(lowestRungOf(lidarr, ['Lossless', 'MP3-V0', 'MP3-320'])).toBe('MP3-V0');
    expect(lowestRungOf(lidarr, [null, 'MP3-320'])).toBe('MP3-320');
    expect(lowestRungOf(lidarr, [null, '720p'])).toBeNull();
    // The audiobook rungs say nothing about the ebook ladder.
    expect(lowestRungOf(readarr, ['AZW3', 'M4B', 'EPUB'])).toBe('EPUB');
    expect(lowestRungOf(video, ['1080p', 'SD', '720p'])).toBe('SD');
  });
});
