// Opens the SQLite file the core keeps its memory in, and applies migrations.
// The migrations folder is passed in: tests point at the source folder, the
// packaged app at the copy shipped as an extra resource.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type AppDatabase = BetterSQLite3Database<typeof schema>;

export interface DatabaseHandle {
  readonly sqlite: Database.Database;
  readonly db: AppDatabase;
  readonly file: string;
  close(): void;
}

export interface OpenDatabaseOptions {
  file: string;
  migrationsFolder: string;
  /** How long a statement waits for another connection's lock before failing. */
  busyTimeoutMs?: number;
  /**
   * better-sqlite3's compiled addon to load instead of its default build. The
   * Electron app passes one built for Electron's ABI; plain Node (browser mode,
   * tests, bench) leaves it out and gets node_modules/better-sqlite3/build.
   */
  nativeBinding?: string;
}

export type DatabaseOpenErrorCode = 'corrupt' | 'locked' | 'migration_failed' | 'io';

/** Why the database could not be opened; `code` tells the app what to say. */
export class DatabaseOpenError extends Error {
  override readonly name = 'DatabaseOpenError';
  constructor(
    readonly code: DatabaseOpenErrorCode,
    message: string,
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

export function openDatabase(options: OpenDatabaseOptions): DatabaseHandle {
  const { file, migrationsFolder } = options;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  } catch (error) {
    throw new DatabaseOpenError('io', `Cannot create the folder for ${file}: ${messageOf(error)}`, file, { cause: error });
  }

  // Check the header ourselves first: SQLite, handed a non-database, may
  // discard the -wal beside it, which is evidence worth keeping.
  if (!hasSqliteHeader(file)) {
    throw new DatabaseOpenError('corrupt', `${file} is not a readable database (no SQLite header)`, file);
  }

  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (error) {
    throw classify(error, file, 'open');
  }

  try {
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS))}`);
    // The first statement that reads the header: a non-database file fails here.
    const mode = sqlite.pragma('journal_mode = WAL', { simple: true });
    if (String(mode).toLowerCase() !== 'wal') {
      throw new DatabaseOpenError('locked', `Could not switch ${file} to WAL (journal_mode is ${String(mode)})`, file);
    }
    // NORMAL is durable across app crashes in WAL mode; only an OS crash can lose the last commits.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    // 16 MiB page cache (default 2 MiB): index pages of a 1M-row log stay hot.
    sqlite.pragma('cache_size = -16000');
    // WAL lets us read past another writer's BEGIN EXCLUSIVE, so the open would
    // "succeed" and every later write would wait busy_timeout and fail. Ask for
    // the write lock now (waiting busy_timeout like any write) to find out here.
    sqlite.exec('BEGIN IMMEDIATE');
    sqlite.exec('ROLLBACK');
    // A valid header says nothing about the pages behind it: damaged index or
    // table pages only fail the query that happens to touch them, much later.
    // quick_check reads every page once (100 MB: ~0.2 s warm, ~2 s cold) and
    // stops at the first problems, so a damaged file is moved aside at start.
    const problems = sqlite.pragma('quick_check(3)', { simple: false }) as { quick_check?: unknown }[];
    const verdict = problems.map((row) => String(row.quick_check ?? '')).join('; ');
    if (verdict !== 'ok') {
      throw new DatabaseOpenError('corrupt', `${file} is damaged (integrity check: ${verdict.slice(0, 300)})`, file);
    }
  } catch (error) {
    sqlite.close();
    throw error instanceof DatabaseOpenError ? error : classify(error, file, 'open');
  }

  const db = drizzle(sqlite, { schema });
  try {
    migrate(db, { migrationsFolder });
  } catch (error) {
    sqlite.close();
    const sqliteCode = sqliteCodeOf(error);
    if (sqliteCode) throw classify(error, file, 'migrate');
    throw new DatabaseOpenError('migration_failed', `Migrations in ${migrationsFolder} failed: ${messageOf(error)}`, file, {
      cause: error,
    });
  }

  return {
    sqlite,
    db,
    file,
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}

export type RecoveryAction =
  | { action: 'none' }
  | { action: 'moved_corrupt_file'; movedTo: string; reason: string };

/**
 * Open the database; when the file is corrupt, move it (and its -wal/-shm)
 * aside as `<file>.corrupt-<timestamp>` and start with a fresh one. Returns
 * what it did so the app can tell the user. A locked file is NOT recovered:
 * it usually means another instance holds it, so that error is rethrown.
 */
export function openDatabaseOrRecover(
  options: OpenDatabaseOptions & { now?: () => number },
): { handle: DatabaseHandle; recovery: RecoveryAction } {
  try {
    return { handle: openDatabase(options), recovery: { action: 'none' } };
  } catch (error) {
    if (!(error instanceof DatabaseOpenError) || error.code !== 'corrupt') throw error;
    const stamp = (options.now ?? Date.now)();
    const movedTo = `${options.file}.corrupt-${stamp}`;
    fs.renameSync(options.file, movedTo);
    for (const suffix of ['-wal', '-shm']) {
      const side = options.file + suffix;
      if (fs.existsSync(side)) fs.renameSync(side, movedTo + suffix);
    }
    return { handle: openDatabase(options), recovery: { action: 'moved_corrupt_file', movedTo, reason: error.message } };
  }
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** True for a missing or empty file (SQLite creates it) or one that starts like a database. */
function hasSqliteHeader(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return true; // missing: SQLite creates it; other errors surface from SQLite itself
  }
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    return read === 0 || (read === head.length && head.equals(SQLITE_HEADER));
  } finally {
    fs.closeSync(fd);
  }
}

const CORRUPT_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);
const LOCKED_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED']);

function classify(error: unknown, file: string, stage: 'open' | 'migrate'): DatabaseOpenError {
  const code = sqliteCodeOf(error) ?? '';
  const base = code.split('_').slice(0, 2).join('_');
  if (CORRUPT_CODES.has(base)) {
    return new DatabaseOpenError('corrupt', `${file} is not a readable database (${code}): ${messageOf(error)}`, file, {
      cause: error,
    });
  }
  if (LOCKED_CODES.has(base)) {
    return new DatabaseOpenError(
      'locked',
      `${file} is locked by another process (${code}); is another copy of the app running?`,
      file,
      { cause: error },
    );
  }
  const what = stage === 'open' ? 'open' : 'migrate';
  return new DatabaseOpenError('io', `Cannot ${what} ${file}: ${messageOf(error)}`, file, { cause: error });
}

function sqliteCodeOf(error: unknown): string | null {
  if (error instanceof Database.SqliteError) return error.code;
  if (typeof error === 'object' && error !== null && 'cause' in error) return sqliteCodeOf(error.cause);
  return null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
