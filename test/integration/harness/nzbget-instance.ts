/**
 * A real NZBGet (Debian's `nzbget` 21, installed by .ci/install-nzbget.sh) for integration
 * tests: started in server mode on a free loopback port in its own temp home, pointed at
 * the harness NNTP server, with the categories (tv, movies, tiny, scripted) and the
 * script the failure scenarios need (see `nzbget-config.ts`).
 *
 * Category `tiny` completes into a small tmpfs (needs root + mount; `tinyIsLimited` says
 * whether the mount worked). With `interDir: false` jobs download and unpack inside their
 * category folder, so a full `tiny` fails the unpack (UnpackStatus SPACE) instead of the
 * final move (MoveStatus FAILURE).
 *
 * @example
 *   const nntp = await NntpServer.start();
 *   const nzbget = await NzbgetInstance.start({ nntp });
 *   try {
 *     const id = await nzbget.append(post.nzbXml, { name: 'Show.S01E01.720p-GRP', category: 'tv' });
 *     const item = await nzbget.waitForHistoryItem(id);
 *     expect(item.Status).toBe('SUCCESS/ALL');
 *   } finally {
 *     await nzbget.stop();
 *     await nntp.stop();
 *   }
 *
 * `nzbget.url`, `username`, `password` are what a real NZBGet client under test is given.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { findSabnzbdInstall } from './install-location';
import { writeNzbgetHome, type NzbgetHome } from './nzbget-config';
import {
  nzbgetGroupSchema,
  nzbgetHistoryItemSchema,
  rpcEnvelopeSchema,
  type NzbgetGroup,
  type NzbgetHistoryItem,
} from './nzbget-api-schemas';

export const NZBGET_BINARY = '/usr/bin/nzbget';

export interface NzbgetStartOptions {
  nntp: { host: string; port: number };
  connections?: number;
  retentionDays?: number;
  /** Size of the tmpfs behind category `tiny`; 0 = plain folder (no disk-full scenario). */
  tinyBytes?: number;
  /** Default true (NZBGet's own default); false = download and unpack in the category folder. */
  interDir?: boolean;
  /** Extra/overriding config options. */
  options?: Readonly<Record<string, string | number>>;
  startTimeoutMs?: number;
}

export interface AppendOptions {
  /** Job name: sent as `<name>.nzb`, NZBGet names the job after it. */
  name: string;
  category?: string;
  priority?: number;
  addPaused?: boolean;
  dupeKey?: string;
  dupeScore?: number;
  dupeMode?: 'SCORE' | 'ALL' | 'FORCE';
  /** Post-processing parameters, e.g. `{ '*Unpack:Password': 'secret' }` or the *arr's `drone` id. */
  parameters?: Readonly<Record<string, string>>;
}

export type HistoryPredicate = (item: NzbgetHistoryItem) => boolean;

/** In history and not about to leave it again: NZBGet moves a job there once post-processing is done. */
export const inHistory: HistoryPredicate = () => true;

const POLL_MS = 250;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

export class NzbgetInstance {
  private constructor(
    private readonly child: ChildProcess,
    readonly home: string,
    readonly paths: NzbgetHome,
    readonly port: number,
    readonly username: string,
    readonly password: string,
    readonly tinyDir: string,
    readonly tinyIsLimited: boolean,
  ) {}

  /** Base URL, e.g. http://127.0.0.1:34567 (JSON-RPC is under /jsonrpc). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  static async start(options: NzbgetStartOptions): Promise<NzbgetInstance> {
    if (!existsSync(NZBGET_BINARY)) {
      throw new Error(`NZBGet not found at ${NZBGET_BINARY}. Run: sudo bash .ci/install-nzbget.sh`);
    }
    const { unrar } = findSabnzbdInstall();
    const home = await mkdtemp(path.join(os.tmpdir(), 'autoarr-nzbget-'));
    const tinyDir = path.join(home, 'tiny');
    await mkdir(tinyDir, { recursive: true });
    const tinyBytes = options.tinyBytes ?? 0;
    const tinyIsLimited = tinyBytes > 0 && (await run('mount', ['-t', 'tmpfs', '-o', `size=${tinyBytes},mode=0777`, 'tmpfs', tinyDir]));
    const port = await freePort();
    const username = 'autoarr';
    const password = randomBytes(9).toString('base64url');
    const paths = await writeNzbgetHome({
      home,
      controlPort: port,
      username,
      password,
      nntpHost: options.nntp.host,
      nntpPort: options.nntp.port,
      connections: options.connections ?? 4,
      retentionDays: options.retentionDays ?? 365,
      tinyDir,
      interDir: options.interDir ?? true,
      unrar,
      options: options.options ?? {},
    });
    const out = createWriteStream(path.join(home, 'stdout.log'));
    const child = spawn(NZBGET_BINARY, ['-c', paths.configPath, '-s'], {
      cwd: home,
      detached: true, // own process group, so stop() also ends unrar/7z/scripts it started
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { HOME: home, LANG: 'C.UTF-8', PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
    });
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    const instance = new NzbgetInstance(child, home, paths, port, username, password, tinyDir, tinyIsLimited);
    try {
      await instance.waitForApi(options.startTimeoutMs ?? 30_000);
      return instance;
    } catch (error) {
      await instance.stop();
      throw error;
    }
  }

  private async waitForApi(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`NZBGet exited during start-up:\n${await this.logTail()}`);
      try {
        if (typeof (await this.rpc('version')) === 'string') return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`NZBGet did not answer within ${timeoutMs} ms:\n${await this.logTail()}`);
  }

  /** The last lines of NZBGet's log file and stdout, for error messages. */
  async logTail(lines = 40): Promise<string> {
    const read = (file: string) => readFile(file, 'utf8').catch(() => '');
    const text = (await read(this.paths.logFile)) + (await read(path.join(this.home, 'stdout.log')));
    return text.split('\n').slice(-lines).join('\n');
  }

  /** The raw HTTP answer to one JSON-RPC call (POST /jsonrpc, Basic auth), for captures. */
  async rpcRaw(method: string, params: readonly unknown[] = [], auth: { username: string; password: string } | null = this): Promise<{ status: number; contentType: string; body: string }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (auth !== null) headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    const response = await fetch(`${this.url}/jsonrpc`, { method: 'POST', headers, body: JSON.stringify({ method, params, id: 1 }) });
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() };
  }

  /** One JSON-RPC call; answers `result` or throws with NZBGet's error. */
  async rpc(method: string, params: readonly unknown[] = []): Promise<unknown> {
    const raw = await this.rpcRaw(method, params);
    if (raw.status !== 200) throw new Error(`NZBGet ${method} answered HTTP ${raw.status}: ${raw.body}`);
    const envelope = rpcEnvelopeSchema.parse(JSON.parse(raw.body));
    if ('error' in envelope) throw new Error(`NZBGet ${method} refused: ${envelope.error.message}`);
    return envelope.result;
  }

  /** `append` as Sonarr/Radarr call it (NZB content base64); answers the new NZBID. */
  async append(nzbXml: string, o: AppendOptions): Promise<number> {
    // NZBGet reads parameters as a flat run of strings (name, value, name, value…): objects
    // like {Name, Value} are read key by key and become parameters named "Name" and "Value".
    const parameters = Object.entries(o.parameters ?? {}).flat();
    const result = await this.rpc('append', [
      `${o.name}.nzb`,
      Buffer.from(nzbXml, 'utf8').toString('base64'),
      o.category ?? '',
      o.priority ?? 0,
      false,
      o.addPaused ?? false,
      o.dupeKey ?? '',
      o.dupeScore ?? 0,
      o.dupeMode ?? 'SCORE',
      parameters,
    ]);
    const id = z.number().parse(result);
    if (id <= 0) throw new Error(`NZBGet refused the NZB ${o.name} (append answered ${id})`);
    return id;
  }

  /** `append` of a URL (sent as is, not base64): NZBGet fetches the NZB itself. */
  async appendUrl(url: string, o: AppendOptions): Promise<number> {
    const result = await this.rpc('append', [`${o.name}.nzb`, url, o.category ?? '', o.priority ?? 0, false, o.addPaused ?? false, '', 0, 'SCORE', []]);
    const id = z.number().parse(result);
    if (id <= 0) throw new Error(`NZBGet refused the URL ${url} (append answered ${id})`);
    return id;
  }

  /** The answer to `append` as NZBGet gives it, even when it refuses (0, or an error). */
  async appendRaw(nzbXml: string, o: AppendOptions): Promise<{ status: number; body: string }> {
    return this.rpcRaw('append', [`${o.name}.nzb`, Buffer.from(nzbXml, 'utf8').toString('base64'), o.category ?? '', 0, false, false, '', 0, 'SCORE', []]);
  }

  /** One history item exactly as NZBGet sent it (for captures). */
  async rawHistoryItem(nzbId: number): Promise<Record<string, unknown>> {
    const raw = await this.rpcRaw('history', [false]);
    const body = z.object({ result: z.array(z.looseObject({ NZBID: z.number() })) }).parse(JSON.parse(raw.body));
    const item = body.result.find((i) => i.NZBID === nzbId);
    if (item === undefined) throw new Error(`NZBGet history has no item ${nzbId}`);
    return item;
  }

  async listGroups(): Promise<NzbgetGroup[]> {
    return z.array(nzbgetGroupSchema).parse(await this.rpc('listgroups', [0]));
  }

  async history(hidden = false): Promise<NzbgetHistoryItem[]> {
    return z.array(nzbgetHistoryItemSchema).parse(await this.rpc('history', [hidden]));
  }

  async editQueue(command: string, ids: readonly number[], param = ''): Promise<boolean> {
    return z.boolean().parse(await this.rpc('editqueue', [command, param, [...ids]]));
  }

  /** Polls history until the job is there and satisfies `predicate`. */
  async waitForHistoryItem(nzbId: number, predicate: HistoryPredicate = inHistory, timeoutMs = 60_000): Promise<NzbgetHistoryItem> {
    const deadline = Date.now() + timeoutMs;
    let last: NzbgetHistoryItem | undefined;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`NZBGet exited while waiting for ${nzbId}:\n${await this.logTail()}`);
      last = (await this.history()).find((item) => item.NZBID === nzbId);
      if (last !== undefined && predicate(last)) return last;
      await sleep(POLL_MS);
    }
    const queued = (await this.listGroups().catch(() => [])).find((group) => group.NZBID === nzbId);
    throw new Error(
      `NZBGet history item ${nzbId} did not match within ${timeoutMs} ms; last: ${JSON.stringify(last ?? null)}; queue: ${JSON.stringify(queued ?? null)}\n${await this.logTail()}`,
    );
  }

  /** Polls the queue until the job's group satisfies `predicate`. */
  async waitForGroup(nzbId: number, predicate: (group: NzbgetGroup) => boolean, timeoutMs = 30_000): Promise<NzbgetGroup> {
    const deadline = Date.now() + timeoutMs;
    let last: NzbgetGroup | undefined;
    while (Date.now() < deadline) {
      last = (await this.listGroups()).find((group) => group.NZBID === nzbId);
      if (last !== undefined && predicate(last)) return last;
      await sleep(POLL_MS);
    }
    throw new Error(`NZBGet group ${nzbId} did not match within ${timeoutMs} ms; last: ${JSON.stringify(last ?? null)}`);
  }

  /**
   * Ends NZBGet and everything it started, unmounts `tiny`, deletes the temp home (kept,
   * with NZBGet's log, when AUTOARR_NZBGET_KEEP=1 — for debugging a failed run).
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
    if (process.env.AUTOARR_NZBGET_KEEP === '1') {
      console.warn(`AUTOARR_NZBGET_KEEP=1: NZBGet home kept at ${this.home}`);
      return;
    }
    await rm(this.home, { recursive: true, force: true });
  }
}
