// The NZBGet failure table against every real capture: each capture is read as the row its
// scenario produced, each row takes kind/severity/first action from the SABnzbd classifier's
// own row (one vocabulary, not a fork), and every row has a real capture behind it.
import { describe, expect, it } from 'vitest';
import { classifyFailMessage } from '../../../main/core/monitoring/failure-classifier';
import { NZBGET_FAILURE_TABLE, readNzbgetOutcome } from '../../../main/core/nzbget/nzbget-failure-table';
import { NzbgetHistoryItemSchema } from '../../../main/core/nzbget/nzbget-schemas';
import { historyCaptures, nzbgetFixture } from './nzbget-fixtures';

// capture → [outcome, row, kind, severity, firstAction]
const EXPECTED: Record<string, [string, string | null, string | null, string | null, string | null]> = {
  completed: ['completed', null, null, null, null],
  'deleted-manual': ['deleted', null, null, null, null],
  'move-disk-full': ['completed', null, null, null, null],
  'health-deleted': ['failed', 'health-deleted', 'missing_articles', 'high', 'alternative_release'],
  'missing-articles': ['failed', 'missing-articles', 'missing_articles', 'high', 'alternative_release'],
  'health-below-critical': ['failed', 'health-below-critical', 'missing_articles', 'high', 'alternative_release'],
  'par-failed': ['failed', 'par-failed', 'verification_failed', 'medium', 'alternative_release'],
  'unpack-crc': ['failed', 'unpack-failed', 'unpack_failed', 'medium', 'alternative_release'],
  'unpack-missing-volume': ['failed', 'unpack-failed', 'unpack_failed', 'medium', 'alternative_release'],
  'unpack-7z-password': ['failed', 'unpack-failed', 'unpack_failed', 'medium', 'alternative_release'],
  'unpack-password': ['failed', 'unpack-password', 'encrypted', 'high', 'blocklist_and_alternative'],
  'unpack-space': ['failed', 'unpack-space', 'disk_full', 'critical', 'wait_for_disk_space'],
  'dupe-copy': ['failed', 'dupe-deleted', 'duplicate', 'low', 'record_only'],
  'dupe-deleted': ['failed', 'dupe-deleted', 'duplicate', 'low', 'record_only'],
  'script-failed': ['failed', 'script-failed', 'post_processing_failed', 'medium', 'retry_download'],
  'marked-bad': ['failed', 'marked-bad', 'unwanted_content', 'high', 'blocklist_and_alternative'],
  'url-fetch-failed': ['failed', 'url-fetch-failed', 'fetch_failed', 'medium', 'alternative_release'],
  'scan-failed': ['failed', 'scan-failed', 'fetch_failed', 'medium', 'alternative_release'],
};

describe('NZBGet failure table on the real NZBGet 21 captures', () => {
  const captures = historyCaptures();

  it('has an expectation for every capture and a capture for every expectation', () => {
    expect([...captures.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, [outcome, row, kind, severity, firstAction]] of Object.entries(EXPECTED)) {
    it(`${name} → ${row ?? outcome}`, () => {
      const item = NzbgetHistoryItemSchema.parse(nzbgetFixture(`${name}.json`));
      const reading = readNzbgetOutcome(item);
      expect(reading.outcome).toBe(outcome);
      expect(reading.row).toBe(row);
      expect(reading.classification?.kind ?? null).toBe(kind);
      expect(reading.classification?.severity ?? null).toBe(severity);
      expect(reading.classification?.firstAction ?? null).toBe(firstAction);
      expect(reading.failMessage === '').toBe(outcome !== 'failed');
    });
  }

  it('every row was produced for real (some capture hits it)', () => {
    const hit = new Set(Object.values(EXPECTED).map(([, row]) => row));
    expect(NZBGET_FAILURE_TABLE.map((r) => r.key).filter((key) => !hit.has(key))).toEqual([]);
  });

  it("takes each row's classification from the SABnzbd classifier's row for the same meaning", () => {
    for (const row of NZBGET_FAILURE_TABLE) {
      const shared = classifyFailMessage(row.sabnzbdEquivalent);
      expect(shared.kind, row.key).not.toBe('unknown');
      const item = NzbgetHistoryItemSchema.parse(nzbgetFixture(`${Object.entries(EXPECTED).find(([, e]) => e[1] === row.key)![0]}.json`));
      const { explanation: _e, ...got } = readNzbgetOutcome(item).classification!;
      const { explanation: _s, ...want } = shared;
      expect(got, row.key).toEqual(want);
    }
  });

  it('says what the numbers were, in the reason line', () => {
    const item = NzbgetHistoryItemSchema.parse(nzbgetFixture('missing-articles.json'));
    expect(readNzbgetOutcome(item).failMessage).toMatch(/^NZBGet: par2 repair failed, 6 of \d+ articles missing$/);
  });

  it('reads a status word it does not know as a failure of unknown cause, never as success', () => {
    // WARNING/DAMAGED (ParRepair=no) is not captured: NZBGet's own source names it. Built from a real capture.
    const base = nzbgetFixture('completed.json') as Record<string, unknown>;
    const damaged = NzbgetHistoryItemSchema.parse({ ...base, Status: 'WARNING/DAMAGED', ParStatus: 'MANUAL' });
    const reading = readNzbgetOutcome(damaged);
    expect(reading).toMatchObject({ outcome: 'failed', row: null, failMessage: 'NZBGet: WARNING/DAMAGED' });
    expect(reading.classification?.kind).toBe('unknown');
  });
});
