// The poller's tests' SABnzbd: the one fake SABnzbd (test/fakes/fake-sabnzbd.ts)
// answering over loopback, with the few moves these tests make in one line
// each (a job finishes at the next second of the captures' clock, a late
// insert, post-processing), the history requests seen, and transport faults
// (a canned answer, a hang) layered over it: faults are not SABnzbd's state.
import { answerFakeSabnzbd, FakeSabnzbdModel, type FakeSabPostProcessingStatus } from '../../fakes/fake-sabnzbd';
import { fixtureJson, type RawAnswer, type SeenRequest } from '../sabnzbd/sabnzbd-fixtures';

type Json = Record<string, unknown>;

const NOT_COMPLETE = 'Aborted, cannot be completed - https://sabnzbd.org/not-complete';

/** Every real failed slot of the capture, newest first. */
export const REAL_FAILED_SLOTS: Json[] = (fixtureJson('history.json') as { history: { slots: Json[] } }).history.slots.filter(
  (s) => s.status === 'Failed',
);

export class FakeSabScenario {
  readonly model: FakeSabnzbdModel;
  fault: RawAnswer | 'hang' | null = null;
  readonly historyRequests: URLSearchParams[] = [];
  historySlotsServed = 0;
  /** Seconds: the captures' clock, one second more for each job finished through finish(). */
  private completedClock = 1_795_869_700;
  private seq = 0;

  constructor(
    now: () => number,
    readonly apiKey = 'key',
  ) {
    // Nothing finishes on its own: each test says when and how.
    this.model = new FakeSabnzbdModel({ now, defaultDurationMs: Number.POSITIVE_INFINITY });
  }

  answer = (req: SeenRequest): RawAnswer | null => {
    if (this.fault === 'hang') return null;
    if (this.fault) return this.fault;
    const answer = answerFakeSabnzbd(this.model, this.apiKey, { query: req.query });
    if (req.query.get('mode') === 'history' && req.query.get('name') === null) {
      this.historyRequests.push(req.query);
      const history = (JSON.parse(answer.body) as { history?: false | { slots: unknown[] } }).history;
      if (history) this.historySlotsServed += history.slots.length;
    }
    return answer;
  };

  get lastHistoryUpdate(): number {
    return this.model.lastHistoryUpdate;
  }

  set lastHistoryUpdate(value: number) {
    this.model.lastHistoryUpdate = value;
  }

  /** Ids in history, newest first. */
  historyIds(): string[] {
    return this.model.historyJobs.map((j) => j.nzoId);
  }

  nextId(prefix = 'sim'): string {
    return `SABnzbd_nzo_${prefix}${++this.seq}`;
  }

  /** A job finishes: a queued one leaves the queue, another arrives straight in history; either lands on top. */
  finish(job: { nzoId?: string; name?: string; status: 'Failed' | 'Completed'; failMessage?: string; category?: string; url?: string }): string {
    const nzoId = job.nzoId ?? this.nextId();
    const failWith = job.status === 'Failed' ? (job.failMessage ?? NOT_COMPLETE) : null;
    const completedAt = ++this.completedClock * 1000;
    if (this.model.find(nzoId)) this.model.finish(nzoId, failWith, completedAt);
    else this.model.addFinished({ nzoId, name: job.name ?? `Sim.Show.${nzoId}`, category: job.category ?? 'tv', failWith, url: job.url ?? null, completedAt });
    return nzoId;
  }

  /** A real captured failure, with its id, name, category, message and URL. */
  finishAsCaptured(slot: Json): string {
    return this.finish({
      nzoId: String(slot.nzo_id),
      name: String(slot.name),
      category: String(slot.category),
      status: 'Failed',
      failMessage: String(slot.fail_message),
      ...(typeof slot.url === 'string' ? { url: slot.url } : {}),
    });
  }

  /**
   * A failure SABnzbd stamped `completed` one second before the newest job but
   * committed to its history after it (seen for real: inserts wait on each
   * other), so it lands second from the top.
   */
  finishLate(failMessage = NOT_COMPLETE): string {
    const nzoId = this.nextId('late');
    const newest = this.model.historyJobs[0]?.completed ?? this.completedClock;
    this.model.addFinished({ nzoId, name: `Sim.Show.${nzoId}`, category: 'tv', failWith: failMessage, completedAt: (newest - 1) * 1000 });
    return nzoId;
  }

  /** A queued job's download ends and it waits in post-processing with `status`. */
  postProcessing(nzoId: string, status: FakeSabPostProcessingStatus): void {
    this.model.startPostProcessing(nzoId, status);
  }

  /** Its post-processing ends (it keeps its place at the top). */
  finishPostProcessing(nzoId: string, status: 'Failed' | 'Completed', failMessage = ''): void {
    this.finish({ nzoId, status, failMessage });
  }

  /** A job in the queue with `mbLeft` of 500 MB to go (Propagating: held back by the propagation delay). */
  enqueue(nzoId: string, status: 'Queued' | 'Downloading' | 'Propagating', mbLeft: number, name = `Sim.Show.${nzoId}`): void {
    if (!this.model.find(nzoId)) {
      this.model.add({ nzoId, name, category: 'tv', sizeMb: 500, ...(status === 'Propagating' ? { propagationMin: 24 * 60 } : {}) });
    }
    if (status !== 'Queued') this.model.setProgress(nzoId, mbLeft);
  }

  /** Fill history with `count` old finished jobs (completed in 2023, below everything), one in ten failed. */
  fillOldHistory(count: number): void {
    for (let i = 0; i < count; i++) {
      this.model.addFinished({
        nzoId: `SABnzbd_nzo_old${i}`,
        name: `Old.Show.${i}`,
        category: 'tv',
        failWith: i % 10 === 0 ? NOT_COMPLETE : null,
        completedAt: (1_700_000_000 - i) * 1000,
      });
    }
  }
}
