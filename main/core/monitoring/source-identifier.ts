// Which *arr app (and which series/episodes or movie) a failed SABnzbd job
// belongs to. The *arr's own history is asked first (its downloadId is
// SABnzbd's nzo_id); the SABnzbd category map is the fallback; neither means
// `manual`, which recovery never acts on through an *arr. A lookup that errors
// never loses the failure: the category map answers and a note says why.
import type { ArrApp, ArrItemRef, SourceApp } from '../../../shared/domain';

/** What monitoring needs from a Sonarr/Radarr client (their `findByDownloadId` fits; it throws when the app cannot be asked). */
export interface ArrDownloadLookup {
  readonly app: ArrApp;
  findByDownloadId(nzoId: string): Promise<ArrItemRef | null>;
}

export interface SourceIdentification {
  sourceApp: SourceApp;
  item: ArrItemRef | null;
  via: 'arr_history' | 'category_map' | 'none';
  /** Lookup problems worth keeping with the record (e.g. "Sonarr could not be asked: …"). */
  notes: string[];
}

const APP_LABEL: Record<ArrApp, string> = { sonarr: 'Sonarr', radarr: 'Radarr' };

/** Category → app, case-insensitive (SABnzbd lower-cases categories; users may not). */
export function appForCategory(category: string | null, categoryMap: Readonly<Record<string, ArrApp>>): ArrApp | null {
  if (!category) return null;
  const wanted = category.trim().toLowerCase();
  for (const [cat, app] of Object.entries(categoryMap)) if (cat.trim().toLowerCase() === wanted) return app;
  return null;
}

export async function identifySource(
  job: { nzoId: string; category: string | null },
  lookups: readonly ArrDownloadLookup[],
  categoryMap: Readonly<Record<string, ArrApp>>,
): Promise<SourceIdentification> {
  const byCategory = appForCategory(job.category, categoryMap);
  // Ask the app the category points at first, so its answer wins a (rare) tie.
  const ordered = [...lookups].sort((a, b) => Number(b.app === byCategory) - Number(a.app === byCategory));
  const answers = await Promise.allSettled(ordered.map((l) => l.findByDownloadId(job.nzoId)));

  const notes: string[] = [];
  answers.forEach((answer, i) => {
    if (answer.status === 'fulfilled') return;
    const why = answer.reason instanceof Error ? answer.reason.message : String(answer.reason);
    notes.push(`${APP_LABEL[ordered[i]!.app]} could not be asked about ${job.nzoId}: ${why}`);
  });
  for (let i = 0; i < ordered.length; i++) {
    const answer = answers[i]!;
    if (answer.status === 'fulfilled' && answer.value) {
      return { sourceApp: ordered[i]!.app, item: answer.value, via: 'arr_history', notes };
    }
  }
  if (byCategory) {
    const fallback = notes.length > 0 ? ` (used category "${job.category}" instead)` : '';
    return { sourceApp: byCategory, item: null, via: 'category_map', notes: notes.map((n) => n + fallback) };
  }
  return { sourceApp: 'manual', item: null, via: 'none', notes };
}
