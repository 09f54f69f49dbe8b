// A local HTTP server that answers `mode=queue` and `mode=history` the way
// SABnzbd 3.7.1 does: pages newest first sliced by start/limit, `noofslots`,
// `last_history_update` bumped on every change, and `{"history": false}` when
// the caller's last_history_update is current. Slots are shaped after the
// team's captured answers (../shared/fixtures/sabnzbd) when they are beside
// the repo, else after a built-in copy of the same fields.
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type Slot = Record<string, unknown>;

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'sabnzbd');

const FALLBACK_FAILED: Slot = {
  id: 1, completed: 0, name: '', nzb_name: '', category: 'tv', pp: 'D', script: 'None', report: '', url: null,
  status: 'Failed', nzo_id: '', storage: null, path: '/downloads/incomplete/x', script_log: '', script_line: '',
  download_time: 12, postproc_time: 1, stage_log: [{ name: 'Download', actions: ['Aborted, cannot be completed'] }],
  downloaded: 1047, completeness: null, fail_message: 'Download failed - Not on your server(s)', url_info: '', bytes: 1047,
  meta: null, series: '', md5sum: null, password: null, action_line: '', size: '1 KB', loaded: false, retry: 1,
};

function fixtureSlot(file: string, status: string): Slot | null {
  const full = path.join(FIXTURES, file);
  if (!existsSync(full)) return null;
  const parsed = JSON.parse(readFileSync(full, 'utf8')) as { history?: { slots?: Slot[] } };
  return parsed.history?.slots?.find((s) => s.status === status) ?? null;
}

const FAILED_TEMPLATE = fixtureSlot('history-failed-only.json', 'Failed') ?? FALLBACK_FAILED;
const COMPLETED_TEMPLATE = fixtureSlot('history.json', 'Completed') ?? { ...FALLBACK_FAILED, status: 'Completed', fail_message: '', retry: 0 };

export interface SabnzbdHistoryServer {
  readonly url: string;
  readonly apiKey: string;
  /** Requests answered, by mode. */
  readonly requests: Record<string, number>;
  /** Put `n` new failed jobs on top, dropping the previous batch added this way (history size stays put). */
  replaceNewFailures(n: number): string[];
  close(): Promise<void>;
}

export async function startSabnzbdHistoryServer(options: { history: number; apiKey?: string }): Promise<SabnzbdHistoryServer> {
  const apiKey = options.apiKey ?? 'benchbenchbenchbenchbenchbench00';
  let completedClock = 1_700_000_000;
  let lastHistoryUpdate = 1;
  let nextId = 1;
  const makeSlot = (template: Slot, category: string): Slot => {
    const id = nextId++;
    const name = `Bench.Show.${id}.S01E01.1080p.WEB-DL-GRP`;
    return { ...template, id, nzo_id: `SABnzbd_nzo_b${id.toString(36).padStart(7, '0')}`, name, nzb_name: `${name}.nzb`, category, completed: completedClock++ };
  };
  // The existing history, oldest at the end: completed jobs and 1 % old failures.
  const base: Slot[] = [];
  for (let i = 0; i < options.history; i++) base.push(makeSlot(i % 100 === 50 ? FAILED_TEMPLATE : COMPLETED_TEMPLATE, i % 3 ? 'tv' : 'movies'));
  base.reverse();
  let top: Slot[] = [];
  let slots = base;
  const requests: Record<string, number> = {};
  const queueBody = JSON.stringify({
    queue: { version: '3.7.1', paused: false, status: 'Idle', kbpersec: '0.00', noofslots: 0, noofslots_total: 0, diskspace1: '76.63', slots: [] },
  });

  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const mode = u.searchParams.get('mode') ?? '';
    requests[mode] = (requests[mode] ?? 0) + 1;
    if (u.searchParams.get('apikey') !== apiKey) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('API Key Incorrect');
      return;
    }
    let body: string;
    if (mode === 'queue') body = queueBody;
    else if (mode === 'history') {
      const since = u.searchParams.get('last_history_update');
      if (since !== null && Number(since) === lastHistoryUpdate) body = '{"history": false}';
      else {
        const start = Number(u.searchParams.get('start') ?? 0);
        const limit = Number(u.searchParams.get('limit') ?? 0) || slots.length;
        body = JSON.stringify({
          history: {
            total_size: '3.9 G', month_size: '3.9 G', week_size: '1.1 G', day_size: '0 B',
            slots: slots.slice(start, start + limit),
            noofslots: slots.length, last_history_update: lastHistoryUpdate, version: '3.7.1',
          },
        });
      }
    } else if (mode === 'version') body = '{"version": "3.7.1"}';
    else body = JSON.stringify({ status: false, error: 'not implemented' });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    replaceNewFailures(n) {
      top = [];
      for (let i = 0; i < n; i++) top.push(makeSlot(FAILED_TEMPLATE, i % 3 ? 'tv' : 'movies'));
      top.reverse();
      slots = top.concat(base);
      lastHistoryUpdate++;
      return top.map((s) => String(s.nzo_id));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
