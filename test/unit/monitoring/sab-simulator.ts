// An in-memory SABnzbd served over loopback: queue and history in the shapes
// of the real 3.7.1 captures (slots are real captured slots with ids, names
// and times changed), history paging by start/limit, `{"history": false}`
// when last_history_update matches, and switchable faults.
import { fixtureJson, jsonAnswer, type RawAnswer, type SeenRequest } from '../sabnzbd/sabnzbd-fixtures';

type Json = Record<string, unknown>;

const capturedHistory = (fixtureJson('history.json') as { history: Json & { slots: Json[] } }).history;
const capturedQueue = (fixtureJson('queue-downloading.json') as { queue: Json & { slots: Json[] } }).queue;
const failedTemplate = capturedHistory.slots.find((s) => s.status === 'Failed')!;
const completedTemplate = capturedHistory.slots.find((s) => s.status === 'Completed')!;
const queueTemplate = capturedQueue.slots.find((s) => s.status === 'Downloading')!;

/** Every real failed slot of the capture, newest first. */
export const REAL_FAILED_SLOTS: Json[] = capturedHistory.slots.filter((s) => s.status === 'Failed');

export class SabSimulator {
  queue: Json[] = [];
  /** Newest first, as SABnzbd lists it. */
  history: Json[] = [];
  lastHistoryUpdate = 100;
  queuePaused = false;
  fault: RawAnswer | 'hang' | null = null;
  historyRequests: URLSearchParams[] = [];
  historySlotsServed = 0;
  private completedClock = 1_795_869_700;
  private seq = 0;

  answer = (req: SeenRequest): RawAnswer | null => {
    if (this.fault === 'hang') return null;
    if (this.fault) return this.fault;
    const mode = req.query.get('mode');
    if (mode === 'queue') {
      return jsonAnswer({ queue: { ...capturedQueue, paused: this.queuePaused, noofslots: this.queue.length, slots: this.queue } });
    }
    if (mode === 'history') {
      this.historyRequests.push(req.query);
      const since = req.query.get('last_history_update');
      if (since !== null && Number(since) === this.lastHistoryUpdate) return jsonAnswer({ history: false });
      const start = Number(req.query.get('start') ?? 0);
      const limit = Number(req.query.get('limit') ?? 0) || this.history.length;
      const slots = this.history.slice(start, start + limit);
      this.historySlotsServed += slots.length;
      return jsonAnswer({
        history: {
          ...capturedHistory,
          slots,
          noofslots: this.history.length,
          last_history_update: this.lastHistoryUpdate,
        },
      });
    }
    return jsonAnswer({ status: false, error: 'not implemented' });
  };

  nextId(prefix = 'sim'): string {
    return `SABnzbd_nzo_${prefix}${++this.seq}`;
  }

  /** A finished job arrives at the top of history. */
  finish(slot: { nzoId?: string; name?: string; status: 'Failed' | 'Completed'; failMessage?: string; category?: string; retry?: unknown }): string {
    const nzoId = slot.nzoId ?? this.nextId();
    const template = slot.status === 'Failed' ? failedTemplate : completedTemplate;
    this.history.unshift({
      ...template,
      nzo_id: nzoId,
      name: slot.name ?? `Sim.Show.${nzoId}`,
      nzb_name: slot.name ?? `Sim.Show.${nzoId}`,
      status: slot.status,
      fail_message: slot.status === 'Failed' ? (slot.failMessage ?? 'Aborted, cannot be completed - https://sabnzbd.org/not-complete') : '',
      category: slot.category ?? 'tv',
      completed: ++this.completedClock,
      retry: slot.retry ?? (slot.status === 'Failed' ? 1 : 0),
    });
    this.queue = this.queue.filter((q) => q.nzo_id !== nzoId);
    this.lastHistoryUpdate++;
    return nzoId;
  }

  /**
   * A failure SABnzbd stamped `completed` one second before the newest job but
   * committed to its history after it (seen for real: inserts wait on each
   * other), so it lands second from the top.
   */
  finishLate(failMessage = 'Aborted, cannot be completed - https://sabnzbd.org/not-complete'): string {
    const nzoId = this.nextId('late');
    const newest = this.history[0]?.completed;
    const completed = (typeof newest === 'number' ? newest : this.completedClock) - 1;
    const slot = { ...failedTemplate, nzo_id: nzoId, name: `Sim.Show.${nzoId}`, nzb_name: `Sim.Show.${nzoId}`, status: 'Failed', fail_message: failMessage, category: 'tv', completed, retry: 1 };
    this.history.splice(1, 0, slot);
    this.lastHistoryUpdate++;
    return nzoId;
  }

  /** A job still in post-processing sits at the top of history with no completion time. */
  postProcessing(nzoId: string, status: string, name = `Sim.Show.${nzoId}`): void {
    this.history = this.history.filter((h) => h.nzo_id !== nzoId);
    this.history.unshift({ ...completedTemplate, nzo_id: nzoId, name, status, fail_message: '', completed: 0 });
    this.queue = this.queue.filter((q) => q.nzo_id !== nzoId);
    this.lastHistoryUpdate++;
  }

  /** Replace a post-processing entry with its final state (keeps its place at the top). */
  finishPostProcessing(nzoId: string, status: 'Failed' | 'Completed', failMessage = ''): void {
    this.history = this.history.filter((h) => h.nzo_id !== nzoId);
    this.finish({ nzoId, name: `Sim.Show.${nzoId}`, status, failMessage });
  }

  enqueue(nzoId: string, status: string, mbLeft: number, name = `Sim.Show.${nzoId}`): void {
    const slot = { ...queueTemplate, nzo_id: nzoId, filename: name, status, mbleft: mbLeft.toFixed(2), mb: '500.00' };
    const i = this.queue.findIndex((q) => q.nzo_id === nzoId);
    if (i >= 0) this.queue[i] = slot;
    else this.queue.push(slot);
  }

  /** Fill history with `count` old finished jobs (bottom of the list). */
  fillOldHistory(count: number): void {
    const old: Json[] = [];
    for (let i = 0; i < count; i++) {
      const failed = i % 10 === 0;
      old.push({
        ...(failed ? failedTemplate : completedTemplate),
        nzo_id: `SABnzbd_nzo_old${i}`,
        name: `Old.Show.${i}`,
        status: failed ? 'Failed' : 'Completed',
        completed: 1_700_000_000 - i,
      });
    }
    this.history.push(...old);
    this.lastHistoryUpdate++;
  }
}
