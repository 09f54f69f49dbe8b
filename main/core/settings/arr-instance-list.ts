// The list of *arr instances and the two sections it grew out of. The first
// Sonarr and first Radarr keep the ids `sonarr` and `radarr`, and their
// address stays in the `sonarr`/`radarr` sections where the rest of the core,
// env overrides (SONARR_URL …) and older settings files have always had it.
// These functions keep the two views equal: a settings file from before the
// list gets the list built from its sections (the migration: keys do not move,
// so none can be lost), a save of the list writes its first instances back to
// the sections, and a section changed by a save or the environment shows in
// the list.
import { ARR_KIND_LABEL, type ArrInstance, type ArrKind, type Settings } from '../../../shared/settings';

export { newInstanceId } from '../../../shared/settings';

/** The instance ids whose address lives in a section of their own (and whose key under their own secret name). */
export const SECTION_INSTANCE_IDS = ['sonarr', 'radarr'] as const;
export type SectionInstanceId = (typeof SECTION_INSTANCE_IDS)[number];

export function isSectionInstance(id: string): id is SectionInstanceId {
  return (SECTION_INSTANCE_IDS as readonly string[]).includes(id);
}

/** The category the old category map sent to an app (`tv` → sonarr), for a migrated instance; '' when none or taken. */
function categoryFromMap(kind: ArrKind, settings: Settings, taken: ReadonlySet<string>): string {
  for (const [category, app] of Object.entries(settings.categoryMap)) {
    if (app === kind && !taken.has(category.trim().toLowerCase())) return category.trim();
  }
  return '';
}

/**
 * The list as the sections say: each section with an address gets (or
 * updates) its instance; a section without one leaves an existing instance
 * in place with no address (it is not configured until one is entered).
 */
export function listFromSections(settings: Settings): Settings {
  const list: ArrInstance[] = settings.arrInstances.map((i) => ({ ...i }));
  const added: ArrInstance[] = [];
  for (const id of SECTION_INSTANCE_IDS) {
    const section = settings[id];
    const at = list.findIndex((i) => i.id === id);
    if (at >= 0) {
      list[at] = { ...list[at]!, url: section.url, enabled: section.enabled };
      continue;
    }
    if (section.url.trim() === '') continue;
    const taken = new Set([...list, ...added].map((i) => i.category.toLowerCase()).filter((c) => c !== ''));
    added.push({ id, kind: id, name: ARR_KIND_LABEL[id], url: section.url, enabled: section.enabled, category: categoryFromMap(id, settings, taken) });
  }
  return { ...settings, arrInstances: [...added, ...list] };
}

/** The sections as the list says: a first instance removed from the list leaves its section without an address. */
export function sectionsFromList(settings: Settings): Settings {
  const next: Settings = { ...settings };
  for (const id of SECTION_INSTANCE_IDS) {
    const instance = settings.arrInstances.find((i) => i.id === id);
    next[id] = instance ? { url: instance.url, enabled: instance.enabled } : { ...settings[id], url: '' };
  }
  return next;
}

/** The configured instances (enabled, with an address) of the list. */
export function activeInstances(settings: Settings): ArrInstance[] {
  return settings.arrInstances.filter((i) => i.enabled && i.url.trim() !== '');
}
