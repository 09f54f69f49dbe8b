// The whole-file integrity check of a database too big to read at every
// start (openDatabase checks only its small tables then). It runs a little
// after start, in a worker thread with a read-only connection of its own:
// WAL lets it read one consistent snapshot while the app goes on writing, and
// the 1-2 s of reading a 600 MB file never hold up the event loop. Damage is
// reported through `onDamaged` and leaves a marker beside the file, so the
// next open checks the whole file and moves it aside (openDatabaseOrRecover).
// Where the worker cannot start, the check runs on the main connection.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { DAMAGE_MARKER_SUFFIX, oneLine, quickCheck, type DatabaseHandle } from './database';

export interface DeferredIntegrityCheck {
  /** Settles when the check is done, was never needed, or was stopped. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

export interface DeferredIntegrityCheckOptions {
  /** Wait this long after start first, so the window and the first poll come before the disk reads. */
  delayMs?: number;
  /** Told once when damage is found, with a message for the user. */
  onDamaged: (message: string) => void;
  onError?: (message: string) => void;
}

export const DEFAULT_CHECK_DELAY_MS = 10_000;

/** Runs in the worker (CommonJS, `eval`): open read-only, quick_check, answer. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db = null;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) });
  db.pragma('busy_timeout = 5000');
  const rows = db.pragma('quick_check(3)');
  const problems = rows.map((r) => String(r.quick_check)).filter((p) => p !== 'ok');
  parentPort.postMessage({ verdict: problems.length === 0 ? 'ok' : problems.slice(0, 3).join('; ') });
} catch (error) {
  parentPort.postMessage({ error: String((error && error.message) || error) });
} finally {
  if (db) db.close();
}`;

type WorkerAnswer = { verdict: string } | { error: string };

function checkInWorker(file: string, nativeBinding: string | undefined): { answer: Promise<WorkerAnswer>; stop: () => Promise<void> } {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, nativeBinding } });
  // A check must never keep a closing app alive.
  worker.unref();
  const answer = new Promise<WorkerAnswer>((resolve) => {
    worker.once('message', (message: WorkerAnswer) => resolve(message));
    worker.once('error', (error) => resolve({ error: error.message }));
    worker.once('exit', (code) => resolve({ error: `the check stopped (exit ${code})` }));
  });
  return { answer, stop: async () => void (await worker.terminate()) };
}

export function runDeferredIntegrityCheck(handle: DatabaseHandle, options: DeferredIntegrityCheckOptions): DeferredIntegrityCheck {
  if (handle.integrityChecked === 'full') return { done: Promise.resolve(), stop: () => Promise.resolve() };
  let stopped = false;
  let stopWorker: (() => Promise<void>) | null = null;
  let timer: NodeJS.Timeout | null = null;

  const report = (verdict: string): void => {
    if (verdict === 'ok' || stopped) return;
    try {
      fs.writeFileSync(`${handle.file}${DAMAGE_MARKER_SUFFIX}`, `${new Date().toISOString()} ${verdict}\n`);
    } catch {
      // The next open then finds the damage only if it reads those pages; the user is told now either way.
    }
    options.onDamaged(
      `The database ${handle.file} is damaged (integrity check: ${verdict.slice(0, 300)}). autoarr-tray keeps running on it; ` +
        'at the next start the file is moved aside and a fresh one is started. Restart autoarr-tray to do that now.',
    );
  };

  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
    timer = setTimeout(() => {
      timer = null;
      if (stopped) return resolve();
      const worker = checkInWorker(handle.file, handle.nativeBinding);
      stopWorker = worker.stop;
      void worker.answer.then((answer) => {
        stopWorker = null;
        if (stopped) return resolve();
        if ('verdict' in answer) {
          report(oneLine(answer.verdict));
          return resolve();
        }
        options.onError?.(`The background integrity check could not run in a worker (${answer.error}); it runs on the main thread.`);
        try {
          if (handle.sqlite.open) report(quickCheck(handle.sqlite, null));
        } catch (error) {
          options.onError?.(`The integrity check of ${handle.file} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        resolve();
      });
    }, options.delayMs ?? DEFAULT_CHECK_DELAY_MS);
    timer.unref();
  });

  return {
    done,
    async stop() {
      stopped = true;
      if (timer !== null) {
        clearTimeout(timer);
        timer = null;
        finish();
      }
      await stopWorker?.();
      await done.catch(() => undefined);
    },
  };
}
