// The fake SABnzbd's /api: one request in, the answer SABnzbd 3.7.1 gives
// out, with the keys, types and wording of the real captures
// (../shared/fixtures/sabnzbd; test/unit/sabnzbd/fake-sabnzbd-conformance.test.ts
// holds it to them). Numbers are strings where SABnzbd sends strings, an
// unchanged history is `{"history": false}`, a missing or wrong key is HTTP 403
// with bare text whatever `output` asked for, a retry gives a NEW nzo_id.
import { createHash } from 'node:crypto';
import { FAKE_SABNZBD_VERSION, type FakeSabJob, type FakeSabnzbdModel } from './fake-sabnzbd-model';

export interface FakeSabRequest {
  query: URLSearchParams;
  /** The NZB of a multipart addfile (form field `name`, or `nzbfile`). */
  upload?: { fileName: string; content: string } | null;
}

export interface FakeSabAnswer {
  status: number;
  contentType: string;
  body: string;
}

type Json = Record<string, unknown>;

// SABnzbd's own content type for JSON answers (index.json).
const json = (value: unknown): FakeSabAnswer => ({ status: 200, contentType: 'application/json;charset=UTF-8', body: JSON.stringify(value) });
const keyRefused = (text: string): FakeSabAnswer => ({ status: 403, contentType: 'text/html;charset=utf-8', body: text });

/** SABnzbd's own size wording: "0 B", "61 KB", "1.2 MB", "76.6 G" style. */
function formatBytes(bytes: number, unitSuffix = 'B'): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ['K', 'M', 'G', 'T'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const text = u === 0 ? String(Math.round(v)) : v.toFixed(1);
  return `${text} ${units[u]}${unitSuffix}`;
}

const mbText = (mb: number) => mb.toFixed(2);
const bytesOf = (job: FakeSabJob) => Math.round(job.sizeMb * 1_048_576);

/** null when the request narrows nothing (then a page is a plain slice, however long the history). */
function jobFilter(p: URLSearchParams): ((j: FakeSabJob) => boolean) | null {
  const cat = p.get('category') ?? p.get('cat');
  const ids = p.get('nzo_ids')?.split(',').filter((id) => id !== '') ?? null;
  const search = p.get('search')?.toLowerCase() ?? null;
  if ((!cat || cat === '*') && !ids && !search) return null;
  return (j) => (!cat || cat === '*' || j.category === cat) && (!ids || ids.includes(j.nzoId)) && (!search || j.name.toLowerCase().includes(search));
}

function queueSlot(model: FakeSabnzbdModel, job: FakeSabJob, index: number): Json {
  const left = model.leftMb(job);
  const percent = job.sizeMb > 0 ? Math.round(100 * (1 - left / job.sizeMb)) : 0;
  const propagatingMin = Math.ceil((job.propagatingUntil - model.now()) / 60_000);
  return {
    index,
    nzo_id: job.nzoId,
    unpackopts: '3',
    priority: 'Normal',
    script: 'None',
    filename: job.name,
    labels: job.status === 'Propagating' ? [`PROPAGATING ${propagatingMin} min`] : [],
    password: job.password,
    cat: job.category,
    mbleft: mbText(left),
    mb: mbText(job.sizeMb),
    size: formatBytes(bytesOf(job)),
    sizeleft: formatBytes(left * 1_048_576),
    percentage: String(percent),
    mbmissing: '0.00',
    direct_unpack: null,
    // A queue paused as a whole shows its jobs as Queued (queue-paused-all.json).
    status: model.paused && job.status !== 'Paused' ? 'Queued' : job.status,
    timeleft: '0:00:00',
    avg_age: '2d',
  };
}

function queueAnswer(model: FakeSabnzbdModel, p: URLSearchParams): FakeSabAnswer {
  const filter = jobFilter(p);
  const all = filter ? model.queue.filter(filter) : model.queue;
  const start = Number(p.get('start') ?? 0) || 0;
  const limit = Number(p.get('limit') ?? 0) || 0;
  const page = limit > 0 ? all.slice(start, start + limit) : all.slice(start);
  const downloading = !model.paused && all.some((j) => j.status === 'Downloading');
  const mb = all.reduce((s, j) => s + j.sizeMb, 0);
  const mbleft = all.reduce((s, j) => s + model.leftMb(j), 0);
  const kbpersec = downloading ? 24_576 : 0;
  const disk = model.diskFreeGb.toFixed(2);
  const diskNorm = formatBytes(model.diskFreeGb * 1024 ** 3, '');
  return json({
    queue: {
      version: FAKE_SABNZBD_VERSION,
      paused: model.paused,
      pause_int: '0',
      paused_all: false,
      diskspace1: disk,
      diskspace2: disk,
      diskspace1_norm: diskNorm,
      diskspace2_norm: diskNorm,
      diskspacetotal1: model.diskTotalGb.toFixed(2),
      diskspacetotal2: model.diskTotalGb.toFixed(2),
      speedlimit: '0',
      speedlimit_abs: '0',
      have_warnings: '0',
      finishaction: null,
      quota: '0 ',
      have_quota: false,
      left_quota: '0 ',
      cache_art: '0',
      cache_size: '0 B',
      kbpersec: kbpersec.toFixed(2),
      speed: downloading ? formatBytes(kbpersec * 1024, '') : '0 ',
      mbleft: mbText(mbleft),
      mb: mbText(mb),
      sizeleft: formatBytes(mbleft * 1_048_576),
      size: formatBytes(mb * 1_048_576),
      noofslots_total: all.filter((j) => j.status !== 'Paused').length,
      noofslots: all.length,
      start,
      limit,
      finish: 0,
      status: model.paused ? 'Paused' : downloading ? 'Downloading' : 'Idle',
      timeleft: '0:00:00',
      slots: page.map((j, i) => queueSlot(model, j, start + i)),
    },
  });
}

function stageLog(job: FakeSabJob): Json[] {
  if (job.url && job.failMessage.startsWith('URL Fetching failed')) {
    return [{ name: 'Source', actions: [job.url, 'URL Fetching failed', ` ${job.failMessage.slice('URL Fetching failed;'.length).trim()}`] }];
  }
  const log: Json[] = [
    { name: 'Source', actions: [`${job.name}.nzb`] },
    { name: 'Download', actions: ['Downloaded in 3 seconds at an average of 935 KB/s<br/>Age: 2d'] },
    { name: 'Servers', actions: [`fake-news=${formatBytes(bytesOf(job))}`] },
  ];
  if (job.failMessage !== '' && !job.failMessage.startsWith('Aborted') && !job.failMessage.startsWith('Download failed')) {
    log.push({ name: 'Repair', actions: [`[${job.name}] ${job.failMessage}`] });
  }
  return log;
}

function historySlot(job: FakeSabJob): Json {
  const bytes = bytesOf(job);
  const urlFailed = job.url !== null && job.status === 'Failed' && job.failMessage.startsWith('URL Fetching failed');
  const incomplete = `/srv/sabnzbd/incomplete/${job.name}`;
  const base: Json = {
    completed: job.completed,
    name: urlFailed ? job.url : job.name,
    nzb_name: urlFailed ? job.url : `${job.name}.nzb`,
    category: job.category,
    pp: urlFailed ? '' : 'D',
    script: 'None',
    report: urlFailed ? 'future' : '',
    url: job.url,
    status: job.status,
    nzo_id: job.nzoId,
    storage: urlFailed || job.postProcessing ? '' : job.status === 'Completed' ? `/srv/sabnzbd/complete/${job.category}/${job.name}` : incomplete,
    path: urlFailed ? '' : incomplete,
    script_log: '',
    script_line: '',
    download_time: 0,
    postproc_time: 0,
    // Waiting for post-processing, nothing is logged yet (history-postprocessing.json).
    stage_log: job.postProcessing && job.status === 'Queued' ? [] : stageLog(job),
    downloaded: urlFailed ? 0 : bytes,
  };
  if (job.postProcessing) {
    // A job still in post-processing has no row id, completeness, meta, series or md5sum yet (history-postprocessing.json);
    // only the one running shows what it does.
    return {
      ...base,
      fail_message: '',
      url_info: '',
      bytes,
      password: null,
      action_line: job.status === 'Running' ? 'Running script: post-processing' : job.status === 'Queued' ? '' : `${job.status}...`,
      loaded: job.status !== 'Queued',
      size: formatBytes(bytes),
      retry: 0,
    };
  }
  return {
    id: job.historyId,
    ...base,
    completeness: null,
    fail_message: job.failMessage,
    url_info: '',
    bytes: urlFailed ? 0 : bytes,
    meta: null,
    series: '',
    // The NZB's md5; a failed URL fetch never had an NZB.
    md5sum: urlFailed ? null : createHash('md5').update(job.nzb ?? job.name).digest('hex'),
    password: null,
    action_line: '',
    size: formatBytes(urlFailed ? 0 : bytes),
    loaded: false,
    // 1/0 for jobs, but JSON true for a failed URL fetch (history.json).
    retry: urlFailed ? true : job.status === 'Failed' ? 1 : 0,
  };
}

function historyAnswer(model: FakeSabnzbdModel, p: URLSearchParams): FakeSabAnswer {
  const since = p.get('last_history_update');
  if (since !== null && Number(since) === model.lastHistoryUpdate) return json({ history: false });
  const filter = jobFilter(p);
  const failedOnly = p.get('failed_only') === '1';
  const jobs = failedOnly || filter ? model.historyJobs.filter((j) => (!failedOnly || j.status === 'Failed') && (!filter || filter(j))) : model.historyJobs;
  const start = Number(p.get('start') ?? 0) || 0;
  const limit = Number(p.get('limit') ?? 0) || jobs.length;
  const total = formatBytes(jobs.reduce((s, j) => s + bytesOf(j), 0), '');
  return json({
    history: {
      total_size: total,
      month_size: total,
      week_size: total,
      day_size: total,
      slots: jobs.slice(start, start + limit).map(historySlot),
      noofslots: jobs.length,
      last_history_update: model.lastHistoryUpdate,
      version: FAKE_SABNZBD_VERSION,
    },
  });
}

function configAnswer(model: FakeSabnzbdModel, section: string | null): FakeSabAnswer {
  const categories = model.config.categories.map((c, order) => ({ name: c.name, order, pp: '', script: 'Default', dir: c.dir, newzbin: '', priority: -100 }));
  const misc = { ...model.config.misc };
  if (section === 'categories') return json({ config: { categories } });
  if (section === 'misc') return json({ config: { misc } });
  return json({ config: { misc, categories } });
}

const ids = (p: URLSearchParams) => (p.get('value') ?? '').split(',').filter((id) => id !== '');

/** Answer one request to /api (the path is the server's business). */
export function answerFakeSabnzbd(model: FakeSabnzbdModel, apiKey: string, request: FakeSabRequest): FakeSabAnswer {
  const p = request.query;
  const mode = p.get('mode') ?? '';
  if (mode === 'version') return json({ version: FAKE_SABNZBD_VERSION });
  const key = p.get('apikey');
  if (!key) return keyRefused('API Key Required');
  if (key !== apiKey) return keyRefused('API Key Incorrect');
  model.advance();
  const name = p.get('name');

  switch (mode) {
    case 'queue': {
      if (name === 'delete') {
        const removed = ids(p).filter((id) => model.removeFromQueue(id, p.get('del_files') === '1'));
        return json({ status: removed.length > 0, nzo_ids: removed });
      }
      if (name === 'pause' || name === 'resume') {
        const changed = ids(p).filter((id) => model.setJobPaused(id, name === 'pause'));
        return json({ status: changed.length > 0, nzo_ids: changed });
      }
      return queueAnswer(model, p);
    }
    case 'history':
      if (name === 'delete') {
        const deleteFiles = p.get('del_files') === '1';
        const value = p.get('value') ?? '';
        const targets =
          value === 'all' ? model.historyJobs.map((j) => j.nzoId) : value === 'failed' ? model.historyJobs.filter((j) => j.status === 'Failed').map((j) => j.nzoId) : ids(p);
        for (const id of targets) model.removeFromHistory(id, deleteFiles);
        return json({ status: true });
      }
      return historyAnswer(model, p);
    case 'retry': {
      const again = model.retry(p.get('value') ?? '', p.get('password') ?? undefined);
      return json(again ? { status: true, nzo_id: again.nzoId } : { status: false, error: 'item does not exist' });
    }
    case 'retry_all':
      return json({ status: model.retryAll() });
    case 'addfile': {
      const upload = request.upload;
      if (!upload || upload.content.trim() === '') return json({ status: false, nzo_ids: [] });
      const job = model.add({ name: p.get('nzbname') ?? upload.fileName.replace(/\.nzb$/i, ''), category: p.get('cat') ?? '*', nzb: upload.content, paused: p.get('priority') === '-2', password: p.get('password') ?? '' });
      return json({ status: true, nzo_ids: [job.nzoId] });
    }
    case 'addurl': {
      const url = name ?? '';
      if (url === '') return json({ status: false, error: 'expects one parameter' });
      const fileName = decodeURIComponent(url.split('/').pop() ?? url).replace(/\.nzb$/i, '');
      const job = model.add({ name: p.get('nzbname') ?? fileName, category: p.get('cat') ?? '*', url, paused: p.get('priority') === '-2' });
      return json({ status: true, nzo_ids: [job.nzoId] });
    }
    case 'get_cats':
      return json({ categories: model.config.categories.map((c) => c.name) });
    case 'get_config':
      return configAnswer(model, p.get('section'));
    case 'pause':
      model.paused = true;
      model.advance();
      return json({ status: true });
    case 'resume':
      model.paused = false;
      model.advance();
      return json({ status: true });
    default:
      return json({ status: false, error: 'not implemented' });
  }
}
