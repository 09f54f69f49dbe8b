// A SABnzbd that lives in memory and in simulated time, for benches that run
// weeks of traffic through the real Poller in seconds. Jobs are added with
// their whole future (when they arrive, download, go through post-processing
// and end Completed or Failed); queue() and history() answer what SABnzbd
// 3.7 would show at the clock's `now`: one download at a time in arrival
// order, post-processing beside it, history newest first with
// `last_history_update` bumped on every change and `null` ("nothing
// changed") when the caller's value is current, as SabnzbdClient returns it.
import type { Clock } from '../main/core/clock';
import type { SabnzbdReader } from '../main/core/monitoring/poller';
import type { HistoryQuery } from '../main/core/sabnzbd/sabnzbd-client';
import type { SabnzbdResult } from '../main/core/sabnzbd/sabnzbd-error';
import type { SabHistory, SabHistorySlot, SabQueue } from '../main/core/sabnzbd/sabnzbd-schemas';

export interface SimulatedJob {
  nzoId: string;
  name: string;
  category: 'tv' | 'movies';
  bytes: number;
  arrivesAt: number;
  /** Milliseconds of download once it reaches the head of the queue. */
  downloadMs: number;
  /** Post-processing stages in order, each with how long it lasts. */
  stages: { status: string; ms: number }[];
  /** Final status; a failure carries SABnzbd's message. */
  outcome: { status: 'Completed' } | { status: 'Failed'; failMessage: string };
}

interface Timeline extends SimulatedJob {
  startsAt: number;
  /** When it leaves the queue for history (post-processing starts). */
  historyAt: number;
  /** Stage i ends at stageEnds[i]; the last one is when the job is final. */
  stageEnds: number[];
}

/** A min-heap of times, to count the history changes that have happened by `now`. */
class TimeHeap {
  private readonly items: number[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): number {
    return this.items[0]!;
  }
  push(value: number): void {
    const a = this.items;
    a.push(value);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= a[i]!) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }
  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

export class SimulatedSabnzbd implements SabnzbdReader {
  readonly address = 'http://simulated-sabnzbd:8080';
  /** Jobs not yet in history, in arrival (= download) order. */
  private queued: Timeline[] = [];
  /** Jobs in history, oldest first (served newest first). */
  private historyJobs: Timeline[] = [];
  private readonly changes = new TimeHeap();
  private pendingHistory = new TimeHeap();
  private readonly entering = new Map<number, Timeline[]>();
  private lastHistoryUpdate = 1;
  private lastDownloadEnds = 0;

  /**
   * @param keepHistoryMs finished jobs older than this leave the history (as
   *   SABnzbd users have it cleaned), so memory stays bounded over months.
   */
  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly keepHistoryMs = 3 * 86_400_000,
  ) {}

  /** Add a job; it arrives at `arrivesAt` (not before the jobs added earlier). */
  add(job: SimulatedJob): void {
    const startsAt = Math.max(job.arrivesAt, this.lastDownloadEnds);
    const historyAt = startsAt + job.downloadMs;
    this.lastDownloadEnds = historyAt;
    const stageEnds: number[] = [];
    let t = historyAt;
    for (const stage of job.stages) stageEnds.push((t += stage.ms));
    if (stageEnds.length === 0) stageEnds.push(historyAt);
    const timeline: Timeline = { ...job, startsAt, historyAt, stageEnds };
    this.queued.push(timeline);
    this.pendingHistory.push(historyAt);
    const list = this.entering.get(historyAt);
    if (list) list.push(timeline);
    else this.entering.set(historyAt, [timeline]);
    for (const end of stageEnds) this.changes.push(end);
  }

  queue(): Promise<SabnzbdResult<SabQueue>> {
    this.advance();
    const now = this.clock.now();
    const slots = this.queued
      .filter((j) => j.arrivesAt <= now)
      .map((j) => {
        const downloading = j.startsAt <= now;
        const mb = j.bytes / 1_048_576;
        const done = downloading ? Math.min(1, (now - j.startsAt) / j.downloadMs) : 0;
        return {
          nzo_id: j.nzoId,
          filename: j.name,
          status: downloading ? 'Downloading' : 'Queued',
          cat: j.category,
          mb,
          mbleft: mb * (1 - done),
          percentage: Math.round(done * 100),
          labels: [] as string[],
        };
      });
    return Promise.resolve({
      ok: true,
      value: {
        paused: false,
        status: slots.length > 0 ? 'Downloading' : 'Idle',
        kbpersec: slots.length > 0 ? 12_000 : 0,
        noofslots: slots.length,
        noofslots_total: slots.length,
        diskspace1: 900,
        diskspace2: 900,
        slots,
      },
    });
  }

  history(query: HistoryQuery): Promise<SabnzbdResult<SabHistory | null>> {
    this.advance();
    if (query.lastHistoryUpdate !== undefined && query.lastHistoryUpdate === this.lastHistoryUpdate) {
      return Promise.resolve({ ok: true, value: null });
    }
    const now = this.clock.now();
    const start = query.start ?? 0;
    const limit = query.limit ?? this.historyJobs.length;
    const slots: SabHistorySlot[] = [];
    for (let i = this.historyJobs.length - 1 - start; i >= 0 && slots.length < limit; i--) slots.push(this.slotOf(this.historyJobs[i]!, now));
    return Promise.resolve({
      ok: true,
      value: { noofslots: this.historyJobs.length, last_history_update: this.lastHistoryUpdate, slots, ppslots: null },
    });
  }

  /** Move jobs whose download ended into history, bump last_history_update for every change by now, drop old history. */
  private advance(): void {
    const now = this.clock.now();
    while (this.pendingHistory.size > 0 && this.pendingHistory.peek() <= now) {
      const at = this.pendingHistory.pop();
      const jobs = this.entering.get(at);
      if (!jobs) continue;
      this.entering.delete(at);
      for (const job of jobs) {
        this.queued.splice(this.queued.indexOf(job), 1);
        this.historyJobs.push(job);
        this.lastHistoryUpdate++;
      }
    }
    while (this.changes.size > 0 && this.changes.peek() <= now) {
      this.changes.pop();
      this.lastHistoryUpdate++;
    }
    const oldest = now - this.keepHistoryMs;
    let drop = 0;
    while (drop < this.historyJobs.length && this.historyJobs[drop]!.stageEnds.at(-1)! < oldest) drop++;
    if (drop > 0) this.historyJobs = this.historyJobs.slice(drop);
  }

  private slotOf(job: Timeline, now: number): SabHistorySlot {
    const finalAt = job.stageEnds.at(-1)!;
    const final = now >= finalAt;
    let status: string = job.outcome.status;
    if (!final) {
      const stage = job.stageEnds.findIndex((end) => now < end);
      status = job.stages[stage]?.status ?? 'Queued';
    }
    return {
      nzo_id: job.nzoId,
      name: job.name,
      status,
      category: job.category,
      fail_message: final && job.outcome.status === 'Failed' ? job.outcome.failMessage : '',
      completed: final ? Math.floor(finalAt / 1000) : 0,
      bytes: job.bytes,
      retry: false,
      url: null,
      storage: final && job.outcome.status === 'Completed' ? `/downloads/complete/${job.name}` : null,
      action_line: null,
    };
  }
}
