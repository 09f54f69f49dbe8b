import { describe, expect, it } from 'vitest';
import { StallWatch, observeStalls, type QueueJob } from '../../../main/core/monitoring/stall-watch';
import { fixtureJson } from '../sabnzbd/sabnzbd-fixtures';

const MIN = 60_000;
const stallMs = 30 * MIN;

const job = (status: string, mbLeft: number, nzoId = 'SABnzbd_nzo_a'): QueueJob => ({ nzoId, name: 'Show.S01E01', status, mbLeft });

/** Feed `steps` (minute, job) one poll at a time; return at which minutes a stall was reported. */
function reportsAt(steps: Array<[number, QueueJob | null]>, queuePaused = false): number[] {
  const watch = new StallWatch();
  const at: number[] = [];
  for (const [minute, j] of steps) {
    const reports = watch.observe(j ? [j] : [], { now: minute * MIN, stallMs, queuePaused });
    if (reports.length > 0) at.push(minute);
  }
  return at;
}

describe('stall watch', () => {
  const table: Array<[string, Array<[number, QueueJob | null]>, number[]]> = [
    ['Downloading, mbleft frozen for 30 min → reported once', [[0, job('Downloading', 500)], [10, job('Downloading', 500)], [30, job('Downloading', 500)], [60, job('Downloading', 500)]], [30]],
    ['frozen only 29 min → not yet', [[0, job('Downloading', 500)], [29, job('Downloading', 500)]], []],
    ['progress resets the clock', [[0, job('Downloading', 500)], [20, job('Downloading', 400)], [40, job('Downloading', 400)], [50, job('Downloading', 400)]], [50]],
    ['progress after a report, then a new stall → reported again', [[0, job('Downloading', 500)], [30, job('Downloading', 500)], [35, job('Downloading', 450)], [65, job('Downloading', 450)]], [30, 65]],
    ['Queued never stalls', [[0, job('Queued', 500)], [60, job('Queued', 500)]], []],
    ['Propagating never stalls', [[0, job('Propagating', 500)], [60, job('Propagating', 500)]], []],
    ['Checking never stalls', [[0, job('Checking', 500)], [60, job('Checking', 500)]], []],
    ['Grabbing never stalls', [[0, job('Grabbing', 500)], [60, job('Grabbing', 500)]], []],
    ['Fetching never stalls', [[0, job('Fetching', 500)], [60, job('Fetching', 500)]], []],
    ['Paused never stalls', [[0, job('Paused', 500)], [60, job('Paused', 500)]], []],
    ['a pause in between resets the clock', [[0, job('Downloading', 500)], [20, job('Paused', 500)], [25, job('Downloading', 500)], [50, job('Downloading', 500)], [55, job('Downloading', 500)]], [55]],
    ['a job that leaves the queue is forgotten', [[0, job('Downloading', 500)], [20, null], [40, job('Downloading', 500)], [60, job('Downloading', 500)]], []],
  ];

  it.each(table)('%s', (_label, steps, expected) => {
    expect(reportsAt(steps)).toEqual(expected);
  });

  it('nothing stalls while the whole queue is paused', () => {
    expect(reportsAt([[0, job('Downloading', 500)], [60, job('Downloading', 500)]], true)).toEqual([]);
  });

  it('reports how long the job has been stuck, per job', () => {
    const { tracks } = observeStalls(new Map(), [job('Downloading', 5, 'a'), job('Downloading', 9, 'b')], { now: 0, stallMs, queuePaused: false });
    const r = observeStalls(tracks, [job('Downloading', 5, 'a'), job('Downloading', 8, 'b')], { now: 45 * MIN, stallMs, queuePaused: false });
    expect(r.stalled).toEqual([{ nzoId: 'a', name: 'Show.S01E01', stalledForMs: 45 * MIN }]);
  });

  it('the real queue capture: only Downloading jobs are tracked', () => {
    const q = (fixtureJson('queue-downloading.json') as { queue: { slots: Array<{ nzo_id: string; filename: string; status: string; mbleft: string }> } }).queue;
    const jobs = q.slots.map((s) => ({ nzoId: s.nzo_id, name: s.filename, status: s.status, mbLeft: Number(s.mbleft) }));
    const first = observeStalls(new Map(), jobs, { now: 0, stallMs, queuePaused: false });
    expect([...first.tracks.keys()].sort()).toEqual(['SABnzbd_nzo_64mre5e7', 'SABnzbd_nzo_e2ak93j2']);
    const later = observeStalls(first.tracks, jobs, { now: stallMs, stallMs, queuePaused: false });
    expect(later.stalled.map((s) => s.nzoId).sort()).toEqual(['SABnzbd_nzo_64mre5e7', 'SABnzbd_nzo_e2ak93j2']);
  });
});
