// What a test (or the demo) seeds into a fake *arr app, and what the fake records.
/**
 * A quality as the app defines it (its Quality.cs). Sonarr/Radarr qualities carry a source and a
 * resolution; Lidarr/Readarr (API v1) ones are only `{id, name}` (e.g. Lidarr FLAC = 6, MP3-320 = 4).
 */
export interface FakeQuality {
  id: number;
  name: string;
  /** Sonarr/Radarr only. */
  source?: string;
  /** Sonarr/Radarr only. */
  resolution?: number;
  /** Radarr only. */
  modifier?: string;
}

export interface SeedRelease {
  guid: string;
  title: string;
  quality: FakeQuality;
  releaseGroup?: string;
  indexer?: string;
  indexerId?: number;
  size?: number;
  /** ISO date; defaults to one day before the fake's clock. */
  publishDate?: string;
  /** Extra rejections the app would give (e.g. the quality profile's "Not an upgrade"). */
  rejections?: string[];
  /** The NZB sent to SABnzbd on a grab; a minimal valid NZB when omitted. */
  nzb?: string | ((release: SeedRelease) => string | Promise<string>);
}

/** How the release reached the download client, as in the grabbed event's data.releaseSource. */
export type ReleaseSource = 'InteractiveSearch' | 'Search' | 'UserInvokedSearch';

export interface FakeGrab {
  itemId: number;
  release: SeedRelease;
  downloadId: string;
  category: string;
  source: ReleaseSource;
  at: number;
}

export interface FakeCall {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
}

/** A download the app sent to SABnzbd and now watches (Sonarr's TrackedDownload). */
export interface TrackedDownload {
  queueId: number;
  downloadId: string;
  itemId: number;
  release: SeedRelease;
  source: ReleaseSource;
  added: number;
  state: 'downloading' | 'imported' | 'failed' | 'removed';
  clientStatus: string;
  sizeLeft: number;
  timeLeft?: string;
}

export interface HistoryEvent {
  id: number;
  itemId: number;
  eventType: string;
  date: number;
  downloadId?: string;
  sourceTitle: string;
  quality: FakeQuality;
  data: Record<string, string>;
}

export interface BlocklistEntry {
  id: number;
  itemId: number;
  sourceTitle: string;
  quality: FakeQuality;
  indexer: string;
  message: string;
  date: number;
}

export interface FakeCommand {
  id: number;
  name: string;
  commandName: string;
  body: Record<string, unknown>;
  trigger: 'manual' | 'unspecified';
  status: 'queued' | 'started' | 'completed' | 'failed';
  result: 'unknown' | 'successful' | 'unsuccessful';
  message?: string;
  queued: number;
  started?: number;
  ended?: number;
}

export interface DownloadClientSettings {
  enableCompletedDownloadHandling: boolean;
  autoRedownloadFailed: boolean;
  autoRedownloadFailedFromInteractiveSearch: boolean;
  checkForFinishedDownloadInterval: number;
}

export const minimalNzb = (r: SeedRelease): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE nzb PUBLIC "-//newzBin//DTD NZB 1.1//EN" "http://www.newzbin.com/DTD/nzb/nzb-1.1.dtd">\n` +
  `<nzb xmlns="http://www.newzbin.com/DTD/2003/nzb">\n <head><meta type="name">${r.title}</meta></head>\n` +
  ` <file poster="fake@arr" date="1700000000" subject="&quot;${r.title}.mkv&quot; yEnc (1/1)">\n` +
  `  <groups><group>alt.binaries.test</group></groups>\n` +
  `  <segments><segment bytes="1000" number="1">${r.guid.replace(/[^a-z0-9]/gi, '')}@fake.arr</segment></segments>\n </file>\n</nzb>\n`;
