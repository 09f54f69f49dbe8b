/**
 * Builds the files the scenarios post: deterministic incompressible data, 7z archives
 * (optionally password-protected) with the real `7z`, RAR5 archives (stored, encrypted,
 * multi-volume) with Debian's non-free `rar`, SFV files and `.001`-style split files,
 * plus byte-level damage. Everything is made fresh in a temp folder at test time.
 *
 * @example
 *   const movie = { name: 'Movie.mkv', data: pseudoRandomBytes('movie', 300_000) };
 *   const volumes = await makeRar({ dir, archiveName: 'Movie', files: [movie], volumeBytes: 120_000 });
 *   const sfv = makeSfv('Movie.sfv', volumes);
 */
import { createCipheriv, createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32Hex } from './yenc';
import { findSabnzbdInstall } from './install-location';
import { runTool } from './run-tool';
import type { PostFile } from './post-file';

/** Same seed, same bytes; AES-CTR output so archives stay the size of their content. */
export function pseudoRandomBytes(seed: string, size: number): Buffer {
  const key = createHash('sha256').update(seed).digest();
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  return Buffer.concat([cipher.update(Buffer.alloc(size)), cipher.final()]);
}

export interface DamageRange {
  offset: number;
  length: number;
}

/** A copy of `data` with every byte in the ranges inverted. */
export function damageBytes(data: Buffer, ranges: readonly DamageRange[]): Buffer {
  const copy = Buffer.from(data);
  for (const { offset, length } of ranges) {
    if (offset < 0 || offset + length > copy.length) throw new RangeError(`damage range ${offset}+${length} outside ${copy.length} bytes`);
    for (let i = offset; i < offset + length; i++) copy[i] = (copy[i] ?? 0) ^ 0xff;
  }
  return copy;
}

export async function writePostFiles(dir: string, files: readonly PostFile[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await Promise.all(files.map((file) => writeFile(path.join(dir, file.name), file.data)));
}

async function freshDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
}

export interface SevenZipOptions {
  /** Work folder; the archive is built in `<dir>/<archiveName>.build/`. */
  dir: string;
  /** File name of the archive, e.g. `Movie.7z`. */
  archiveName: string;
  files: readonly PostFile[];
  /** Encrypts the data (names stay readable, like most posted 7z). */
  password?: string;
  /**
   * 0 = store (default), 1+ = LZMA. It decides how 7z words a wrong password: a stored
   * encrypted file gives "CRC Failed in encrypted file", which SABnzbd reports as a CRC
   * error; an LZMA one gives "Data Error in encrypted file", which it reports as
   * "archive requires a password".
   */
  compressionLevel?: number;
}

/** A 7z archive (store method unless `compressionLevel` says otherwise). */
export async function makeSevenZip(options: SevenZipOptions): Promise<PostFile> {
  const build = path.join(options.dir, `${options.archiveName}.build`);
  await freshDir(build);
  await writePostFiles(build, options.files);
  const args = ['a', '-t7z', `-mx=${options.compressionLevel ?? 0}`, '-bd', '-y'];
  if (options.password !== undefined) args.push(`-p${options.password}`, '-mhe=off');
  args.push(options.archiveName, ...options.files.map((file) => file.name));
  await runTool('7z', args, { cwd: build });
  return { name: options.archiveName, data: await readFile(path.join(build, options.archiveName)) };
}

export interface RarOptions {
  dir: string;
  /** Archive base name without `.rar`; volumes become `<base>.part1.rar`, ... */
  archiveName: string;
  files: readonly PostFile[];
  /** Encrypts file data (`-p`), headers stay readable so SABnzbd can detect it. */
  password?: string;
  /** Split into volumes of this many bytes. */
  volumeBytes?: number;
}

/** A stored (-m0) RAR5 archive, one PostFile per volume in volume order. */
export async function makeRar(options: RarOptions): Promise<PostFile[]> {
  const { rar } = findSabnzbdInstall();
  const build = path.join(options.dir, `${options.archiveName}.rarbuild`);
  const src = path.join(build, 'src');
  await freshDir(build);
  await writePostFiles(src, options.files);
  const args = ['a', '-ma5', '-m0', '-ep1', '-idq', '-y'];
  if (options.password !== undefined) args.push(`-p${options.password}`);
  if (options.volumeBytes !== undefined) args.push(`-v${options.volumeBytes}b`);
  args.push(path.join(build, `${options.archiveName}.rar`), ...options.files.map((file) => path.join(src, file.name)));
  await runTool(rar, args, { cwd: build });
  const names = (await readdir(build)).filter((name) => name.endsWith('.rar')).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return Promise.all(names.map(async (name) => ({ name, data: await readFile(path.join(build, name)) })));
}

/** An SFV listing each file's CRC32; `corrupt` lists a wrong CRC for every file. */
export function makeSfv(name: string, files: readonly PostFile[], options: { corrupt?: boolean } = {}): PostFile {
  const lines = files.map((file) => {
    const crc = crc32Hex(file.data);
    const listed = options.corrupt ? (parseInt(crc, 16) ^ 0xffffffff) >>> 0 : parseInt(crc, 16);
    return `${file.name} ${listed.toString(16).padStart(8, '0')}`;
  });
  return { name, data: Buffer.from(`; made by the autoarr test harness\r\n${lines.join('\r\n')}\r\n`, 'latin1') };
}

/** Splits into `<name>.001`, `<name>.002`, ... like HJSplit, which SABnzbd joins after download. */
export function splitFile(name: string, data: Buffer, parts: number): PostFile[] {
  const size = Math.ceil(data.length / parts);
  return Array.from({ length: parts }, (_, i) => ({
    name: `${name}.${String(i + 1).padStart(3, '0')}`,
    data: data.subarray(i * size, Math.min(data.length, (i + 1) * size)),
  }));
}
