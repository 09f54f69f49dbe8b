/**
 * A real SABnzbd 3.7.1 for integration tests: started on a free loopback port in its own
 * temp home, pointed at the harness NNTP server, with the settings, categories (tv, movies,
 * tiny) and scripts the failure scenarios need (see `sabnzbd-config.ts`).
 *
 * Requires `.ci/install-sabnzbd.sh`; `start()` throws a clear error when it was not run.
 * Category `tiny` completes into a 1 MiB tmpfs (needs root + mount; `tinyIsLimited` says
 * whether the mount worked, the disk-full scenario refuses to run without it).
 *
 * @example
 *   const nntp = await NntpServer.start();
 *   const sab = await SabnzbdInstance.start({ nntp });
 *   try {
 *     const add = await sab.addNzb(post.nzbXml, { name: 'Show.S01E01.720p-GRP', category: 'tv' });
 *     const slot = await sab.waitForHistorySlot(add.nzo_ids[0]!, isFinal, 60_000);
 *     expect(slot.fail_message).toBe('...');
 *   } finally {
 *     await sab.stop();
 *     await nntp.stop();
 *   }
 *
 * `sab.url` / `sab.apiKey` are what a real SABnzbd client under test is configured with.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { findSabnzbdInstall } from './install-location';
import { writeSabnzbdHome, type SabnzbdHome } from './sabnzbd-config';
import {
  addResponseSchema,
  historyResponseSchema,
  idResponseSchema,
  queueResponseSchema,
  type AddResponse,
  type HistorySlot,
  type IdResponse,
  type QueueSlot,
} from './sabnzbd-api-schemas';

export interface SabnzbdStartOptions {
  nntp: { host: string; port: number };
  connections?: number;
  retentionDays?: number;
  /** Size of the tmpfs behind category `tiny`; 0 = plain folder (no disk-full scenario). */
  tinyBytes?: number;
  /** Extra/overriding `[misc]` ini settings. */
  misc?: Readonly<Record<string, string | number>>;
  /** Categories besides tv, movies and tiny. */
  extraCategories?: readonly string[];
  startTimeoutMs?: number;
}

export interface AddOptions {
  /** Job name: the multipart file is uploaded as `<name>.nzb`. */
  name: string;
  category?: string;
  /** -2 Paused, -1 Low, 0 Normal, 1 High, 2 Force. */
  priority?: number;
  password?: string;
  /** Post-processing script for this job, e.g. FAIL_SCRIPT. */
  script?: string;
  pp?: number;
  nzbname?: string;
}

export type SlotPredicate = (slot: HistorySlot) => boolean;

/** Completed or Failed: SABnzbd is done with the job. */
export const isFinal: SlotPredicate = (slot) => slot.status === 'Completed' || slot.status === 'Failed';

const HISTORY_FRESH_MS = 300;
const POLL_MS = 250;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

function run(file: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => execFile(file, args, (error) => resolve(error === null)));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SabnzbdInstance {
  private historyCache: { at: number; slots: Promise<HistorySlot[]> } | null = null;
  private addChain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly child: ChildProcess,
    readonly home: string,
    readonly paths: SabnzbdHome,
    readonly port: number,
    readonly apiKey: string,
    readonly tinyDir: string,
    readonly tinyIsLimited: boolean,
  ) {}

  private get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Base URL, e.g. http://127.0.0.1:34567 (the API is under /sabnzbd/api). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(options: SabnzbdStartOptions): Promise<SabnzbdInstance> {
    const install = findSabnzbdInstall();
    const home = await mkdtemp(path.join(os.tmpdir(), 'autoarr-sab-'));
    const tinyDir = path.join(home, 'tiny');
    await mkdir(tinyDir, { recursive: true });
    const tinyBytes = options.tinyBytes ?? 1024 * 1024;
    const tinyIsLimited = tinyBytes > 0 && (await run('mount', ['-t', 'tmpfs', '-o', `size=${tinyBytes},mode=0777`, 'tmpfs', tinyDir]));
    const port = await freePort();
    const paths = await writeSabnzbdHome({
      home,
      webPort: port,
      nntpHost: options.nntp.host,
      nntpPort: options.nntp.port,
      connections: options.connections ?? 8,
      retentionDays: options.retentionDays ?? 365,
      tinyDir,
      misc: options.misc ?? {},
      ...(options.extraCategories ? { extraCategories: options.extraCategories } : {}),
    });
    const out = createWriteStream(path.join(home, 'stdout.log'));
    const child = spawn(
      install.python,
      ['-OO', install.launcher, '--server', `127.0.0.1:${port}`, '--config-file', paths.iniPath, '--browser', '0'],
      {
        cwd: home,
        detached: true, // own process group, so stop() also ends par2/unrar/scripts it started
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          HOME: home,
          LANG: 'C.UTF-8',
          PYTHONPATH: install.pythonPath,
          // Debian's tools only: the first python3/unrar on a developer's PATH may be another one.
          PATH: `${install.binDir}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
        },
      },
    );
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    const instance = new SabnzbdInstance(child, home, paths, port, '', tinyDir, tinyIsLimited);
    try {
      await instance.waitForApi(options.startTimeoutMs ?? 60_000);
      const ini = await readFile(paths.iniPath, 'utf8');
      const apiKey = /^api_key\s*=\s*(\w+)\s*$/m.exec(ini)?.[1];
      if (apiKey === undefined) throw new Error(`SABnzbd wrote no api_key into ${paths.iniPath}`);
      return new SabnzbdInstance(child, home, paths, port, apiKey, tinyDir, tinyIsLimited);
    } catch (error) {
      await instance.stop();
      throw error;
    }
  }

  private async waitForApi(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`SABnzbd exited during start-up:\n${await this.logTail()}`);
      try {
        const response = await fetch(`${this.url}/sabnzbd/api?mode=version&output=json`);
        if (response.ok) {
          const body = z.object({ version: z.string() }).parse(await response.json());
          if (body.version !== '') return;
        }
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(`SABnzbd did not answer within ${timeoutMs} ms:\n${await this.logTail()}`);
  }

  /** The last lines of SABnzbd's own log and stdout, for error messages. */
  async logTail(lines = 40): Promise<string> {
    const read = (file: string) => readFile(file, 'utf8').catch(() => '');
    const text = (await read(path.join(this.paths.logDir, 'sabnzbd.log'))) + (await read(path.join(this.home, 'stdout.log')));
    return text.split('\n').slice(-lines).join('\n');
  }

  /** Raw API call (GET, output=json); returns the parsed JSON. */
  async api(mode: string, params: Readonly<Record<string, string | number | undefined>> = {}): Promise<unknown> {
    const response = await fetch(this.apiUrl(mode, params));
    if (!response.ok) throw new Error(`SABnzbd mode=${mode} answered HTTP ${response.status}: ${await response.text()}`);
    return response.json();
  }

  private apiUrl(mode: string, params: Readonly<Record<string, string | number | undefined>>): string {
    const url = new URL('/sabnzbd/api', this.url);
    url.searchParams.set('mode', mode);
    for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, String(value));
    url.searchParams.set('output', 'json');
    url.searchParams.set('apikey', this.apiKey);
    return url.toString();
  }

  // CherryPy resets connections when ~25 uploads arrive at once (seen as ECONNRESET), and
  // adds are not idempotent, so they go one at a time instead of being retried.
  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const result = this.addChain.then(task, task);
    this.addChain = result.catch(() => undefined);
    return result;
  }

  /** mode=addfile as Sonarr/Radarr do it: multipart POST, the NZB in form field `name`. */
  addNzb(nzbXml: string, options: AddOptions): Promise<AddResponse> {
    return this.serialized(() => this.postNzb(nzbXml, options));
  }

  private async postNzb(nzbXml: string, options: AddOptions): Promise<AddResponse> {
    const form = new FormData();
    form.append('name', new Blob([nzbXml], { type: 'application/x-nzb' }), `${options.name}.nzb`);
    const response = await fetch(this.apiUrl('addfile', this.addParams(options)), { method: 'POST', body: form });
    if (!response.ok) throw new Error(`SABnzbd addfile answered HTTP ${response.status}: ${await response.text()}`);
    this.historyCache = null;
    return addResponseSchema.parse(await response.json());
  }

  /** mode=addurl: SABnzbd fetches the NZB itself. */
  addUrl(url: string, options: Omit<AddOptions, 'name'> & { name?: string }): Promise<AddResponse> {
    const params = { ...this.addParams({ ...options, name: options.name ?? '' }), name: url };
    return this.serialized(async () => {
      this.historyCache = null;
      return addResponseSchema.parse(await this.api('addurl', params));
    });
  }

  private addParams(options: AddOptions): Record<string, string | number | undefined> {
    return {
      cat: options.category,
      priority: options.priority,
      password: options.password,
      script: options.script,
      pp: options.pp,
      nzbname: options.nzbname,
    };
  }

  async queue(): Promise<QueueSlot[]> {
    return queueResponseSchema.parse(await this.api('queue', { limit: 500 })).queue.slots;
  }

  /** Every history slot (newest first). */
  async history(): Promise<HistorySlot[]> {
    return historyResponseSchema.parse(await this.api('history', { limit: 500 })).history.slots;
  }

  /** mode=retry: answers a NEW nzo_id; the old one leaves history. */
  async retry(nzoId: string, options: { password?: string } = {}): Promise<IdResponse> {
    this.historyCache = null;
    return idResponseSchema.parse(await this.api('retry', { value: nzoId, password: options.password }));
  }

  async cancelPostProcessing(nzoId: string): Promise<IdResponse> {
    return idResponseSchema.parse(await this.api('cancel_pp', { value: nzoId }));
  }

  // Many scenarios wait at once; they share one history request per short window.
  private sharedHistory(): Promise<HistorySlot[]> {
    const now = Date.now();
    if (this.historyCache === null || now - this.historyCache.at > HISTORY_FRESH_MS) {
      const slots = this.history();
      this.historyCache = { at: now, slots };
      slots.catch(() => {
        this.historyCache = null;
      });
    }
    return this.historyCache.slots;
  }

  /** Polls history until the job's slot satisfies `predicate` (default: Completed/Failed). */
  async waitForHistorySlot(nzoId: string, predicate: SlotPredicate = isFinal, timeoutMs = 60_000): Promise<HistorySlot> {
    const deadline = Date.now() + timeoutMs;
    let last: HistorySlot | undefined;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`SABnzbd exited while waiting for ${nzoId}:\n${await this.logTail()}`);
      last = (await this.sharedHistory()).find((slot) => slot.nzo_id === nzoId);
      if (last !== undefined && predicate(last)) return last;
      await sleep(POLL_MS);
    }
    const queued = (await this.queue().catch(() => [])).find((slot) => slot.nzo_id === nzoId);
    throw new Error(
      `history slot ${nzoId} did not match within ${timeoutMs} ms; last history slot: ${JSON.stringify(last ?? null)}; queue slot: ${JSON.stringify(queued ?? null)}`,
    );
  }

  /** Polls the queue until the job's slot satisfies `predicate`. */
  async waitForQueueSlot(nzoId: string, predicate: (slot: QueueSlot) => boolean, timeoutMs = 30_000, pollMs = POLL_MS): Promise<QueueSlot> {
    const deadline = Date.now() + timeoutMs;
    let last: QueueSlot | undefined;
    while (Date.now() < deadline) {
      last = (await this.queue()).find((slot) => slot.nzo_id === nzoId);
      if (last !== undefined && predicate(last)) return last;
      await sleep(pollMs);
    }
    throw new Error(`queue slot ${nzoId} did not match within ${timeoutMs} ms; last: ${JSON.stringify(last ?? null)}`);
  }

  /**
   * Kills SABnzbd and everything it started, unmounts `tiny`, deletes the temp home
   * (kept, with SABnzbd's logs, when AUTOARR_SAB_KEEP=1 — for debugging a failed run).
   */
  async stop(): Promise<void> {
    const pid = this.child.pid;
    if (pid !== undefined && !this.exited) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const stopped = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
      if (!stopped) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // already gone
        }
        await exited;
      }
    }
    // Children of the group (a script still sleeping) may outlive SABnzbd's own exit.
    if (pid !== undefined) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // group empty
      }
    }
    if (this.tinyIsLimited) {
      if (!(await run('umount', [this.tinyDir]))) await run('umount', ['-l', this.tinyDir]);
    }
    if (process.env.AUTOARR_SAB_KEEP === '1') {
      console.warn(`AUTOARR_SAB_KEEP=1: SABnzbd home kept at ${this.home}`);
      return;
    }
    await rm(this.home, { recursive: true, force: true });
  }
}
