// Where a person opens a download outside this app: its series / movie page
// in Sonarr / Radarr and the chosen download client's web interface (SABnzbd
// or NZBGet), at the URLs saved in
// Settings. The *arr page needs the item's titleSlug, asked of the *arr once
// per item and remembered; when it cannot be asked, the note says why.
// A download recorded for another instance than the first of its app (Radarr
// 4K) opens in that instance, at its own URL.
import type { DownloadLinks } from '../../../shared/contract';
import { ARR_APP_LABEL as APP_NAMES, type ArrApp, type ArrItemRef } from '../../../shared/domain';
import type { DownloadRecord } from '../../../shared/downloads';
import type { DownloadClientKindSetting as DownloadClientKind } from '../../../shared/settings';
import type { ArrResult } from '../arr/arr-result';
import { itemPageUrl, type ItemPage } from '../arr/item-page';
import { arrInstanceOf } from '../recovery/arr-of-download';

export interface DownloadLinkDeps {
  /** The saved URL of a service (of one *arr instance, when named), or null when it has none / is disabled. */
  serviceUrl: (service: DownloadClientKind | ArrApp, instanceId?: string) => string | null;
  /** The download client chosen in Settings, read at each call (default SABnzbd). */
  downloadClient?: () => DownloadClientKind;
  /** Ask Sonarr for a series / Radarr for a movie / Lidarr for an artist / Readarr for an author (that instance, when named); null when it is not configured. */
  itemPage: (app: ArrApp, id: number, instanceId?: string) => Promise<ArrResult<ItemPage>> | null;
}

/** The item whose page a download links to, and what it is called. */
const PAGE_OF: Record<ArrApp, { noun: string; id: (item: ArrItemRef) => number | undefined }> = {
  sonarr: { noun: 'series', id: (i) => i.seriesId },
  radarr: { noun: 'movie', id: (i) => i.movieId },
  lidarr: { noun: 'artist', id: (i) => i.artistId },
  readarr: { noun: 'author', id: (i) => i.authorId },
};
const CLIENT_NAMES: Record<DownloadClientKind, string> = { sabnzbd: 'SABnzbd', nzbget: 'NZBGet' };
const SLUG_CACHE_CAP = 2_000;

export class DownloadLinkResolver {
  private readonly slugs = new Map<string, ItemPage>();

  constructor(private readonly deps: DownloadLinkDeps) {}

  async linksFor(download: DownloadRecord): Promise<DownloadLinks> {
    const notes: string[] = [];
    const kind = this.deps.downloadClient?.() ?? 'sabnzbd';
    const clientUrl = this.deps.serviceUrl(kind);
    const jobId = download.trackedNzoId ?? download.nzoId;
    const downloadClient = clientUrl ? { kind, name: CLIENT_NAMES[kind], url: clientUrl, jobId, jobName: download.name } : null;
    const sabnzbd = kind === 'sabnzbd' && clientUrl ? { url: clientUrl, nzoId: jobId } : null;
    if (!downloadClient) notes.push(`${CLIENT_NAMES[kind]} has no URL in Settings.`);

    let arr: DownloadLinks['arr'] = null;
    const app = download.sourceApp === 'manual' ? null : download.sourceApp;
    const id = app === null || !download.item ? undefined : PAGE_OF[app].id(download.item);
    if (app === null) notes.push('This download belongs to no *arr app (Sonarr, Radarr, Lidarr, Readarr).');
    else if (id === undefined) notes.push(`${APP_NAMES[app]} did not say which ${PAGE_OF[app].noun} this is.`);
    else {
      const instance = arrInstanceOf(download) ?? undefined;
      const base = this.deps.serviceUrl(app, instance);
      if (!base) notes.push(`${APP_NAMES[app]}${instance ? ` (${instance})` : ''} has no URL in Settings.`);
      else {
        const page = await this.page(app, id, instance);
        if (page.ok) arr = { app, url: itemPageUrl(base, app, page.value.titleSlug), title: page.value.title };
        else notes.push(page.message);
      }
    }
    return { sabnzbd, downloadClient, arr, notes };
  }

  private async page(app: ArrApp, id: number, instance: string | undefined): Promise<{ ok: true; value: ItemPage } | { ok: false; message: string }> {
    const key = `${instance ?? app}:${id}`;
    const known = this.slugs.get(key);
    if (known) return { ok: true, value: known };
    const asked = this.deps.itemPage(app, id, instance);
    if (asked === null) return { ok: false, message: `${APP_NAMES[app]} is not configured.` };
    const r = await asked;
    if (!r.ok) return { ok: false, message: `${APP_NAMES[app]} could not be asked for the page: ${r.error.message}` };
    if (this.slugs.size >= SLUG_CACHE_CAP) this.slugs.delete(this.slugs.keys().next().value as string);
    this.slugs.set(key, r.value);
    return { ok: true, value: r.value };
  }
}
