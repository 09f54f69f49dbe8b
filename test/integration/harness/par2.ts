/**
 * Creates PAR2 recovery sets with the real `par2` (par2cmdline) tool, the same one
 * SABnzbd uses to verify and repair, so repair outcomes are real.
 *
 * @example
 *   const par2Files = await createPar2({ dir, baseName: 'Show.S01E01', files: ['Show.S01E01.mkv'], redundancyPercent: 10, blockSize: 16384 });
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runTool } from './run-tool';
import type { PostFile } from './post-file';

export interface CreatePar2Options {
  /** Folder holding the files; the .par2 files are written here too. */
  dir: string;
  /** Base name of the set: `<baseName>.par2`, `<baseName>.vol00+01.par2`, ... */
  baseName: string;
  /** File names (inside `dir`) to protect. */
  files: readonly string[];
  redundancyPercent: number;
  /** Block size in bytes (multiple of 4); smaller blocks make damage easier to budget. */
  blockSize?: number;
  /** Number of recovery volume files (default: par2's own choice). */
  recoveryFiles?: number;
}

/** Returns the created .par2 files, index file first. */
export async function createPar2(options: CreatePar2Options): Promise<PostFile[]> {
  const args = ['create', '-q', '-q', `-r${options.redundancyPercent}`];
  if (options.recoveryFiles !== undefined) args.push(`-n${options.recoveryFiles}`);
  if (options.blockSize !== undefined) args.push(`-s${options.blockSize}`);
  args.push(`${options.baseName}.par2`, ...options.files);
  await runTool('par2', args, { cwd: options.dir });
  const names = (await readdir(options.dir))
    .filter((name) => name.startsWith(options.baseName) && name.endsWith('.par2'))
    .sort((a, b) => (a === `${options.baseName}.par2` ? -1 : b === `${options.baseName}.par2` ? 1 : a.localeCompare(b)));
  return Promise.all(names.map(async (name) => ({ name, data: await readFile(path.join(options.dir, name)) })));
}
