import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseOpenError, openDatabase, openDatabaseOrRecover } from '../../../main/core/activity/database';
import { MIGRATIONS_FOLDER, makeTempDir } from './temp-database';

const dirs: string[] = [];
function tempFile(name = 'nested/deeper/autoarr.db'): string {
  const dir = makeTempDir();
  dirs.push(dir);
  return path.join(dir, name);
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tableNames(sqlite: Database.Database): string[] {
  return (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

describe('openDatabase', () => {
  it('creates the parent folder, applies the migrations on a fresh file and turns on WAL and foreign keys', () => {
    const file = tempFile();
    const h = openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER });
    try {
      expect(fs.existsSync(file)).toBe(true);
      expect(tableNames(h.sqlite)).toEqual(
        expect.arrayContaining(['activity_log', 'activity_daily_counts', 'download_monitoring', 'recovery_attempts', 'app_state', 'wanted_items']),
      );
      expect(h.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(h.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(h.sqlite.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      expect(Number(h.sqlite.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
      const indexes = (h.sqlite.prepare("SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='activity_log'").all() as {
        name: string;
      }[]).map((r) => r.name);
      expect(indexes).toEqual(expect.arrayContaining(['activity_log_status_application_idx', 'activity_log_download_idx']));
    } finally {
      h.close();
    }
  });

  it('is idempotent on reopen: migrations are recorded once and data survives', () => {
    const file = tempFile();
    const first = openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER });
    first.sqlite.prepare("INSERT INTO app_state (key, value, updated_at) VALUES ('k', 'v', 1)").run();
    const applied = (first.sqlite.prepare('SELECT COUNT(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
    first.close();
    const second = openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER });
    try {
      expect(applied).toBeGreaterThan(0);
      expect((second.sqlite.prepare('SELECT COUNT(*) AS n FROM __drizzle_migrations').get() as { n: number }).n).toBe(applied);
      expect(second.sqlite.prepare("SELECT value FROM app_state WHERE key = 'k'").get()).toEqual({ value: 'v' });
    } finally {
      second.close();
    }
  });

  it('enforces the recovery_attempts → download_monitoring foreign key', () => {
    const h = openDatabase({ file: tempFile(), migrationsFolder: MIGRATIONS_FOLDER });
    try {
      expect(() =>
        h.sqlite
          .prepare("INSERT INTO recovery_attempts (download_id, attempt, strategy, outcome, started_at) VALUES (999, 1, 'retry_download', 'started', 1)")
          .run(),
      ).toThrow(/FOREIGN KEY/);
    } finally {
      h.close();
    }
  });

  it('reports a file that is not a database as a typed "corrupt" error', () => {
    const file = tempFile('garbage.db');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, Buffer.alloc(8192, 'this is not sqlite at all '));
    let caught: unknown;
    try {
      openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DatabaseOpenError);
    expect((caught as DatabaseOpenError).code).toBe('corrupt');
    expect((caught as DatabaseOpenError).file).toBe(file);
  });

  it('reports a file held by another connection as a typed "locked" error', () => {
    const file = tempFile('locked.db');
    openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER }).close();
    const holder = new Database(file);
    try {
      holder.pragma('locking_mode = EXCLUSIVE');
      holder.exec("BEGIN EXCLUSIVE; INSERT INTO app_state (key, value, updated_at) VALUES ('x', 'y', 1);");
      let caught: unknown;
      try {
        openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER, busyTimeoutMs: 50 });
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(DatabaseOpenError);
      expect((caught as DatabaseOpenError).code).toBe('locked');
      expect((caught as Error).message).toMatch(/another/);
    } finally {
      holder.close();
    }
  });

  it('reports a missing migrations folder as "migration_failed"', () => {
    expect(() => openDatabase({ file: tempFile(), migrationsFolder: path.join(makeTempDirTracked(), 'nope') })).toThrow(
      expect.objectContaining({ code: 'migration_failed' }),
    );
  });
});

function makeTempDirTracked(): string {
  const d = makeTempDir();
  dirs.push(d);
  return d;
}

describe('openDatabaseOrRecover', () => {
  it('opens a healthy file without touching it', () => {
    const file = tempFile();
    const { handle, recovery } = openDatabaseOrRecover({ file, migrationsFolder: MIGRATIONS_FOLDER });
    handle.close();
    expect(recovery).toEqual({ action: 'none' });
    expect(fs.readdirSync(path.dirname(file)).some((n) => n.includes('.corrupt-'))).toBe(false);
  });

  it('moves a corrupt file (and its -wal) aside and starts with a fresh, migrated database', () => {
    const file = tempFile('autoarr.db');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const junk = Buffer.alloc(4096, 'junk');
    fs.writeFileSync(file, junk);
    fs.writeFileSync(`${file}-wal`, 'stale wal');
    const { handle, recovery } = openDatabaseOrRecover({ file, migrationsFolder: MIGRATIONS_FOLDER, now: () => 1234 });
    try {
      expect(recovery.action).toBe('moved_corrupt_file');
      if (recovery.action !== 'moved_corrupt_file') return;
      expect(recovery.movedTo).toBe(`${file}.corrupt-1234`);
      expect(fs.readFileSync(recovery.movedTo)).toEqual(junk);
      expect(fs.readFileSync(`${recovery.movedTo}-wal`, 'utf8')).toBe('stale wal');
      expect(recovery.reason).toMatch(/not a (readable )?database/i);
      expect(tableNames(handle.sqlite)).toContain('activity_log');
    } finally {
      handle.close();
    }
  });

  it('does not "recover" a locked file: it rethrows the locked error and leaves the file alone', () => {
    const file = tempFile('locked.db');
    openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER }).close();
    const holder = new Database(file);
    try {
      holder.pragma('locking_mode = EXCLUSIVE');
      holder.exec('BEGIN EXCLUSIVE; DELETE FROM app_state;');
      expect(() => openDatabaseOrRecover({ file, migrationsFolder: MIGRATIONS_FOLDER, busyTimeoutMs: 50 })).toThrow(
        expect.objectContaining({ code: 'locked' }),
      );
      expect(fs.readdirSync(path.dirname(file)).some((n) => n.includes('.corrupt-'))).toBe(false);
    } finally {
      holder.close();
    }
  });
});

describe('openDatabase on a file with a SQLite header but garbage pages', () => {
  it('still reports "corrupt" (from SQLite itself)', () => {
    const file = tempFile('half.db');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(4080, 0xab)]));
    expect(() => openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER })).toThrow(expect.objectContaining({ code: 'corrupt' }));
  });
});
