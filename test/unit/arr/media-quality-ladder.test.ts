import { describe, expect, it } from 'vitest';
import {
  LIDARR_LADDER,
  READARR_AUDIOBOOK_LADDER,
  READARR_EBOOK_LADDER,
  isOneRungDown,
  isSameMediaRung,
  mediaRungOf,
  nextMediaRungDown,
} from '../../../main/core/arr/media-quality-ladder';

// The apps' own quality ids and names (Lidarr's and Readarr's Quality.cs), as their API reports them.
const L = {
  unknown: { id: 0, name: 'Unknown' },
  mp3_192: { id: 1, name: 'MP3-192' },
  v0: { id: 2, name: 'MP3-VBR-V0' },
  mp3_256: { id: 3, name: 'MP3-256' },
  mp3_320: { id: 4, name: 'MP3-320' },
  flac: { id: 6, name: 'FLAC' },
  alac: { id: 7, name: 'ALAC' },
  v2: { id: 8, name: 'MP3-VBR-V2' },
  aac_320: { id: 11, name: 'AAC-320' },
  wav: { id: 13, name: 'WAV' },
  vorbis_q10: { id: 14, name: 'OGG Vorbis Q10' },
  flac24: { id: 21, name: 'FLAC 24bit' },
  alac24: { id: 37, name: 'ALAC 24bit' },
  mp3_128: { id: 22, name: 'MP3-128' },
  mp3_008: { id: 32, name: 'MP3-8' },
};
const R = {
  unknownText: { id: 0, name: 'Unknown Text' },
  pdf: { id: 1, name: 'PDF' },
  mobi: { id: 2, name: 'MOBI' },
  epub: { id: 3, name: 'EPUB' },
  azw3: { id: 4, name: 'AZW3' },
  mp3: { id: 10, name: 'MP3' },
  flac: { id: 11, name: 'FLAC' },
  m4b: { id: 12, name: 'M4B' },
  unknownAudio: { id: 13, name: 'Unknown Audio' },
};

describe('Lidarr quality ladder', () => {
  it.each([
    ['FLAC', L.flac, 'MP3-320'],
    ['FLAC 24bit', L.flac24, 'MP3-320'],
    ['ALAC', L.alac, 'MP3-320'],
    ['ALAC 24bit', L.alac24, 'MP3-320'],
    ['WAV', L.wav, 'MP3-320'],
    ['MP3-320', L.mp3_320, 'MP3-V0'],
    ['AAC-320', L.aac_320, 'MP3-V0'],
    ['OGG Vorbis Q10', L.vorbis_q10, 'MP3-V0'],
    ['MP3-VBR-V0', L.v0, 'MP3-256'],
    ['MP3-VBR-V2', L.v2, 'MP3-192'],
    ['MP3-256', L.mp3_256, 'MP3-192'],
    ['MP3-192', L.mp3_192, 'MP3-160 and below'],
    ['MP3-128', L.mp3_128, null],
    ['MP3-8', L.mp3_008, null],
    ['Unknown', L.unknown, null],
  ] as const)('one step down from %s is %s', (_name, quality, expected) => {
    expect(nextMediaRungDown('lidarr', quality)?.name ?? null).toBe(expected);
  });

  it('FLAC → MP3-320 → MP3-V0: each grab is exactly one rung below the failed one', () => {
    expect(isOneRungDown('lidarr', L.flac, L.mp3_320)).toBe(true);
    expect(isOneRungDown('lidarr', L.mp3_320, L.v0)).toBe(true);
    expect(isOneRungDown('lidarr', L.flac, L.v0)).toBe(false);
    expect(isOneRungDown('lidarr', L.mp3_320, L.flac)).toBe(false);
  });

  it('same rung: FLAC and ALAC yes, FLAC and MP3-320 no, Unknown never', () => {
    expect(isSameMediaRung('lidarr', L.flac, L.alac)).toBe(true);
    expect(isSameMediaRung('lidarr', L.flac, L.mp3_320)).toBe(false);
    expect(isSameMediaRung('lidarr', L.unknown, L.unknown)).toBe(false);
  });

  it("every one of Lidarr's 37 known qualities stands on exactly one rung; Unknown on none", () => {
    const ids = LIDARR_LADDER.flatMap((r) => r.ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => a - b)).toEqual(Array.from({ length: 37 }, (_, i) => i + 1));
    expect(mediaRungOf('lidarr', L.unknown)).toBeNull();
  });
});

describe('Readarr quality ladders', () => {
  it.each([
    ['AZW3', R.azw3, 'EPUB'],
    ['EPUB', R.epub, 'MOBI'],
    ['MOBI', R.mobi, 'PDF'],
    ['PDF', R.pdf, null],
    ['FLAC', R.flac, 'M4B'],
    ['M4B', R.m4b, 'MP3'],
    ['MP3', R.mp3, null],
    ['Unknown Text', R.unknownText, null],
    ['Unknown Audio', R.unknownAudio, null],
  ] as const)('one step down from %s is %s', (_name, quality, expected) => {
    expect(nextMediaRungDown('readarr', quality)?.name ?? null).toBe(expected);
  });

  it('an ebook never falls back to an audiobook, nor the other way round', () => {
    expect(isOneRungDown('readarr', R.pdf, R.flac)).toBe(false);
    expect(isOneRungDown('readarr', R.mp3, R.azw3)).toBe(false);
    expect(isOneRungDown('readarr', R.epub, R.mobi)).toBe(true);
    expect(mediaRungOf('readarr', R.m4b)?.ladder).toBe(READARR_AUDIOBOOK_LADDER);
    expect(mediaRungOf('readarr', R.epub)?.ladder).toBe(READARR_EBOOK_LADDER);
  });
});

// Every quality of Lidarr's and Readarr's Quality.cs (Lidarr develop 0501e61, Readarr develop 4fb62c0):
// id, name and the default definition's weight. The ladders must follow the weights: every quality on
// a rung weighs more than every quality on the rungs below it.
const LIDARR_QUALITY_CS: readonly (readonly [number, string, number])[] = [
  [0, 'Unknown', 1], [32, 'MP3-8', 2], [31, 'MP3-16', 3], [30, 'MP3-24', 4], [29, 'MP3-32', 5], [28, 'MP3-40', 6],
  [27, 'MP3-48', 7], [26, 'MP3-56', 8], [25, 'MP3-64', 9], [24, 'MP3-80', 10], [23, 'MP3-96', 11], [33, 'MP3-112', 12],
  [22, 'MP3-128', 13], [19, 'OGG Vorbis Q5', 14], [5, 'MP3-160', 14], [1, 'MP3-192', 15], [18, 'OGG Vorbis Q6', 15],
  [9, 'AAC-192', 15], [20, 'WMA', 15], [34, 'MP3-224', 16], [17, 'OGG Vorbis Q7', 17], [8, 'MP3-VBR-V2', 18],
  [3, 'MP3-256', 18], [16, 'OGG Vorbis Q8', 18], [10, 'AAC-256', 18], [2, 'MP3-VBR-V0', 19], [12, 'AAC-VBR', 19],
  [4, 'MP3-320', 20], [15, 'OGG Vorbis Q9', 20], [11, 'AAC-320', 20], [14, 'OGG Vorbis Q10', 21], [6, 'FLAC', 22],
  [7, 'ALAC', 22], [35, 'APE', 22], [36, 'WavPack', 22], [21, 'FLAC 24bit', 23], [37, 'ALAC 24bit', 23], [13, 'WAV', 24],
];
const READARR_QUALITY_CS: readonly (readonly [number, string, number])[] = [
  [0, 'Unknown Text', 1], [1, 'PDF', 5], [2, 'MOBI', 10], [3, 'EPUB', 11], [4, 'AZW3', 12],
  [13, 'Unknown Audio', 50], [10, 'MP3', 100], [12, 'M4B', 105], [11, 'FLAC', 110],
];

describe('the ladders follow the apps’ Quality.cs', () => {
  it.each([
    ['lidarr', LIDARR_QUALITY_CS, [LIDARR_LADDER]],
    ['readarr', READARR_QUALITY_CS, [READARR_EBOOK_LADDER, READARR_AUDIOBOOK_LADDER]],
  ] as const)('%s: every known quality but Unknown is on a rung, heavier rungs first', (kind, table, ladders) => {
    const weight = new Map(table.map(([id, , w]) => [id, w]));
    const unknown = table.filter(([, name]) => name.startsWith('Unknown')).map(([id]) => id);
    const onRungs = ladders.flatMap((l) => l.flatMap((r) => r.ids));
    expect([...onRungs].sort((a, b) => a - b)).toEqual(table.map(([id]) => id).filter((id) => !unknown.includes(id)).sort((a, b) => a - b));
    for (const [id, name] of table) if (!unknown.includes(id)) expect(mediaRungOf(kind, { id, name })).not.toBeNull();
    for (const ladder of ladders) {
      for (let i = 0; i + 1 < ladder.length; i++) {
        const lightest = Math.min(...ladder[i]!.ids.map((id) => weight.get(id)!));
        const heaviestBelow = Math.max(...ladder.slice(i + 1).flatMap((r) => r.ids.map((id) => weight.get(id)!)));
        expect(lightest, `${ladder[i]!.name} over the rungs below`).toBeGreaterThan(heaviestBelow);
      }
    }
  });
});
