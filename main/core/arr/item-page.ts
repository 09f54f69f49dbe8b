// A series or movie as far as a link to its page needs it. Sonarr's and
// Radarr's web UIs route an item by its titleSlug (`/series/the-expanse`,
// `/movie/…`), which their API gives on SeriesResource / MovieResource.
import { z } from 'zod';

export const ItemPageSchema = z.object({ id: z.number().int(), title: z.string(), titleSlug: z.string().min(1) });
export type ItemPage = z.infer<typeof ItemPageSchema>;

/** The item's page in the *arr's web UI under the URL the user saved (which may carry a base path). */
export function itemPageUrl(baseUrl: string, app: 'sonarr' | 'radarr', titleSlug: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return `${base}/${app === 'sonarr' ? 'series' : 'movie'}/${encodeURIComponent(titleSlug)}`;
}
