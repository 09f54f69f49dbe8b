// History filters take the event type as its C# enum NUMBER, records carry the
// camelCase NAME. The numbers differ between the apps (Radarr skipped the
// series-only values), so each app has its own table. Lidarr and Readarr share
// the enum's name (EntityHistoryEventType, NzbDrone.Core/History/EntityHistory.cs)
// but not its values: Readarr has no 2 (no author-folder import). Neither has a
// downloadFolderImported: an import is a track/book-file event per file, then
// downloadImported (8) for the whole download.
export const SONARR_HISTORY_EVENT = {
  unknown: 0,
  grabbed: 1,
  seriesFolderImported: 2,
  downloadFolderImported: 3,
  downloadFailed: 4,
  episodeFileDeleted: 5,
  episodeFileRenamed: 6,
  downloadIgnored: 7,
} as const;
export type SonarrHistoryEvent = keyof typeof SONARR_HISTORY_EVENT;

export const RADARR_HISTORY_EVENT = {
  unknown: 0,
  grabbed: 1,
  downloadFolderImported: 3,
  downloadFailed: 4,
  movieFileDeleted: 6,
  movieFolderImported: 7,
  movieFileRenamed: 8,
  downloadIgnored: 9,
} as const;
export type RadarrHistoryEvent = keyof typeof RADARR_HISTORY_EVENT;

export const LIDARR_HISTORY_EVENT = {
  unknown: 0,
  grabbed: 1,
  artistFolderImported: 2,
  trackFileImported: 3,
  downloadFailed: 4,
  trackFileDeleted: 5,
  trackFileRenamed: 6,
  albumImportIncomplete: 7,
  downloadImported: 8,
  trackFileRetagged: 9,
  downloadIgnored: 10,
} as const;
export type LidarrHistoryEvent = keyof typeof LIDARR_HISTORY_EVENT;

export const READARR_HISTORY_EVENT = {
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
export type ReadarrHistoryEvent = keyof typeof READARR_HISTORY_EVENT;
