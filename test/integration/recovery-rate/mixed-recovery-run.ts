/**
 * The recovery-rate run (issue 16 §1): a seeded mix of real failures (failure-mix.ts) against the
 * REAL SABnzbd 3.7.1 + news server harness and the faithful fake Sonarr/Radarr (test/fakes), which
 * send their grabs to that SABnzbd and watch it as the real apps do. The real core (createCore:
 * poller, failure announcer, recovery engine, activity log, on a temp SQLite file) recovers them
 * with a 1 s backoff base. Used by `recovery-rate.test.ts` (small, in `npm test`) and by the
 * bench row `recovery.rate_mixed` (40 and more).
 *
 * Order of the run: duplicates' originals are downloaded first (a duplicate is a name SABnzbd
 * completed before); the disk-full releases go next, into Radarr's `movies` folder, a small tmpfs
 * kept full by a filler file; once the core has seen each of them fail, every other failing
 * release is grabbed and the filler deleted (the space "freed later"). Then the run waits until
 * every download is settled (recovered, Needs attention, or recorded with nothing to do), and a
 * few seconds more to catch a late second grab.
 *
 * Needs root (the tmpfs mount) like the harness's disk-full scenario; throws, never skips.
 */
import Conf from 'conf';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../../../main/core/app';
import { systemClock } from '../../../main/core/clock';
import { MemorySecretStore } from '../../../main/core/settings/secret-store';
import { SettingsStore, type ConfConstructor } from '../../../main/core/settings/settings-store';
import type { DownloadRecord, RecoveryAttempt } from '../../../shared/downloads';
import type { AnyBusEvent } from '../../../shared/events';
import type { FakeQuality, SeedRelease } from '../../fakes/fake-arr-model';
import type { FakeArr } from '../../fakes/fake-arr-server';
import { startFakeRadarr } from '../../fakes/fake-radarr';
import { startFakeSonarr } from '../../fakes/fake-sonarr';
import { NntpServer } from '../harness/nntp-server';
import { SabnzbdInstance } from '../harness/sabnzbd-instance';
import { buildRelease, SCRIPT_FAIL_MARK, type ReleaseFlavor } from './failing-releases';
import { buildFailureMix, hadGoodRelease, type MixCase } from './failure-mix';

const MIGRATIONS = path.resolve('main/core/activity/migrations');
const FHD: FakeQuality = { id: 3, name: 'WEBDL-1080p', source: 'web', resolution: 1080 };
const HD: FakeQuality = { id: 4, name: 'HDTV-720p', source: 'television', resolution: 720 };
const MIB = 1024 * 1024;
/** Radarr's `movies` folder: a tmpfs this big, all but FREE_WHILE_FULL of it taken by a filler file. */
const MOVIES_TMPFS_BYTES = 48 * MIB;
const FREE_WHILE_FULL = 1 * MIB;
const SETTLED = new Set<DownloadRecord['status']>(['recovered', 'dlq', 'ignored', 'dismissed']);

export interface MixedRunOptions {
  /** Failures in the mix (the first 12 are one of every kind, see CORE_MIX). */
  size: number;
  seed?: number;
  baseBackoffSeconds?: number;
  maxRetries?: number;
  /** Longest wait for every download to settle (default 4 min + 15 s a case). */
  timeoutMs?: number;
  log?: (message: string) => void;
  /**
   * Pause between two failing releases being grabbed (default 0: all at once, the worst case for SABnzbd's queue:
   * every replacement waits behind every failing job). Failures spread out, as a person's stack sees them, need a gap.
   */
  arrivalGapMs?: number;
  /** Run only these cases of the mix (by index): to look at one kind. */
  only?: readonly number[];
  /** Every bus event of the run, as it happens (diagnostics). */
  onEvent?: (event: AnyBusEvent) => void;
}

export interface CaseOutcome {
  index: number;
  app: MixCase['app'];
  flavor: ReleaseFlavor;
  situation: MixCase['situation'];
  /** The failed job's nzo_id (the download's identity in the core). */
  nzoId: string;
  /** The core's record at the end; null when the core never saw the failure. */
  kind: DownloadRecord['kind'] | null;
  status: DownloadRecord['status'] | 'never_seen';
  attempts: number;
  strategy: DownloadRecord['currentStrategy'];
  dlqReason: string | null;
  failMessage: string | null;
  /** Replacement grabs the *arr made for the item after the failing one (guid, good or not, how). */
  replacements: { guid: string; good: boolean; source: string; at: number }[];
  /** Time from SABnzbd failing the job (for a full disk: from the space being freed) to recovered, in backoff bases. */
  recoveredInBase: number | null;
  /** Of that: until the step that recovered it started (backoff, *arr coordination, earlier steps), in bases. */
  untilLastStepInBase: number | null;
  /** Of that: from that step to recovered (the replacement downloading and post-processing in SABnzbd), in bases. */
  lastStepInBase: number | null;
  hadGoodRelease: boolean;
  /** Had a good release and did not end recovered. */
  missed: boolean;
  /** Recovered although there was nothing good to recover with, or with a release that is not a good one. */
  wronglyRecovered: boolean;
  /** A second good replacement, a grab after recovery, or a grab where none was due (duplicate, full disk). */
  doubleGrab: boolean;
}

export interface MixedRunReport {
  cases: CaseOutcome[];
  baseBackoffSeconds: number;
  /** Sum of the backoff schedule (base × (1 + 2 + … 2^(maxRetries-1))), in bases. */
  scheduleSumBase: number;
  withGoodRelease: number;
  recovered: number;
  /** recovered ÷ withGoodRelease (1 when none had a good release). */
  recoveredShare: number;
  wronglyRecovered: number;
  doubleGrabbed: number;
  /** Cases wrongly recovered or double-grabbed ÷ all cases. */
  wrongShare: number;
  medianRecoverBase: number | null;
  maxRecoverBase: number | null;
  /** Medians of the two parts of the time to recover (see CaseOutcome). */
  medianUntilLastStepBase: number | null;
  medianLastStepBase: number | null;
  needsAttention: { count: number; reasons: Record<string, number> };
  ignored: number;
  /** Activity-log lines written for the mix's downloads (by correlation id). */
  activityLines: number;
  wallMs: number;
}

interface PlannedCase {
  mix: MixCase;
  itemId: number;
  arr: FakeArr;
  failing: SeedRelease;
  goodGuids: Set<string>;
  nzoId: string | null;
  /** For a full disk: when the space came back. */
  measureFrom: number | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The first words of a Needs-attention reason, so equal causes group. */
export function reasonKey(reason: string | null): string {
  if (!reason) return '(no reason)';
  return reason.replace(/\(.*?\)/g, '').replace(/\s+/g, ' ').split(/[.:;]/)[0]!.trim().slice(0, 90);
}

export async function runMixedRecovery(options: MixedRunOptions): Promise<MixedRunReport> {
  const log = options.log ?? (() => undefined);
  const base = options.baseBackoffSeconds ?? 1;
  const maxRetries = options.maxRetries ?? 3;
  const mix = buildFailureMix(options.size, options.seed ?? 16).filter((c) => !options.only || options.only.includes(c.index));
  const timeoutMs = options.timeoutMs ?? 240_000 + 15_000 * mix.length;
  const started = Date.now();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoarr-recovery-rate-'));
  const cleanups: (() => Promise<unknown> | unknown)[] = [() => fs.rmSync(workDir, { recursive: true, force: true })];
  const cleanup = async () => {
    for (const c of cleanups.splice(0).reverse()) await Promise.resolve().then(c).catch((e: unknown) => log(`cleanup failed: ${String(e)}`));
  };
  try {
    const nntp = await NntpServer.start();
    cleanups.push(() => nntp.stop());
    const sab = await SabnzbdInstance.start({ nntp, tinyBytes: 0 });
    cleanups.push(() => sab.stop());
    const moviesDir = path.join(sab.paths.completeDir, 'movies');
    fs.mkdirSync(moviesDir, { recursive: true });
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${MOVIES_TMPFS_BYTES},mode=0777`, 'tmpfs', moviesDir], { stdio: 'pipe' });
    } catch (e) {
      throw new Error(`the disk-full cases need a small tmpfs (root and mount): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    cleanups.push(() => execFileSync('umount', ['-l', moviesDir], { stdio: 'pipe' }));
    const filler = path.join(moviesDir, '.filler');
    const freeNow = () => {
      const s = fs.statfsSync(moviesDir);
      return s.bavail * s.bsize;
    };
    fs.writeFileSync(filler, Buffer.alloc(freeNow() - FREE_WHILE_FULL));

    const sabUrl = `${sab.url}/sabnzbd`;
    const arrOptions = { clock: systemClock, autoRedownloadFailed: false, removeFailedDownloads: false, checkIntervalMs: 1_000 };
    const episodes = mix.filter((c) => c.app === 'sonarr').map((c) => ({ id: 1000 + c.index, seasonNumber: 1, episodeNumber: c.index + 1 }));
    const sonarr = await startFakeSonarr({
      ...arrOptions,
      // SABnzbd fails a duplicate only while the earlier job is still in its history: Sonarr's "Remove Completed" off
      // (a setting people use); Radarr keeps the default (on).
      removeCompletedDownloads: false,
      sabnzbd: { url: sabUrl, apiKey: sab.apiKey, category: 'tv' },
      series: [{ id: 1, title: 'Mix Show', episodes }],
    });
    cleanups.push(() => sonarr.close());
    const radarr = await startFakeRadarr({
      ...arrOptions,
      sabnzbd: { url: sabUrl, apiKey: sab.apiKey, category: 'movies' },
      movies: mix.filter((c) => c.app === 'radarr').map((c) => ({ id: 2000 + c.index, title: `Mix Movie ${c.index}`, year: 2024 })),
    });
    cleanups.push(() => radarr.close());

    // --- the releases ---
    const ctx = { workDir, nntp };
    const titleOf = (c: MixCase, q: FakeQuality, tag: string) =>
      c.app === 'sonarr'
        ? `Mix.Show.S01E${String(c.index + 1).padStart(2, '0')}.${q.name}-${tag}`
        : `Mix.Movie.${c.index}.2024.${q.name}-${tag}`;
    const release = async (c: MixCase, q: FakeQuality, flavor: ReleaseFlavor, tag: string) => {
      const guid = `m${c.index}${tag.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
      const title = titleOf(c, q, flavor === 'script_fail' ? `${SCRIPT_FAIL_MARK}${c.index}` : tag);
      return buildRelease(ctx, { guid, title, quality: q, flavor });
    };
    log(`recovery-rate: building ${mix.length} cases…`);
    const plan: PlannedCase[] = [];
    for (const c of mix) {
      const arr = c.app === 'sonarr' ? sonarr : radarr;
      const itemId = (c.app === 'sonarr' ? 1000 : 2000) + c.index;
      const failing = await release(c, FHD, c.flavor, 'FIRST');
      const others: { r: SeedRelease; good: boolean }[] = [];
      if (c.situation === 'alternative') others.push({ r: await release(c, FHD, 'good', 'ALT'), good: true });
      if (c.situation === 'lower_quality') others.push({ r: await release(c, HD, 'good', 'LOWER'), good: true });
      if (c.situation === 'no_good_release') {
        others.push({ r: await release(c, FHD, 'not_on_server', 'ALTBAD'), good: false });
        others.push({ r: await release(c, HD, 'aborted', 'LOWERBAD'), good: false });
      }
      arr.addRelease(itemId, failing);
      for (const o of others) arr.addRelease(itemId, o.r);
      const goodGuids = new Set(others.filter((o) => o.good).map((o) => o.r.guid));
      if (c.situation === 'disk_full') goodGuids.add(failing.guid);
      plan.push({ mix: c, itemId, arr, failing, goodGuids, nzoId: null, measureFrom: null });
    }

    // --- the real core ---
    const dataDir = path.join(workDir, 'data');
    const secrets = new MemorySecretStore();
    const settingsStore = new SettingsStore({ dir: dataDir, Conf: Conf as unknown as ConfConstructor, secrets });
    const saved = settingsStore.update({
      sabnzbd: { url: sabUrl, enabled: true },
      sonarr: { url: sonarr.url, enabled: true },
      radarr: { url: radarr.url, enabled: true },
      monitoring: { pollIntervalSeconds: 5, baseBackoffSeconds: base, maxRetries, requestTimeoutMs: 10_000 },
      notifications: { onFailed: false, onDlq: false, onRecovered: false },
      apiKeys: { sabnzbd: sab.apiKey, sonarr: sonarr.apiKey, radarr: radarr.apiKey },
    });
    if (!saved.ok) throw new Error(`settings refused: ${saved.error.message}`);
    const core: Core = await createCore({
      dataDir,
      migrationsFolder: MIGRATIONS,
      settingsStore,
      secretStore: secrets,
      mode: 'browser',
      notifier: null,
      logger: { info: () => undefined, warn: () => undefined, error: (m) => log(`core error: ${m}`) },
      // The *arr windows scaled down with the base (defaults are for a 300 s base); disk-full retries need 4 MiB when the size is unknown.
      recovery: { arrGraceMs: 2_000, arrRecheckMs: 1_000, outcomeCheckMs: 1_000, auditOnStart: false, minFreeDiskBytes: 4 * MIB },
      poller: { firstRunLookbackMs: null },
    });
    const events: AnyBusEvent[] = [];
    core.onEvent((e) => {
      events.push(e);
      options.onEvent?.(e);
    });
    await core.start();
    cleanups.push(() => core.stop());
    // The poll interval is 5 s at the least; a poll every second keeps poll latency below one base.
    let polling = true;
    const poller = (async () => {
      while (polling) {
        await Promise.resolve().then(() => core.handlers['monitoring.pollNow']({})).catch(() => undefined);
        await sleep(1_000);
      }
    })();
    cleanups.push(async () => {
      polling = false;
      await poller;
    });
    const store = core.internals.store;
    const failedAt = (nzoId: string) =>
      events.find((e) => e.type === 'download.failed' && (e.payload as { nzoId: string }).nzoId === nzoId)?.timestamp ?? null;
    const until = async (what: string, probe: () => boolean | Promise<boolean>, ms: number) => {
      const end = Date.now() + ms;
      while (!(await probe())) {
        if (Date.now() > end) throw new Error(`recovery-rate: timed out waiting for ${what}`);
        await sleep(250);
      }
    };

    // Duplicates: the original completes first.
    const dupes = plan.filter((p) => p.mix.situation === 'duplicate');
    for (const p of dupes) {
      const td = await p.arr.core.grab(p.itemId, p.failing, 'Search');
      await until('a duplicate’s original to be imported', () => p.arr.core.history.some((h) => h.eventType === 'downloadFolderImported' && h.downloadId === td.downloadId), 60_000);
    }
    // Full disk: those fail first, and the core must have seen each.
    const diskFull = plan.filter((p) => p.mix.situation === 'disk_full');
    for (const p of diskFull) p.nzoId = (await p.arr.core.grab(p.itemId, p.failing, 'Search')).downloadId;
    // The engine must have looked at the folder and chosen to wait for room (not retried into a full disk).
    await until(
      'the disk-full failures to wait for space',
      () => diskFull.every((p) => /^Waiting for free disk space/.test(store.get(p.nzoId!)?.lastError ?? '')),
      120_000,
    );
    fs.rmSync(filler);
    const freedAt = Date.now();
    for (const p of diskFull) p.measureFrom = freedAt;
    for (const p of plan.filter((x) => x.nzoId === null)) {
      p.nzoId = (await p.arr.core.grab(p.itemId, p.failing, 'Search')).downloadId;
      if (options.arrivalGapMs) await sleep(options.arrivalGapMs);
    }
    log(`recovery-rate: ${plan.length} failing releases grabbed, disk space freed; waiting for every download to settle…`);

    const settled = () =>
      plan.every((p) => {
        const r = store.get(p.nzoId!);
        return r !== null && r !== undefined && SETTLED.has(r.status);
      });
    let lastReport = 0;
    await until(
      'every download to settle',
      () => {
        if (Date.now() - lastReport > 15_000) {
          lastReport = Date.now();
          const counts: Record<string, number> = {};
          for (const p of plan) {
            const s = store.get(p.nzoId!)?.status ?? 'unseen';
            counts[s] = (counts[s] ?? 0) + 1;
          }
          log(`  ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(counts)}`);
        }
        return settled();
      },
      timeoutMs,
    ).catch((e: unknown) => log(String(e)));
    // A second grab would come from a late outcome check or the *arr's own search: give both a few seconds.
    await sleep(5_000);
    await sonarr.idle();
    await radarr.idle();

    const cases = plan.map((p) => outcomeOf(p, store.get(p.nzoId!) ?? null, store.attempts(p.nzoId!), events, failedAt(p.nzoId!), base));
    const correlationIds = plan.map((p) => store.get(p.nzoId!)?.correlationId).filter((id): id is string => typeof id === 'string');
    const activityLines = countActivityLines(core, correlationIds);
    const report = summarize(cases, base, maxRetries, activityLines, Date.now() - started);
    return report;
  } finally {
    await cleanup();
  }
}

function countActivityLines(core: Core, correlationIds: readonly string[]): number {
  if (correlationIds.length === 0) return 0;
  core.internals.activity.flush();
  const sqlite = core.internals.database.sqlite;
  const row = sqlite
    .prepare(`SELECT count(*) AS n FROM activity_log WHERE correlation_id IN (${correlationIds.map(() => '?').join(',')})`)
    .get(...correlationIds) as { n: number };
  return row.n;
}

function outcomeOf(
  p: PlannedCase,
  r: DownloadRecord | null,
  attempts: readonly RecoveryAttempt[],
  events: readonly AnyBusEvent[],
  seenAt: number | null,
  base: number,
): CaseOutcome {
  const grabs = p.arr.grabs().filter((g) => g.itemId === p.itemId && g.release.guid !== p.failing.guid);
  const replacements = grabs.map((g) => ({ guid: g.release.guid, good: p.goodGuids.has(g.release.guid), source: g.source, at: g.at }));
  const recoveredEvent = events.find((e) => e.type === 'download.recovered' && (e.payload as { nzoId: string }).nzoId === p.nzoId);
  const good = hadGoodRelease(p.mix);
  const recovered = r?.status === 'recovered';
  const completedNzoId = recoveredEvent ? (recoveredEvent.payload as { completedNzoId: string }).completedNzoId : null;
  // The release of a job: one of the item's grabs, the failed job itself, or (a SABnzbd retry, new nzo_id) the job it retried.
  const releaseOfJob = (nzoId: string, depth = 0): string | null => {
    const grab = p.arr.grabs().find((g) => g.itemId === p.itemId && g.downloadId === nzoId);
    if (grab) return grab.release.guid;
    if (nzoId === p.nzoId) return p.failing.guid;
    const retry = attempts.find((a) => a.newNzoId === nzoId && a.strategy === 'retry_download');
    return retry?.oldNzoId && depth < 10 ? releaseOfJob(retry.oldNzoId, depth + 1) : null;
  };
  const completedGuid = completedNzoId === null ? null : releaseOfJob(completedNzoId);
  const recoveredAt = r?.recoveredAt ?? null;
  // From when SABnzbd failed the job (its history's `completed`, to the second), so the poll's latency counts too.
  const sabFailedAt = typeof r?.metadata.failedAt === 'number' ? r.metadata.failedAt : seenAt;
  const failedFrom = sabFailedAt !== null && seenAt !== null ? Math.min(sabFailedAt, seenAt) : seenAt;
  const from = p.measureFrom !== null && failedFrom !== null ? Math.max(p.measureFrom, failedFrom) : failedFrom;
  const lastStep = [...attempts].reverse().find((a) => a.outcome === 'succeeded') ?? null;
  const inBase = (ms: number) => ms / (base * 1000);
  const goodReplacements = replacements.filter((g) => g.good).length;
  const grabNotDue = (p.mix.situation === 'duplicate' || p.mix.situation === 'disk_full') && replacements.length > 0;
  const afterRecovery = recoveredAt !== null && replacements.some((g) => g.at > recoveredAt);
  return {
    index: p.mix.index,
    app: p.mix.app,
    flavor: p.mix.flavor,
    situation: p.mix.situation,
    nzoId: p.nzoId!,
    kind: r?.kind ?? null,
    status: r?.status ?? 'never_seen',
    attempts: r?.attempts ?? 0,
    strategy: r?.currentStrategy ?? null,
    dlqReason: r?.dlqReason ?? null,
    failMessage: r?.failMessage ?? null,
    replacements,
    recoveredInBase: recovered && recoveredAt !== null && from !== null ? inBase(recoveredAt - from) : null,
    untilLastStepInBase: recovered && lastStep && from !== null ? inBase(lastStep.startedAt - from) : null,
    lastStepInBase: recovered && lastStep && recoveredAt !== null ? inBase(recoveredAt - lastStep.startedAt) : null,
    hadGoodRelease: good,
    missed: good && !recovered,
    wronglyRecovered: recovered && (!good || completedGuid === null || !p.goodGuids.has(completedGuid)),
    doubleGrab: goodReplacements > 1 || grabNotDue || afterRecovery,
  };
}

export function summarize(cases: readonly CaseOutcome[], base: number, maxRetries: number, activityLines: number, wallMs: number): MixedRunReport {
  const withGood = cases.filter((c) => c.hadGoodRelease);
  const recovered = withGood.filter((c) => !c.missed).length;
  const wrong = cases.filter((c) => c.wronglyRecovered || c.doubleGrab).length;
  const times = cases.map((c) => c.recoveredInBase).filter((t): t is number => t !== null);
  const reasons: Record<string, number> = {};
  const dlq = cases.filter((c) => c.status === 'dlq');
  for (const c of dlq) reasons[reasonKey(c.dlqReason)] = (reasons[reasonKey(c.dlqReason)] ?? 0) + 1;
  let scheduleSumBase = 0;
  for (let n = 1; n <= maxRetries; n++) scheduleSumBase += 2 ** (n - 1);
  return {
    cases: [...cases],
    baseBackoffSeconds: base,
    scheduleSumBase,
    withGoodRelease: withGood.length,
    recovered,
    recoveredShare: withGood.length === 0 ? 1 : recovered / withGood.length,
    wronglyRecovered: cases.filter((c) => c.wronglyRecovered).length,
    doubleGrabbed: cases.filter((c) => c.doubleGrab).length,
    wrongShare: cases.length === 0 ? 0 : wrong / cases.length,
    medianRecoverBase: median(times),
    maxRecoverBase: times.length === 0 ? null : Math.max(...times),
    medianUntilLastStepBase: median(cases.map((c) => c.untilLastStepInBase).filter((t): t is number => t !== null)),
    medianLastStepBase: median(cases.map((c) => c.lastStepInBase).filter((t): t is number => t !== null)),
    needsAttention: { count: dlq.length, reasons },
    ignored: cases.filter((c) => c.status === 'ignored').length,
    activityLines,
    wallMs,
  };
}

/** One line a case, for logs and failing assertions. */
export function describeCase(c: CaseOutcome): string {
  const t =
    c.recoveredInBase === null
      ? ''
      : ` in ${c.recoveredInBase.toFixed(1)} bases (${c.untilLastStepInBase?.toFixed(1) ?? '?'} + ${c.lastStepInBase?.toFixed(1) ?? '?'})`;
  const grabs = c.replacements.map((g) => `${g.guid}${g.good ? '+' : '-'}(${g.source})`).join(' ');
  const flags = [c.missed ? 'MISSED' : '', c.wronglyRecovered ? 'WRONG' : '', c.doubleGrab ? 'DOUBLE-GRAB' : ''].filter(Boolean).join(' ');
  return `#${c.index} ${c.app} ${c.flavor}/${c.situation}: ${c.kind ?? '?'} → ${c.status} after ${c.attempts} (${c.strategy ?? '-'})${t}; grabs [${grabs}]${c.dlqReason ? `; ${reasonKey(c.dlqReason)}` : ''}${flags ? ` ${flags}` : ''}`;
}
