// Which release to grab next. Pure: the strategies fetch the search results,
// these functions only choose. Rules: never a release already tried (by GUID)
// or blocklisted, never the failed one; a release the *arr rejects only when
// nothing else is left; among equals, the *arr's own order (best first) wins.
import type { Release } from '../arr/arr-schemas';
import { ladderOfApp, lowestRungOf, rungBelow, type AnyQuality, type QualityLadderView } from '../arr/quality-ladder-of-app';

/** Sonarr's and Radarr's ladder, the default of every choice here. */
const VIDEO = ladderOfApp('sonarr');

/** The release whose download failed, as far as the *arr's history tells. */
export interface FailedRelease {
  guid: string | null;
  title: string | null;
  quality: AnyQuality | null;
  indexer: string | null;
  releaseGroup: string | null;
}

export type ReleasePick = { ok: true; release: Release; rung: string | null } | { ok: false; reason: string };

export function isBlocklistedRelease(r: Release): boolean {
  return r.rejections.some((x) => /blocklist/i.test(x));
}

function usable(r: Release, failed: FailedRelease | null, tried: ReadonlySet<string>): boolean {
  if (tried.has(r.guid) || isBlocklistedRelease(r)) return false;
  if (failed?.guid && r.guid === failed.guid) return false;
  return !(failed?.title && r.title === failed.title && (failed.indexer === null || r.indexer === failed.indexer));
}

/** Unrejected first; then (for alternatives) another release group or indexer than the failed one; else the *arr's order. */
function best(candidates: readonly Release[], failed: FailedRelease | null): Release | undefined {
  const differs = (r: Release) =>
    failed !== null &&
    ((failed.releaseGroup !== null && (r.releaseGroup ?? '') !== failed.releaseGroup) ||
      (failed.indexer !== null && (r.indexer ?? '') !== failed.indexer));
  return candidates
    .map((r, i) => ({ r, i }))
    .sort((a, b) => Number(a.r.rejected) - Number(b.r.rejected) || Number(differs(b.r)) - Number(differs(a.r)) || a.i - b.i)[0]?.r;
}

/** Another release on the SAME rung as the failed one (any rung when its quality is unknown). */
export function pickAlternative(releases: readonly Release[], failed: FailedRelease | null, tried: readonly string[], ladder: QualityLadderView = VIDEO): ReleasePick {
  const triedSet = new Set(tried);
  const rung = failed?.quality ? ladder.rungOf(failed.quality) : null;
  const candidates = releases.filter((r) => usable(r, failed, triedSet) && (rung === null || ladder.rungOf(r.quality.quality) === rung));
  const pick = best(candidates, failed);
  if (pick) return { ok: true, release: pick, rung: ladder.rungOf(pick.quality.quality) };
  const where = rung === null ? '' : ` at ${rung}`;
  return { ok: false, reason: `No other release${where} is available that has not been tried or blocklisted (${releases.length} found by the search).` };
}

/** A release on the nearest lower rung that has one, starting ONE rung below `current`. */
export function pickFallback(
  releases: readonly Release[],
  current: string | null,
  tried: readonly string[],
  failed: FailedRelease | null,
  ladder: QualityLadderView = VIDEO,
): ReleasePick {
  if (current === null) return { ok: false, reason: 'The quality of the failed release is unknown, so there is no lower quality to fall back to.' };
  const triedSet = new Set(tried);
  for (let target = rungBelow(ladder, current); target !== null; target = rungBelow(ladder, target)) {
    const candidates = releases.filter((r) => usable(r, failed, triedSet) && ladder.rungOf(r.quality.quality) === target);
    const pick = best(candidates, null);
    if (pick) return { ok: true, release: pick, rung: target };
  }
  const below = rungBelow(ladder, current);
  if (below === null) return { ok: false, reason: `The failed release is already at the lowest quality (${current}); there is nothing lower to fall back to.` };
  return { ok: false, reason: `No release below ${current} is available that has not been tried or blocklisted (${releases.length} found by the search).` };
}

/** The lowest rung among those given (the ladder only goes down). */
export function lowestRung(rungs: readonly (string | null)[], ladder: QualityLadderView = VIDEO): string | null {
  return lowestRungOf(ladder, rungs);
}
