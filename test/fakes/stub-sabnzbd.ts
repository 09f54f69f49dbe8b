// A tiny loopback SABnzbd for the fake *arr apps' own tests: addfile
// (multipart, field `name`), queue and history with fixture-shaped slots
// (SABnzbd 3.7.1), and deletes. Not a SABnzbd simulator: the test decides
// when a job finishes and how (finish()).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubJob {
  nzoId: string;
  name: string;
  category: string;
  nzb: string;
  status: 'Queued' | 'Downloading' | 'Completed' | 'Failed';
  failMessage: string;
}

export interface StubRequest {
  mode: string;
  params: Record<string, string>;
}

export interface StubSabnzbd {
  url: string;
  apiKey: string;
  jobs: Map<string, StubJob>;
  requests: StubRequest[];
  finish(nzoId: string, status: 'Completed' | 'Failed', failMessage?: string): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startStubSabnzbd(apiKey = 'sabstub0123456789abcdef01234567'): Promise<StubSabnzbd> {
  const jobs = new Map<string, StubJob>();
  const requests: StubRequest[] = [];
  let seq = 0;

  const historySlot = (j: StubJob, id: number) => ({
    id,
    completed: 1795869594,
    name: j.name,
    nzb_name: `${j.name}.nzb`,
    category: j.category,
    pp: 'D',
    script: 'None',
    report: '',
    url: null,
    status: j.status,
    nzo_id: j.nzoId,
    storage: `/srv/sabnzbd/sab/complete/${j.category}/${j.name}`,
    path: `/srv/sabnzbd/sab/incomplete/${j.name}`,
    script_log: '',
    script_line: '',
    download_time: 0,
    postproc_time: 0,
    stage_log: [],
    downloaded: 103928,
    completeness: null,
    fail_message: j.failMessage,
    url_info: '',
    bytes: 103928,
    meta: null,
    series: '',
    md5sum: null,
    password: null,
    action_line: '',
    size: '101 KB',
    loaded: false,
    retry: 0,
  });
  const queueSlot = (j: StubJob, index: number) => ({
    index,
    nzo_id: j.nzoId,
    unpackopts: '3',
    priority: 'Normal',
    script: 'None',
    filename: j.name,
    labels: [],
    password: '',
    cat: j.category,
    mbleft: '0.06',
    mb: '0.06',
    size: '61 KB',
    sizeleft: '61 KB',
    percentage: '0',
    mbmissing: '0.00',
    direct_unpack: null,
    status: j.status,
    timeleft: '0:00:10',
    avg_age: '2d',
  });

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(req);
      const params = Object.fromEntries(url.searchParams);
      const mode = params.mode ?? '';
      requests.push({ mode, params });
      const send = (status: number, payload: unknown, type = 'application/json') => {
        res.writeHead(status, { 'Content-Type': type });
        res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
      };
      if (!/\/api$/.test(url.pathname)) return send(404, 'Not found', 'text/html');
      if (params.apikey !== apiKey) return send(403, params.apikey ? 'API Key Incorrect' : 'API Key Required', 'text/html;charset=utf-8');
      const cat = params.category ?? params.cat;
      if (mode === 'addfile') {
        const form = await new Response(new Uint8Array(body), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
        const file = form.get('name');
        if (!(file instanceof Blob)) return send(200, { status: false, nzo_ids: [] });
        const filename = 'name' in file && typeof file.name === 'string' ? file.name : 'unnamed.nzb';
        const nzoId = `SABnzbd_nzo_stub${String(++seq).padStart(4, '0')}`;
        jobs.set(nzoId, { nzoId, name: filename.replace(/\.nzb$/, ''), category: params.cat ?? '*', nzb: await file.text(), status: 'Queued', failMessage: '' });
        return send(200, { status: true, nzo_ids: [nzoId] });
      }
      const inCat = (j: StubJob) => !cat || j.category === cat;
      if ((mode === 'queue' || mode === 'history') && params.name === 'delete') {
        const existed = jobs.delete(params.value ?? '');
        return send(200, mode === 'queue' ? { status: existed, nzo_ids: existed ? [params.value] : [] } : { status: true });
      }
      if (mode === 'queue') {
        const slots = [...jobs.values()].filter((j) => inCat(j) && (j.status === 'Queued' || j.status === 'Downloading'));
        return send(200, { queue: { version: '3.7.1', paused: false, noofslots: slots.length, slots: slots.map(queueSlot) } });
      }
      if (mode === 'history') {
        const slots = [...jobs.values()].filter((j) => inCat(j) && (j.status === 'Completed' || j.status === 'Failed')).reverse();
        return send(200, { history: { noofslots: slots.length, version: '3.7.1', slots: slots.map((j, i) => historySlot(j, slots.length - i)) } });
      }
      return send(200, { status: false, error: 'not implemented' });
    })().catch((e: unknown) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/sabnzbd`,
    apiKey,
    jobs,
    requests,
    finish(nzoId, status, failMessage = '') {
      const j = jobs.get(nzoId);
      if (!j) throw new Error(`stub SABnzbd: no job ${nzoId}`);
      j.status = status;
      j.failMessage = failMessage;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
