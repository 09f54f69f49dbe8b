// A fake Readarr 0.4 (API v1) for tests: authors and books in memory, one
// search unit = one book (BookSearch, GET /release?bookId=), eventType numbers
// from Readarr's EntityHistoryEventType (no 2), qualities `{id, name}` ranked
// by their default weights (Quality.cs: ebooks below audiobooks), download
// client category `Readarr` (SabnzbdSettings.MusicCategory's default — Readarr
// kept Lidarr's field name). GET /queue takes no item filter. Built from
// Readarr's openapi.json (src/Readarr.Api.V1/openapi.json, develop 4fb62c0,
// file last changed 8fb1aff).
import { systemClock } from '../../main/core/clock';
import type { ArrFlavor } from './fake-arr-core';
import type { FakeQuality, SeedRelease } from './fake-arr-model';
import { badRequest, historyResourceOf, intParam, isAnswer, startFakeArr, type ArrResources, type FakeArr, type FakeArrServerOptions } from './fake-arr-server';

export interface SeedAuthor {
  id: number;
  authorName: string;
  /** The web UI routes `/author/{titleSlug}`; default from the name. */
  titleSlug?: string;
  monitored?: boolean;
}

export interface SeedBook {
  id: number;
  authorId: number;
  title: string;
  /** When the author is not in `authors`: its name (default `Author {authorId}`). */
  authorName?: string;
  titleSlug?: string;
  /** ISO date; default 2020-01-01. */
  releaseDate?: string;
  hasFile?: boolean;
  monitored?: boolean;
  releases?: SeedRelease[];
}

export interface FakeReadarrOptions extends FakeArrServerOptions {
  authors?: SeedAuthor[];
  books?: SeedBook[];
}

export const READARR_EVENTS = {
  unknown: 0,
  grabbed: 1,
  bookFileImported: 3,
  downloadFailed: 4,
  bookFileDeleted: 5,
  bookFileRenamed: 6,
  bookImportIncomplete: 7,
  downloadImported: 8,
  bookFileRetagged: 9,
  downloadIgnored: 10,
} as const;

/** Readarr's qualities (Quality.cs): id, name and the default definition's weight. */
export const READARR_QUALITIES: readonly { id: number; name: string; weight: number }[] = [
  { id: 0, name: 'Unknown Text', weight: 1 },
  { id: 1, name: 'PDF', weight: 5 },
  { id: 2, name: 'MOBI', weight: 10 },
  { id: 3, name: 'EPUB', weight: 11 },
  { id: 4, name: 'AZW3', weight: 12 },
  { id: 13, name: 'Unknown Audio', weight: 50 },
  { id: 10, name: 'MP3', weight: 100 },
  { id: 12, name: 'M4B', weight: 105 },
  { id: 11, name: 'FLAC', weight: 110 },
];

export const READARR_Q = {
  pdf: { id: 1, name: 'PDF' },
  mobi: { id: 2, name: 'MOBI' },
  epub: { id: 3, name: 'EPUB' },
  azw3: { id: 4, name: 'AZW3' },
  mp3: { id: 10, name: 'MP3' },
  flac: { id: 11, name: 'FLAC' },
  m4b: { id: 12, name: 'M4B' },
} satisfies Record<string, FakeQuality>;

const WEIGHT = new Map(READARR_QUALITIES.map((q) => [q.id, q.weight]));
const slugOf = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export async function startFakeReadarr(opts: FakeReadarrOptions = {}): Promise<FakeArr> {
  const clock = opts.clock ?? systemClock;
  const authors = new Map<number, { id: number; authorName: string; titleSlug: string; monitored: boolean }>();
  const addAuthor = (a: SeedAuthor) =>
    authors.set(a.id, { id: a.id, authorName: a.authorName, titleSlug: a.titleSlug ?? `${a.id}-${slugOf(a.authorName)}`, monitored: a.monitored ?? true });
  for (const a of opts.authors ?? []) addAuthor(a);
  const books = new Map<number, SeedBook & { hasFile: boolean; monitored: boolean }>();
  for (const b of opts.books ?? []) {
    if (!authors.has(b.authorId)) addAuthor({ id: b.authorId, authorName: b.authorName ?? `Author ${b.authorId}` });
    books.set(b.id, { ...b, hasFile: b.hasFile ?? false, monitored: b.monitored ?? true });
  }
  const book = (id: number) => {
    const b = books.get(id);
    if (!b) throw new Error(`fake Readarr: no book ${id}`);
    return b;
  };
  const authorOf = (bookId: number) => authors.get(book(bookId).authorId)!;

  const flavor: ArrFlavor = {
    appName: 'Readarr',
    version: '0.4.18.2805',
    apiVersion: 'v1',
    defaultCategory: 'Readarr',
    categoryField: 'musicCategory',
    searchCommand: { name: 'BookSearch', commandName: 'Book Search', idsKey: 'bookIds' },
    qualityWeight: (q) => WEIGHT.get(q.id) ?? 0,
    importEvents: ['bookFileImported', 'downloadImported'],
    hasItem: (id) => books.has(id),
    hasFile: (id) => book(id).hasFile,
    setHasFile: (id, v) => {
      book(id).hasFile = v;
    },
  };

  // AuthorResource (spec: /api/v1/author/{id}); the web UI routes an author by its titleSlug.
  const authorResource = (id: number) => {
    const a = authors.get(id)!;
    const own = [...books.values()].filter((b) => b.authorId === id);
    return {
      id: a.id,
      authorMetadataId: a.id,
      status: 'continuing',
      ended: false,
      authorName: a.authorName,
      authorNameLastFirst: a.authorName.split(' ').reverse().join(', '),
      foreignAuthorId: String(100000 + a.id),
      titleSlug: a.titleSlug,
      links: [],
      images: [],
      path: `/books/${a.authorName}`,
      qualityProfileId: 1,
      metadataProfileId: 1,
      monitored: a.monitored,
      monitorNewItems: 'all',
      genres: [],
      cleanName: slugOf(a.authorName).replace(/-/g, ''),
      sortName: a.authorName.toLowerCase(),
      sortNameLastFirst: a.authorName.split(' ').reverse().join(', ').toLowerCase(),
      tags: [],
      added: '2025-01-01T00:00:00Z',
      ratings: { votes: 0, value: 0 },
      statistics: { bookFileCount: own.filter((b) => b.hasFile).length, bookCount: own.length, availableBookCount: own.length, totalBookCount: own.length, sizeOnDisk: 0, percentOfBooks: 0 },
    };
  };

  const bookResource = (id: number, withAuthor: boolean) => {
    const b = book(id);
    const a = authors.get(b.authorId)!;
    return {
      id: b.id,
      title: b.title,
      authorTitle: `${a.authorName.split(' ').reverse().join(', ').toLowerCase()} ${b.title}`,
      seriesTitle: '',
      authorId: b.authorId,
      foreignBookId: String(200000 + b.id),
      foreignEditionId: String(300000 + b.id),
      titleSlug: b.titleSlug ?? `${200000 + b.id}-${slugOf(b.title)}`,
      monitored: b.monitored,
      anyEditionOk: true,
      ratings: { votes: 0, value: 0 },
      releaseDate: b.releaseDate ?? '2020-01-01T00:00:00Z',
      pageCount: 300,
      genres: [],
      ...(withAuthor ? { author: authorResource(b.authorId) } : {}),
      images: [],
      links: [],
      statistics: { bookFileCount: b.hasFile ? 1 : 0, bookCount: 1, totalBookCount: 1, sizeOnDisk: 0, percentOfBooks: b.hasFile ? 100 : 0 },
      added: '2025-01-01T00:00:00Z',
      grabbed: false,
    };
  };

  const res: ArrResources = {
    events: READARR_EVENTS,
    languages: false,
    quality: (q) => ({ id: q.id, name: q.name }),
    historyFields: (id) => ({ bookId: id, authorId: book(id).authorId }),
    // HistoryController.GetHistory: bookId and downloadId (no authorIds, unlike Lidarr's artistIds).
    historyFilter: (query) => {
      const bookId = intParam(query, 'bookId');
      if (isAnswer(bookId)) return bookId;
      return (id) => bookId === undefined || id === bookId;
    },
    queueFields: (id) => ({ authorId: book(id).authorId, bookId: id, downloadForced: false }),
    // Readarr's QueueResource has no `added` (Lidarr's and the v3 apps' do).
    omitQueueFields: ['added'],
    // QueueController.GetQueue has no item filter; ASP.NET ignores query keys it does not bind.
    queueFilter: () => () => true,
    blocklistFields: (id) => ({ authorId: book(id).authorId, bookIds: [id] }),
    releaseFields: (id) => ({ discography: false, authorName: authorOf(id).authorName, bookTitle: book(id).title, indexerFlags: 0 }),
    releaseItem: (query) => {
      const bookId = intParam(query, 'bookId');
      if (isAnswer(bookId)) return bookId;
      if (bookId === undefined) return badRequest('bookId', 'Interactive search in this fake needs a bookId.');
      if (!books.has(bookId)) return { status: 404, body: { message: 'NotFound' } };
      return bookId;
    },
    missing: (monitored, query) =>
      [...books.values()]
        .filter((b) => !b.hasFile && (b.monitored && authors.get(b.authorId)!.monitored) === monitored)
        .map((b) => ({
          sort: Date.parse(b.releaseDate ?? '2020-01-01T00:00:00Z'),
          tie: b.id,
          resource: bookResource(b.id, (query.get('includeAuthor') ?? '').toLowerCase() === 'true'),
        })),
    missingSortKey: 'releaseDate',
    systemExtra: { branch: 'develop', packageVersion: '0.4.18.2805' },
    routes: [
      {
        method: 'GET',
        path: /^\/author\/(\d+)$/,
        handle: ({ params }) => (authors.has(Number(params[0])) ? { status: 200, body: authorResource(Number(params[0])) } : { status: 404, body: { message: 'NotFound' } }),
      },
      {
        method: 'GET',
        path: /^\/book\/(\d+)$/,
        handle: ({ params }) => (books.has(Number(params[0])) ? { status: 200, body: bookResource(Number(params[0]), true) } : { status: 404, body: { message: 'NotFound' } }),
      },
      {
        // HistoryController.GetAuthorHistory: authorId, optional bookId and eventType; newest first, not paged.
        method: 'GET',
        path: /^\/history\/author$/,
        handle: ({ core, query }) => {
          const authorId = intParam(query, 'authorId');
          if (isAnswer(authorId)) return authorId;
          const bookId = intParam(query, 'bookId');
          if (isAnswer(bookId)) return bookId;
          const rawType = query.get('eventType');
          const type = rawType === null ? undefined : Object.entries(READARR_EVENTS).find(([k, n]) => String(n) === rawType || k.toLowerCase() === rawType.toLowerCase())?.[0];
          if (rawType !== null && !type) return badRequest('eventType', `The value '${rawType}' is not valid.`);
          const rows = core.history
            .filter((h) => book(h.itemId).authorId === authorId && (bookId === undefined || h.itemId === bookId) && (!type || h.eventType === type))
            .sort((a, b) => b.date - a.date || b.id - a.id)
            .map((h) => historyResourceOf(res, h));
          return { status: 200, body: rows };
        },
      },
    ],
  };

  const fake = await startFakeArr(flavor, res, opts, clock);
  for (const b of books.values()) for (const r of b.releases ?? []) fake.addRelease(b.id, r);
  return fake;
}
