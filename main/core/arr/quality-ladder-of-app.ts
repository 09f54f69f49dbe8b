// The quality-fallback ladder each app falls down: video for Sonarr/Radarr
// (2160p → … → SD, quality-ladder.ts), Lidarr's lossless → MP3-320 → V0 …,
// Readarr's ebook and audiobook ladders (media-quality-ladder.ts). Recovery
// sees one shape: a quality stands on a named rung, and a rung has the one
// below it in its own ladder. Rung names are unique across an app's ladders,
// so `qualitiesTried` (rung names) stays one list of strings.
import type { ArrApp } from '../../../shared/domain';
import { LIDARR_LADDER, READARR_AUDIOBOOK_LADDER, READARR_EBOOK_LADDER, mediaRungOf, type MediaLadder } from './media-quality-ladder';
import { QUALITY_RUNGS, rungOf, type QualityLike } from './quality-ladder';

/** `quality.quality` of any app's release or record: video qualities carry source/resolution, v1 apps an id. */
export type AnyQuality = QualityLike & { id?: number | undefined };

export interface QualityLadderView {
  /** The rung the quality stands on, or null when it is Unknown or on no ladder. */
  rungOf(q: AnyQuality): string | null;
  /** Every ladder, best rung first (Readarr: ebooks, then audiobooks). */
  readonly ladders: readonly (readonly string[])[];
}

const VIDEO: QualityLadderView = { rungOf: (q) => rungOf(q), ladders: [QUALITY_RUNGS] };

function mediaView(kind: 'lidarr' | 'readarr', ladders: readonly MediaLadder[]): QualityLadderView {
  return {
    rungOf: (q) => (q.id === undefined ? null : (mediaRungOf(kind, { id: q.id })?.rung.name ?? null)),
    ladders: ladders.map((l) => l.map((r) => r.name)),
  };
}

const VIEWS: Record<ArrApp, QualityLadderView> = {
  sonarr: VIDEO,
  radarr: VIDEO,
  lidarr: mediaView('lidarr', [LIDARR_LADDER]),
  readarr: mediaView('readarr', [READARR_EBOOK_LADDER, READARR_AUDIOBOOK_LADDER]),
};

export function ladderOfApp(app: ArrApp): QualityLadderView {
  return VIEWS[app];
}

function position(view: QualityLadderView, rung: string): { ladder: readonly string[]; index: number } | null {
  for (const ladder of view.ladders) {
    const index = ladder.indexOf(rung);
    if (index >= 0) return { ladder, index };
  }
  return null;
}

/** The rung one step below, in the rung's own ladder (an ebook never falls to an audiobook); null at the bottom. */
export function rungBelow(view: QualityLadderView, rung: string): string | null {
  const at = position(view, rung);
  return at ? (at.ladder[at.index + 1] ?? null) : null;
}

/** Whether the name is a rung of this app's ladders (qualitiesTried may hold names from before). */
export function isRungOf(view: QualityLadderView, rung: string): boolean {
  return position(view, rung) !== null;
}

/**
 * The lowest of the rungs given, within the ladder of the first known one (the ladder only goes
 * down; a rung of the other Readarr ladder says nothing about this one). Null when none is known.
 */
export function lowestRungOf(view: QualityLadderView, rungs: readonly (string | null)[]): string | null {
  const known = rungs.filter((r): r is string => r !== null && isRungOf(view, r));
  const home = known[0] === undefined ? null : position(view, known[0]);
  if (!home) return null;
  let lowest = home.index;
  for (const r of known) {
    const i = home.ladder.indexOf(r);
    if (i > lowest) lowest = i;
  }
  return home.ladder[lowest]!;
}
