// The parts of the Sonarr/Radarr v3 and Lidarr/Readarr v1 resources we read,
// from their OpenAPI specs. A v1 quality is only `{id, name}` (no source or
// resolution: those default). Nulls are dropped before parsing (see dropNulls), so nullable fields
// are simply optional. Enum-like strings stay strings: a newer app version
// adding a value must not make a whole history page unreadable.
import { z } from 'zod';

const int = z.number().int();

export const QualitySchema = z.object({
  id: int,
  name: z.string().optional(),
  /** Sonarr: television, web, webRip, dvd, bluray… Radarr: tv, webdl, webrip, dvd, bluray, cam… */
  source: z.string().default('unknown'),
  resolution: int.default(0),
  /** Radarr only: none, regional, screener, rawhd, brdisk, remux. */
  modifier: z.string().optional(),
});
export type Quality = z.infer<typeof QualitySchema>;

export const QualityModelSchema = z.object({
  quality: QualitySchema,
  revision: z.object({ version: int.optional(), real: int.optional(), isRepack: z.boolean().optional() }).optional(),
});
export type QualityModel = z.infer<typeof QualityModelSchema>;

export const pagingSchema = <T extends z.ZodType>(record: T) =>
  z.object({
    page: int,
    pageSize: int,
    sortKey: z.string().optional(),
    sortDirection: z.string().optional(),
    totalRecords: int,
    records: z.array(record).default([]),
  });
export interface Paged<T> {
  page: number;
  pageSize: number;
  sortKey?: string | undefined;
  sortDirection?: string | undefined;
  totalRecords: number;
  records: T[];
}

export const SystemStatusSchema = z.object({
  appName: z.string().optional(),
  instanceName: z.string().optional(),
  version: z.string().optional(),
  branch: z.string().optional(),
  urlBase: z.string().optional(),
  startTime: z.string().optional(),
});
export type SystemStatus = z.infer<typeof SystemStatusSchema>;

export const HistoryRecordSchema = z.object({
  id: int,
  episodeId: int.optional(),
  seriesId: int.optional(),
  movieId: int.optional(),
  // Lidarr (one record per album; trackId set on track-file events)
  artistId: int.optional(),
  albumId: int.optional(),
  trackId: int.optional(),
  // Readarr
  authorId: int.optional(),
  bookId: int.optional(),
  sourceTitle: z.string().optional(),
  quality: QualityModelSchema.optional(),
  date: z.string(),
  downloadId: z.string().optional(),
  /** camelCase name in records (`grabbed`, `downloadFailed`…); numbers only in filters. */
  eventType: z.string(),
  /** Free-form, camelCase keys, string values (indexer, releaseGroup, message, guid…). */
  data: z.record(z.string(), z.string()).default({}),
});
export type HistoryRecord = z.infer<typeof HistoryRecordSchema>;

export const QueueRecordSchema = z.object({
  id: int,
  seriesId: int.optional(),
  episodeId: int.optional(),
  seasonNumber: int.optional(),
  movieId: int.optional(),
  artistId: int.optional(),
  albumId: int.optional(),
  authorId: int.optional(),
  bookId: int.optional(),
  title: z.string().optional(),
  quality: QualityModelSchema.optional(),
  size: z.number().optional(),
  sizeleft: z.number().optional(),
  timeleft: z.string().optional(),
  added: z.string().optional(),
  estimatedCompletionTime: z.string().optional(),
  status: z.string().optional(),
  trackedDownloadStatus: z.string().optional(),
  trackedDownloadState: z.string().optional(),
  statusMessages: z.array(z.object({ title: z.string().optional(), messages: z.array(z.string()).default([]) })).default([]),
  errorMessage: z.string().optional(),
  downloadId: z.string().optional(),
  protocol: z.string().optional(),
  downloadClient: z.string().optional(),
  indexer: z.string().optional(),
});
export type QueueRecord = z.infer<typeof QueueRecordSchema>;

export const BlocklistRecordSchema = z.object({
  id: int,
  seriesId: int.optional(),
  episodeIds: z.array(int).optional(),
  movieId: int.optional(),
  /** Lidarr: the artist and the albums the release covered. */
  artistId: int.optional(),
  albumIds: z.array(int).optional(),
  /** Readarr: the author and the books. */
  authorId: int.optional(),
  bookIds: z.array(int).optional(),
  sourceTitle: z.string().optional(),
  quality: QualityModelSchema.optional(),
  date: z.string(),
  protocol: z.string().optional(),
  indexer: z.string().optional(),
  message: z.string().optional(),
});
export type BlocklistRecord = z.infer<typeof BlocklistRecordSchema>;

export const CommandSchema = z.object({
  id: int,
  name: z.string().optional(),
  commandName: z.string().optional(),
  message: z.string().optional(),
  body: z.record(z.string(), z.unknown()).optional(),
  priority: z.string().optional(),
  /** queued, started, completed, failed, aborted, cancelled, orphaned */
  status: z.string(),
  result: z.string().optional(),
  queued: z.string().optional(),
  started: z.string().optional(),
  ended: z.string().optional(),
  trigger: z.string().optional(),
});
export type Command = z.infer<typeof CommandSchema>;

export const ReleaseSchema = z.object({
  guid: z.string(),
  indexerId: int,
  indexer: z.string().optional(),
  title: z.string(),
  quality: QualityModelSchema,
  releaseGroup: z.string().optional(),
  size: z.number().optional(),
  age: int.optional(),
  publishDate: z.string().optional(),
  protocol: z.string().optional(),
  approved: z.boolean().optional(),
  temporarilyRejected: z.boolean().optional(),
  rejected: z.boolean().default(false),
  rejections: z.array(z.string()).default([]),
  downloadAllowed: z.boolean().optional(),
  qualityWeight: int.optional(),
  customFormatScore: int.optional(),
  // Sonarr
  seriesId: int.optional(),
  episodeId: int.optional(),
  episodeIds: z.array(int).optional(),
  mappedSeriesId: int.optional(),
  mappedEpisodeInfo: z.array(z.object({ id: int })).optional(),
  // Radarr
  movieId: int.optional(),
  mappedMovieId: int.optional(),
  // Lidarr: names in search results; the ids only on a pushed release.
  artistName: z.string().optional(),
  albumTitle: z.string().optional(),
  artistId: int.optional(),
  albumId: int.optional(),
  // Readarr: the same, for authors and books.
  authorName: z.string().optional(),
  bookTitle: z.string().optional(),
  authorId: int.optional(),
  bookId: int.optional(),
});
export type Release = z.infer<typeof ReleaseSchema>;

export const DownloadClientConfigSchema = z.object({
  id: int,
  downloadClientWorkingFolders: z.string().optional(),
  enableCompletedDownloadHandling: z.boolean(),
  autoRedownloadFailed: z.boolean(),
  autoRedownloadFailedFromInteractiveSearch: z.boolean().default(true),
  /** Radarr only. */
  checkForFinishedDownloadInterval: int.optional(),
});
export type DownloadClientConfig = z.infer<typeof DownloadClientConfigSchema>;

export const EpisodeSchema = z.object({
  id: int,
  seriesId: int,
  seasonNumber: int,
  episodeNumber: int,
  title: z.string().optional(),
  airDateUtc: z.string().optional(),
  hasFile: z.boolean().default(false),
  monitored: z.boolean().default(true),
  series: z.object({ id: int.optional(), title: z.string().optional() }).optional(),
});
export type Episode = z.infer<typeof EpisodeSchema>;

export const MovieSchema = z.object({
  id: int,
  title: z.string().optional(),
  year: int.optional(),
  tmdbId: int.optional(),
  hasFile: z.boolean().default(false),
  monitored: z.boolean().default(true),
});
export type Movie = z.infer<typeof MovieSchema>;

/** Lidarr's AlbumResource (wanted/missing with includeArtist=true). */
export const AlbumSchema = z.object({
  id: int,
  title: z.string().default(''),
  artistId: int,
  foreignAlbumId: z.string().optional(),
  artist: z.object({ id: int, artistName: z.string().optional(), foreignArtistId: z.string().optional() }).optional(),
  monitored: z.boolean().default(true),
  releaseDate: z.string().optional(),
});
export type Album = z.infer<typeof AlbumSchema>;

/** Readarr's BookResource (wanted/missing with includeAuthor=true). */
export const BookSchema = z.object({
  id: int,
  title: z.string().default(''),
  authorId: int,
  titleSlug: z.string().optional(),
  author: z.object({ id: int, authorName: z.string().optional(), titleSlug: z.string().optional() }).optional(),
  monitored: z.boolean().default(true),
  releaseDate: z.string().optional(),
});
export type Book = z.infer<typeof BookSchema>;
