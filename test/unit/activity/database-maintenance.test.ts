// What openDatabase does for the file's long life: auto_vacuum=incremental
// (a new file at birth, an older one converted once, safely), the integrity
// check that a big file gets in part at open and whole after start
// (integrity-check.ts), and retention giving free pages back.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ActivityLogService } from '../../../main/core/activity/activity-log-service';
import { ActivityRepository } from '../../../main/core/activity/activity-repository';
import { DAMAGE_MARKER_SUFFIX, openDatabase, openDatabaseOrRecover } from '../../../main/core/activity/database';
import { runDeferredIntegrityCheck } from '../../../main/core/activity/integrity-check';
import type { NewActivityEntry } from '../../../main/core/activity/activity-entry';
import { EventBus } from '../../../main/core/events/event-bus';
import { FakeClock } from '../../support/fake-clock';
import { MIGRATIONS_FOLDER, makeTempDir } from './temp-database';

const DAY_MS = 86_400_000;
const dirs: string[] = [];
function tempFile(): string {
  const dir = makeTempDir();
  dirs.push(dir);
  return path.join(dir, 'autoarr.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function lines(count: number, from: number, step = 1000): NewActivityEntry[] {
  const filler = 'x'.repeat(300);
  return Array.from({ length: count }, (_, i) => ({
    timestamp: from + i * step,
    eventId: `seed-${from}-${i}`,
    eventType: 'queue.polled',
    source: 'seed',
    status: 'info',
    severity: 'low',
    message: `seed line ${i} ${filler}`,
    downloadId: `SABnzbd_nzo_${i % 997}`,
    application: null,
    correlationId: `c-${from}-${i}`,
    causationId: null,
    context: { n: i },
  }));
}

/** A database as the app made it before auto_vacuum: same schema and lines, auto_vacuum=none. */
function legacyDatabase(file: string, rows: number): void {
  const handle = openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER });
  new ActivityRepository(handle.sqlite).insertMany(lines(rows, 1_700_000_000_000));
  handle.close();
  const raw = new Database(file);
  raw.pragma('auto_vacuum = NONE');
  raw.exec('VACUUM');
  raw.pragma('wal_checkpoint(TRUNCATE)');
  expect(raw.pragma('auto_vacuum', { simple: true })).toBe(0);
  raw.close();
}

function rowCount(sqlite: Database.Database): number {
  return sqlite.prepare('SELECT COUNT(*) FROM activity_log').pluck().get() as number;
}

describe('auto_vacuum', () => {
  it('a new file is born incremental, with nothing to convert', () => {
    const told: string[] = [];
    const h = openDatabase({ file: tempFile(), migrationsFolder: MIGRATIONS_FOLDER, onMaintenance: (m) => told.push(m) });
    try {
      expect(h.sqlite.pragma('auto_vacuum', { simple: true })).toBe(2);
      expect(told).toEqual([]);
    } finally {
      h.close();
    }
  });

  it('an older file is converted once, keeps every line, and leaves no big -wal; the next open does nothing', () => {
    const file = tempFile();
    legacyDatabase(file, 2_000);
    const told: string[] = [];
    const first = openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER, onMaintenance: (m) => told.push(m) });
    try {
      expect(first.sqlite.pragma('auto_vacuum', { simple: true })).toBe(2);
      expect(rowCount(first.sqlite)).toBe(2_000);
      expect(first.sqlite.pragma('quick_check', { simple: true })).toBe('ok');
      expect(fs.statSync(`${file}-wal`).size).toBe(0);
      expect(first.sqlite.prepare("SELECT COUNT(*) FROM app_state WHERE key LIKE 'database.%'").pluck().get()).toBe(0);
    } finally {
      first.close();
    }
    expect(told).toHaveLength(2);
    expect(told[0]).toMatch(/converting .*autoarr\.db .* to auto_vacuum=incremental, once/);
    expect(told[1]).toMatch(/converted in \d+\.\d s/);

    const again: string[] = [];
    openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER, onMaintenance: (m) => again.push(m) }).close();
    expect(again).toEqual([]);
  });

  it('without room for the VACUUM it waits, says why, and tries again only a week later', () => {
    const file = tempFile();
    legacyDatabase(file, 500);
    const size = fs.statSync(file).size;
    const open = (now: number, free: number) => {
      const told: string[] = [];
      const h = openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER, onMaintenance: (m) => told.push(m), now: () => now, freeBytes: () => free });
      const mode = h.sqlite.pragma('auto_vacuum', { simple: true });
      h.close();
      return { told, mode };
    };
    const t0 = 1_800_000_000_000;
    const full = open(t0, size);
    expect(full.mode).toBe(0);
    expect(full.told).toHaveLength(1);
    expect(full.told[0]).toMatch(/postponed: converting needs \d+ MB free/);
    // Room again the next day: still waiting out the week, nothing tried, nothing said.
    expect(open(t0 + DAY_MS, Number.MAX_SAFE_INTEGER)).toEqual({ told: [], mode: 0 });
    const later = open(t0 + 8 * DAY_MS, Number.MAX_SAFE_INTEGER);
    expect(later.mode).toBe(2);
    expect(later.told[1]).toMatch(/converted/);
  });
});

/** `rows` lines, then eight pages in the middle of the file (activity_log's) overwritten with garbage. */
function damagedDatabase(file: string, rows: number): Buffer {
  const handle = openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER });
  new ActivityRepository(handle.sqlite).insertMany(lines(rows, 1_700_000_000_000));
  handle.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  handle.close();
  const pageSize = 4096;
  const at = Math.floor(fs.statSync(file).size / 2 / pageSize) * pageSize;
  const garbage = Buffer.from(Array.from({ length: 8 * pageSize }, (_, i) => (i * 7919 + 13) % 251));
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, garbage, 0, garbage.length, at);
  fs.closeSync(fd);
  return fs.readFileSync(file);
}

describe('integrity check of a big file', () => {
  it('small files are checked whole at open; big ones only in their small tables (the rest is deferred)', () => {
    const small = openDatabase({ file: tempFile(), migrationsFolder: MIGRATIONS_FOLDER });
    expect(small.integrityChecked).toBe('full');
    small.close();
    const file = tempFile();
    damagedDatabase(file, 6_000);
    // Damage in the activity log of a file over the limit: the open does not read it, and succeeds.
    const big = openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER, fullCheckMaxBytes: 64 * 1024 });
    expect(big.integrityChecked).toBe('partial');
    big.close();
    // Under the limit the same file is refused at open, as before.
    expect(() => openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER })).toThrow(expect.objectContaining({ code: 'corrupt' }));
  });

  it('after start a worker finds the damage: the user is told, and the next open moves the file aside byte for byte', async () => {
    const file = tempFile();
    damagedDatabase(file, 6_000);
    const handle = openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER, fullCheckMaxBytes: 64 * 1024 });
    const told: string[] = [];
    const errors: string[] = [];
    const check = runDeferredIntegrityCheck(handle, { delayMs: 0, onDamaged: (m) => told.push(m), onError: (m) => errors.push(m) });
    await check.done;
    handle.close();
    expect(errors).toEqual([]);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(file);
    expect(told[0]).toMatch(/is damaged \(integrity check: .+\)\. .*next start the file is moved aside/);
    expect(fs.existsSync(`${file}${DAMAGE_MARKER_SUFFIX}`)).toBe(true);

    // However big the file, the marker makes the next open read it whole.
    const damaged = fs.readFileSync(file);
    const { handle: fresh, recovery } = openDatabaseOrRecover({ file, migrationsFolder: MIGRATIONS_FOLDER, fullCheckMaxBytes: 64 * 1024, now: () => 42 });
    try {
      expect(recovery).toMatchObject({ action: 'moved_corrupt_file', movedTo: `${file}.corrupt-42` });
      expect(fs.readFileSync(`${file}.corrupt-42`).equals(damaged)).toBe(true);
      expect(rowCount(fresh.sqlite)).toBe(0);
      expect(fresh.integrityChecked).toBe('full');
      expect(fs.existsSync(`${file}${DAMAGE_MARKER_SUFFIX}`)).toBe(false);
    } finally {
      fresh.close();
    }
  }, 20_000);

  it('a healthy big file: nothing said, no marker; stop() before the delay ends it at once', async () => {
    const file = tempFile();
    const handle = openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER });
    new ActivityRepository(handle.sqlite).insertMany(lines(3_000, 1_700_000_000_000));
    handle.close();
    const big = openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER, fullCheckMaxBytes: 64 * 1024 });
    try {
      const told: string[] = [];
      await runDeferredIntegrityCheck(big, { delayMs: 0, onDamaged: (m) => told.push(m) }).done;
      expect(told).toEqual([]);
      expect(fs.existsSync(`${file}${DAMAGE_MARKER_SUFFIX}`)).toBe(false);
      const waiting = runDeferredIntegrityCheck(big, { delayMs: 60_000, onDamaged: (m) => told.push(m) });
      await waiting.stop();
      await waiting.done;
      expect(told).toEqual([]);
    } finally {
      big.close();
    }
  }, 20_000);
});

describe('retention gives free pages back', () => {
  it('beyond a tenth of the file, in chunks; what the next days reuse stays', async () => {
    const file = tempFile();
    const handle = openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER });
    const clock = new FakeClock(Date.UTC(2026, 5, 1));
    const repository = new ActivityRepository(handle.sqlite);
    // Twenty days of lines, then retention cut to two days: nine tenths of the log go.
    repository.insertMany(lines(8_000, clock.now() - 20 * DAY_MS, (20 * DAY_MS) / 8_000));
    handle.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const before = fs.statSync(file).size;
    const activity = new ActivityLogService({ bus: new EventBus({ clock }), repository, clock, retentionDays: 2, releaseChunkPages: 16 });
    try {
      activity.start();
      await activity.runRetention();
      const deleted = 8_000 - rowCount(handle.sqlite);
      expect(deleted).toBeGreaterThan(7_000);
      handle.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      const { pages, free } = repository.pageCounts();
      expect(free).toBeLessThanOrEqual(Math.max(256, Math.ceil(pages * 0.1)));
      const after = fs.statSync(file).size;
      expect(after).toBeLessThan(before / 2);
      expect(handle.sqlite.pragma('quick_check', { simple: true })).toBe('ok');
    } finally {
      await activity.stop();
      handle.close();
    }
  });

  it('a file not in incremental mode keeps its pages for reuse, and retention still ends', async () => {
    const file = tempFile();
    legacyDatabase(file, 0);
    const raw = new Database(file);
    new ActivityRepository(raw).insertMany(lines(4_000, 1_700_000_000_000));
    raw.close();
    // Conversion postponed (no room), so the file stays auto_vacuum=none.
    const handle = openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER, freeBytes: () => 0 });
    const clock = new FakeClock(1_700_000_000_000 + 10 * DAY_MS);
    const repository = new ActivityRepository(handle.sqlite);
    const activity = new ActivityLogService({ bus: new EventBus({ clock }), repository, clock, retentionDays: 1 });
    try {
      activity.start();
      await activity.runRetention();
      expect(rowCount(handle.sqlite)).toBe(0);
      expect(repository.pageCounts().free).toBeGreaterThan(256);
    } finally {
      await activity.stop();
      handle.close();
    }
  });
});
