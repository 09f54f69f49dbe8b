/**
 * Database faults against the whole core (createCore) on real SQLite files in
 * temp dirs, polling the in-process SABnzbd simulator over loopback:
 * - a database file another connection holds with BEGIN EXCLUSIVE,
 * - a database with a valid header but damaged pages in the middle,
 * - a full disk (a 2 MB tmpfs) while the activity log writes.
 * In each the app keeps monitoring, says what happened in a `service.error`
 * (service database) a person can act on, and loses no activity line it was given.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { invokeHandler } from '../../main/core/api/invoke-handler';
import { ActivityRepository } from '../../main/core/activity/activity-repository';
import { openDatabase } from '../../main/core/activity/database';
import { FakeSabnzbdModel, startFakeSabnzbd, type FakeSabnzbdServer } from '../fakes/fake-sabnzbd';
import type { Core } from '../../main/core/app';
import type { CallName, In, Out } from '../../shared/contract';
import { databaseErrors, startCoreIn } from './support/db-faults-core';
import { fillDisk, freeBytes, mountTmpfs, unmount } from './support/db-faults-tmpfs';
import { MIGRATIONS_FOLDER } from './faults-temp-core';

const SAB_KEY = 'dbfaults0123456789abcdef01234567';
let model: FakeSabnzbdModel;
let sab: FakeSabnzbdServer;
const dirs: string[] = [];
const cores: Core[] = [];
const cleanups: (() => void)[] = [];

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'autoarr-dbfaults-'));
  dirs.push(d);
  return d;
}

async function value<K extends CallName>(core: Core, name: K, input: In<K>): Promise<Out<K>> {
  const r = await invokeHandler(core.handlers, name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as Out<K>;
}

async function until<T>(what: string, probe: () => T | null | undefined | false | Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A failed job in SABnzbd, polled until the core reports it: proof that monitoring runs and records. */
async function failureIsDetected(core: Core, name: string): Promise<void> {
  const job = model.add({ name, category: 'tv', failWith: 'Unpacking failed, archive requires a password', durationMs: 0 });
  await until(`${name} detected`, async () => {
    await value(core, 'monitoring.pollNow', {});
    const page = await value(core, 'downloads.failed', {});
    return page.items.some((d) => d.nzoId === job.nzoId);
  });
}

beforeAll(async () => {
  model = new FakeSabnzbdModel({ now: () => Date.now(), defaultDurationMs: 0 });
  sab = await startFakeSabnzbd({ model, apiKey: SAB_KEY });
});

afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop();
  for (const c of cleanups.splice(0)) c();
});

afterAll(async () => {
  await sab?.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A migrated database with `rows` activity lines, closed (WAL checkpointed into the file). */
function databaseWithData(file: string, rows: number): void {
  const handle = openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER });
  const repo = new ActivityRepository(handle.sqlite);
  const filler = 'x'.repeat(300);
  for (let start = 0; start < rows; start += 5_000) {
    const batch = Array.from({ length: Math.min(5_000, rows - start) }, (_, i) => ({
      timestamp: 1_700_000_000_000 + start + i,
      eventId: `seed-${start + i}`,
      eventType: 'queue.polled',
      source: 'seed',
      status: 'info',
      severity: 'info',
      message: `seed line ${start + i} ${filler}`,
      downloadId: `SABnzbd_nzo_${(start + i) % 997}`,
      application: null,
      correlationId: `c-${start + i}`,
      causationId: null,
      context: { n: start + i },
    }));
    repo.insertMany(batch as Parameters<ActivityRepository['insertMany']>[0]);
  }
  handle.close();
}

describe('database faults', () => {
  it('locked: another connection holds BEGIN EXCLUSIVE -> the core starts on a temporary database, says so, and keeps monitoring', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'autoarr.db');
    databaseWithData(file, 10);
    const holder = new Database(file);
    cleanups.push(() => holder.open && holder.close());
    holder.exec('BEGIN EXCLUSIVE');
    holder.prepare("UPDATE activity_log SET message = 'held' WHERE id = 1").run();

    const started = Date.now();
    const { core, events } = await startCoreIn(dir, { url: sab.url, apiKey: SAB_KEY });
    cores.push(core);
    const startMs = Date.now() - started;

    const errors = databaseErrors(events);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ recovered: false });
    // Names the file, says why and what to do.
    expect(errors[0]!.message).toContain(file);
    expect(errors[0]!.message).toMatch(/locked|in use/i);
    expect(errors[0]!.message).toMatch(/temporary database/i);
    expect(errors[0]!.message).toMatch(/close|another copy/i);
    expect(core.internals.database.file).not.toBe(file);
    cleanups.push(() => fs.rmSync(core.internals.database.file, { force: true }));

    const status = await value(core, 'monitoring.status', {});
    expect(status.running).toBe(true);
    await failureIsDetected(core, 'Locked.Db.Show.S01E01.720p');
    // The locked file was not moved aside nor written: the holder's transaction is intact.
    expect(fs.readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toEqual([]);
    holder.exec('COMMIT');
    expect(holder.prepare('SELECT message FROM activity_log WHERE id = 1').pluck().get()).toBe('held');
    expect(holder.prepare('SELECT count(*) FROM activity_log').pluck().get()).toBe(10);
    // The temporary database lives as long as this run, and no longer.
    const temporary = core.internals.database.file;
    expect(fs.existsSync(temporary)).toBe(true);
    await core.stop();
    expect(fs.existsSync(temporary)).toBe(false);
    console.log(`[db-faults] locked: core start took ${startMs} ms`);
  }, 30_000);
  it('damaged pages behind a valid header: found at open (quick_check), moved aside byte for byte, fresh start, user told', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'autoarr.db');
    databaseWithData(file, 6_000);
    const size = fs.statSync(file).size;
    const pageSize = 4096;
    // Eight pages in the middle become garbage; the header (page 1) stays valid.
    const at = Math.floor(size / 2 / pageSize) * pageSize;
    const garbage = Buffer.from(Array.from({ length: 8 * pageSize }, (_, i) => (i * 7919 + 13) % 251));
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, garbage, 0, garbage.length, at);
    fs.closeSync(fd);
    const damaged = fs.readFileSync(file);
    expect(damaged.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');

    // What it looks like without the check: the file opens and plain reads may still work.
    const raw = new Database(file, { readonly: true });
    const rawCount = (() => {
      try {
        return String(raw.prepare('SELECT count(*) FROM activity_log').pluck().get());
      } catch (e) {
        return `error ${(e as { code?: string }).code}`;
      }
    })();
    const rawCheck = String(raw.pragma('quick_check(1)', { simple: true }));
    raw.close();
    expect(rawCheck).not.toBe('ok');
    console.log(`[db-faults] damaged: count(*) without the check -> ${rawCount}; quick_check -> ${rawCheck.replace(/\n/g, ' ').slice(0, 120)}`);

    const { core, events } = await startCoreIn(dir, { url: sab.url, apiKey: SAB_KEY });
    cores.push(core);
    const errors = databaseErrors(events);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'database_recovered', recovered: false });
    expect(errors[0]!.message).toContain(file);
    expect(errors[0]!.message).toMatch(/damaged/);
    expect(errors[0]!.message).toMatch(/moved to .*corrupt-/);
    const moved = fs.readdirSync(dir).filter((f) => /^autoarr\.db\.corrupt-\d+$/.test(f));
    expect(moved).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, moved[0]!)).equals(damaged)).toBe(true);
    // The fresh database is the real file again, empty of the old lines, and works.
    expect(core.internals.database.file).toBe(file);
    const page = await value(core, 'activity.query', { eventType: 'queue.polled', text: 'seed line' });
    expect(page.total).toBe(0);
    expect((await value(core, 'monitoring.status', {})).running).toBe(true);
    await failureIsDetected(core, 'Damaged.Db.Movie.2021.1080p');
    const logged = await value(core, 'activity.query', { eventType: 'service.error', text: 'damaged' });
    expect(logged.total).toBe(1);
  }, 30_000);
  it('disk full during activity writes: events stay queued (none lost), one notice per streak, monitoring goes on, all written once space is freed', async () => {
    const dir = tempDir();
    mountTmpfs(dir, '2m');
    cleanups.push(() => unmount(dir));
    const { core, events } = await startCoreIn(dir, { url: sab.url, apiKey: SAB_KEY });
    cores.push(core);
    const file = path.join(dir, 'autoarr.db');
    const { activity, database } = core.internals;
    // A first poll reads SABnzbd's history; later polls with nothing new write nothing but the log.
    await value(core, 'monitoring.pollNow', {});
    activity.flush();
    expect(databaseErrors(events)).toEqual([]);

    const filler = path.join(dir, 'filler.bin');
    const filled = fillDisk(filler);
    expect(freeBytes(dir)).toBeLessThan(4096);

    const published: string[] = [];
    const publishBatch = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const e = await core.bus.publish(
          'queue.polled',
          // newFailures > 0: a poll that found something is always written (quiet ones once an hour).
          { queueCount: i, historyCount: published.length, newFailures: 1, downloading: 0, paused: false, durationMs: 1, historyChanged: false },
          { source: 'db-faults-test' },
        );
        published.push(e.id);
      }
    };
    let rounds = 0;
    while (activity.status().pending === 0) {
      if (++rounds > 200) throw new Error(`writes never failed with ${filled} bytes of filler on a 2 MB tmpfs`);
      await publishBatch(200);
      activity.flush();
    }
    // More failed flushes in the same streak: still one notice.
    for (let i = 0; i < 3; i++) {
      await publishBatch(20);
      expect(activity.flush()).toBe(0);
    }
    await new Promise((r) => setTimeout(r, 500)); // the service's own retry timer fails a few more times
    const during = databaseErrors(events);
    expect(during).toHaveLength(1);
    expect(during[0]).toMatchObject({ code: 'write_failed', recovered: false });
    expect(during[0]!.message).toContain(file);
    expect(during[0]!.message).toMatch(/disk .* is full/);
    expect(during[0]!.message).toMatch(/free some disk space/);
    expect(activity.status().dropped).toBe(0);
    const pendingWhileFull = activity.status().pending;
    expect(pendingWhileFull).toBeGreaterThan(20);

    // Monitoring keeps running on a full disk.
    expect((await value(core, 'monitoring.status', {})).running).toBe(true);
    const polledBefore = events.filter((e) => e.type === 'queue.polled' && e.source !== 'db-faults-test').length;
    const poll = await value(core, 'monitoring.pollNow', {});
    expect(poll).toMatchObject({ running: true, lastError: null });
    expect(events.filter((e) => e.type === 'queue.polled' && e.source !== 'db-faults-test').length).toBe(polledBefore + 1);

    fs.rmSync(filler);
    const recovered = await until('the recovered notice', () => databaseErrors(events).find((e) => e.recovered));
    expect(recovered).toMatchObject({ code: 'write_recovered' });
    expect(recovered.message).toContain(file);
    await until('the queue drained', () => activity.status().pending === 0 || (activity.flush(), false));
    activity.flush();

    // Every event published while the disk was full is in the log, exactly once.
    const count = database.sqlite.prepare('SELECT count(DISTINCT event_id) AS n, count(*) AS rows FROM activity_log WHERE source = ?').get('db-faults-test') as { n: number; rows: number };
    expect(count).toEqual({ n: published.length, rows: published.length });
    const notices = database.sqlite.prepare("SELECT count(*) FROM activity_log WHERE event_type = 'service.error'").pluck().get();
    expect(notices).toBe(2);
    console.log(`[db-faults] disk full: ${published.length} events published, ${pendingWhileFull} queued while full, all written after freeing ${filled} bytes`);
  }, 60_000);
});
