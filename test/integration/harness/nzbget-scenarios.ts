/**
 * One function per NZBGet outcome the tray app must read, each produced for real: the
 * payloads come from the same builders as the SABnzbd scenarios (scenarios.ts, payloads.ts,
 * par2.ts), their articles go on the same harness NNTP server, and NZBGet 21 downloads,
 * repairs, unpacks and runs scripts on them. `row` is the failure-table row the outcome must
 * hit (main/core/nzbget/nzbget-failure-table.ts); null for outcomes that are not failures.
 *
 * `instance` says which NZBGet the scenario needs: 'park' is NZBGet's default health
 * check (a hopeless download is stopped and parked), 'no-health-check' has HealthCheck=none
 * so a download with missing articles runs to the end and par2/health decide. Both have a
 * 3 MiB tmpfs behind category `tiny`.
 *
 * @example
 *   const s = NZBGET_SCENARIOS.find((x) => x.key === 'par-failed')!;
 *   const nzbId = await s.run(nzbget, ctx);
 *   const item = await nzbget.waitForHistoryItem(nzbId);
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { buildPost, type BuildPostOptions, type Post } from './nzb-builder';
import type { NzbgetInstance } from './nzbget-instance';
import { SCRIPTED_CATEGORY } from './nzbget-config';
import { createPar2 } from './par2';
import { makeRar, pseudoRandomBytes, writePostFiles } from './payloads';
import * as S from './scenarios';
import type { ScenarioContext } from './scenarios';

export type NzbgetInstanceKind = 'park' | 'no-health-check';

export interface NzbgetScenario {
  /** File name of its capture under test/fixtures/nzbget/ (without .json). */
  key: string;
  /** The failure-table row it must hit; null when it is no failure. */
  row: string | null;
  outcome: 'completed' | 'failed' | 'deleted';
  instance: NzbgetInstanceKind;
  /** How it is made (the fixtures README repeats it). */
  doc: string;
  /** Submits, does any second step, waits until the job is in history; answers its NZBID. */
  run(ng: NzbgetInstance, ctx: ScenarioContext): Promise<number>;
  /** A further check on the real outcome, beyond the status fields. */
  verify?(ng: NzbgetInstance, nzbId: number): Promise<void>;
}

const KIB = 1024;
const MIB = 1024 * KIB;
const WAIT_MS = 120_000;

function publish(ctx: ScenarioContext, options: BuildPostOptions): Post {
  const post = buildPost(options);
  ctx.nntp.addArticles(post.articles);
  return post;
}

function plain(ctx: ScenarioContext, name: string, bytes: number, options: Partial<BuildPostOptions> = {}): Post {
  return publish(ctx, { files: [{ name: `${name}.mkv`, data: pseudoRandomBytes(name, bytes) }], ...options });
}

async function appendAndWait(ng: NzbgetInstance, nzbXml: string, name: string, category: string): Promise<number> {
  const id = await ng.append(nzbXml, { name, category });
  await ng.waitForHistoryItem(id, undefined, WAIT_MS);
  return id;
}

/** Submits a SABnzbd scenario's post (same files, same articles) to NZBGet. */
async function fromSabScenario(ng: NzbgetInstance, make: Promise<S.Scenario>): Promise<number> {
  const s = await make;
  if (s.submit.kind !== 'file') throw new Error(`${s.key} is not an NZB upload`);
  return appendAndWait(ng, s.submit.nzbXml, s.jobName, s.submit.options.category ?? '');
}

async function completed(ng: NzbgetInstance, ctx: ScenarioContext, name: string): Promise<{ id: number; post: Post }> {
  const post = plain(ctx, name, 64 * KIB);
  const id = await appendAndWait(ng, post.nzbXml, name, 'tv');
  const item = await ng.waitForHistoryItem(id);
  if (!item.Status.startsWith('SUCCESS/')) throw new Error(`${name} should have completed, got ${item.Status}`);
  return { id, post };
}

export const NZBGET_SCENARIOS: readonly NzbgetScenario[] = [
  {
    key: 'completed',
    row: null,
    outcome: 'completed',
    instance: 'park',
    doc: 'plain file + par2 (the SABnzbd ok-tv post) in category tv: downloads and verifies',
    run: (ng, ctx) => fromSabScenario(ng, S.okTv(ctx)),
  },
  {
    key: 'health-deleted',
    row: 'health-deleted',
    outcome: 'failed',
    instance: 'park',
    doc: 'the SABnzbd missing-articles post: 8 of 12 single-article RAR volumes answer 430, no par2; health drops below critical (100%) and NZBGet stops the download (HealthCheck=park)',
    run: (ng, ctx) => fromSabScenario(ng, S.missingArticles(ctx)),
  },
  {
    key: 'par-failed',
    row: 'par-failed',
    outcome: 'failed',
    instance: 'park',
    doc: 'the SABnzbd par2-fail post: 21 of 25 blocks damaged before posting, 3 recovery blocks; every article arrives, par2 cannot repair',
    run: (ng, ctx) => fromSabScenario(ng, S.par2Fail(ctx)),
  },
  {
    key: 'unpack-password',
    row: 'unpack-password',
    outcome: 'failed',
    instance: 'park',
    doc: 'the SABnzbd encrypted-rar post: RAR5 with encrypted data, no password given; unrar (non-free) exits 11',
    run: (ng, ctx) => fromSabScenario(ng, S.encryptedRar(ctx)),
  },
  {
    key: 'unpack-crc',
    row: 'unpack-failed',
    outcome: 'failed',
    instance: 'park',
    doc: 'the SABnzbd corrupt-rar post: stored RAR5 whose data was damaged before posting, no par2: unrar fails on the damaged data (the "unpack CRC" case)',
    run: (ng, ctx) => fromSabScenario(ng, S.corruptRar(ctx)),
  },
  {
    key: 'unpack-7z-password',
    row: 'unpack-failed',
    outcome: 'failed',
    instance: 'park',
    doc: 'the SABnzbd password-7z post: LZMA 7z with encrypted data, no password; NZBGet 21 reports a plain unpack FAILURE, not PASSWORD (it detects passwords for RAR only)',
    run: (ng, ctx) => fromSabScenario(ng, S.password7z(ctx)),
  },
  {
    key: 'unpack-missing-volume',
    row: 'unpack-failed',
    outcome: 'failed',
    instance: 'park',
    doc: 'the SABnzbd missing-rar-volume post: 3-volume RAR5 posted without part2',
    run: (ng, ctx) => fromSabScenario(ng, S.missingRarVolume(ctx)),
  },
  {
    key: 'dupe-copy',
    row: 'dupe-deleted',
    outcome: 'failed',
    instance: 'park',
    doc: 'a plain job completes, then exactly the same NZB is sent again (DupeCheck=yes): skipped as DELETED/COPY',
    async run(ng, ctx) {
      const original = await completed(ng, ctx, 'Nzbh.Copy.Show.S05E01.720p-NZBH');
      return appendAndWait(ng, original.post.nzbXml, 'Nzbh.Copy.Show.S05E01.720p-NZBH', 'tv');
    },
  },
  {
    key: 'dupe-deleted',
    row: 'dupe-deleted',
    outcome: 'failed',
    instance: 'park',
    doc: 'a plain job completes, then another post (other content) under the same name is sent: skipped as DELETED/DUPE',
    async run(ng, ctx) {
      const name = 'Nzbh.Dupe.Show.S05E02.720p-NZBH';
      await completed(ng, ctx, name);
      const other = publish(ctx, { files: [{ name: `${name}.mkv`, data: pseudoRandomBytes('dupe-other', 80 * KIB) }] });
      return appendAndWait(ng, other.nzbXml, name, 'tv');
    },
  },
  {
    key: 'script-failed',
    row: 'script-failed',
    outcome: 'failed',
    instance: 'park',
    doc: `a plain job in category ${SCRIPTED_CATEGORY}, whose extension script nzbh-fail.sh exits 94 (POSTPROCESS_ERROR)`,
    run: (ng, ctx) => {
      const name = 'Nzbh.Script.Fail.Show.S05E03.720p-NZBH';
      return appendAndWait(ng, plain(ctx, name, 64 * KIB).nzbXml, name, SCRIPTED_CATEGORY);
    },
  },
  {
    key: 'unpack-space',
    row: 'unpack-space',
    outcome: 'failed',
    instance: 'park',
    doc: 'a stored RAR5 of a 4 MiB file in category tiny, whose DestDir is a 3 MiB tmpfs: NZBGet unpacks straight into it and unrar exits 5 (write error)',
    async run(ng, ctx) {
      const name = 'Nzbh.Disk.Full.Movie.2022.1080p-NZBH';
      const rar = await makeRar({ dir: path.join(ctx.workDir, 'nzbget-unpack-space'), archiveName: name, files: [{ name: `${name}.mkv`, data: pseudoRandomBytes('nzbget-space', 4 * MIB) }] });
      return appendAndWait(ng, publish(ctx, { files: rar, articleBytes: 256 * KIB }).nzbXml, name, 'tiny');
    },
  },
  {
    key: 'marked-bad',
    row: 'marked-bad',
    outcome: 'failed',
    instance: 'park',
    doc: 'a plain job completes, then editqueue HistoryMarkBad (what a person or an extension such as FakeDetector does)',
    async run(ng, ctx) {
      const { id } = await completed(ng, ctx, 'Nzbh.Marked.Bad.Show.S05E04.720p-NZBH');
      if (!(await ng.editQueue('HistoryMarkBad', [id]))) throw new Error('HistoryMarkBad answered false');
      await ng.waitForHistoryItem(id, (item) => item.MarkStatus === 'BAD');
      return id;
    },
  },
  {
    key: 'url-fetch-failed',
    row: 'url-fetch-failed',
    outcome: 'failed',
    instance: 'park',
    doc: 'append of a URL on the loopback indexer that answers 404 (UrlRetries=0)',
    async run(ng, ctx) {
      const name = 'Nzbh.Url.Missing.Show.S05E05.720p-NZBH';
      const id = await ng.appendUrl(ctx.indexer.urlFor(`/${name}.nzb`), { name, category: 'tv' });
      await ng.waitForHistoryItem(id, undefined, WAIT_MS);
      return id;
    },
  },
  {
    key: 'scan-failed',
    row: 'scan-failed',
    outcome: 'failed',
    instance: 'park',
    doc: 'append of a URL whose answer is a malformed NZB: NZBGet fetches it and cannot read it',
    async run(ng, ctx) {
      const name = 'Nzbh.Url.Broken.Show.S05E06.720p-NZBH';
      const url = ctx.indexer.serve(`/${name}.nzb`, '<?xml version="1.0"?><nzb><file subject="broken"');
      const id = await ng.appendUrl(url, { name, category: 'tv' });
      await ng.waitForHistoryItem(id, undefined, WAIT_MS);
      return id;
    },
  },
  {
    key: 'deleted-manual',
    row: null,
    outcome: 'deleted',
    instance: 'park',
    doc: 'a job added paused, then editqueue GroupDelete (what a person does in NZBGet, or this app removing a job from the queue)',
    async run(ng, ctx) {
      const name = 'Nzbh.Deleted.Show.S05E07.720p-NZBH';
      const id = await ng.append(plain(ctx, name, 64 * KIB).nzbXml, { name, category: 'tv', addPaused: true });
      if (!(await ng.editQueue('GroupDelete', [id]))) throw new Error('GroupDelete answered false');
      await ng.waitForHistoryItem(id);
      return id;
    },
  },
  {
    key: 'missing-articles',
    row: 'missing-articles',
    outcome: 'failed',
    instance: 'no-health-check',
    doc: 'a 400 KiB file in 25 articles with 20% par2 (5 recovery blocks of 16 KiB); 6 data articles answer 430, so par2 is one block short. HealthCheck=none lets it download to the end',
    async run(ng, ctx) {
      const name = 'Nzbh.Missing.Articles.Show.S05E08.720p-NZBH';
      const dir = path.join(ctx.workDir, 'nzbget-missing-articles');
      const mkv = { name: `${name}.mkv`, data: pseudoRandomBytes('nzbget-missing', 400 * KIB) };
      await writePostFiles(dir, [mkv]);
      const par2 = await createPar2({ dir, baseName: name, files: [mkv.name], redundancyPercent: 20, blockSize: 16 * KIB });
      const post = publish(ctx, { files: [mkv, ...par2], articleBytes: 16 * KIB, withhold: (ref) => ref.fileIndex === 0 && ref.part >= 3 && ref.part < 9 });
      return appendAndWait(ng, post.nzbXml, name, 'tv');
    },
  },
  {
    key: 'health-below-critical',
    row: 'health-below-critical',
    outcome: 'failed',
    instance: 'no-health-check',
    doc: 'a 256 KiB file in 8 articles, no par2, 3 articles answer 430; HealthCheck=none lets it finish with health 62.5% below critical 100%',
    run: (ng, ctx) => {
      const name = 'Nzbh.Health.Show.S05E09.720p-NZBH';
      const post = plain(ctx, name, 256 * KIB, { articleBytes: 32 * KIB, withhold: (ref) => ref.part >= 4 && ref.part < 7 });
      return appendAndWait(ng, post.nzbXml, name, 'tv');
    },
  },
  {
    key: 'move-disk-full',
    row: null,
    outcome: 'completed',
    instance: 'no-health-check',
    doc: 'a plain 4 MiB file (no archive) in category tiny (3 MiB tmpfs): the move from InterDir crosses file systems and NZBGet 21 copies without checking writes, so it reports SUCCESS while the file on disk is cut short',
    async run(ng, ctx) {
      const name = 'Nzbh.Move.Full.Movie.2023.1080p-NZBH';
      return appendAndWait(ng, plain(ctx, name, 4 * MIB, { articleBytes: 256 * KIB }).nzbXml, name, 'tiny');
    },
    async verify(ng, nzbId) {
      const item = await ng.waitForHistoryItem(nzbId);
      const file = path.join(String(item.DestDir), `${item.Name}.mkv`);
      const size = (await stat(file)).size;
      if (size >= 4 * MIB) throw new Error(`expected ${file} cut short by the full disk, it has ${size} bytes`);
    },
  },
];
