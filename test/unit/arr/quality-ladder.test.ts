import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSameRung, nextRungDown, rungOf, rungRank, type QualityRung } from '../../../main/core/arr/quality-ladder';
import { teamShared } from '../../support/team-shared';

type Row = [id: number, name: string, source: string, resolution: number, modifier: string, rung: QualityRung | null];

// Every default quality definition of each app (Quality.cs), with the rung we expect.
const SONARR: Row[] = [
  [0, 'Unknown', 'unknown', 0, '', null],
  [1, 'SDTV', 'television', 480, '', 'SD'],
  [12, 'WEBRip-480p', 'webRip', 480, '', '480p'],
  [8, 'WEBDL-480p', 'web', 480, '', '480p'],
  [2, 'DVD', 'dvd', 480, '', '480p'],
  [13, 'Bluray-480p', 'bluray', 480, '', '480p'],
  [22, 'Bluray-576p', 'bluray', 576, '', '480p'],
  [4, 'HDTV-720p', 'television', 720, '', '720p'],
  [9, 'HDTV-1080p', 'television', 1080, '', '1080p'],
  [10, 'Raw-HD', 'televisionRaw', 1080, '', '1080p'],
  [14, 'WEBRip-720p', 'webRip', 720, '', '720p'],
  [5, 'WEBDL-720p', 'web', 720, '', '720p'],
  [6, 'Bluray-720p', 'bluray', 720, '', '720p'],
  [15, 'WEBRip-1080p', 'webRip', 1080, '', '1080p'],
  [3, 'WEBDL-1080p', 'web', 1080, '', '1080p'],
  [7, 'Bluray-1080p', 'bluray', 1080, '', '1080p'],
  [20, 'Bluray-1080p Remux', 'blurayRaw', 1080, '', '1080p'],
  [16, 'HDTV-2160p', 'television', 2160, '', '2160p'],
  [17, 'WEBRip-2160p', 'webRip', 2160, '', '2160p'],
  [18, 'WEBDL-2160p', 'web', 2160, '', '2160p'],
  [19, 'Bluray-2160p', 'bluray', 2160, '', '2160p'],
  [21, 'Bluray-2160p Remux', 'blurayRaw', 2160, '', '2160p'],
];

const RADARR: Row[] = [
  [0, 'Unknown', 'unknown', 0, 'none', null],
  [24, 'WORKPRINT', 'workprint', 0, 'none', 'SD'],
  [25, 'CAM', 'cam', 0, 'none', 'SD'],
  [26, 'TELESYNC', 'telesync', 0, 'none', 'SD'],
  [27, 'TELECINE', 'telecine', 0, 'none', 'SD'],
  [29, 'REGIONAL', 'dvd', 480, 'regional', 'SD'],
  [28, 'DVDSCR', 'dvd', 480, 'screener', 'SD'],
  [1, 'SDTV', 'tv', 480, 'none', 'SD'],
  [2, 'DVD', 'dvd', 0, 'none', '480p'],
  [23, 'DVD-R', 'dvd', 480, 'remux', '480p'],
  [8, 'WEBDL-480p', 'webdl', 480, 'none', '480p'],
  [12, 'WEBRip-480p', 'webrip', 480, 'none', '480p'],
  [20, 'Bluray-480p', 'bluray', 480, 'none', '480p'],
  [21, 'Bluray-576p', 'bluray', 576, 'none', '480p'],
  [4, 'HDTV-720p', 'tv', 720, 'none', '720p'],
  [5, 'WEBDL-720p', 'webdl', 720, 'none', '720p'],
  [14, 'WEBRip-720p', 'webrip', 720, 'none', '720p'],
  [6, 'Bluray-720p', 'bluray', 720, 'none', '720p'],
  [9, 'HDTV-1080p', 'tv', 1080, 'none', '1080p'],
  [3, 'WEBDL-1080p', 'webdl', 1080, 'none', '1080p'],
  [15, 'WEBRip-1080p', 'webrip', 1080, 'none', '1080p'],
  [7, 'Bluray-1080p', 'bluray', 1080, 'none', '1080p'],
  [30, 'Remux-1080p', 'bluray', 1080, 'remux', '1080p'],
  [16, 'HDTV-2160p', 'tv', 2160, 'none', '2160p'],
  [18, 'WEBDL-2160p', 'webdl', 2160, 'none', '2160p'],
  [17, 'WEBRip-2160p', 'webrip', 2160, 'none', '2160p'],
  [19, 'Bluray-2160p', 'bluray', 2160, 'none', '2160p'],
  [31, 'Remux-2160p', 'bluray', 2160, 'remux', '2160p'],
  [22, 'BR-DISK', 'bluray', 1080, 'brdisk', '1080p'],
  [10, 'Raw-HD', 'tv', 1080, 'rawhd', '1080p'],
];

const q = (r: Row) => ({ name: r[1], source: r[2], resolution: r[3], ...(r[4] ? { modifier: r[4] } : {}) });

describe.each([
  ['sonarr', SONARR],
  ['radarr', RADARR],
])('quality ladder: %s', (app, rows) => {
  it.each(rows.map((r) => [r[1], r] as const))('%s', (_name, row) => {
    expect(rungOf(q(row))).toBe(row[5]);
  });

  it('the table matches the app’s own quality definitions (source, resolution, modifier)', () => {
    const defs = (
      JSON.parse(readFileSync(teamShared('specs', `${app}-qualities.json`), 'utf8')) as {
        qualityDefinitions: { id: number; name: string; source: string; resolution: number; modifier?: string }[];
      }
    ).qualityDefinitions;
    expect(defs.map((d) => [d.id, d.name, d.source, d.resolution, d.modifier ?? ''])).toEqual(rows.map((r) => r.slice(0, 5)));
  });

});

it('Radarr: a higher weight never sits on a lower rung (rows are in weight order up to BR-DISK)', () => {
  const ranks = RADARR.slice(1, RADARR.findIndex((r) => r[1] === 'BR-DISK')).map((r) => rungRank(r[5]));
  expect(ranks.every((r, i) => i === 0 || r >= ranks[i - 1]!)).toBe(true);
});

describe('nextRungDown / isSameRung', () => {
  it.each([
    ['2160p', '1080p'],
    ['1080p', '720p'],
    ['720p', '480p'],
    ['480p', 'SD'],
    ['SD', null],
  ] as const)('%s → %s', (from, to) => {
    expect(nextRungDown(from)).toBe(to);
  });

  it('steps down from a quality object, across both apps’ spellings', () => {
    expect(nextRungDown({ source: 'web', resolution: 1080 })).toBe('720p');
    expect(nextRungDown({ source: 'dvd', resolution: 0, modifier: 'none' })).toBe('SD');
    expect(nextRungDown({ source: 'unknown', resolution: 0 })).toBeNull();
  });

  it('same rung across sources and apps; unknown is never the same', () => {
    expect(isSameRung({ source: 'web', resolution: 480 }, { source: 'dvd', resolution: 0 })).toBe(true);
    expect(isSameRung({ source: 'television', resolution: 1080 }, { source: 'webdl', resolution: 1080 })).toBe(true);
    expect(isSameRung({ source: 'television', resolution: 480 }, { source: 'web', resolution: 480 })).toBe(false);
    expect(isSameRung({ source: 'unknown', resolution: 0 }, { source: 'unknown', resolution: 0 })).toBe(false);
    expect(isSameRung('720p', { source: 'bluray', resolution: 720 })).toBe(true);
  });
});
