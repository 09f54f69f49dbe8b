// A Downloading job whose remaining size has not moved for `stallMs` is
// stalled. Reported once per stall; any progress (or leaving Downloading)
// resets it. Jobs waiting on purpose (Queued, Propagating, Checking, Grabbing,
// Fetching, Paused) and everything in a globally paused queue never count.
// `observeStalls` is the pure decision; `StallWatch` only keeps its state.

export interface QueueJob {
  nzoId: string;
  name: string;
  status: string;
  /** Remaining megabytes as SABnzbd reports them (`mbleft`). */
  mbLeft: number;
}

export interface StallTrack {
  mbLeft: number;
  /** When mbLeft last changed (or the job was first seen Downloading). */
  since: number;
  reported: boolean;
}

export interface StallReport {
  nzoId: string;
  name: string;
  stalledForMs: number;
}

export function observeStalls(
  previous: ReadonlyMap<string, StallTrack>,
  jobs: readonly QueueJob[],
  context: { now: number; stallMs: number; queuePaused: boolean },
): { tracks: Map<string, StallTrack>; stalled: StallReport[] } {
  const tracks = new Map<string, StallTrack>();
  const stalled: StallReport[] = [];
  if (context.queuePaused) return { tracks, stalled };
  for (const job of jobs) {
    if (job.status !== 'Downloading') continue;
    const before = previous.get(job.nzoId);
    if (!before || before.mbLeft !== job.mbLeft) {
      tracks.set(job.nzoId, { mbLeft: job.mbLeft, since: context.now, reported: false });
      continue;
    }
    const stalledForMs = context.now - before.since;
    const due = !before.reported && stalledForMs >= context.stallMs;
    if (due) stalled.push({ nzoId: job.nzoId, name: job.name, stalledForMs });
    tracks.set(job.nzoId, { ...before, reported: before.reported || due });
  }
  return { tracks, stalled };
}

export class StallWatch {
  private tracks = new Map<string, StallTrack>();

  observe(jobs: readonly QueueJob[], context: { now: number; stallMs: number; queuePaused: boolean }): StallReport[] {
    const r = observeStalls(this.tracks, jobs, context);
    this.tracks = r.tracks;
    return r.stalled;
  }

  reset(): void {
    this.tracks.clear();
  }
}
