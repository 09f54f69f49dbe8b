// The state of the one fake SABnzbd (3.7.1) the demo, the tests and the
// benches share; no I/O. Time comes from the caller's clock: a job downloads
// until its `doneAt`, may spend a while in post-processing (history status
// Running), then completes or fails with the message the caller chose (use
// the real wording, see ../shared/fixtures/sabnzbd/README.md). It lives under
// main/ because the shipped demo (dist/main/demo.js) runs it; test/fakes/
// re-exports it. The API answers are in fake-sabnzbd-api.ts.

export type FakeSabQueueStatus = 'Queued' | 'Downloading' | 'Paused' | 'Propagating';
/** Post-processing statuses SABnzbd shows in history before the job is over, then the final two. */
export type FakeSabPostProcessingStatus = 'Queued' | 'QuickCheck' | 'Verifying' | 'Repairing' | 'Fetching' | 'Extracting' | 'Moving' | 'Running';
export type FakeSabHistoryStatus = FakeSabPostProcessingStatus | 'Completed' | 'Failed';
export type FakeSabJobStatus = FakeSabQueueStatus | FakeSabHistoryStatus;

export interface FakeSabJob {
  nzoId: string;
  name: string;
  category: string;
  status: FakeSabJobStatus;
  failMessage: string;
  sizeMb: number;
  addedAt: number;
  /** When its download starts (with serial downloads, when the one before it is done). */
  startsAt: number;
  /** When the download is over and the job moves to history (ms on the model's clock). */
  doneAt: number;
  /** Post-processing time after doneAt (history status Running), ms; Infinity = until finish() is called. */
  postProcessingMs: number;
  /** True while the job sits in history in post-processing (status one of FakeSabPostProcessingStatus). */
  postProcessing: boolean;
  /** Post-processing stages in order (each its status and length); empty = Running for postProcessingMs. */
  stages: { status: FakeSabPostProcessingStatus; ms: number }[];
  /** Megabytes left, pinned by setProgress (a download that stalls or moves as the test says); null = from the clock. */
  pinnedLeftMb: number | null;
  /** What happens when the job is over: null completes, a string fails with that message. */
  failWith: string | null;
  /** Epoch seconds the job entered history (SABnzbd stamps it again when post-processing ends); 0 while queued. */
  completed: number;
  /** SABnzbd's history row id, given when the job enters history. */
  historyId: number;
  /** Paused on its own (priority -2 or mode=queue&name=pause). */
  paused: boolean;
  /** Held back until this time by SABnzbd's propagation delay (ms), 0 when not. */
  propagatingUntil: number;
  /** Set for jobs added by mode=addurl: a failed fetch has its own history shape. */
  url: string | null;
  password: string;
  /** The uploaded NZB (addfile), when there was one. */
  nzb: string | null;
  /** The job this one was retried from, if any. */
  retriedFrom: string | null;
  /** Whether a delete asked SABnzbd to remove its files too (del_files=1). */
  filesDeleted: boolean;
}

export interface AddFakeSabJob {
  /** The caller's own id (tests like readable ones); default SABnzbd_nzo_ + 8 characters. */
  nzoId?: string;
  name: string;
  category: string;
  /** null (default) completes, a string fails with that message (SABnzbd's real wording). */
  failWith?: string | null;
  durationMs?: number;
  /** When it was added (ms, default now): a job that arrived between two looks at the clock. */
  addedAt?: number;
  postProcessingMs?: number;
  /** Post-processing stages (Verifying, Repairing, Extracting, Moving…), each with its length; replaces postProcessingMs. */
  stages?: { status: FakeSabPostProcessingStatus; ms: number }[];
  sizeMb?: number;
  paused?: boolean;
  /** SABnzbd's propagation delay still to wait, in minutes (the job shows Propagating). */
  propagationMin?: number;
  url?: string | null;
  password?: string;
  nzb?: string | null;
}

export interface FakeSabnzbdConfig {
  /** Category names, `*` (the default category) first, as get_cats lists them. */
  categories: { name: string; dir: string }[];
  misc: {
    fail_hopeless_jobs: number;
    pre_check: number;
    propagation_delay: number;
    no_dupes: number;
    download_dir: string;
    complete_dir: string;
  };
}

export interface FakeSabnzbdModelOptions {
  now: () => number;
  /** How long a job downloads when the caller does not say (ms); Infinity = until finish() is called. */
  defaultDurationMs?: number;
  /** Decides how a retried job ends: null completes, a string fails. Default: it completes. */
  retryOutcome?: (job: FakeSabJob) => string | null;
  /**
   * Decides how a job added without a failWith ends (addfile/addurl: what Sonarr/Radarr send); null
   * completes, a string fails. Default: it completes. The demo scripts its downloads' fates here.
   */
  addOutcome?: (job: FakeSabJob) => string | null;
  /** SABnzbd's own way: one download at a time, in queue order (default: each job downloads on its own from when it is added). */
  serialDownloads?: boolean;
  /** Up to 4 [a-z0-9] characters that start every nzo_id after `SABnzbd_nzo_` (default `fake`). */
  idPrefix?: string;
  config?: Partial<FakeSabnzbdConfig>;
}

type JobListener = (job: FakeSabJob) => void;

export const FAKE_SABNZBD_VERSION = '3.7.1';

function defaultConfig(): FakeSabnzbdConfig {
  return {
    categories: [
      { name: '*', dir: '' },
      { name: 'tv', dir: '' },
      { name: 'movies', dir: '' },
    ],
    misc: {
      fail_hopeless_jobs: 1,
      pre_check: 0,
      propagation_delay: 0,
      no_dupes: 0,
      download_dir: '/srv/sabnzbd/incomplete',
      complete_dir: '/srv/sabnzbd/complete',
    },
  };
}

export class FakeSabnzbdModel {
  /** Download queue, in download order. */
  readonly queue: FakeSabJob[] = [];
  /** History, newest first as SABnzbd lists it (kept in order, so a page is a slice even over 100 000 jobs). */
  readonly historyJobs: FakeSabJob[] = [];
  /** SABnzbd bumps it on every history change; a caller sending the current value gets `{"history": false}`. */
  lastHistoryUpdate = 1;
  /** The whole queue paused (mode=pause). */
  paused = false;
  diskFreeGb = 76.61;
  diskTotalGb = 251.97;
  config: FakeSabnzbdConfig;
  retryOutcome: (job: FakeSabJob) => string | null;
  addOutcome: (job: FakeSabJob) => string | null;
  private seq = 0;
  private historySeq = 0;
  private lastDownloadEnds = 0;
  private readonly finishedListeners = new Set<JobListener>();

  constructor(private readonly options: FakeSabnzbdModelOptions) {
    this.retryOutcome = options.retryOutcome ?? (() => null);
    this.addOutcome = options.addOutcome ?? (() => null);
    const base = defaultConfig();
    this.config = { categories: options.config?.categories ?? base.categories, misc: { ...base.misc, ...options.config?.misc } };
  }

  now(): number {
    return this.options.now();
  }

  /** Every job, queued ones first. */
  get jobs(): FakeSabJob[] {
    return [...this.queue, ...this.historyJobs];
  }

  /** Called when a job reaches Completed or Failed. */
  onFinished(listener: JobListener): () => void {
    this.finishedListeners.add(listener);
    return () => this.finishedListeners.delete(listener);
  }

  private nextId(): string {
    // Real ids are SABnzbd_nzo_ + 8 random [a-z0-9_]; a counter keeps runs readable and unique.
    const prefix = (this.options.idPrefix ?? 'fake').slice(0, 4);
    return `SABnzbd_nzo_${prefix}${(++this.seq).toString(36).padStart(8 - prefix.length, '0')}`;
  }

  add(job: AddFakeSabJob): FakeSabJob {
    const now = job.addedAt ?? this.now();
    const durationMs = job.durationMs ?? this.options.defaultDurationMs ?? 3_000;
    const startsAt = this.options.serialDownloads ? Math.max(now, this.lastDownloadEnds) : now;
    if (this.options.serialDownloads) this.lastDownloadEnds = startsAt + durationMs;
    const stages = job.stages ?? [];
    const added: FakeSabJob = {
      nzoId: job.nzoId ?? this.nextId(),
      name: job.name,
      category: job.category,
      status: 'Queued',
      failMessage: '',
      sizeMb: job.sizeMb ?? 700,
      addedAt: now,
      startsAt,
      doneAt: startsAt + durationMs,
      postProcessingMs: stages.length > 0 ? stages.reduce((sum, st) => sum + st.ms, 0) : (job.postProcessingMs ?? 0),
      postProcessing: false,
      stages,
      pinnedLeftMb: null,
      failWith: job.failWith ?? null,
      completed: 0,
      historyId: 0,
      paused: job.paused ?? false,
      propagatingUntil: job.propagationMin ? now + job.propagationMin * 60_000 : 0,
      url: job.url ?? null,
      password: job.password ?? '',
      nzb: job.nzb ?? null,
      retriedFrom: null,
      filesDeleted: false,
    };
    if (job.failWith === undefined) added.failWith = this.addOutcome(added);
    this.queue.push(added);
    this.updateQueued(added, this.now());
    return added;
  }

  /**
   * A job that is already over, put in history without a download (as SABnzbd
   * does with duplicates and refused extensions; benches fill big histories
   * this way). `completedAt` (ms, default now) places it: SABnzbd lists
   * history by completion time, newest first.
   */
  addFinished(job: AddFakeSabJob & { completedAt?: number }): FakeSabJob {
    const added = this.add({ ...job, durationMs: 0, postProcessingMs: 0, stages: [] });
    this.queue.pop();
    this.enterHistory(added, job.completedAt ?? this.now());
    return added;
  }

  find(nzoId: string): FakeSabJob | undefined {
    return this.queue.find((j) => j.nzoId === nzoId) ?? this.historyJobs.find((j) => j.nzoId === nzoId);
  }

  /**
   * Finish a job now (or at `completedAt`, ms), as SABnzbd would at the end of
   * its download and post-processing, paused or not.
   */
  finish(nzoId: string, failWith: string | null, completedAt = this.now()): void {
    const job = this.find(nzoId);
    if (!job || job.status === 'Completed' || job.status === 'Failed') return;
    job.failWith = failWith;
    job.postProcessingMs = 0;
    if (job.postProcessing) return this.finalise(job, completedAt);
    job.doneAt = Math.min(job.doneAt, this.now());
    this.queue.splice(this.queue.indexOf(job), 1);
    this.enterHistory(job, completedAt);
  }

  /** A queued job's download is over and it waits in post-processing with `status` until finish() is called. */
  startPostProcessing(nzoId: string, status: FakeSabPostProcessingStatus = 'Running'): void {
    const job = this.queue.find((j) => j.nzoId === nzoId);
    if (job) {
      this.queue.splice(this.queue.indexOf(job), 1);
      job.postProcessingMs = Number.POSITIVE_INFINITY;
      this.enterHistory(job, this.now());
    }
    const inHistory = this.historyJobs.find((j) => j.nzoId === nzoId && j.postProcessing);
    if (inHistory) inHistory.status = status;
  }

  /** Pin a queued job's remaining megabytes (it is downloading, and moves only when told: a stall is a pin that stays). */
  setProgress(nzoId: string, leftMb: number): void {
    const job = this.queue.find((j) => j.nzoId === nzoId);
    if (!job) return;
    job.pinnedLeftMb = leftMb;
    this.updateQueued(job, this.now());
  }

  fail(nzoId: string, failMessage: string): void {
    this.finish(nzoId, failMessage);
  }

  complete(nzoId: string): void {
    this.finish(nzoId, null);
  }

  /** SABnzbd's retry: the failed job leaves history and comes back in the queue under a NEW id. */
  retry(nzoId: string, password?: string): FakeSabJob | null {
    const old = this.historyJobs.find((j) => j.nzoId === nzoId);
    if (!old || old.status !== 'Failed') return null;
    this.historyJobs.splice(this.historyJobs.indexOf(old), 1);
    this.lastHistoryUpdate++;
    const again = this.add({
      name: old.name,
      category: old.category,
      sizeMb: old.sizeMb,
      url: old.url,
      nzb: old.nzb,
      password: password ?? old.password,
      postProcessingMs: old.postProcessingMs,
      failWith: null,
    });
    again.retriedFrom = old.nzoId;
    again.failWith = this.retryOutcome(again);
    return again;
  }

  /** Every failed job back in the queue (mode=retry_all); answers the new ids. */
  retryAll(): string[] {
    const failed = this.historyJobs.filter((j) => j.status === 'Failed');
    return failed.map((j) => this.retry(j.nzoId)?.nzoId).filter((id): id is string => id !== undefined);
  }

  removeFromQueue(nzoId: string, deleteFiles = false): boolean {
    const i = this.queue.findIndex((j) => j.nzoId === nzoId);
    if (i < 0) return false;
    const [job] = this.queue.splice(i, 1);
    if (job) job.filesDeleted = deleteFiles;
    return true;
  }

  removeFromHistory(nzoId: string, deleteFiles = false): boolean {
    const i = this.historyJobs.findIndex((j) => j.nzoId === nzoId);
    if (i < 0) return false;
    const [job] = this.historyJobs.splice(i, 1);
    if (job) job.filesDeleted = deleteFiles;
    this.lastHistoryUpdate++;
    return true;
  }

  remove(nzoId: string, deleteFiles = false): boolean {
    return this.removeFromQueue(nzoId, deleteFiles) || this.removeFromHistory(nzoId, deleteFiles);
  }

  /** Pause or resume one queued job; false when it is not in the queue. */
  setJobPaused(nzoId: string, paused: boolean): boolean {
    const job = this.queue.find((j) => j.nzoId === nzoId);
    if (!job) return false;
    job.paused = paused;
    this.updateQueued(job, this.now());
    return true;
  }

  /** Move time-driven jobs on: downloads that are over enter history, post-processing that is over ends. */
  advance(): void {
    const now = this.now();
    if (!this.paused) {
      for (const job of [...this.queue]) {
        if (job.paused || job.propagatingUntil > now || job.pinnedLeftMb !== null) continue;
        if (now >= job.doneAt) {
          this.queue.splice(this.queue.indexOf(job), 1);
          // Stamped when its download ended, not when someone looked.
          this.enterHistory(job, job.doneAt);
        }
      }
    }
    for (const job of this.queue) this.updateQueued(job, now);
    for (const job of [...this.historyJobs]) {
      if (!job.postProcessing) break;
      const endsAt = job.doneAt + job.postProcessingMs;
      if (now >= endsAt) this.finalise(job, endsAt);
      else if (job.stages.length > 0) this.enterStage(job, now);
    }
  }

  /**
   * Drop finished jobs that completed before `cutoff` (ms), as a SABnzbd whose
   * history is cleaned; benches running months keep their memory bounded this
   * way. last_history_update stays as it is.
   */
  pruneHistory(cutoff: number): void {
    const h = this.historyJobs;
    while (h.length > 0 && !h.at(-1)!.postProcessing && h.at(-1)!.completed * 1000 < cutoff) h.pop();
  }

  /** Megabytes still to download. */
  leftMb(job: FakeSabJob): number {
    if (job.completed !== 0) return 0;
    if (job.pinnedLeftMb !== null) return job.pinnedLeftMb;
    if (!Number.isFinite(job.doneAt)) return job.sizeMb;
    const now = this.now();
    const started = Math.max(job.startsAt, job.propagatingUntil);
    const span = Math.max(1, job.doneAt - started);
    return Math.max(0, job.sizeMb * Math.min(1, (job.doneAt - Math.max(now, started)) / span));
  }

  /** The queue as it stands after advance(). */
  queued(): FakeSabJob[] {
    return [...this.queue];
  }

  /** History newest first. */
  history(): FakeSabJob[] {
    return [...this.historyJobs];
  }

  private updateQueued(job: FakeSabJob, now: number): void {
    if (job.paused) job.status = 'Paused';
    else if (job.propagatingUntil > now) job.status = 'Propagating';
    else job.status = (now > job.startsAt || job.pinnedLeftMb !== null) && !this.paused ? 'Downloading' : 'Queued';
  }

  private enterHistory(job: FakeSabJob, at: number): void {
    job.historyId = ++this.historySeq;
    job.completed = Math.max(1, Math.floor(at / 1000));
    this.lastHistoryUpdate++;
    if (job.postProcessingMs > 0) {
      // Jobs in post-processing head the history, above every finished one.
      job.postProcessing = true;
      job.status = job.stages[0]?.status ?? 'Running';
      this.historyJobs.unshift(job);
    } else {
      this.finalise(job, at);
    }
  }

  private finalise(job: FakeSabJob, at: number): void {
    if (job.postProcessing) {
      this.historyJobs.splice(this.historyJobs.indexOf(job), 1);
      job.postProcessing = false;
    }
    job.status = job.failWith === null ? 'Completed' : 'Failed';
    job.failMessage = job.failWith ?? '';
    job.completed = Math.max(1, Math.floor(at / 1000));
    this.insertFinished(job);
    this.lastHistoryUpdate++;
    for (const l of this.finishedListeners) l(job);
  }

  /** The stage post-processing is in at `now`; SABnzbd's history changes with each. */
  private enterStage(job: FakeSabJob, now: number): void {
    let end = job.doneAt;
    const stage = job.stages.find((st) => (end += st.ms) > now) ?? job.stages.at(-1)!;
    if (job.status !== stage.status) {
      job.status = stage.status;
      this.lastHistoryUpdate++;
    }
  }

  /** Below the jobs in post-processing, newest `completed` first; ties keep arrival order (the later one on top). */
  private insertFinished(job: FakeSabJob): void {
    const h = this.historyJobs;
    const last = h.at(-1);
    // A job older than everything (a bench filling history oldest last) goes to the bottom without a scan.
    if (last && !last.postProcessing && job.completed < last.completed) {
      h.push(job);
      return;
    }
    let i = 0;
    while (i < h.length && (h[i]!.postProcessing || h[i]!.completed > job.completed)) i++;
    h.splice(i, 0, job);
  }
}
