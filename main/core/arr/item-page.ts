// An *arr library item as far as a link to its page needs it. The web UIs
// route an item by a slug: Sonarr `/series/{titleSlug}`, Radarr
// `/movie/{titleSlug}`, Readarr `/author/{titleSlug}` (AuthorResource.titleSlug)
// and Lidarr `/artist/{foreignArtistId}` (its ArtistResource has no titleSlug;
// the MusicBrainz id is the slug). The Lidarr/Readarr clients map their
// resources to this shape.
import { z } from 'zod';

export const ItemPageSchema = z.object({ id: z.number().int(), title: z.string(), titleSlug: z.string().min(1) });
export type ItemPage = z.infer<typeof ItemPageSchema>;

export type ItemPageApp = 'sonarr' | 'radarr' | 'lidarr' | 'readarr';

const ROUTE: Record<ItemPageApp, string> = { sonarr: 'series', radarr: 'movie', lidarr: 'artist', readarr: 'author' };

/** The item's page in the *arr's web UI under the URL the user saved (which may carry a base path). */
export function itemPageUrl(baseUrl: string, app: ItemPageApp, titleSlug: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return `${base}/${ROUTE[app]}/${encodeURIComponent(titleSlug)}`;
}
