/**
 * Every SABnzbd outcome the tray app classifies, produced for real: SABnzbd 3.7.1 (Debian
 * package, installed by .ci/install-sabnzbd.sh) downloads from the harness NNTP server and
 * runs the real par2 / unrar / 7z / scripts. The fail_message strings asserted here are the
 * ground truth for the failure classifier (same wording as
 * /work/shared/fixtures/sabnzbd/scenarios.json).
 *
 * One SABnzbd and one news server for the whole file; the scenarios run in parallel.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NntpServer } from './harness/nntp-server';
import { NzbUrlServer } from './harness/nzb-url-server';
import { SabnzbdInstance, isFinal } from './harness/sabnzbd-instance';
import type { AddResponse, HistorySlot, IdResponse } from './harness/sabnzbd-api-schemas';
import * as S from './harness/scenarios';
import type { Scenario, ScenarioContext } from './harness/scenarios';

const FLOW_TIMEOUT_MS = 150_000;

interface Outcome {
  add: AddResponse;
  slot?: HistorySlot;
  queueStatus?: string;
  seenQueueStatuses?: string[];
  retry?: IdResponse;
  cancel?: IdResponse;
  previousNzoId?: string;
  previousSlot?: HistorySlot;
}

let nntp: NntpServer;
let indexer: NzbUrlServer;
let sab: SabnzbdInstance;
let workDir: string;
const flows = new Map<string, Promise<Outcome>>();
const scenarios = new Map<string, Scenario>();
const startedAt = Date.now();

function onlyId(add: AddResponse, scenario: Scenario): string {
  const [id] = add.nzo_ids;
  if (!add.status || id === undefined || add.nzo_ids.length !== 1) {
    throw new Error(`${scenario.key}: addfile/addurl answered ${JSON.stringify(add)}`);
  }
  return id;
}

async function toHistory(scenario: Scenario): Promise<Outcome> {
  const add = await S.submitScenario(sab, scenario);
  const slot = await sab.waitForHistorySlot(onlyId(add, scenario), isFinal, FLOW_TIMEOUT_MS);
  return { add, slot };
}

async function toQueue(scenario: Scenario, status: string): Promise<Outcome> {
  const add = await S.submitScenario(sab, scenario);
  const slot = await sab.waitForQueueSlot(onlyId(add, scenario), (s) => s.status === status, 30_000);
  return { add, queueStatus: slot.status };
}

async function slowFlow(scenario: Scenario): Promise<Outcome> {
  const add = await S.submitScenario(sab, scenario);
  const id = onlyId(add, scenario);
  const seen = new Set<string>();
  // Watch the queue until the job leaves it; the 1 s articles keep it Downloading a while.
  for (let i = 0; i < 600; i++) {
    const slot = (await sab.queue()).find((s) => s.nzo_id === id);
    if (slot === undefined) break;
    seen.add(slot.status);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const slot = await sab.waitForHistorySlot(id, isFinal, FLOW_TIMEOUT_MS);
  return { add, slot, seenQueueStatuses: [...seen] };
}

async function cancelPpFlow(scenario: Scenario): Promise<Outcome> {
  const add = await S.submitScenario(sab, scenario);
  const id = onlyId(add, scenario);
  await sab.waitForHistorySlot(id, (s) => s.status === 'Running' || isFinal(s), FLOW_TIMEOUT_MS);
  const cancel = await sab.cancelPostProcessing(id);
  const slot = await sab.waitForHistorySlot(id, isFinal, FLOW_TIMEOUT_MS);
  return { add, slot, cancel };
}

async function retryFlow(failed: Promise<Outcome>, before: () => void, options: { password?: string }): Promise<Outcome> {
  const first = await failed;
  const previous = first.slot;
  if (previous === undefined || previous.status !== 'Failed') throw new Error(`nothing to retry: ${JSON.stringify(previous ?? null)}`);
  before();
  const retry = await sab.retry(previous.nzo_id, options);
  if (!retry.status || retry.nzo_id === undefined) throw new Error(`retry answered ${JSON.stringify(retry)}`);
  const slot = await sab.waitForHistorySlot(retry.nzo_id, isFinal, FLOW_TIMEOUT_MS);
  return { add: first.add, slot, retry, previousNzoId: previous.nzo_id, previousSlot: (await sab.history()).find((s) => s.nzo_id === previous.nzo_id) };
}

function outcome(key: string): Promise<Outcome> {
  const flow = flows.get(key);
  if (flow === undefined) throw new Error(`scenario ${key} was not started`);
  return flow;
}

function scenario(key: string): Scenario {
  const found = scenarios.get(key);
  if (found === undefined) throw new Error(`scenario ${key} was not built`);
  return found;
}

const finishedAfterMs = new Map<string, number>();

function start(key: string, flow: Promise<Outcome>): void {
  flow.then(() => finishedAfterMs.set(key, Date.now() - startedAt)).catch(() => undefined); // awaited (and reported) by its own test
  flows.set(key, flow);
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'autoarr-sab-payloads-'));
  nntp = await NntpServer.start();
  indexer = await NzbUrlServer.start();
  sab = await SabnzbdInstance.start({ nntp });
  if (!sab.tinyIsLimited) throw new Error('could not mount the 1 MiB tmpfs for category tiny (needs root and mount -t tmpfs)');
  const ctx: ScenarioContext = { workDir, nntp, indexer };

  const built = await Promise.all([
    S.okTv(ctx), S.okMoviesRar(ctx), S.repaired(ctx), S.par2Fail(ctx), S.missingArticles(ctx), S.notOnServer(ctx),
    S.outOfRetention(ctx), S.encryptedRar(ctx), S.password7z(ctx), S.corrupt7z(ctx), S.corruptRar(ctx),
    S.missingRarVolume(ctx), S.sfvFail(ctx), S.fileJoinFail(ctx), S.unwantedExtension(ctx), S.scriptFail(ctx),
    S.ppAborted(ctx), S.prequeueFail(ctx), S.prequeueReject(ctx), S.invalidNzb(), S.emptyNzb(), S.diskFull(ctx),
    S.propagating(ctx), S.paused(ctx), S.slow(ctx), S.urlOk(ctx), S.url404(ctx), S.urlBadNzb(ctx),
  ]);
  for (const s of built) scenarios.set(s.key, s);
  const missing = built.find((s): s is S.HeldScenario => s.key === 'missing-articles' && 'releaseHeld' in s);
  if (missing === undefined) throw new Error('missing-articles scenario has no releaseHeld');

  start('slow', slowFlow(scenario('slow')));
  for (const s of built) {
    if (s.key === 'slow') continue;
    if (s.key === 'pp-aborted') start(s.key, cancelPpFlow(s));
    else if (s.expect.where === 'history') start(s.key, toHistory(s));
    else if (s.expect.where === 'queue') start(s.key, toQueue(s, s.expect.status));
    else start(s.key, S.submitScenario(sab, s).then((add) => ({ add })));
  }
  const dup = S.duplicateOf(scenario('ok-tv'));
  scenarios.set('duplicate', dup);
  start('duplicate', outcome('ok-tv').then(() => toHistory(dup)));
  start('retry-missing', retryFlow(outcome('missing-articles'), () => missing.releaseHeld(), {}));
  start('retry-password', retryFlow(outcome('password-7z'), () => undefined, { password: S.ARCHIVE_PASSWORD }));
}, 120_000);

afterAll(async () => {
  const observed: string[] = [];
  for (const [key, flow] of flows) {
    const o = await flow.catch((error: unknown) => ({ error: String(error) }));
    observed.push(`${key} (${Math.round((finishedAfterMs.get(key) ?? NaN) / 1000)} s): ${'error' in o ? o.error : JSON.stringify(o.slot ? [o.slot.status, o.slot.fail_message] : o.queueStatus ?? o.add)}`);
  }
  console.log(`real SABnzbd scenarios (${Math.round((Date.now() - startedAt) / 1000)} s):\n${observed.join('\n')}`);
  await sab?.stop();
  await indexer?.stop();
  await nntp?.stop();
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
}, 60_000);

const FAILED_IN_HISTORY = [
  'par2-fail', 'missing-articles', 'not-on-server', 'out-of-retention', 'encrypted-rar', 'password-7z', 'corrupt-7z',
  'corrupt-rar', 'missing-rar-volume', 'sfv-fail', 'filejoin-fail', 'unwanted-ext', 'duplicate', 'script-fail',
  'pp-aborted', 'prequeue-fail', 'disk-full', 'url-404', 'url-bad-nzb',
] as const;

describe('real SABnzbd 3.7.1: failures land in history with their real fail_message', () => {
  it.each(FAILED_IN_HISTORY)('%s', async (key) => {
    const o = await outcome(key);
    const s = scenario(key);
    if (s.expect.where !== 'history') throw new Error(`${key} is not a history scenario`);
    expect(o.add).toEqual({ status: true, nzo_ids: [expect.stringMatching(/^SABnzbd_nzo_/)] });
    expect(o.slot).toMatchObject({ nzo_id: o.add.nzo_ids[0], status: 'Failed', fail_message: s.expect.failMessage });
  }, FLOW_TIMEOUT_MS + 30_000);
});

describe('real SABnzbd 3.7.1: good downloads complete', () => {
  it.each(['ok-tv', 'ok-movies-rar', 'repaired', 'url-ok'])('%s', async (key) => {
    const o = await outcome(key);
    expect(o.slot).toMatchObject({ status: 'Completed', fail_message: '', retry: 0 });
    expect(o.slot?.category).toBe(key === 'ok-movies-rar' ? 'movies' : 'tv');
  }, FLOW_TIMEOUT_MS + 30_000);

  it('slow: the queue shows it Downloading while the 1 s articles trickle in, then it completes', async () => {
    const o = await outcome('slow');
    expect(o.seenQueueStatuses).toContain('Downloading');
    expect(o.slot).toMatchObject({ status: 'Completed', fail_message: '' });
  }, FLOW_TIMEOUT_MS + 30_000);
});

describe('real SABnzbd 3.7.1: queue states and refused adds', () => {
  it.each([['propagating', 'Propagating'], ['paused', 'Paused']])('%s stays in the queue as %s', async (key, status) => {
    expect((await outcome(key)).queueStatus).toBe(status);
  }, 60_000);

  it.each(['prequeue-reject', 'invalid-nzb', 'empty-nzb'])('%s: addfile answers status false and queues nothing', async (key) => {
    expect((await outcome(key)).add).toEqual({ status: false, nzo_ids: [] });
  }, 60_000);
});

describe('real SABnzbd 3.7.1: details the classifier and recovery rely on', () => {
  it('out-of-retention: SABnzbd never asks the news server for the articles', async () => {
    await outcome('out-of-retention');
    const ids = new Set(scenario('out-of-retention').post?.articles.keys());
    expect(ids.size).toBeGreaterThan(0);
    expect(nntp.requests().filter((r) => r.messageId !== null && ids.has(r.messageId))).toEqual([]);
  }, FLOW_TIMEOUT_MS);

  it('history retry is 1 for failed downloads but the boolean true for failed URL fetches', async () => {
    expect((await outcome('sfv-fail')).slot?.retry).toBe(1);
    expect((await outcome('url-404')).slot?.retry).toBe(true);
    expect((await outcome('url-bad-nzb')).slot?.retry).toBe(true);
  }, FLOW_TIMEOUT_MS);

  it('pp-aborted: cancel_pp answers {status:true, nzo_id}', async () => {
    const o = await outcome('pp-aborted');
    expect(o.cancel).toEqual({ status: true, nzo_id: o.add.nzo_ids[0] });
  }, FLOW_TIMEOUT_MS);

  it('retry-missing: once the held articles appear, mode=retry gives a NEW nzo_id that completes', async () => {
    const o = await outcome('retry-missing');
    expect(o.retry?.status).toBe(true);
    expect(o.retry?.nzo_id).not.toBe(o.previousNzoId);
    expect(o.previousSlot).toBeUndefined(); // the old id leaves history
    expect(o.slot).toMatchObject({ nzo_id: o.retry?.nzo_id, status: 'Completed', fail_message: '', name: scenario('missing-articles').jobName });
  }, FLOW_TIMEOUT_MS + 60_000);

  it('retry-password: mode=retry with the archive password gives a NEW nzo_id that completes', async () => {
    const o = await outcome('retry-password');
    expect(o.retry?.nzo_id).not.toBe(o.previousNzoId);
    expect(o.previousSlot).toBeUndefined();
    expect(o.slot).toMatchObject({ nzo_id: o.retry?.nzo_id, status: 'Completed', fail_message: '' });
  }, FLOW_TIMEOUT_MS + 60_000);
});
