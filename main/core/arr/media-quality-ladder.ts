// The quality-fallback ladders of Lidarr and Readarr, beside the video one in
// quality-ladder.ts. Their qualities carry no source or resolution, only an
// id and a name (quality.quality of a v1 release, history record or queue
// item), so a rung is a set of quality ids. The rungs follow each app's own
// default quality definitions (NzbDrone.Core/Qualities/Quality.cs, weights
// and groups as of Lidarr 2.x and Readarr 0.4):
// - Lidarr, by weight: lossless (FLAC, FLAC 24bit, ALAC, ALAC 24bit, APE,
//   WavPack, WAV; weight 22+) → 320 kbps lossy (MP3-320, AAC-320, Vorbis Q9/Q10; 20–21) →
//   V0 (MP3-VBR-V0, AAC-VBR; 19) → mid lossy (MP3-256, MP3-VBR-V2, AAC-256,
//   Vorbis Q7/Q8; 17–18) → low lossy (MP3-192, MP3-224, AAC-192, WMA, Vorbis
//   Q6; 15–16) → everything poorer. FLAC → MP3-320 → MP3-V0, as people set
//   their profiles.
// - Readarr has two families that never stand in for each other: ebooks
//   AZW3 → EPUB → MOBI → PDF, audiobooks FLAC → M4B → MP3 (id 10, named
//   "MP3" since Readarr renamed MP3-320).
// "Unknown" (Lidarr 0, Readarr's Unknown Text 0 and Unknown Audio 13) is on no
// rung: nothing is known to be one step below it. Pure, table-tested.

export type MediaLadderKind = 'lidarr' | 'readarr';

export interface MediaRung {
  readonly name: string;
  /** The app's quality ids on this rung. */
  readonly ids: readonly number[];
}

/** One ladder: best rung first. Readarr has two (ebook, audiobook). */
export type MediaLadder = readonly MediaRung[];

export const LIDARR_LADDER: MediaLadder = [
  { name: 'Lossless', ids: [21, 37, 6, 7, 35, 36, 13] },
  { name: 'MP3-320', ids: [4, 11, 14, 15] },
  { name: 'MP3-V0', ids: [2, 12] },
  { name: 'MP3-256', ids: [3, 8, 10, 16, 17] },
  { name: 'MP3-192', ids: [1, 34, 9, 20, 18] },
  { name: 'MP3-160 and below', ids: [5, 19, 22, 33, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32] },
];

export const READARR_EBOOK_LADDER: MediaLadder = [
  { name: 'AZW3', ids: [4] },
  { name: 'EPUB', ids: [3] },
  { name: 'MOBI', ids: [2] },
  { name: 'PDF', ids: [1] },
];

export const READARR_AUDIOBOOK_LADDER: MediaLadder = [
  { name: 'FLAC', ids: [11] },
  { name: 'M4B', ids: [12] },
  { name: 'MP3', ids: [10] },
];

const LADDERS: Record<MediaLadderKind, readonly MediaLadder[]> = {
  lidarr: [LIDARR_LADDER],
  readarr: [READARR_EBOOK_LADDER, READARR_AUDIOBOOK_LADDER],
};

/** `quality.quality` of a Lidarr/Readarr release, history record or queue item. */
export interface MediaQualityLike {
  id: number;
  name?: string | undefined;
}

export interface MediaRungPosition {
  ladder: MediaLadder;
  index: number;
  rung: MediaRung;
}

/** Where a quality stands, or null when the app does not know it (Unknown) or it is on no ladder. */
export function mediaRungOf(kind: MediaLadderKind, q: MediaQualityLike): MediaRungPosition | null {
  for (const ladder of LADDERS[kind]) {
    const index = ladder.findIndex((r) => r.ids.includes(q.id));
    if (index >= 0) return { ladder, index, rung: ladder[index]! };
  }
  return null;
}

/** The rung one step down from a quality, within its own ladder (an ebook never falls to an audiobook); null at the bottom or off the ladder. */
export function nextMediaRungDown(kind: MediaLadderKind, q: MediaQualityLike): MediaRung | null {
  const at = mediaRungOf(kind, q);
  return at ? (at.ladder[at.index + 1] ?? null) : null;
}

/** Two qualities on the same rung of the same ladder (FLAC and ALAC); Unknown is never "the same". */
export function isSameMediaRung(kind: MediaLadderKind, a: MediaQualityLike, b: MediaQualityLike): boolean {
  const ra = mediaRungOf(kind, a);
  const rb = mediaRungOf(kind, b);
  return ra !== null && rb !== null && ra.rung === rb.rung;
}

/** Whether `candidate` is exactly one rung below `failed` on the same ladder: what quality fallback grabs. */
export function isOneRungDown(kind: MediaLadderKind, failed: MediaQualityLike, candidate: MediaQualityLike): boolean {
  const next = nextMediaRungDown(kind, failed);
  const at = mediaRungOf(kind, candidate);
  return next !== null && at !== null && at.rung === next;
}
