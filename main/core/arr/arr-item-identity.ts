// What a grab is for, in each app's own terms: Sonarr grabs episodes of a
// series, Radarr a movie, Lidarr an album of an artist, Readarr a book of an
// author. The one place that reads an item out of the app's records (history,
// queue, blocklist, commands), so monitoring and recovery never branch on the
// app themselves. Pure, table-tested.
import type { ArrApp, ArrItemRef } from '../../../shared/domain';

/** The item fields of a history or queue record (all optional: each app sets its own). */
export interface ItemFields {
  seriesId?: number | undefined;
  episodeId?: number | undefined;
  movieId?: number | undefined;
  artistId?: number | undefined;
  albumId?: number | undefined;
  authorId?: number | undefined;
  bookId?: number | undefined;
}

const first = <K extends keyof ItemFields>(list: readonly ItemFields[], key: K): number | undefined =>
  list.find((r) => r[key] !== undefined)?.[key];

/**
 * The item several records of one download describe (Sonarr writes one record per episode
 * of a release), or null when they name none (a job the app does not link to anything).
 */
export function itemOfRecords(app: ArrApp, list: readonly ItemFields[], title: string | undefined): ArrItemRef | null {
  const withTitle = (ref: ArrItemRef): ArrItemRef => (title === undefined ? ref : { ...ref, title });
  switch (app) {
    case 'sonarr': {
      const episodeIds = [...new Set(list.flatMap((r) => (r.episodeId === undefined ? [] : [r.episodeId])))].sort((a, b) => a - b);
      if (episodeIds.length === 0) return null;
      const seriesId = first(list, 'seriesId');
      return withTitle(seriesId === undefined ? { episodeIds } : { seriesId, episodeIds });
    }
    case 'radarr': {
      const movieId = first(list, 'movieId');
      return movieId === undefined ? null : withTitle({ movieId });
    }
    case 'lidarr': {
      const albumId = first(list, 'albumId');
      if (albumId === undefined) return null;
      const artistId = first(list, 'artistId');
      return withTitle(artistId === undefined ? { albumId } : { artistId, albumId });
    }
    case 'readarr': {
      const bookId = first(list, 'bookId');
      if (bookId === undefined) return null;
      const authorId = first(list, 'authorId');
      return withTitle(authorId === undefined ? { bookId } : { authorId, bookId });
    }
  }
}

/** Whether an item is linked at all: something the app can search for. */
export function hasSearchableItem(app: ArrApp, item: ArrItemRef): boolean {
  switch (app) {
    case 'sonarr':
      return (item.episodeIds?.length ?? 0) > 0;
    case 'radarr':
      return item.movieId !== undefined;
    case 'lidarr':
      return item.albumId !== undefined;
    case 'readarr':
      return item.bookId !== undefined;
  }
}

/** What the unit of a search is called, for messages ("episode", "album"). */
export const ITEM_NOUN: Record<ArrApp, string> = { sonarr: 'episode', radarr: 'movie', lidarr: 'album', readarr: 'book' };

/** A blocklist entry's item fields, as the apps list them (Sonarr lists episodeIds, Lidarr albumIds, Readarr bookIds). */
export interface BlocklistItemFields {
  episodeIds?: readonly number[] | undefined;
  movieId?: number | undefined;
  albumIds?: readonly number[] | undefined;
  bookIds?: readonly number[] | undefined;
}

/** Whether a blocklist entry is about this item; an entry that names no item of the kind matches by title alone. */
export function blocklistCoversItem(b: BlocklistItemFields, item: ArrItemRef | null | undefined): boolean {
  const anyOf = (ids: readonly number[] | undefined, mine: readonly number[]) => ids === undefined || ids.some((id) => mine.includes(id));
  return (
    (b.movieId === undefined || b.movieId === item?.movieId) &&
    anyOf(b.episodeIds, item?.episodeIds ?? []) &&
    anyOf(b.albumIds, item?.albumId === undefined ? [] : [item.albumId]) &&
    anyOf(b.bookIds, item?.bookId === undefined ? [] : [item.bookId])
  );
}

/** A command in the app's queue as far as matching needs it. */
export interface CommandLike {
  name?: string | undefined;
  body?: Record<string, unknown> | undefined;
}

function idsOf(body: Record<string, unknown> | undefined, key: string): number[] {
  const v = body?.[key];
  return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
}

// Command names as the apps register them (EpisodeSearchCommand → "EpisodeSearch"), compared without case or spaces.
const SEARCHES: readonly { names: readonly string[]; covers: (body: Record<string, unknown> | undefined, item: ArrItemRef) => boolean }[] = [
  { names: ['episodesearch'], covers: (b, i) => idsOf(b, 'episodeIds').some((e) => (i.episodeIds ?? []).includes(e)) },
  { names: ['seasonsearch', 'seriessearch'], covers: (b, i) => i.seriesId !== undefined && b?.seriesId === i.seriesId },
  { names: ['moviessearch', 'moviesearch'], covers: (b, i) => i.movieId !== undefined && idsOf(b, 'movieIds').includes(i.movieId) },
  { names: ['albumsearch'], covers: (b, i) => i.albumId !== undefined && idsOf(b, 'albumIds').includes(i.albumId) },
  { names: ['artistsearch'], covers: (b, i) => i.artistId !== undefined && b?.artistId === i.artistId },
  { names: ['booksearch'], covers: (b, i) => i.bookId !== undefined && idsOf(b, 'bookIds').includes(i.bookId) },
  { names: ['authorsearch'], covers: (b, i) => i.authorId !== undefined && b?.authorId === i.authorId },
];

/** Whether an *arr command is a search that covers the item (its episode, season/series, movie, album/artist, book/author). */
export function commandSearchesItem(c: CommandLike, item: ArrItemRef): boolean {
  const name = (c.name ?? '').replace(/\s+/g, '').toLowerCase();
  return SEARCHES.some((s) => s.names.includes(name) && s.covers(c.body, item));
}
