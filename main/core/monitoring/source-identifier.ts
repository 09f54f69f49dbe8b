// Which *arr app (and which series/episodes or movie) a failed SABnzbd job
// belongs to. The *arr's own history is asked first (its downloadId is
// SABnzbd's nzo_id); the SABnzbd category map is the fallback; neither means
// `manual`, which recovery never acts on through an *arr. A lookup that errors
// never loses the failure: the category map answers and a note says why.
// With several instances of a kind (Radarr and Radarr 4K) the instance whose
// download category the job has is asked first and, when nobody knows the
// job, owns it; every instance is asked by downloadId, so a job sent with an
// unexpected category still finds its owner.
import { ARR_APP_LABEL as APP_LABEL, type ArrApp, type ArrItemRef, type SourceApp } from '../../../shared/domain';

/** What monitoring needs from a Sonarr/Radarr client (their `findByDownloadId` fits; it throws when the app cannot be asked). */
export interface ArrDownloadLookup {
  readonly app: ArrApp;
  /** Which configured instance this is (settings' arrInstances id); absent for a lone app. */
  readonly instanceId?: string;
  /** The SABnzbd category the instance sends its downloads with ('' = not known). */
  readonly category?: string;
  /** How to name the instance to a person ("Radarr 4K"); the app's label when absent. */
  readonly label?: string;
  findByDownloadId(nzoId: string): Promise<ArrItemRef | null>;
}

export interface SourceIdentification {
  sourceApp: SourceApp;
  item: ArrItemRef | null;
  via: 'arr_history' | 'category_map' | 'none';
  /** The instance that owns the job (its history knew it, or its category is the job's); absent when only the app is known. */
  instanceId?: string;
  /** Lookup problems worth keeping with the record (e.g. "Sonarr could not be asked: …"). */
  notes: string[];
}


/** Category → app, case-insensitive (SABnzbd lower-cases categories; users may not). */
export function appForCategory(category: string | null, categoryMap: Readonly<Record<string, ArrApp>>): ArrApp | null {
  if (!category) return null;
  const wanted = category.trim().toLowerCase();
  for (const [cat, app] of Object.entries(categoryMap)) if (cat.trim().toLowerCase() === wanted) return app;
  return null;
}

function sameCategory(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
}

export async function identifySource(
  job: { nzoId: string; category: string | null },
  lookups: readonly ArrDownloadLookup[],
  categoryMap: Readonly<Record<string, ArrApp>>,
): Promise<SourceIdentification> {
  const byInstance = lookups.find((l) => sameCategory(l.category, job.category)) ?? null;
  const byCategory = byInstance?.app ?? appForCategory(job.category, categoryMap);
  // Ask the instance (then the app) the category points at first, so its answer wins a (rare) tie.
  const rank = (l: ArrDownloadLookup) => (l === byInstance ? 2 : l.app === byCategory ? 1 : 0);
  const ordered = [...lookups].sort((a, b) => rank(b) - rank(a));
  const answers = await Promise.allSettled(ordered.map((l) => l.findByDownloadId(job.nzoId)));

  const notes: string[] = [];
  answers.forEach((answer, i) => {
    if (answer.status === 'fulfilled') return;
    const why = answer.reason instanceof Error ? answer.reason.message : String(answer.reason);
    notes.push(`${ordered[i]!.label ?? APP_LABEL[ordered[i]!.app]} could not be asked about ${job.nzoId}: ${why}`);
  });
  for (let i = 0; i < ordered.length; i++) {
    const answer = answers[i]!;
    if (answer.status === 'fulfilled' && answer.value) {
      const instanceId = ordered[i]!.instanceId;
      return { sourceApp: ordered[i]!.app, item: answer.value, via: 'arr_history', notes, ...(instanceId ? { instanceId } : {}) };
    }
  }
  if (byCategory) {
    const fallback = notes.length > 0 ? ` (used category "${job.category}" instead)` : '';
    const instanceId = byInstance?.instanceId;
    return { sourceApp: byCategory, item: null, via: 'category_map', notes: notes.map((n) => n + fallback), ...(instanceId ? { instanceId } : {}) };
  }
  return { sourceApp: 'manual', item: null, via: 'none', notes };
}
