// The log file: scoped lines with their context, size rotation keeping a few
// numbered files (newest .1), nothing lost at the moment of rotation.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppLog, rotatedNames } from '../../../main/logging/app-log';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'autoarr-log-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('createAppLog', () => {
  it('writes [scope] lines with level, time and context to <dir>/autoarr-tray.log', () => {
    const log = createAppLog({ dir: temp(), console: false });
    log.scope('core').warn('sabnzbd unreachable', { code: 'ECONNREFUSED' });
    log.scope('shell').error('startup failed');
    const text = readFileSync(log.file, 'utf8');
    expect(path.basename(log.file)).toBe('autoarr-tray.log');
    expect(text).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] \[warn\]\s+\[core\] sabnzbd unreachable \{"code":"ECONNREFUSED"\}$/m);
    expect(text).toMatch(/\[error\]\s+\[shell\] startup failed$/m);
  });

  it('rotates by size, keeps `keep` older files, newest first, and every line lands somewhere', () => {
    const dir = temp();
    const log = createAppLog({ dir, console: false, maxBytes: 400, keep: 2 });
    const core = log.scope('core');
    for (let i = 0; i < 60; i++) core.info(`line ${String(i).padStart(2, '0')}`);
    expect(readdirSync(dir).sort()).toEqual(['autoarr-tray.1.log', 'autoarr-tray.2.log', 'autoarr-tray.log']);
    const [one, two] = rotatedNames(log.file, 2);
    const numbers = (f: string) => [...readFileSync(f, 'utf8').matchAll(/line (\d\d)/g)].map((m) => Number(m[1]));
    const current = numbers(log.file);
    const newer = numbers(one!);
    const older = numbers(two!);
    expect(current.at(-1)).toBe(59);
    // Contiguous across the files: nothing dropped between them.
    expect([...older, ...newer, ...current]).toEqual(Array.from({ length: older.length + newer.length + current.length }, (_, i) => 60 - older.length - newer.length - current.length + i));
    expect(existsSync(path.join(dir, 'autoarr-tray.3.log'))).toBe(false);
  });
});
