// The replacement verdict, pure: which evidence wins when several things are true at once.
import { describe, expect, it } from 'vitest';
import { judgeReplacement, type ReplacementEvidence } from '../../../main/core/recovery/outcome-tracker';
import { sabHistoryJob, sabQueueJob } from '../../../main/core/sabnzbd/sabnzbd-download-client';
import { SabHistorySlotSchema, SabQueueSlotSchema } from '../../../main/core/sabnzbd/sabnzbd-schemas';
import type { DownloadRecord, RecoveryAttempt } from '../../../shared/downloads';

const NOW = Date.UTC(2026, 10, 28, 12);
const HOUR = 3_600_000;
const STARTED = NOW - 6 * HOUR - 1;
const attempt: RecoveryAttempt = {
  attempt: 1,
  strategy: 'alternative_release',
  outcome: 'waiting',
  manual: false,
  dryRun: false,
  startedAt: STARTED,
  finishedAt: null,
  error: null,
  oldNzoId: 'orig',
  newNzoId: 'repl',
  releaseGuid: 'g',
  releaseTitle: 'Show.S01E01-GOOD',
  quality: null,
};
const record = { nzoId: 'orig', trackedNzoId: 'repl', sourceApp: 'sonarr', updatedAt: STARTED, metadata: {} } as unknown as DownloadRecord;
const slot = (status: string) => sabHistoryJob(SabHistorySlotSchema.parse({ nzo_id: 'repl', name: 'Show.S01E01-GOOD', status, fail_message: status === 'Failed' ? 'Repair failed' : '' }));
const queued = sabQueueJob(SabQueueSlotSchema.parse({ nzo_id: 'repl', filename: 'Show.S01E01-GOOD', status: 'Downloading', mb: '10', mbleft: '5' }));
const none: ReplacementEvidence = { clientQueue: [], clientHistory: [], arrHistory: [], arrQueue: [] };
const ctx = { now: NOW, deadlineMs: 6 * HOUR, lostAfterMs: 15 * 60_000, missingSince: null };

describe('judging an awaited replacement', () => {
  it('completion at the deadline is completion (the deadline never undoes a finished download)', () => {
    expect(judgeReplacement(record, [attempt], { ...none, clientHistory: [slot('Completed')] }, ctx)).toMatchObject({ verdict: 'completed', via: 'sabnzbd' });
    expect(judgeReplacement(record, [attempt], { ...none, clientHistory: [slot('Failed')] }, ctx)).toMatchObject({ verdict: 'failed', error: 'Repair failed' });
    expect(judgeReplacement(record, [attempt], { ...none, clientQueue: [queued] }, ctx)).toMatchObject({ verdict: 'timed_out', nzoId: 'repl' });
  });

  it('missing only counts once every service that could hold it was asked, and for long enough', () => {
    const young = { ...ctx, deadlineMs: 24 * HOUR };
    expect(judgeReplacement(record, [attempt], { ...none, clientQueue: null }, young)).toEqual({ verdict: 'pending', seen: false });
    expect(judgeReplacement(record, [attempt], { ...none, arrQueue: null }, young)).toEqual({ verdict: 'pending', seen: false });
    expect(judgeReplacement(record, [attempt], none, young)).toEqual({ verdict: 'pending', seen: false }); // missing just now
    expect(judgeReplacement(record, [attempt], none, { ...young, missingSince: NOW - 15 * 60_000 })).toEqual({ verdict: 'lost', nzoId: 'repl' });
    // Still in Sonarr's queue: not lost, however long.
    const inArrQueue = { ...none, arrQueue: [{ id: 1, downloadId: 'repl', statusMessages: [] }] };
    expect(judgeReplacement(record, [attempt], inArrQueue, { ...young, missingSince: NOW - 10 * HOUR })).toEqual({ verdict: 'pending', seen: true });
  });
});
