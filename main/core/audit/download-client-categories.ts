// Which category each *arr's download clients of one kind (SABnzbd or NZBGet) use, read from
// `/api/v3/downloadclient` (`/api/v1/` in Lidarr/Readarr; the field is tvCategory in Sonarr, movieCategory in
// Radarr, musicCategory in Lidarr and in Readarr, which kept Lidarr's name). The shared Sonarr/Radarr clients do not read this resource, so the
// audit reads it itself over the same transport.
import { z } from 'zod';
import { ARR_APP_LABEL, type ArrApp } from '../../../shared/domain';
import { createArrHttp, type ArrHttpOptions } from '../arr/arr-http';
import { arrOk, type ArrResult } from '../arr/arr-result';
import type { DownloadClientKind } from '../download-client/download-client-port';

const DownloadClientSchema = z.object({
  enable: z.boolean().default(true),
  implementation: z.string().optional(),
  fields: z.array(z.object({ name: z.string(), value: z.unknown().optional() })).default([]),
});

/** `client`: the kind of download client in the *arr whose categories count (default SABnzbd). */
export type DownloadClientCategories = (app: ArrApp, client?: DownloadClientKind) => Promise<ArrResult<string[]> | null>;

// The field each app's SABnzbd/NZBGet download client keeps its category in.
const FIELD: Record<ArrApp, string> = { sonarr: 'tvCategory', radarr: 'movieCategory', lidarr: 'musicCategory', readarr: 'musicCategory' };

/** `connections` is read on every call so changed settings apply; an app without a connection answers null. */
export function downloadClientCategoryReader(
  connections: () => Partial<Record<ArrApp, Omit<ArrHttpOptions, 'app'>>>,
): DownloadClientCategories {
  return async (app, client = 'sabnzbd') => {
    const conn = connections()[app];
    if (!conn) return null;
    const v1 = app === 'lidarr' || app === 'readarr';
    const http = createArrHttp({ ...conn, app: ARR_APP_LABEL[app], apiVersion: v1 ? 'v1' : 'v3' });
    const r = await http.json('GET', '/downloadclient', z.array(DownloadClientSchema));
    if (!r.ok) return r;
    const categories = r.value
      // Sonarr/Radarr call them "Sabnzbd" and "Nzbget".
      .filter((c) => c.enable && (c.implementation ?? '').toLowerCase() === client)
      .map((c) => c.fields.find((f) => f.name === FIELD[app])?.value)
      .filter((v): v is string => typeof v === 'string' && v.trim() !== '');
    return arrOk(categories);
  };
}
