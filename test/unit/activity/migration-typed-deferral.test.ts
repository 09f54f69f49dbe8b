// Migrations 0001/0002: a database written by an older version, whose text
// marks said what a step waited for ("Sonarr did not answer (…") and which
// attempt was sent without an answer ("unconfirmed: …"), opens with those
// marks in the typed columns, so nothing waiting is forgotten by the update.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/activity/database';
import { DownloadMonitoringRepository } from '../../../main/core/activity/download-monitoring-repository';
import { MIGRATIONS_FOLDER, makeTempDir } from './temp-database';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** The migrations folder as the previous release shipped it: 0000 only. */
function previousRelease(): string {
  const dir = makeTempDir();
  dirs.push(dir);
  fs.mkdirSync(path.join(dir, 'meta'));
  fs.copyFileSync(path.join(MIGRATIONS_FOLDER, '0000_initial.sql'), path.join(dir, '0000_initial.sql'));
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number }[] };
  fs.writeFileSync(path.join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.filter((e) => e.idx === 0) }));
  return dir;
}

it('carries the old text marks into deferred_by and unconfirmed', () => {
  const dataDir = makeTempDir();
  dirs.push(dataDir);
  const file = path.join(dataDir, 'autoarr.db');
  const old = openDatabase({ file, migrationsFolder: previousRelease() });
  const row = (nzo: string, status: string, lastError: string | null) =>
    old.sqlite
      .prepare(
        `INSERT INTO download_monitoring (nzo_id, name, source_application, status, failure_kind, severity, fail_message, max_attempts, correlation_id, created_at, updated_at, last_error, next_attempt_at)
         VALUES (?, ?, 'sonarr', ?, 'missing_articles', 'high', 'x', 3, ?, 1, 1, ?, 5)`,
      )
      .run(nzo, nzo, status, `c-${nzo}`, lastError);
  row('waits_sonarr', 'retrying', 'Sonarr did not answer (refused); this step runs again at 2026-01-01T00:00:00.000Z and no attempt was used.');
  row('waits_sab', 'retrying', 'SABnzbd did not answer (timeout); this step runs again at 2026-01-01T00:00:00.000Z and no attempt was used.');
  row('failed_plain', 'retrying', 'The replacement failed: Radarr did not answer (x)');
  const id = (old.sqlite.prepare(`SELECT id FROM download_monitoring WHERE nzo_id = 'waits_sonarr'`).get() as { id: number }).id;
  old.sqlite
    .prepare(`INSERT INTO recovery_attempts (download_id, attempt, strategy, outcome, started_at, error) VALUES (?, 1, 'alternative_release', 'started', 1, ?), (?, 2, 'alternative_release', 'failed', 1, 'plain')`)
    .run(id, 'unconfirmed: Sonarr did not answer (timeout); this step runs again at 2026-01-01T00:00:00.000Z and no attempt was used.', id);
  old.close();

  const now = openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER });
  try {
    const store = new DownloadMonitoringRepository(now.db);
    expect(store.get('waits_sonarr')).toMatchObject({ deferredBy: 'sonarr' });
    expect(store.get('waits_sab')).toMatchObject({ deferredBy: 'sabnzbd' });
    expect(store.get('failed_plain')).toMatchObject({ deferredBy: null });
    const [open, plain] = store.attempts('waits_sonarr');
    expect(open).toMatchObject({ outcome: 'started', unconfirmed: true, error: 'Sonarr did not answer (timeout); this step runs again at 2026-01-01T00:00:00.000Z and no attempt was used.' });
    expect(plain).toMatchObject({ unconfirmed: false, error: 'plain' });
  } finally {
    now.close();
  }
});
