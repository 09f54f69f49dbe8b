import { describe, expect, it } from 'vitest';
import { blocklistCoversItem, commandSearchesItem, hasSearchableItem, itemOfRecords } from '../../../main/core/arr/arr-item-identity';

describe('itemOfRecords: the item a download is for, in each app\'s terms', () => {
  it.each([
    ['sonarr', [{ seriesId: 7, episodeId: 12 }, { seriesId: 7, episodeId: 11 }, { seriesId: 7, episodeId: 12 }], { seriesId: 7, episodeIds: [11, 12], title: 'T' }],
    ['radarr', [{ movieId: 3 }], { movieId: 3, title: 'T' }],
    ['lidarr', [{ artistId: 5, albumId: 40 }], { artistId: 5, albumId: 40, title: 'T' }],
    ['readarr', [{ authorId: 9, bookId: 77 }], { authorId: 9, bookId: 77, title: 'T' }],
    ['lidarr', [{ albumId: 40 }], { albumId: 40, title: 'T' }],
  ] as const)('%s %j', (app, records, expected) => {
    expect(itemOfRecords(app, records, 'T')).toEqual(expected);
  });

  it('names no item when the records carry none of the app\'s own fields (a Radarr record read as Lidarr\'s)', () => {
    expect(itemOfRecords('lidarr', [{ movieId: 3 }], 'T')).toBeNull();
    expect(itemOfRecords('readarr', [{ albumId: 3, artistId: 1 }], undefined)).toBeNull();
    expect(itemOfRecords('sonarr', [{ seriesId: 1 }], undefined)).toBeNull();
  });

  it('is searchable only with the unit of a search (episode, movie, album, book)', () => {
    expect(hasSearchableItem('lidarr', { artistId: 1 })).toBe(false);
    expect(hasSearchableItem('lidarr', { albumId: 2 })).toBe(true);
    expect(hasSearchableItem('readarr', { bookId: 2 })).toBe(true);
    expect(hasSearchableItem('readarr', { albumId: 2 })).toBe(false);
  });
});

describe('commandSearchesItem: the *arr is already searching for it', () => {
  const album = { artistId: 5, albumId: 40 };
  const book = { authorId: 9, bookId: 77 };
  it.each([
    [{ name: 'AlbumSearch', body: { albumIds: [40, 41] } }, album, true],
    [{ name: 'AlbumSearch', body: { albumIds: [41] } }, album, false],
    [{ name: 'ArtistSearch', body: { artistId: 5 } }, album, true],
    [{ name: 'ArtistSearch', body: { artistId: 6 } }, album, false],
    [{ name: 'BookSearch', body: { bookIds: [77] } }, book, true],
    [{ name: 'Author Search', body: { authorId: 9 } }, book, true],
    [{ name: 'BookSearch', body: { bookIds: [40] } }, album, false],
    [{ name: 'MoviesSearch', body: { movieIds: [40] } }, album, false],
    [{ name: 'EpisodeSearch', body: { episodeIds: [1] } }, { seriesId: 2, episodeIds: [1] }, true],
    [{ name: 'SeriesSearch', body: { seriesId: 2 } }, { seriesId: 2, episodeIds: [1] }, true],
    [{ name: 'MoviesSearch', body: { movieIds: [3] } }, { movieId: 3 }, true],
    [{ name: 'RefreshMonitoredDownloads', body: {} }, { movieId: 3 }, false],
  ])('%j for %j → %s', (command, item, expected) => {
    expect(commandSearchesItem(command, item)).toBe(expected);
  });
});

describe('blocklistCoversItem', () => {
  it('matches an entry to its own album or book only', () => {
    expect(blocklistCoversItem({ albumIds: [40] }, { albumId: 40 })).toBe(true);
    expect(blocklistCoversItem({ albumIds: [41] }, { albumId: 40 })).toBe(false);
    expect(blocklistCoversItem({ bookIds: [77] }, { bookId: 77 })).toBe(true);
    expect(blocklistCoversItem({ bookIds: [77] }, { bookId: 78 })).toBe(false);
    expect(blocklistCoversItem({ movieId: 3 }, { movieId: 4 })).toBe(false);
    expect(blocklistCoversItem({ episodeIds: [1, 2] }, { episodeIds: [2] })).toBe(true);
    // An entry that names no item of any kind is matched by title by the caller.
    expect(blocklistCoversItem({}, { albumId: 40 })).toBe(true);
  });
});
