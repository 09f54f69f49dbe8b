/**
 * Releases whose NZBs are real posts on the harness news server, each built so the REAL
 * SABnzbd 3.7.1 ends it one known way: completes (good), or fails with one of its own
 * failure messages. The same payload tricks as ../harness/scenarios.ts (whose wordings are
 * re-observed by sabnzbd-real.test.ts), but for any title: a mix needs many releases of
 * every kind, each with its own name (SABnzbd fails a second job of the same name as a
 * duplicate).
 */
import path from 'node:path';
import type { FakeQuality, SeedRelease } from '../../fakes/fake-arr-model';
import { buildPost, type BuildPostOptions } from '../harness/nzb-builder';
import type { NntpServer } from '../harness/nntp-server';
import { createPar2 } from '../harness/par2';
import { damageBytes, makeRar, makeSevenZip, makeSfv, pseudoRandomBytes, writePostFiles } from '../harness/payloads';

const KIB = 1024;
const BLOCK = 16 * KIB;

/** How the release ends in SABnzbd. */
export type ReleaseFlavor =
  /** A plain .mkv whose articles are all served: Completed. */
  | 'good'
  /** Every article answers 430: "Download failed - Not on your server(s)". */
  | 'not_on_server'
  /** 8 of 10 articles answer 430 (more than SABnzbd's 5 bad articles): "Aborted, cannot be completed". */
  | 'aborted'
  /** Damaged beyond its par2 blocks: "Repair failed, not enough repair blocks (…)". */
  | 'par2'
  /** A stored 7z damaged before posting: "Unpacking failed, CRC error". */
  | 'crc'
  /** A file with an SFV that does not match it: "Some files failed to verify against …". */
  | 'sfv'
  /** A RAR with encrypted data (pause_on_pwrar=2): "Aborted, encryption detected". */
  | 'encrypted'
  /** An LZMA 7z with a password nobody gave: "Unpacking failed, archive requires a password". */
  | 'password'
  /** An .exe in the post: "Aborted, unwanted extension detected". */
  | 'unwanted'
  /** A good 7z of 3 MiB: completes, unless the folder it unpacks to is full ("write error or disk is full?"). */
  | 'big'
  /**
   * Good content; its name carries SCRIPT_FAIL_MARK, for which the harness's pre-queue script attaches
   * sabh-fail.sh as the job's post-processing script: "Script exit code is 1" (again on a SABnzbd retry).
   */
  | 'script_fail';

/** In a job name, makes the harness's pre-queue script attach the failing post-processing script. */
export const SCRIPT_FAIL_MARK = 'Script-Fail';

/** The message SABnzbd 3.7.1 ends each failing flavor with (a prefix where it names files or counts). */
export const FAIL_MESSAGE_START: Readonly<Record<Exclude<ReleaseFlavor, 'good' | 'big'>, string>> = {
  not_on_server: 'Download failed - Not on your server(s)',
  aborted: 'Aborted, cannot be completed',
  par2: 'Repair failed, not enough repair blocks',
  crc: 'Unpacking failed, CRC error',
  sfv: 'Some files failed to verify against',
  encrypted: 'Aborted, encryption detected',
  password: 'Unpacking failed, archive requires a password',
  unwanted: 'Aborted, unwanted extension detected',
  script_fail: 'Script exit code is 1',
};

export const DISK_FULL_MESSAGE = 'Unpacking failed, write error or disk is full?';

/** Bytes a `big` release unpacks to. */
export const BIG_RELEASE_BYTES = 3 * 1024 * KIB;

export interface ReleaseContext {
  /** A temp folder this run owns. */
  workDir: string;
  nntp: NntpServer;
}

export interface ReleaseSpec {
  guid: string;
  title: string;
  quality: FakeQuality;
  flavor: ReleaseFlavor;
}

/** Builds the post, puts what should be served on the news server, answers the release to seed into the fake *arr. */
export async function buildRelease(ctx: ReleaseContext, spec: ReleaseSpec): Promise<SeedRelease> {
  const files = await postFiles(ctx, spec);
  const post = buildPost(files.options);
  ctx.nntp.addArticles(post.articles);
  return { guid: spec.guid, title: spec.title, quality: spec.quality, releaseGroup: spec.guid.toUpperCase(), nzb: post.nzbXml, size: files.size };
}

async function postFiles(ctx: ReleaseContext, spec: ReleaseSpec): Promise<{ options: BuildPostOptions; size: number }> {
  const { title, guid } = spec;
  const dir = path.join(ctx.workDir, guid);
  const mkv = (bytes: number) => ({ name: `${title}.mkv`, data: pseudoRandomBytes(guid, bytes) });
  switch (spec.flavor) {
    case 'good':
    case 'script_fail': {
      const file = mkv(64 * KIB);
      return { options: { files: [file] }, size: file.data.length };
    }
    case 'not_on_server':
      return { options: { files: [mkv(3 * 64 * KIB)], withhold: () => true }, size: 3 * 64 * KIB };
    case 'aborted':
      return { options: { files: [mkv(10 * 32 * KIB)], articleBytes: 32 * KIB, withhold: (ref) => ref.part > 2 }, size: 10 * 32 * KIB };
    case 'par2': {
      const original = mkv(25 * BLOCK);
      await writePostFiles(dir, [original]);
      const par2 = await createPar2({ dir, baseName: title, files: [original.name], redundancyPercent: 12, blockSize: BLOCK });
      const damaged = { ...original, data: damageBytes(original.data, [{ offset: 2 * BLOCK, length: 21 * BLOCK }]) };
      return { options: { files: [damaged, ...par2] }, size: original.data.length };
    }
    case 'crc': {
      const archive = await makeSevenZip({ dir, archiveName: `${title}.7z`, files: [mkv(150 * KIB)] });
      return { options: { files: [{ ...archive, data: damageBytes(archive.data, [{ offset: 64 * KIB, length: 256 }]) }] }, size: archive.data.length };
    }
    case 'sfv': {
      const file = mkv(100 * KIB);
      return { options: { files: [file, makeSfv(`${title}.sfv`, [file], { corrupt: true })] }, size: file.data.length };
    }
    case 'encrypted': {
      const rar = await makeRar({ dir, archiveName: title, files: [mkv(200 * KIB)], password: 'sabh-secret' });
      return { options: { files: rar }, size: 200 * KIB };
    }
    case 'password': {
      const archive = await makeSevenZip({ dir, archiveName: `${title}.7z`, files: [mkv(150 * KIB)], password: 'sabh-secret', compressionLevel: 1 });
      return { options: { files: [archive] }, size: archive.data.length };
    }
    case 'unwanted':
      return { options: { files: [mkv(64 * KIB), { name: `${title}.exe`, data: pseudoRandomBytes(`${guid}-exe`, 4 * KIB) }] }, size: 68 * KIB };
    case 'big': {
      const archive = await makeSevenZip({ dir, archiveName: `${title}.7z`, files: [mkv(BIG_RELEASE_BYTES)] });
      return { options: { files: [archive], articleBytes: 384 * KIB }, size: archive.data.length };
    }
  }
}
