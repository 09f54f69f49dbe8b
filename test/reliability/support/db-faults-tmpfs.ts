// A small tmpfs for the disk-full test (root only). A mount that fails is a
// test failure with the reason, never a silent skip.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function mountTmpfs(dir: string, size: string): void {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? String(error);
    throw new Error(`cannot mount a ${size} tmpfs on ${dir} for the disk-full test (needs root): ${stderr}`, { cause: error });
  }
}

export function unmount(dir: string): void {
  execFileSync('umount', [dir], { stdio: 'pipe' });
}

/** Write `file` until the filesystem refuses (ENOSPC); returns the bytes written. */
export function fillDisk(file: string): number {
  const chunk = Buffer.alloc(4096, 0x5a);
  const fd = fs.openSync(file, 'w');
  let written = 0;
  try {
    for (;;) {
      try {
        written += fs.writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOSPC') return written;
        throw error;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

export function freeBytes(dir: string): number {
  const s = fs.statfsSync(path.resolve(dir));
  return s.bavail * s.bsize;
}
