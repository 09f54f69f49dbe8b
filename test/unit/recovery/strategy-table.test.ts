import { describe, expect, it } from 'vitest';
import { FAILURE_KINDS, type FailureKind, type Strategy } from '../../../shared/domain';
import { firstStrategy, nextStrategy, noActionReason, STRATEGY_TABLE } from '../../../main/core/recovery/strategy-table';

describe('first strategy by failure kind (*arr downloads)', () => {
  it.each<[FailureKind, Strategy | null]>([
    ['missing_articles', 'alternative_release'],
    ['verification_failed', 'alternative_release'],
    ['unpack_failed', 'alternative_release'],
    ['encrypted', 'alternative_release'],
    ['unwanted_content', 'alternative_release'],
    ['propagation_delay', 'retry_download'],
    ['disk_full', 'retry_download'],
    ['file_too_large', null],
    ['duplicate', null],
    ['fetch_failed', 'alternative_release'],
    ['post_processing_failed', 'retry_download'],
    ['unknown', 'retry_download'],
  ])('%s → %s', (kind, expected) => {
    expect(firstStrategy(kind, 'sonarr')).toBe(expected);
    expect(firstStrategy(kind, 'radarr')).toBe(expected);
  });

  it('covers every failure kind', () => {
    expect(Object.keys(STRATEGY_TABLE).sort()).toEqual([...FAILURE_KINDS].sort());
  });

  it('never retries an encrypted or unwanted release, nor an incomplete post', () => {
    for (const kind of ['encrypted', 'unwanted_content', 'missing_articles', 'verification_failed', 'unpack_failed'] as const) {
      expect(STRATEGY_TABLE[kind].ladder).not.toContain('retry_download');
    }
  });

  it('waits for disk space only on disk_full; a file too large for the disk goes to Needs attention saying why', () => {
    const disk = FAILURE_KINDS.filter((k) => STRATEGY_TABLE[k].needsDiskSpace);
    expect(disk).toEqual(['disk_full']);
    expect(noActionReason('file_too_large', 'sonarr')).toMatch(/FAT32.*freeing space will not help/);
    expect(noActionReason('file_too_large', 'manual')).toMatch(/FAT32/);
  });

  it("a person's Retry always has something to run: the ladder, else a plain SABnzbd retry", () => {
    expect(nextStrategy('file_too_large', 'sonarr', [], { manual: true })).toBe('retry_download');
    expect(nextStrategy('duplicate', 'manual', [], { manual: true })).toBe('retry_download');
    expect(nextStrategy('missing_articles', 'manual', [], { manual: true })).toBe('retry_download');
    expect(nextStrategy('missing_articles', 'sonarr', [], { manual: true })).toBe('alternative_release');
    expect(nextStrategy('file_too_large', 'sonarr', [])).toBeNull();
  });
});

describe('manual jobs (no *arr)', () => {
  it.each<[FailureKind, Strategy | null]>([
    ['propagation_delay', 'retry_download'],
    ['disk_full', 'retry_download'],
    ['post_processing_failed', 'retry_download'],
    ['fetch_failed', 'retry_download'],
    ['unknown', 'retry_download'],
    ['missing_articles', null],
    ['encrypted', null],
    ['unwanted_content', null],
    ['unpack_failed', null],
    ['verification_failed', null],
    ['duplicate', null],
    ['file_too_large', null],
  ])('%s → %s', (kind, expected) => {
    expect(firstStrategy(kind, 'manual')).toBe(expected);
    expect(nextStrategy(kind, 'manual', [{ strategy: 'retry_download', dryRun: false }])).toBe(expected);
  });

  it('gives a reason when a manual job goes straight to the dead-letter queue', () => {
    expect(noActionReason('missing_articles', 'manual')).toMatch(/No Sonarr\/Radarr item/);
    expect(noActionReason('unknown', 'manual')).toBeNull();
  });
});

describe('ladder stepping', () => {
  const a = (strategy: Strategy, dryRun = false) => ({ strategy, dryRun });

  it.each<[FailureKind, Strategy[], Strategy]>([
    ['unknown', [], 'retry_download'],
    ['unknown', ['retry_download'], 'quality_fallback'],
    ['unknown', ['retry_download', 'quality_fallback'], 'alternative_release'],
    ['unknown', ['retry_download', 'quality_fallback', 'alternative_release'], 'alternative_release'],
    ['missing_articles', ['alternative_release'], 'quality_fallback'],
    ['missing_articles', ['alternative_release', 'quality_fallback'], 'alternative_release'],
    ['encrypted', ['alternative_release'], 'alternative_release'],
    ['encrypted', ['alternative_release', 'alternative_release'], 'quality_fallback'],
    ['propagation_delay', ['retry_download', 'retry_download'], 'alternative_release'],
    ['disk_full', ['retry_download', 'retry_download', 'retry_download'], 'retry_download'],
  ])('%s after %j → %s', (kind, done, expected) => {
    expect(nextStrategy(kind, 'sonarr', done.map((s) => a(s)))).toBe(expected);
  });

  it('does not climb on dry runs or on the *arr’s own redownload', () => {
    expect(nextStrategy('unknown', 'radarr', [a('retry_download', true)])).toBe('retry_download');
    expect(nextStrategy('missing_articles', 'radarr', [a('arr_redownload')])).toBe('alternative_release');
    expect(nextStrategy('missing_articles', 'radarr', [a('arr_redownload'), a('alternative_release')])).toBe('quality_fallback');
  });

  it('duplicate never gets a strategy', () => {
    expect(nextStrategy('duplicate', 'sonarr', [])).toBeNull();
  });
});
