/**
 * One function per SABnzbd outcome the tray app must recognise. Each builds its payload
 * for real (par2, 7z, rar, SFV, split files), puts the articles it wants served on the
 * harness NNTP server, and returns what to submit plus the outcome SABnzbd 3.7.1 really
 * produces — the wording in `failMessage` is the ground truth the failure classifier is
 * built on (captured in /work/shared/fixtures/sabnzbd/scenarios.json, re-observed by
 * test/integration/sabnzbd-real.test.ts).
 *
 * Scenarios needing a second step return a hook: `missingArticles().releaseHeld()` puts the
 * withheld articles on the server (then `mode=retry` completes it); `duplicateOf()` re-submits
 * a completed job; `ppAborted` needs `mode=cancel_pp` while its slow script runs.
 *
 * @example
 *   const ctx = { workDir, nntp, indexer };
 *   const s = await SCENARIOS.sfvFail(ctx);
 *   const add = await submitScenario(sab, s);
 *   const slot = await sab.waitForHistorySlot(add.nzo_ids[0]!);
 *   expect(slot.fail_message).toBe(s.expect.failMessage);
 */
import path from 'node:path';
import { createPar2 } from './par2';
import { buildPost, type BuildPostOptions, type Post } from './nzb-builder';
import { damageBytes, makeRar, makeSevenZip, makeSfv, pseudoRandomBytes, splitFile, writePostFiles } from './payloads';
import { FAIL_SCRIPT, SLOW_SCRIPT } from './sabnzbd-config';
import type { NntpServer } from './nntp-server';
import type { NzbUrlServer } from './nzb-url-server';
import type { AddOptions, SabnzbdInstance } from './sabnzbd-instance';
import type { AddResponse } from './sabnzbd-api-schemas';
import type { PostFile } from './post-file';

export interface ScenarioContext {
  /** A temp folder this run owns (payloads are built under it). */
  workDir: string;
  nntp: NntpServer;
  indexer: NzbUrlServer;
}

export type ScenarioExpectation =
  /** Ends in history with exactly this status and fail_message ('' when Completed). */
  | { where: 'history'; status: 'Completed' | 'Failed'; failMessage: string }
  /** Stays in the queue with this status. */
  | { where: 'queue'; status: string }
  /** mode=addfile itself answers {status:false, nzo_ids:[]}. */
  | { where: 'addfile'; status: false };

export type Submission = { kind: 'file'; nzbXml: string; options: AddOptions } | { kind: 'url'; url: string; options: Omit<AddOptions, 'name'> };

export interface Scenario {
  key: string;
  jobName: string;
  doc: string;
  submit: Submission;
  expect: ScenarioExpectation;
  post?: Post;
}

export const ARCHIVE_PASSWORD = 'sabh-secret';
const KIB = 1024;
const BLOCK = 16 * KIB;

const notComplete = 'Aborted, cannot be completed - https://sabnzbd.org/not-complete';

async function dirFor(ctx: ScenarioContext, key: string): Promise<string> {
  const dir = path.join(ctx.workDir, key);
  await writePostFiles(dir, []);
  return dir;
}

function publish(ctx: ScenarioContext, options: BuildPostOptions, articleDelayMs?: number): Post {
  const post = buildPost(options);
  ctx.nntp.addArticles(post.articles, articleDelayMs === undefined ? {} : { delayMs: articleDelayMs });
  return post;
}

function fileSubmission(post: Post, options: AddOptions): Submission {
  return { kind: 'file', nzbXml: post.nzbXml, options };
}

async function withPar2(dir: string, baseName: string, files: PostFile[], redundancyPercent: number, blockSize = BLOCK): Promise<PostFile[]> {
  await writePostFiles(dir, files);
  return createPar2({ dir, baseName, files: files.map((f) => f.name), redundancyPercent, blockSize });
}

function history(status: 'Completed' | 'Failed', failMessage = ''): ScenarioExpectation {
  return { where: 'history', status, failMessage };
}

export async function okTv(ctx: ScenarioContext): Promise<Scenario> {
  const jobName = 'Sabh.Good.Show.S01E01.720p.HDTV.x264-SABH';
  const dir = await dirFor(ctx, 'ok-tv');
  const mkv = { name: `${jobName}.mkv`, data: pseudoRandomBytes('ok-tv', 200 * KIB) };
  const post = publish(ctx, { files: [mkv, ...(await withPar2(dir, jobName, [mkv], 10))] });
  return { key: 'ok-tv', jobName, doc: 'plain file + par2 in category tv', submit: fileSubmission(post, { name: jobName, category: 'tv' }), expect: history('Completed'), post };
}

export async function okMoviesRar(ctx: ScenarioContext): Promise<Scenario> {
  const jobName = 'Sabh.Good.Movie.2008.1080p.BluRay.x264-SABH';
  const dir = await dirFor(ctx, 'ok-movies-rar');
  const rar = await makeRar({ dir, archiveName: jobName, files: [{ name: `${jobName}.mkv`, data: pseudoRandomBytes('ok-movies', 250 * KIB) }] });
  const post = publish(ctx, { files: [...rar, ...(await withPar2(dir, jobName, rar, 10))] });
  return { key: 'ok-movies-rar', jobName, doc: 'stored RAR5 + par2 in category movies; unrar extracts it', submit: fileSubmission(post, { name: jobName, category: 'movies' }), expect: history('Completed'), post };
}

export async function repaired(ctx: ScenarioContext): Promise<Scenario> {
  const jobName = 'Sabh.Repaired.Show.S01E02.720p-SABH';
  const dir = await dirFor(ctx, 'repaired');
  const original = { name: `${jobName}.mkv`, data: pseudoRandomBytes('repaired', 20 * BLOCK) };
  const par2 = await withPar2(dir, jobName, [original], 20, BLOCK); // 4 recovery blocks
  const damaged = { ...original, data: damageBytes(original.data, [{ offset: 3 * BLOCK, length: 2 * BLOCK }]) };
  const post = publish(ctx, { files: [damaged, ...par2] });
  return { key: 'repaired', jobName, doc: '2 damaged blocks, 4 recovery blocks: par2 repairs', submit: fileSubmission(post, { name: jobName, category: 'tv' }), expect: history('Completed'), post };
}

export async function par2Fail(ctx: ScenarioContext): Promise<Scenario> {
  const jobName = 'Sabh.Par2.Fail.Show.S01E03.720p-SABH';
  const dir = await dirFor(ctx, 'par2-fail');
  const original = { name: `${jobName}.mkv`, data: pseudoRandomBytes('par2-fail', 25 * BLOCK) };
  const par2 = await withPar2(dir, jobName, [original], 12, BLOCK); // 3 recovery blocks
  const damaged = { ...original, data: damageBytes(original.data, [{ offset: 2 * BLOCK, length: 21 * BLOCK }]) };
  const post = publish(ctx, { files: [damaged, ...par2] });
  return {
    key: 'par2-fail',
    jobName,
    doc: '21 damaged blocks, 3 recovery blocks',
    submit: fileSubmission(post, { name: jobName, category: 'tv' }),
    expect: history('Failed', 'Repair failed, not enough repair blocks (18 short)'),
    post,
  };
}

export interface HeldScenario extends Scenario {
  /** Puts the withheld articles on the server (they answered 430 until now). */
  releaseHeld(): void;
}

/**
 * 12 single-article RAR volumes; part05..part12 (8 articles) are held on the server and
 * answer 430 after 300 ms. More than MAX_BAD_ARTICLES (5) missing and no par2 makes
 * SABnzbd abort the job as hopeless.
 *
 * Built for the retry: SABnzbd treats every file already on disk as complete when a job
 * is retried, so no volume may be half-written at abort time. One article per volume, the
 * present volumes first in the NZB and slow 430s make sure part01..part04 are fully
 * written before the abort and the held volumes are wholly absent.
 */
export async function missingArticles(ctx: ScenarioContext): Promise<HeldScenario> {
  const jobName = 'Sabh.Missing.Articles.S02E03.720p-SABH';
  const dir = await dirFor(ctx, 'missing-articles');
  const volumes = await makeRar({ dir, archiveName: jobName, files: [{ name: `${jobName}.mkv`, data: pseudoRandomBytes('missing-articles', 350 * KIB) }], volumeBytes: 30 * KIB });
  if (volumes.length !== 12) throw new Error(`expected 12 rar volumes, got ${volumes.length}`);
  const post = publish(ctx, { files: volumes, articleBytes: 64 * KIB, withhold: (ref) => ref.fileIndex >= 4 });
  ctx.nntp.addArticles(post.withheld, { held: true, delayMs: 300 });
  return {
    key: 'missing-articles',
    jobName,
    doc: '8 of 12 articles (whole RAR volumes) answer 430',
    submit: fileSubmission(post, { name: jobName, category: 'tv' }),
    expect: history('Failed', notComplete),
    post,
    releaseHeld: () => {
      for (const id of post.withheld.keys()) {
        ctx.nntp.setDelay(id, 0);
        ctx.nntp.release(id);
      }
    },
  };
}

export async function notOnServer(ctx: ScenarioContext): Promise<Scenario> {
  const jobName = 'Sabh.Not.On.Server.S02E04.720p-SABH';
  const post = publish(ctx, { files: [{ name: `${jobName}.mkv`, data: pseudoRandomBytes('not-on-server', 3 * 64 * KIB) }], withhold: () => true });
  return {
    key: 'not-on-server',
    jobName,
    doc: 'every article answers 430',
    submit: fileSubmission(post, { name: jobName, category: 'tv' }),
    expect: history('Failed', 'Download failed - Not on your server(s) - https://sabnzbd.org/not-complete'),
    post,
  };
}

export async function outOfRetention(ctx: ScenarioContext): Promise<Scenario> {
  const jobName = 'Sabh.Out.Of.Retention.2015.1080p-SABH';
  // The articles ARE on the server: SABnzbd must give up on the post date alone. With more
  // than MAX_BAD_ARTICLES (5) articles it aborts as hopeless; with fewer it would end as
  // "Download failed - Not on your server(s)" instead.
  const post = publish(ctx, { files: [{ name: `${jobName}.mkv`, data: pseudoRandomBytes('retention', 10 * 32 * KIB) }], articleBytes: 32 * KIB, postedAt: new Date('2015-01-01T00:00:00Z') });
  return { key: 'out-of-retention', jobName, doc: 'posted 2015-01-01, server retention 365 days', submit: fileSubmission(post, { name: jobName, category: 'movies' }), expect: history('Failed', notComplete), post };
}

export async function encryptedRar(ctx: ScenarioContext): Promise<Scenario> {
  const jobName = 'Sabh.Encrypted.Movie.2019.1080p-SABH';
  const dir = await dirFor(ctx, 'encrypted-rar');
  const rar = await makeRar({ dir, archiveName: jobName, files: [{ name: `${jobName}.mkv`, data: pseudoRandomBytes('encrypted', 200 * KIB) }], password: ARCHIVE_PASSWORD });
  const post = publish(ctx, { files: rar });
  return { key: 'encrypted-rar', jobName, doc: 'RAR5 with encrypted data, pause_on_pwrar=2', submit: fileSubmission(post, { name: jobName, category: 'movies' }), expect: history('Failed', 'Aborted, encryption detected'), post };
}

export async function password7z(ctx: ScenarioContext): Promise<Scenario> {
  const jobName = 'Sabh.Password.Movie.2020.1080p-SABH';
  const dir = await dirFor(ctx, 'password-7z');
  const archive = await makeSevenZip({ dir, archiveName: `${jobName}.7z`, files: [{ name: `${jobName}.mkv`, data: pseudoRandomBytes('password-7z', 150 * KIB) }], password: ARCHIVE_PASSWORD, compressionLevel: 1 });
  const post = publish(ctx, { files: [archive] });
  return {
    key: 'password-7z',
    jobName,
    doc: `LZMA 7z with encrypted data (password ${ARCHIVE_PASSWORD}), no password given`,
    submit: fileSubmission(post, { name: jobName, category: 'movies' }),
    expect: history('Failed', 'Unpacking failed, archive requires a password'),
    post,
  };
}

export async function corrupt7z(ctx: ScenarioContext): Promise<Scenario> {
  const jobName = 'Sabh.Corrupt.Archive.2021.1080p-SABH';
  const dir = await dirFor(ctx, 'corrupt-7z');
  const archive = await makeSevenZip({ dir, archiveName: `${jobName}.7z`, files: [{ name: `${jobName}.mkv`, data: pseudoRandomBytes('corrupt-7z', 150 * KIB) }] });
  const damaged = { ...archive, data: damageBytes(archive.data, [{ offset: 64 * KIB, length: 256 }]) };
  const post = publish(ctx, { files: [damaged] });
  return { key: 'corrupt-7z', jobName, doc: 'store-method 7z damaged before posting, no par2', submit: fileSubmission(post, { name: jobName, category: 'movies' }), expect: history('Failed', 'Unpacking failed, CRC error'), post };
}

export async function corruptRar(ctx: ScenarioContext): Promise<Scenario> {
  const jobName = 'Sabh.Corrupt.Rar.Movie.2008.1080p-SABH';
  const dir = await dirFor(ctx, 'corrupt-rar');
  const [rar] = await makeRar({ dir, archiveName: jobName, files: [{ name: `${jobName}.mkv`, data: pseudoRandomBytes('corrupt-rar', 150 * KIB) }] });
  if (rar === undefined) throw new Error('rar produced no archive');
  const damaged = { ...rar, data: damageBytes(rar.data, [{ offset: 64 * KIB, length: 256 }]) };
  const post = publish(ctx, { files: [damaged] });
  return { key: 'corrupt-rar', jobName, doc: 'stored RAR5 with damaged data, no par2/sfv', submit: fileSubmission(post, { name: jobName, category: 'movies' }), expect: history('Failed', 'RAR files failed to verify'), post };
}

export async function missingRarVolume(ctx: ScenarioContext): Promise<Scenario> {
  const jobName = 'Sabh.Volume.Show.S01E01.720p-SABH';
  const archiveName = 'Sabh.Volume.Show.S01E01-SABH';
  const dir = await dirFor(ctx, 'missing-rar-volume');
  const volumes = await makeRar({ dir, archiveName, files: [{ name: `${archiveName}.mkv`, data: pseudoRandomBytes('volume', 300 * KIB) }], volumeBytes: 120 * KIB });
  if (volumes.length !== 3) throw new Error(`expected 3 rar volumes, got ${volumes.map((v) => v.name).join(', ')}`);
  const posted = volumes.filter((volume) => !volume.name.endsWith('.part2.rar'));
  const post = publish(ctx, { files: [...posted, makeSfv(`${archiveName}.sfv`, posted)] });
  return {
    key: 'missing-rar-volume',
    jobName,
    doc: '3-volume RAR5 posted without part2, SFV of the posted volumes',
    submit: fileSubmission(post, { name: jobName, category: 'tv' }),
    expect: history('Failed', `Unpacking failed, unable to find ${archiveName}.part2.rar`),
    post,
  };
}

export async function sfvFail(ctx: ScenarioContext): Promise<Scenario> {
  const jobName = 'Sabh.Sfv.Fail.Show.S01E04.720p-SABH';
  const mkv = { name: `${jobName}.mkv`, data: pseudoRandomBytes('sfv-fail', 100 * KIB) };
  const post = publish(ctx, { files: [mkv, makeSfv(`${jobName}.sfv`, [mkv], { corrupt: true })] });
  return {
    key: 'sfv-fail',
    jobName,
    doc: 'file + SFV whose CRC does not match, no par2',
    submit: fileSubmission(post, { name: jobName, category: 'tv' }),
    expect: history('Failed', `Some files failed to verify against "${jobName}.sfv"`),
    post,
  };
}

export async function fileJoinFail(ctx: ScenarioContext): Promise<Scenario> {
  const jobName = 'Sabh.Join.Movie.2018.1080p-SABH';
  const pieces = splitFile(`${jobName}.mkv`, pseudoRandomBytes('filejoin', 150 * KIB), 3);
  const post = publish(ctx, { files: pieces.filter((piece) => !piece.name.endsWith('.002')) });
  return { key: 'filejoin-fail', jobName, doc: 'split file .001 + .003, no .002', submit: fileSubmission(post, { name: jobName, category: 'movies' }), expect: history('Failed', `File join of ${jobName} failed`), post };
}

export async function unwantedExtension(ctx: ScenarioContext): Promise<Scenario> {
  const jobName = 'Sabh.Unwanted.Show.S01E05.720p-SABH';
  const post = publish(ctx, {
    files: [
      { name: `${jobName}.mkv`, data: pseudoRandomBytes('unwanted', 64 * KIB) },
      { name: `${jobName}.exe`, data: pseudoRandomBytes('unwanted-exe', 4 * KIB) },
    ],
  });
  return { key: 'unwanted-ext', jobName, doc: 'NZB lists an .exe (action_on_unwanted_extensions=2)', submit: fileSubmission(post, { name: jobName, category: 'tv' }), expect: history('Failed', 'Aborted, unwanted extension detected'), post };
}

/** The same NZB and name again; submit only after the original completed (no_dupes=3). */
export function duplicateOf(original: Scenario): Scenario {
  return { ...original, key: 'duplicate', doc: `${original.key} submitted again after it completed`, expect: history('Failed', 'Duplicate NZB') };
}

async function plainTvJob(ctx: ScenarioContext, key: string, jobName: string, options: Partial<AddOptions> = {}): Promise<{ post: Post; submit: Submission }> {
  const post = publish(ctx, { files: [{ name: `${jobName}.mkv`, data: pseudoRandomBytes(key, 64 * KIB) }] });
  return { post, submit: fileSubmission(post, { name: jobName, category: 'tv', ...options }) };
}

export async function scriptFail(ctx: ScenarioContext): Promise<Scenario> {
  const jobName = 'Sabh.Script.Fail.Show.S01E06.720p-SABH';
  const job = await plainTvJob(ctx, 'script-fail', jobName, { script: FAIL_SCRIPT });
  return { key: 'script-fail', jobName, doc: `post-processing script ${FAIL_SCRIPT} exits 1 (script_can_fail=1)`, ...job, expect: history('Failed', 'Script exit code is 1') };
}

/** Needs `mode=cancel_pp` once its history slot is `Running` (the slow script runs ~60 s). */
export async function ppAborted(ctx: ScenarioContext): Promise<Scenario> {
  const jobName = 'Sabh.PP.Aborted.Show.S01E07.720p-SABH';
  const job = await plainTvJob(ctx, 'pp-aborted', jobName, { script: SLOW_SCRIPT });
  return { key: 'pp-aborted', jobName, doc: `${SLOW_SCRIPT} runs; mode=cancel_pp while Running`, ...job, expect: history('Failed', 'Post-processing was aborted') };
}

export async function prequeueFail(ctx: ScenarioContext): Promise<Scenario> {
  const jobName = 'Sabh.Prequeue-Fail.Show.S01E08.720p-SABH';
  const job = await plainTvJob(ctx, 'prequeue-fail', jobName);
  return { key: 'prequeue-fail', jobName, doc: 'pre-queue script prints 2 (accept and fail)', ...job, expect: history('Failed', 'Pre-queue script marked job as failed') };
}

export async function prequeueReject(ctx: ScenarioContext): Promise<Scenario> {
  const jobName = 'Sabh.Prequeue-Reject.Show.S01E09.720p-SABH';
  const job = await plainTvJob(ctx, 'prequeue-reject', jobName);
  return { key: 'prequeue-reject', jobName, doc: 'pre-queue script prints 0 (refuse)', ...job, expect: { where: 'addfile', status: false } };
}

export function invalidNzb(): Scenario {
  const jobName = 'Sabh.Invalid.Nzb.S01E10.720p-SABH';
  const nzbXml = '<?xml version="1.0" encoding="UTF-8"?>\n<nzb xmlns="http://www.newzbin.com/DTD/2003/nzb">\n  <file poster="x" date="1" subject="broken\n';
  return { key: 'invalid-nzb', jobName, doc: 'malformed NZB XML', submit: { kind: 'file', nzbXml, options: { name: jobName, category: 'tv' } }, expect: { where: 'addfile', status: false } };
}

export function emptyNzb(): Scenario {
  const jobName = 'Sabh.Empty.Nzb.S01E11.720p-SABH';
  const nzbXml = buildPost({ files: [] }).nzbXml;
  return { key: 'empty-nzb', jobName, doc: 'well-formed NZB without files', submit: { kind: 'file', nzbXml, options: { name: jobName, category: 'tv' } }, expect: { where: 'addfile', status: false } };
}

/** Category `tiny` completes into a 1 MiB tmpfs; the 3 MiB file in the 7z cannot fit. */
export async function diskFull(ctx: ScenarioContext): Promise<Scenario> {
  const jobName = 'Sabh.Disk.Full.Movie.2022.1080p-SABH';
  const dir = await dirFor(ctx, 'disk-full');
  const archive = await makeSevenZip({ dir, archiveName: `${jobName}.7z`, files: [{ name: `${jobName}.mkv`, data: pseudoRandomBytes('disk-full', 3 * 1024 * KIB) }] });
  const post = publish(ctx, { files: [archive], articleBytes: 384 * KIB });
  return { key: 'disk-full', jobName, doc: '3 MiB unpack into the 1 MiB tmpfs of category tiny', submit: fileSubmission(post, { name: jobName, category: 'tiny' }), expect: history('Failed', 'Unpacking failed, write error or disk is full?'), post };
}

export async function propagating(ctx: ScenarioContext): Promise<Scenario> {
  const jobName = 'Sabh.Propagating.Show.S03E01.720p-SABH';
  const post = publish(ctx, { files: [{ name: `${jobName}.mkv`, data: pseudoRandomBytes('propagating', 64 * KIB) }], postedAt: new Date() });
  return { key: 'propagating', jobName, doc: 'posted just now; propagation_delay=1440', submit: fileSubmission(post, { name: jobName, category: 'tv' }), expect: { where: 'queue', status: 'Propagating' }, post };
}

export async function paused(ctx: ScenarioContext): Promise<Scenario> {
  const jobName = 'Sabh.Paused.Show.S03E03.720p-SABH';
  const job = await plainTvJob(ctx, 'paused', jobName, { priority: -2 });
  return { key: 'paused', jobName, doc: 'added with priority=-2', ...job, expect: { where: 'queue', status: 'Paused' } };
}

/** Every article takes `delayMs` to arrive, so the queue shows it Downloading for a while. */
export async function slow(ctx: ScenarioContext, delayMs = 1000): Promise<Scenario> {
  const jobName = 'Sabh.Slow.Download.S03E02.720p-SABH';
  const post = publish(ctx, { files: [{ name: `${jobName}.mkv`, data: pseudoRandomBytes('slow', 24 * 16 * KIB) }], articleBytes: 16 * KIB }, delayMs);
  return { key: 'slow', jobName, doc: `every article takes ${delayMs} ms`, submit: fileSubmission(post, { name: jobName, category: 'tv' }), expect: history('Completed'), post };
}

export async function urlOk(ctx: ScenarioContext): Promise<Scenario> {
  const jobName = 'Sabh.Url.Grab.Show.S04E01.720p-SABH';
  const post = publish(ctx, { files: [{ name: `${jobName}.mkv`, data: pseudoRandomBytes('url-ok', 64 * KIB) }] });
  const url = ctx.indexer.serve(`/${jobName}.nzb`, post.nzbXml);
  return { key: 'url-ok', jobName, doc: 'mode=addurl of an NZB served over loopback HTTP', submit: { kind: 'url', url, options: { category: 'tv' } }, expect: history('Completed'), post };
}

export function url404(ctx: ScenarioContext): Scenario {
  const jobName = 'Sabh.Url.Missing.Show.S04E02.720p-SABH';
  const url = ctx.indexer.urlFor(`/${jobName}.nzb`);
  return { key: 'url-404', jobName, doc: 'mode=addurl of a URL that answers 404', submit: { kind: 'url', url, options: { category: 'tv' } }, expect: history('Failed', 'URL Fetching failed; File not on server') };
}

export function urlBadNzb(ctx: ScenarioContext): Scenario {
  const jobName = 'Sabh.Url.Broken.Show.S04E03.720p-SABH';
  const url = ctx.indexer.serve(`/${jobName}.nzb`, '<?xml version="1.0"?><nzb><file subject="broken"');
  return { key: 'url-bad-nzb', jobName, doc: 'mode=addurl of a malformed NZB', submit: { kind: 'url', url, options: { category: 'tv' } }, expect: history('Failed', 'URL Fetching failed; ') };
}

/** Submits a scenario the way its `submit` says (addfile or addurl). */
export function submitScenario(sab: SabnzbdInstance, scenario: Scenario): Promise<AddResponse> {
  const { submit } = scenario;
  return submit.kind === 'file' ? sab.addNzb(submit.nzbXml, submit.options) : sab.addUrl(submit.url, submit.options);
}
