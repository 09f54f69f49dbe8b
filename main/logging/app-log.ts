// The app's log file, written by the core (through its CoreLogger port) and by
// whoever hosts it: the Electron shell or browser mode. electron-log's plain
// Node build does the writing (it never loads Electron); rotation is by size,
// keeping a few numbered files so one noisy day cannot fill the disk and the
// lines before a crash are still there after a restart.
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import electronLog from 'electron-log/node';
import type { CoreLogger } from '../core/app';

export const LOG_FILE_NAME = 'autoarr-tray.log';

export interface AppLogOptions {
  dir: string;
  fileName?: string;
  /** Rotate once the file passes this size. */
  maxBytes?: number;
  /** Rotated files kept beside the current one (autoarr-tray.1.log is the newest). */
  keep?: number;
  /** Also print to the terminal (npm start, npm run serve). */
  console?: boolean;
}

export interface AppLog {
  readonly dir: string;
  readonly file: string;
  /** A CoreLogger whose lines carry `[name]`, e.g. scope('core'), scope('shell'). */
  scope(name: string): CoreLogger;
}

/** The file names rotation moves, newest first: x.log → x.1.log → … → x.<keep>.log (dropped). */
export function rotatedNames(file: string, keep: number): string[] {
  const { dir, name, ext } = path.parse(file);
  return Array.from({ length: keep }, (_, i) => path.join(dir, `${name}.${i + 1}${ext}`));
}

export function rotate(file: string, keep: number): void {
  const older = rotatedNames(file, keep);
  if (keep === 0) {
    rmSync(file, { force: true });
    return;
  }
  rmSync(older[keep - 1]!, { force: true });
  for (let i = keep - 1; i > 0; i--) if (existsSync(older[i - 1]!)) renameSync(older[i - 1]!, older[i]!);
  renameSync(file, older[0]!);
}

function contextText(context: Record<string, unknown> | undefined): string {
  if (!context || Object.keys(context).length === 0) return '';
  try {
    return ` ${JSON.stringify(context)}`;
  } catch {
    return ' [context not serialisable]';
  }
}

let instances = 0;

export function createAppLog(options: AppLogOptions): AppLog {
  const file = path.join(options.dir, options.fileName ?? LOG_FILE_NAME);
  const keep = options.keep ?? 3;
  const logger = electronLog.create({ logId: `autoarr-tray-${process.pid}-${++instances}` });
  logger.transports.file.resolvePathFn = () => file;
  logger.transports.file.maxSize = options.maxBytes ?? 5 * 1024 * 1024;
  logger.transports.file.format = '[{y}-{m}-{d} {h}:{i}:{s}.{ms}] [{level}] {text}';
  logger.transports.file.archiveLogFn = (current) => {
    try {
      rotate(current.toString(), keep);
    } catch (e) {
      // A locked or vanished file must not stop the app; electron-log then starts the file over.
      console.warn(`[log] could not rotate ${current.toString()}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  logger.transports.console.level = options.console === false ? false : 'info';
  logger.transports.console.format = '{text}';

  return {
    dir: options.dir,
    file,
    scope(name) {
      const line = (message: string, context?: Record<string, unknown>) => `[${name}] ${message}${contextText(context)}`;
      return {
        info: (m, c) => logger.info(line(m, c)),
        warn: (m, c) => logger.warn(line(m, c)),
        error: (m, c) => logger.error(line(m, c)),
      };
    },
  };
}
