/**
 * The seeded mix of failures the recovery-rate run drives (issue 16 §1): which release fails
 * first, for which app, and what else the indexer has for the item. Pure, so the mix reads in
 * one place and the same seed gives the same run.
 *
 * The first CORE_MIX cases put every kind once (the small run of `npm test` is exactly them);
 * bigger mixes add seeded random cases over the failing flavors and the three situations.
 */
import type { ReleaseFlavor } from './failing-releases';

/** What the indexer has besides the failing release. */
export type Situation =
  /** A good release of the same quality. */
  | 'alternative'
  /** Nothing else at that quality; a good release one quality lower. */
  | 'lower_quality'
  /** Only releases that fail too (same and lower quality): a quality with no good release left. */
  | 'no_good_release'
  /** The same release again after it completed: SABnzbd fails it as "Duplicate NZB"; nothing to recover. */
  | 'duplicate'
  /** A release too big for the folder it unpacks to; the folder gets room later and the same job is retried. */
  | 'disk_full';

export type FailingFlavor = Exclude<ReleaseFlavor, 'good' | 'big'>;

export interface MixCase {
  /** 0-based, unique in the mix. */
  index: number;
  app: 'sonarr' | 'radarr';
  /** The failing release's flavor ('big' for disk_full, 'good' for duplicate: the release is fine, its name is not new). */
  flavor: ReleaseFlavor;
  situation: Situation;
}

/** Every kind once: missing articles (twice: SABnzbd words it two ways), par2, SFV, CRC, encrypted, password, unwanted, script, duplicate, disk full, none left. */
export const CORE_MIX: readonly Omit<MixCase, 'index'>[] = [
  { app: 'sonarr', flavor: 'not_on_server', situation: 'alternative' },
  { app: 'radarr', flavor: 'aborted', situation: 'lower_quality' },
  { app: 'sonarr', flavor: 'par2', situation: 'alternative' },
  { app: 'radarr', flavor: 'crc', situation: 'alternative' },
  { app: 'sonarr', flavor: 'sfv', situation: 'lower_quality' },
  { app: 'radarr', flavor: 'encrypted', situation: 'alternative' },
  { app: 'sonarr', flavor: 'password', situation: 'lower_quality' },
  { app: 'sonarr', flavor: 'unwanted', situation: 'alternative' },
  { app: 'radarr', flavor: 'script_fail', situation: 'alternative' },
  { app: 'sonarr', flavor: 'good', situation: 'duplicate' },
  { app: 'radarr', flavor: 'big', situation: 'disk_full' },
  { app: 'sonarr', flavor: 'crc', situation: 'no_good_release' },
];

const FAILING: readonly FailingFlavor[] = ['not_on_server', 'aborted', 'par2', 'crc', 'sfv', 'encrypted', 'password', 'unwanted', 'script_fail'];

/** mulberry32: a small seeded generator, enough to spread a mix. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `size` cases: the core mix first (cut short when size is smaller), then seeded random ones:
 * 60 % with a good alternative, 20 % with only a lower quality, 10 % with no good release,
 * 5 % duplicates, 5 % disk full.
 */
export function buildFailureMix(size: number, seed = 16): MixCase[] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`a failure mix needs at least one case (got ${size})`);
  const out: MixCase[] = CORE_MIX.slice(0, size).map((c, index) => ({ ...c, index }));
  const random = seededRandom(seed);
  while (out.length < size) {
    const r = random();
    const situation: Situation = r < 0.6 ? 'alternative' : r < 0.8 ? 'lower_quality' : r < 0.9 ? 'no_good_release' : r < 0.95 ? 'duplicate' : 'disk_full';
    // A full disk is Radarr's (its folder is the small tmpfs); a duplicate Sonarr's (it keeps completed jobs in SABnzbd's history).
    const app = situation === 'disk_full' ? 'radarr' : situation === 'duplicate' ? 'sonarr' : random() < 0.5 ? 'sonarr' : 'radarr';
    const flavor: ReleaseFlavor =
      situation === 'disk_full' ? 'big' : situation === 'duplicate' ? 'good' : FAILING[Math.floor(random() * FAILING.length)]!;
    out.push({ index: out.length, app, flavor, situation });
  }
  return out;
}

/** True when the case had a good release to recover with (the same one, for a full disk). */
export const hadGoodRelease = (c: MixCase): boolean => c.situation === 'alternative' || c.situation === 'lower_quality' || c.situation === 'disk_full';
