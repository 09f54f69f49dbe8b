// Opens the SQLite file the core keeps its memory in, and applies migrations.
// The migrations folder is passed in: tests point at the source folder, the
// packaged app at the copy shipped as an extra resource.
import fs from 'node:fs';
import os from 'node:os';
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
  /**
   * `full`: every page was checked at open. `partial`: the file was too big
   * to read whole at every start, so only the small tables were checked:
   * the rest is for runDeferredIntegrityCheck (integrity-check.ts).
   */
  readonly integrityChecked: 'full' | 'partial';
  /** The better-sqlite3 addon this handle was opened with (Electron's build), for other connections to the file. */
  readonly nativeBinding?: string;
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
  /** Files up to this size (with their -wal) are checked whole at open; default FULL_CHECK_MAX_BYTES. */
  fullCheckMaxBytes?: number;
  /** Told, for the log, about one-time work at open (the auto_vacuum conversion). */
  onMaintenance?: (message: string) => void;
  now?: () => number;
  /** Bytes free for this process in a folder's file system (tests pass a full disk). */
  freeBytes?: (dir: string) => number;
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

/**
 * quick_check reads every page: ~0.05 s for 32 MB with the file in the OS
 * cache, ~0.6 s from a cold disk here. A 1 M-line log is ~600 MB (1.3 s warm,
 * many seconds cold), which no start should wait for.
 */
export const FULL_CHECK_MAX_BYTES = 32 * 1024 * 1024;

/** Written beside the file when a deferred check found damage: the next open checks it whole, whatever its size. */
export const DAMAGE_MARKER_SUFFIX = '.damaged';

/** The tables checked at every open however big the file is: everything but the activity log, and small. */
const CORE_TABLES = ['download_monitoring', 'recovery_attempts', 'app_state', 'wanted_items', 'activity_daily_counts'];

/** PRAGMA auto_vacuum: 0 none, 1 full, 2 incremental. */
const AUTO_VACUUM_INCREMENTAL = 2;
const CONVERSION_STATE_KEY = 'database.auto_vacuum_conversion';
const CONVERSION_RETRY_MS = 7 * 86_400_000;
/** Room left on top of what a VACUUM writes (a copy in the temp folder, the whole file again in the -wal). */
const VACUUM_SPARE_BYTES = 64 * 1024 * 1024;
/** The -wal is cut back to this after a checkpoint, so one big transaction does not leave it big for good. */
const JOURNAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024;

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

  const sizeAtOpen = bytesOf(file) + bytesOf(`${file}-wal`);
  const damageMarker = `${file}${DAMAGE_MARKER_SUFFIX}`;
  const checkWhole = sizeAtOpen <= (options.fullCheckMaxBytes ?? FULL_CHECK_MAX_BYTES) || fs.existsSync(damageMarker);
  try {
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS))}`);
    // A new file is born incremental (set before WAL writes its header), so
    // freed pages can be given back to the file system (see
    // ActivityRepository.releaseFreePages); an older file is converted below,
    // once. Not on an existing file: setting it rewrites the header even when
    // unchanged, and a file found damaged must be moved aside as it was.
    if (bytesOf(file) === 0) sqlite.pragma(`auto_vacuum = ${AUTO_VACUUM_INCREMENTAL}`);
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
    sqlite.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
    // WAL lets us read past another writer's BEGIN EXCLUSIVE, so the open would
    // "succeed" and every later write would wait busy_timeout and fail. Ask for
    // the write lock now (waiting busy_timeout like any write) to find out here.
    sqlite.exec('BEGIN IMMEDIATE');
    sqlite.exec('ROLLBACK');
    // A valid header says nothing about the pages behind it: damaged index or
    // table pages only fail the query that happens to touch them, much later.
    // quick_check reads every page once and stops at the first problems, so a
    // damaged file is moved aside at start. A big file has its small tables
    // checked here (milliseconds) and the activity log after start, off the
    // event loop (integrity-check.ts), which leaves a marker for the next open.
    const verdict = checkWhole ? quickCheck(sqlite, null) : quickCheckTables(sqlite, CORE_TABLES);
    if (verdict !== 'ok') {
      throw new DatabaseOpenError('corrupt', `${file} is damaged (integrity check: ${verdict.slice(0, 300)})`, file);
    }
    if (checkWhole) fs.rmSync(damageMarker, { force: true });
    // The check filled the page cache with pages nobody asked for: give that memory back.
    sqlite.pragma('shrink_memory');
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

  ensureIncrementalAutoVacuum(sqlite, file, {
    tell: options.onMaintenance ?? (() => undefined),
    now: options.now ?? Date.now,
    freeBytes: options.freeBytes ?? freeBytes,
  });

  return {
    sqlite,
    db,
    file,
    integrityChecked: checkWhole ? 'full' : 'partial',
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}

/** quick_check of the whole file (table null) or of one table and its indexes; 'ok' or the first problems. */
export function quickCheck(sqlite: Database.Database, table: string | null): string {
  const rows = sqlite.pragma(table === null ? 'quick_check(3)' : `quick_check(${table})`, { simple: false }) as { quick_check?: unknown }[];
  const problems = rows.map((row) => String(row.quick_check ?? '')).filter((p) => p !== 'ok');
  return problems.length === 0 ? 'ok' : oneLine(problems.slice(0, 3).join('; '));
}

function quickCheckTables(sqlite: Database.Database, tables: readonly string[]): string {
  // Before the migrations run, an older file may lack a newer table.
  const present = new Set(sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
  for (const table of tables.filter((t) => present.has(t))) {
    const verdict = quickCheck(sqlite, table);
    if (verdict !== 'ok') return verdict;
  }
  return 'ok';
}

/**
 * A file made before auto_vacuum=incremental keeps its free pages for good;
 * only a VACUUM changes the mode of an existing file. Done once, at open
 * (nothing else uses the file yet): VACUUM is one transaction, so a crash or
 * a full disk midway leaves the file as it was. It needs room for a copy in
 * the temp folder and for the whole file again in the -wal, so it waits for
 * that room; a failed or postponed try is recorded in app_state and not
 * tried again for a week, so no start after the first pays for it again.
 */
function ensureIncrementalAutoVacuum(
  sqlite: Database.Database,
  file: string,
  { tell, now, freeBytes }: { tell: (message: string) => void; now: () => number; freeBytes: (dir: string) => number },
): void {
  if (Number(sqlite.pragma('auto_vacuum', { simple: true })) === AUTO_VACUUM_INCREMENTAL) return;
  const previous = sqlite.prepare('SELECT value FROM app_state WHERE key = ?').pluck().get(CONVERSION_STATE_KEY) as string | undefined;
  const lastTry = previous === undefined ? null : (JSON.parse(previous) as { at?: number }).at ?? null;
  if (lastTry !== null && now() - lastTry < CONVERSION_RETRY_MS) return;
  const record = (outcome: string) =>
    sqlite
      .prepare('INSERT INTO app_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(CONVERSION_STATE_KEY, JSON.stringify({ at: now(), outcome }), now());

  const size = bytesOf(file) + bytesOf(`${file}-wal`);
  const roomHere = freeBytes(path.dirname(file));
  const roomTemp = freeBytes(os.tmpdir());
  if (roomHere < size + VACUUM_SPARE_BYTES || roomTemp < size + VACUUM_SPARE_BYTES) {
    const outcome = `postponed: converting needs ${mb(size + VACUUM_SPARE_BYTES)} free beside ${file} and in ${os.tmpdir()} (free: ${mb(roomHere)}, ${mb(roomTemp)})`;
    record(outcome);
    tell(`Database: auto_vacuum conversion ${outcome}; tried again in a week.`);
    return;
  }
  const started = performance.now();
  tell(`Database: converting ${file} (${mb(size)}) to auto_vacuum=incremental, once, so space freed by retention can be given back…`);
  try {
    sqlite.pragma(`auto_vacuum = ${AUTO_VACUUM_INCREMENTAL}`);
    sqlite.exec('VACUUM');
    // The VACUUM went through the -wal: copy it home and cut the -wal back now.
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.prepare('DELETE FROM app_state WHERE key = ?').run(CONVERSION_STATE_KEY);
    tell(`Database: converted in ${((performance.now() - started) / 1000).toFixed(1)} s (${mb(size)} → ${mb(bytesOf(file))}).`);
  } catch (error) {
    record(`failed: ${messageOf(error)}`);
    tell(`Database: auto_vacuum conversion failed (${messageOf(error)}); the file is unchanged and is tried again in a week.`);
  }
}

/** SQLite's report spans lines ("*** in database main ***\nTree 7 page 504: …"): one line for a message. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function bytesOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function freeBytes(dir: string): number {
  try {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    // Unknown: let SQLite find out (it fails cleanly with SQLITE_FULL).
    return Number.MAX_SAFE_INTEGER;
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(0)} MB`;
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
