// A SABnzbd-shaped HTTP API on loopback for the demo (and the core host
// tests): jobs move from the queue to history after their download time, and
// fail or complete as the stack decides, with the wording the real SABnzbd
// 3.7.1 uses (see the shared fixtures). Answers have the 3.7.1 shapes: numbers
// as strings where SABnzbd sends strings, `{"history": false}` when nothing
// changed, `API Key Incorrect` as a 403 text page, a NEW nzo_id on retry.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SimJobStatus = 'Queued' | 'Downloading' | 'Completed' | 'Failed';

export interface SimJob {
  nzoId: string;
  name: string;
  category: string;
  status: SimJobStatus;
  failMessage: string;
  sizeMb: number;
  addedAt: number;
  /** When the download is over and the job moves to history (ms on the simulator's clock). */
  doneAt: number;
  /** What happens at doneAt: null completes, a string fails with that message. */
  failWith: string | null;
  /** Epoch seconds the job left post-processing; 0 while in the queue. */
  completed: number;
  /** The job this one was retried from, if any. */
  retriedFrom: string | null;
}

export interface AddJob {
  name: string;
  category: string;
  failWith?: string | null;
  durationMs?: number;
  sizeMb?: number;
}

export interface SabnzbdModelOptions {
  now: () => number;
  /** How long a job downloads when the caller does not say (ms). */
  defaultDurationMs?: number;
  /** Decides how a retried job ends: null completes, a string fails. Default: it completes. */
  retryOutcome?: (job: SimJob) => string | null;
}

type JobListener = (job: SimJob) => void;

/** The simulated SABnzbd's state; no I/O. `advance()` finishes the jobs whose time has come. */
export class SabnzbdModel {
  /** Oldest first; the API lists history newest first. */
  readonly jobs: SimJob[] = [];
  lastHistoryUpdate = 1;
  paused = false;
  diskFreeGb = 76.61;
  retryOutcome: (job: SimJob) => string | null;
  private seq = 0;
  private readonly finishedListeners = new Set<JobListener>();

  constructor(private readonly options: SabnzbdModelOptions) {
    this.retryOutcome = options.retryOutcome ?? (() => null);
  }

  onFinished(listener: JobListener): () => void {
    this.finishedListeners.add(listener);
    return () => this.finishedListeners.delete(listener);
  }

  private nextId(): string {
    // Real ids are SABnzbd_nzo_ + 8 random [a-z0-9_]; a counter keeps demo runs readable and unique.
    return `SABnzbd_nzo_demo${(++this.seq).toString(36).padStart(4, '0')}`;
  }

  add(job: AddJob): SimJob {
    const now = this.options.now();
    const added: SimJob = {
      nzoId: this.nextId(),
      name: job.name,
      category: job.category,
      status: 'Queued',
      failMessage: '',
      sizeMb: job.sizeMb ?? 700,
      addedAt: now,
      doneAt: now + (job.durationMs ?? this.options.defaultDurationMs ?? 3_000),
      failWith: job.failWith ?? null,
      completed: 0,
      retriedFrom: null,
    };
    this.jobs.push(added);
    return added;
  }

  find(nzoId: string): SimJob | undefined {
    return this.jobs.find((j) => j.nzoId === nzoId);
  }

  /** SABnzbd's retry: the failed job leaves history and comes back in the queue under a new id. */
  retry(nzoId: string): SimJob | null {
    const old = this.find(nzoId);
    if (!old || old.status !== 'Failed') return null;
    this.jobs.splice(this.jobs.indexOf(old), 1);
    this.lastHistoryUpdate++;
    const again = this.add({ name: old.name, category: old.category, sizeMb: old.sizeMb });
    again.retriedFrom = old.nzoId;
    again.failWith = this.retryOutcome(again);
    return again;
  }

  remove(nzoId: string): boolean {
    const job = this.find(nzoId);
    if (!job) return false;
    this.jobs.splice(this.jobs.indexOf(job), 1);
    if (job.status === 'Completed' || job.status === 'Failed') this.lastHistoryUpdate++;
    return true;
  }

  /** Finish a job now (tests and the demo's scripted events). */
  finish(nzoId: string, failWith: string | null): void {
    const job = this.find(nzoId);
    if (!job || job.completed !== 0) return;
    job.failWith = failWith;
    job.doneAt = this.options.now();
    this.advance();
  }

  advance(): void {
    if (this.paused) return;
    const now = this.options.now();
    for (const job of this.jobs) {
      if (job.completed !== 0) continue;
      if (now >= job.doneAt) {
        job.status = job.failWith === null ? 'Completed' : 'Failed';
        job.failMessage = job.failWith ?? '';
        job.completed = Math.max(1, Math.floor(now / 1000));
        this.lastHistoryUpdate++;
        for (const l of this.finishedListeners) l(job);
      } else {
        job.status = now > job.addedAt ? 'Downloading' : 'Queued';
      }
    }
  }

  queued(): SimJob[] {
    return this.jobs.filter((j) => j.completed === 0);
  }

  /** Newest first, as SABnzbd lists it. */
  history(): SimJob[] {
    return this.jobs.filter((j) => j.completed !== 0).sort((a, b) => b.completed - a.completed || this.jobs.indexOf(b) - this.jobs.indexOf(a));
  }

  leftMb(job: SimJob): number {
    const now = this.options.now();
    const span = Math.max(1, job.doneAt - job.addedAt);
    return Math.max(0, job.sizeMb * Math.min(1, (job.doneAt - now) / span));
  }
}

function fmtMb(mb: number): string {
  return mb.toFixed(2);
}

function queueSlot(model: SabnzbdModel, job: SimJob, index: number): Record<string, unknown> {
  const left = model.leftMb(job);
  return {
    index,
    nzo_id: job.nzoId,
    unpackopts: '3',
    priority: 'Normal',
    script: 'None',
    filename: job.name,
    labels: [],
    password: '',
    cat: job.category,
    mbleft: fmtMb(left),
    mb: fmtMb(job.sizeMb),
    size: `${fmtMb(job.sizeMb)} MB`,
    sizeleft: `${fmtMb(left)} MB`,
    percentage: String(Math.round(100 * (1 - left / job.sizeMb))),
    mbmissing: '0.00',
    direct_unpack: null,
    status: model.paused ? 'Paused' : job.status,
    timeleft: `0:00:${String(Math.max(0, Math.ceil(left / Math.max(job.sizeMb, 1)))).padStart(2, '0')}`,
    avg_age: '2d',
  };
}

function historySlot(job: SimJob, id: number): Record<string, unknown> {
  return {
    id,
    completed: job.completed,
    name: job.name,
    nzb_name: `${job.name}.nzb`,
    category: job.category,
    pp: 'D',
    script: 'None',
    report: '',
    url: null,
    status: job.status,
    nzo_id: job.nzoId,
    storage: job.status === 'Completed' ? `/downloads/complete/${job.category}/${job.name}` : null,
    path: `/downloads/incomplete/${job.name}`,
    script_log: '',
    script_line: '',
    download_time: 3,
    postproc_time: 1,
    stage_log: [],
    downloaded: Math.round(job.sizeMb * 1_048_576),
    completeness: null,
    fail_message: job.failMessage,
    url_info: '',
    bytes: Math.round(job.sizeMb * 1_048_576),
    meta: null,
    series: '',
    md5sum: null,
    password: null,
    action_line: '',
    size: `${fmtMb(job.sizeMb)} MB`,
    loaded: false,
    retry: job.status === 'Failed' ? 1 : 0,
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export interface SabnzbdSimulatorServer {
  readonly url: string;
  readonly apiKey: string;
  readonly model: SabnzbdModel;
  /** While down, every connection is refused at once (like a stopped SABnzbd). */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

export interface SabnzbdSimulatorOptions {
  model: SabnzbdModel;
  apiKey: string;
  port?: number;
  /** For the *arr simulators: called with each NZB upload (addfile) before the job is queued. */
  onAdd?: (job: SimJob) => void;
}

/** Serve the model as SABnzbd's /sabnzbd/api on 127.0.0.1. */
export async function startSabnzbdSimulator(options: SabnzbdSimulatorOptions): Promise<SabnzbdSimulatorServer> {
  const { model, apiKey } = options;
  let down = false;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    const p = url.searchParams;
    const send = (status: number, payload: unknown, type = 'application/json') => {
      res.writeHead(status, { 'Content-Type': type });
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    };
    if (!/\/api$/.test(url.pathname)) return send(404, 'Not found', 'text/html');
    const mode = p.get('mode') ?? '';
    if (mode === 'version') return send(200, { version: '3.7.1' });
    const key = p.get('apikey');
    if (key !== apiKey) return send(403, key ? 'API Key Incorrect' : 'API Key Required', 'text/html;charset=utf-8');
    model.advance();
    const cat = p.get('category') ?? p.get('cat');
    const ids = p.get('nzo_ids')?.split(',').filter((id) => id !== '') ?? null;
    const search = p.get('search')?.toLowerCase() ?? null;
    // SABnzbd 3.x narrows queue and history by category, by job ids (nzo_ids) and by name (search).
    const inCat = (j: SimJob) => (!cat || cat === '*' || j.category === cat) && (!ids || ids.includes(j.nzoId)) && (!search || j.name.toLowerCase().includes(search));

    switch (mode) {
      case 'queue': {
        if (p.get('name') === 'delete') {
          const ids = (p.get('value') ?? '').split(',').filter((id) => model.find(id)?.completed === 0 && model.remove(id));
          return send(200, { status: ids.length > 0, nzo_ids: ids });
        }
        const slots = model.queued().filter(inCat);
        return send(200, {
          queue: {
            version: '3.7.1',
            paused: model.paused,
            status: model.paused ? 'Paused' : slots.length > 0 ? 'Downloading' : 'Idle',
            kbpersec: slots.length > 0 && !model.paused ? '24576.00' : '0.00',
            diskspace1: model.diskFreeGb.toFixed(2),
            diskspace2: model.diskFreeGb.toFixed(2),
            noofslots: slots.length,
            noofslots_total: slots.length,
            slots: slots.map((j, i) => queueSlot(model, j, i)),
          },
        });
      }
      case 'history': {
        if (p.get('name') === 'delete') {
          const ids = (p.get('value') ?? '').split(',');
          for (const id of ids) if ((model.find(id)?.completed ?? 0) !== 0) model.remove(id);
          return send(200, { status: true });
        }
        const since = p.get('last_history_update');
        if (since !== null && Number(since) === model.lastHistoryUpdate) return send(200, { history: false });
        let jobs = model.history().filter(inCat);
        if (p.get('failed_only') === '1') jobs = jobs.filter((j) => j.status === 'Failed');
        const start = Number(p.get('start') ?? 0);
        const limit = Number(p.get('limit') ?? 0) || jobs.length;
        const page = jobs.slice(start, start + limit);
        return send(200, {
          history: {
            noofslots: jobs.length,
            ppslots: 0,
            last_history_update: model.lastHistoryUpdate,
            version: '3.7.1',
            slots: page.map((j, i) => historySlot(j, jobs.length - start - i)),
          },
        });
      }
      case 'retry': {
        const again = model.retry(p.get('value') ?? '');
        // 3.7.1 answers a bare status false for an id it does not have (error-retry-unknown-id.json).
        return send(200, again ? { status: true, nzo_id: again.nzoId } : { status: false });
      }
      case 'addfile': {
        const form = await new Response(new Uint8Array(body), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
        const file = form.get('name') ?? form.get('nzbfile');
        if (!(file instanceof Blob)) return send(200, { status: false, nzo_ids: [] });
        const fileName = 'name' in file && typeof file.name === 'string' ? file.name : 'unnamed.nzb';
        const job = model.add({ name: fileName.replace(/\.nzb$/i, ''), category: cat ?? '*' });
        options.onAdd?.(job);
        return send(200, { status: true, nzo_ids: [job.nzoId] });
      }
      case 'get_cats':
        return send(200, { categories: ['*', 'tv', 'movies'] });
      case 'get_config':
        if (p.get('section') === 'categories') {
          return send(200, { config: { categories: ['*', 'tv', 'movies'].map((name, order) => ({ name, order, pp: '', script: 'Default', dir: '', newzbin: '', priority: -100 })) } });
        }
        return send(200, {
          config: {
            misc: { fail_hopeless_jobs: 1, pre_check: 0, propagation_delay: 0, no_dupes: 0, download_dir: '/demo/sabnzbd/incomplete', complete_dir: '/demo/sabnzbd/complete' },
          },
        });
      case 'fullstatus':
        return send(200, { status: { version: '3.7.1', paused: model.paused, diskspace1: model.diskFreeGb.toFixed(2), servers: [] } });
      case 'pause':
        model.paused = true;
        return send(200, { status: true });
      case 'resume':
        model.paused = false;
        return send(200, { status: true });
      default:
        return send(200, { status: false, error: 'not implemented' });
    }
  };

  const server: Server = createServer((req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/sabnzbd`,
    apiKey,
    model,
    setDown(value) {
      down = value;
      if (value) server.closeAllConnections();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
