// History filters take the event type as its C# enum NUMBER, records carry the
// camelCase NAME. The numbers differ between the apps (Radarr skipped the
// series-only values), so each app has its own table.
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
