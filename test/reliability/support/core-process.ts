// Runs core-child.ts as a child process (node --import tsx) and follows its
// JSON-line stdout, so a test can wait for moments and SIGKILL it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CrashPoint } from './crash-points';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..', '..');
const CHILD = path.join(here, 'core-child.ts');
const MIGRATIONS = path.join(repoRoot, 'main', 'core', 'activity', 'migrations');

/**
 * The child as one ESM file (esbuild, packages left external). Under this
 * machine's load `node --import tsx` needs ~4 s to start the core, a bundle
 * ~1.5 s; with 20+ restarts that is the test's budget. The bundle sits inside
 * the repo (node_modules/.cache) so its bare imports resolve. CRASH_CHILD_TSX=1
 * runs the TypeScript entry with tsx instead.
 */
export async function prepareCoreChild(): Promise<string[]> {
  if (process.env.CRASH_CHILD_TSX === '1') return ['--import', 'tsx', CHILD];
  const { build } = await import('esbuild');
  const outfile = path.join(repoRoot, 'node_modules', '.cache', 'autoarr-crash', `core-child-${process.pid}.mjs`);
  await build({ entryPoints: [CHILD], bundle: true, platform: 'node', format: 'esm', packages: 'external', target: 'node20', outfile, logLevel: 'warning' });
  return [outfile];
}

export interface ChildLine {
  t: string;
  [key: string]: unknown;
}

export interface CoreProcessOptions {
  /** From prepareCoreChild(). */
  entry: string[];
  dataDir: string;
  env: Record<string, string>;
  crashAt?: CrashPoint | null;
  crashAtNth?: number;
}

export interface CoreProcess {
  readonly child: ChildProcess;
  readonly lines: ChildLine[];
  readonly stderr: string[];
  /** Resolves with the first line matching, or null when the process exits first / the timeout passes. */
  waitFor(match: (line: ChildLine) => boolean, timeoutMs: number): Promise<ChildLine | null>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

export function startCoreProcess(options: CoreProcessOptions): CoreProcess {
  const child = spawn(process.execPath, options.entry, {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...options.env,
      CRASH_DATA_DIR: options.dataDir,
      CRASH_MIGRATIONS: MIGRATIONS,
      CRASH_AT: options.crashAt ?? '',
      CRASH_AT_NTH: String(options.crashAtNth ?? 1),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: ChildLine[] = [];
  const stderr: string[] = [];
  const waiters = new Set<(line: ChildLine | null) => void>();
  let buffer = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      let line: ChildLine;
      try {
        const parsed: unknown = JSON.parse(text);
        line = typeof parsed === 'object' && parsed !== null && 't' in parsed ? (parsed as ChildLine) : { t: 'text', text };
      } catch {
        line = { t: 'text', text };
      }
      lines.push(line);
      for (const w of [...waiters]) w(line);
    }
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => void stderr.push(chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      for (const w of [...waiters]) w(null);
      resolve({ code, signal });
    });
  });
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });

  return {
    child,
    lines,
    stderr,
    exited,
    kill: (signal) => {
      if (!hasExited) child.kill(signal);
    },
    waitFor(match, timeoutMs) {
      const already = lines.find(match);
      if (already) return Promise.resolve(already);
      if (hasExited) return Promise.resolve(null);
      return new Promise((resolve) => {
        const done = (line: ChildLine | null) => {
          if (line !== null && !match(line)) return;
          waiters.delete(done);
          clearTimeout(timer);
          resolve(line);
        };
        const timer = setTimeout(() => done(null), timeoutMs);
        waiters.add(done);
      });
    },
  };
}
