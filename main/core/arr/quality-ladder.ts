// The quality-fallback ladder: 2160p → 1080p → 720p → 480p → SD. A rung is
// judged by source AND resolution, because the apps disagree on both:
// Sonarr's WEBDL-480p is source `web`, Radarr's is `webdl`; Radarr's plain DVD
// has resolution 0; SDTV is 480 in both yet ranks below every web/disc 480p.
// Pure: the recovery engine asks "what is one step down from what failed?".
export const QUALITY_RUNGS = ['2160p', '1080p', '720p', '480p', 'SD'] as const;
export type QualityRung = (typeof QUALITY_RUNGS)[number];

/** The `quality.quality` object of a release, history record or queue item (either app). */
export interface QualityLike {
  source?: string | undefined;
  resolution?: number | undefined;
  /** Radarr only. */
  modifier?: string | undefined;
  name?: string | undefined;
}

// Web and disc sources at standard definition: a real 480p/576p picture.
const SD_DISC_OR_WEB = new Set(['web', 'webrip', 'webdl', 'dvd', 'bluray', 'blurayraw']);
// Pre-release sources Radarr reports without a resolution: below every real rip.
const PRE_RELEASE = new Set(['cam', 'telesync', 'telecine', 'workprint']);
// Radarr DVD variants that are not the retail disc.
const NOT_RETAIL = new Set(['screener', 'regional']);

/** The rung a quality stands on, or null when the app itself does not know it (Unknown). */
export function rungOf(q: QualityLike): QualityRung | null {
  const source = (q.source ?? 'unknown').toLowerCase();
  const resolution = q.resolution ?? 0;
  if (resolution >= 2160) return '2160p';
  if (resolution >= 1080) return '1080p';
  if (resolution >= 720) return '720p';
  if (PRE_RELEASE.has(source)) return 'SD';
  if (source === 'dvd' && NOT_RETAIL.has((q.modifier ?? 'none').toLowerCase())) return 'SD';
  // Radarr's retail DVD carries resolution 0.
  if (source === 'dvd') return '480p';
  if (resolution <= 0) return null;
  return SD_DISC_OR_WEB.has(source) ? '480p' : 'SD';
}

/** Higher is better: 2160p = 4 … SD = 0; off the ladder = -1. */
export function rungRank(rung: QualityRung | null): number {
  return rung === null ? -1 : QUALITY_RUNGS.length - 1 - QUALITY_RUNGS.indexOf(rung);
}

export function nextRungDown(current: QualityRung | QualityLike): QualityRung | null {
  const rung = typeof current === 'string' ? current : rungOf(current);
  if (rung === null) return null;
  return QUALITY_RUNGS[QUALITY_RUNGS.indexOf(rung) + 1] ?? null;
}

/** Two qualities on the same rung, e.g. Sonarr WEBDL-1080p and HDTV-1080p. Unknown is never "the same". */
export function isSameRung(a: QualityLike | QualityRung, b: QualityLike | QualityRung): boolean {
  const ra = typeof a === 'string' ? a : rungOf(a);
  const rb = typeof b === 'string' ? b : rungOf(b);
  return ra !== null && ra === rb;
}
