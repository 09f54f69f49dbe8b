/**
 * The download-client port's contract, run case by case against BOTH real clients: SABnzbd
 * 3.7.1 (through SabnzbdDownloadClient over SabnzbdClient) and NZBGet 21 (through
 * NzbgetDownloadClient over NzbgetClient), downloading from one harness NNTP server. What
 * the rest of the core may rely on whichever client a user runs is exactly what passes here
 * for both; where the clients differ (retry keeps or changes the id) the case says so.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DownloadClientPort, HistoryCursor, HistoryJob } from '../../main/core/download-client/download-client-port';
import { NzbgetClient } from '../../main/core/nzbget/nzbget-client';
import { NzbgetDownloadClient } from '../../main/core/nzbget/nzbget-download-client';
import { SabnzbdClient } from '../../main/core/sabnzbd/sabnzbd-client';
import { SabnzbdDownloadClient } from '../../main/core/sabnzbd/sabnzbd-download-client';
import { NntpServer } from './harness/nntp-server';
import { buildPost } from './harness/nzb-builder';
import { NzbUrlServer } from './harness/nzb-url-server';
import { NzbgetInstance } from './harness/nzbget-instance';
import { pseudoRandomBytes } from './harness/payloads';
import { SabnzbdInstance } from './harness/sabnzbd-instance';
import * as S from './harness/scenarios';
import { closedPort } from '../unit/nzbget/nzbget-fixtures';

interface Subject {
  name: 'sabnzbd' | 'nzbget';
  port: DownloadClientPort;
  /** The same client with a wrong key / password. */
  refused: DownloadClientPort;
  submit(nzbXml: string, o: { name: string; category: string; paused?: boolean }): Promise<string>;
  /** Ids in the client's history, read natively (not through the port). */
  historyIds(): Promise<string[]>;
}

let nntp: NntpServer;
let indexer: NzbUrlServer;
let workDir: string;
let sab: SabnzbdInstance;
let nzbget: NzbgetInstance;
const subjects: Subject[] = [];

beforeAll(async () => {
  nntp = await NntpServer.start();
  indexer = await NzbUrlServer.start();
  workDir = await mkdtemp(path.join(os.tmpdir(), 'autoarr-contract-'));
  [sab, nzbget] = await Promise.all([SabnzbdInstance.start({ nntp, tinyBytes: 0 }), NzbgetInstance.start({ nntp })]);
  const sabClient = (apiKey: string) => new SabnzbdDownloadClient(new SabnzbdClient({ connection: { url: `${sab.url}/sabnzbd`, apiKey, timeoutMs: 10_000 } }));
  const ngClient = (password: string) =>
    new NzbgetDownloadClient(new NzbgetClient({ connection: { url: nzbget.url, username: nzbget.username, password, timeoutMs: 10_000 } }));
  subjects.push(
    {
      name: 'sabnzbd',
      port: sabClient(sab.apiKey),
      refused: sabClient('0123456789abcdef0123456789abcdef'),
      submit: async (xml, o) => (await sab.addNzb(xml, { name: o.name, category: o.category, ...(o.paused ? { priority: -2 } : {}) })).nzo_ids[0]!,
      historyIds: async () => (await sab.history()).map((s) => s.nzo_id),
    },
    {
      name: 'nzbget',
      port: ngClient(nzbget.password),
      refused: ngClient('wrong-password'),
      submit: async (xml, o) => String(await nzbget.append(xml, { name: o.name, category: o.category, addPaused: o.paused ?? false })),
      historyIds: async () => (await nzbget.history()).map((h) => String(h.NZBID)),
    },
  );
});

afterAll(async () => {
  await Promise.all([sab?.stop(), nzbget?.stop()]);
  await indexer?.stop();
  await nntp?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Polls the port like the poller will: queue, then what is new in history; collects jobs by id. */
class HistoryFollower {
  cursor: HistoryCursor | null = null;
  readonly seen = new Map<string, HistoryJob[]>();
  lastRequests = -1;

  constructor(private readonly port: DownloadClientPort) {}

  async poll(): Promise<{ changed: boolean; jobs: HistoryJob[] }> {
    const queue = must(await this.port.queue());
    const r = must(await this.port.readNewHistory(this.cursor, { now: Date.now(), firstRunLookbackMs: null, queue }));
    this.cursor = r.cursor;
    this.lastRequests = r.requests;
    const jobs = r.changed ? r.jobs : [];
    for (const j of jobs) this.seen.set(j.id, [...(this.seen.get(j.id) ?? []), j]);
    return { changed: r.changed, jobs };
  }

  async until(pred: () => boolean, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      await this.poll();
      if (pred()) return;
      await sleep(300);
    }
    throw new Error(`history did not show what was awaited; seen: ${JSON.stringify([...this.seen.entries()].map(([id, js]) => [id, js.map((j) => j.status)]))}`);
  }

  final(id: string): HistoryJob | undefined {
    return this.seen.get(id)?.filter((j) => j.outcome !== 'post_processing').at(-1);
  }
}

describe.each(['sabnzbd', 'nzbget'] as const)('download-client port: %s', (name) => {
  const subject = () => subjects.find((s) => s.name === name)!;

  it('answers its version', async () => {
    expect(must(await subject().port.version())).toMatch(/^\d+\.\d+/);
  });

  it('lists its categories with the folder each completes into', async () => {
    const categories = must(await subject().port.categories());
    const tv = categories.find((c) => c.name === 'tv');
    expect(categories.map((c) => c.name)).toEqual(expect.arrayContaining(['tv', 'movies']));
    expect(tv?.path).toMatch(/tv$/);
  });

  it('says how much space is free where finished jobs go', async () => {
    const spaces = must(await subject().port.diskSpace());
    const complete = spaces.find((s) => s.role === 'complete');
    expect(complete?.freeBytes).toBeGreaterThan(1024 * 1024);
    expect(complete?.path).toBeTruthy();
    expect(spaces.some((s) => s.role === 'category' && s.category === 'tv')).toBe(true);
  });

  it('pauses and resumes the whole queue', async () => {
    const { port } = subject();
    must(await port.pause());
    expect(must(await port.queue()).paused).toBe(true);
    must(await port.resume());
    expect(must(await port.queue()).paused).toBe(false);
  });

  it('removes a queued job', async () => {
    const { port, submit } = subject();
    const jobName = `Contract.Remove.${name}.S01E01.720p-CTR`;
    const post = buildPost({ files: [{ name: `${jobName}.mkv`, data: pseudoRandomBytes(jobName, 64 * 1024) }] });
    nntp.addArticles(post.articles);
    const id = await submit(post.nzbXml, { name: jobName, category: 'tv', paused: true });
    expect(must(await port.queue()).jobs.map((j) => j.id)).toContain(id);
    must(await port.removeFromQueue(id, { deleteFiles: true }));
    expect(must(await port.queue()).jobs.map((j) => j.id)).not.toContain(id);
  });

  it('hands on each new history job once, classified; a poll with nothing new costs no history read', { timeout: 240_000 }, async () => {
    const { port, submit } = subject();
    const follow = new HistoryFollower(port);
    await follow.poll(); // first read: the past

    const ok = await S.okTv({ workDir: path.join(workDir, name), nntp, indexer });
    const missing = await S.missingArticles({ workDir: path.join(workDir, `${name}-missing`), nntp, indexer });
    const okId = await submit(ok.post!.nzbXml, { name: `${ok.jobName}.${name}`, category: 'tv' });
    const failedId = await submit(missing.post!.nzbXml, { name: `${missing.jobName}.${name}`, category: 'tv' });
    await follow.until(() => follow.final(okId) !== undefined && follow.final(failedId) !== undefined);

    expect(follow.final(okId)).toMatchObject({ outcome: 'completed', classification: null, failMessage: '', downloadId: okId, category: 'tv' });
    const failed = follow.final(failedId)!;
    expect(failed).toMatchObject({ outcome: 'failed', downloadId: failedId });
    expect(failed.classification).toMatchObject({ kind: 'missing_articles', severity: 'high' });
    expect(failed.failMessage).not.toBe('');
    expect(failed.finishedAt).toBeGreaterThan(0);

    // Nothing new: nothing handed on again. NZBGet may still log a line or two about the jobs just
    // finished (its change check is the newest message ID), so the next poll may read the history once
    // more and hand on nothing; after that, no history request beyond the change check.
    expect((await follow.poll()).jobs).toEqual([]);
    const quiet = await follow.poll();
    expect(quiet.jobs).toEqual([]);
    expect(follow.lastRequests).toBeLessThanOrEqual(1);
    expect(quiet.changed).toBe(false);

    // Retry once the missing articles exist: the job runs again and completes.
    missing.releaseHeld();
    const retried = must(await port.retry(failedId)).id;
    if (name === 'nzbget') expect(retried).toBe(failedId); // HistoryRedownload keeps the NZBID
    else expect(retried).not.toBe(failedId); // SABnzbd gives the retried job a new nzo_id
    await follow.until(() => follow.final(retried)?.outcome === 'completed', 120_000);

    // And it leaves history when asked.
    must(await port.removeFromHistory(okId, { deleteFiles: false }));
    expect(await subject().historyIds()).not.toContain(okId);
  });

  it('says a dead server is unreachable', async () => {
    const port = await closedPort();
    const dead =
      name === 'sabnzbd'
        ? new SabnzbdDownloadClient(new SabnzbdClient({ connection: { url: `http://127.0.0.1:${port}/sabnzbd`, apiKey: 'k', timeoutMs: 5000 } }))
        : new NzbgetDownloadClient(new NzbgetClient({ connection: { url: `http://127.0.0.1:${port}`, username: 'u', password: 'p', timeoutMs: 5000 } }));
    const r = await dead.readNewHistory(null, { now: Date.now(), firstRunLookbackMs: null });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'unreachable', message: expect.stringContaining('connection refused') });
  });

  it('refuses wrong credentials with bad_api_key', async () => {
    const r = await subject().refused.queue();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('bad_api_key');
  });
});
