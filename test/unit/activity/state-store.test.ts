import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStateStore, WantedItemsRepository } from '../../../main/core/activity/state-store';
import { openDatabase } from '../../../main/core/activity/database';
import { MIGRATIONS_FOLDER, openTempDatabase, type TempDatabase } from './temp-database';

let tdb: TempDatabase;
beforeEach(() => {
  tdb = openTempDatabase();
});
afterEach(() => tdb.dispose());

describe('SqliteStateStore', () => {
  it('remembers values across a reopen and overwrites on set', () => {
    const state = new SqliteStateStore(tdb.db);
    expect(state.get('history.lastUpdate')).toBeNull();
    state.set('history.lastUpdate', '100', 1);
    state.set('history.lastUpdate', '200', 2);
    state.set('other', 'x', 3);
    const reopened = openDatabase({ file: tdb.file, migrationsFolder: MIGRATIONS_FOLDER });
    try {
      const again = new SqliteStateStore(reopened.db);
      expect(again.get('history.lastUpdate')).toBe('200');
      expect(again.get('other')).toBe('x');
      expect(reopened.sqlite.prepare("SELECT updated_at FROM app_state WHERE key = 'history.lastUpdate'").get()).toEqual({ updated_at: 2 });
    } finally {
      reopened.close();
    }
  });
});

describe('WantedItemsRepository', () => {
  it('announces a missing item once, re-announces it after it was resolved, and lists open ones', () => {
    const wanted = new WantedItemsRepository(tdb.db);
    expect(wanted.upsertDetected('sonarr', 5, 'Show S01E01', 10).created).toBe(true);
    expect(wanted.upsertDetected('sonarr', 5, 'Show S01E01 (renamed)', 20)).toMatchObject({
      created: false,
      item: { detectedAt: 10, title: 'Show S01E01 (renamed)' },
    });
    expect(wanted.upsertDetected('radarr', 5, 'Movie', 30).created).toBe(true);
    expect(wanted.listOpen().map((w) => `${w.app}:${w.itemId}`)).toEqual(['sonarr:5', 'radarr:5']);
    expect(wanted.listOpen('radarr').map((w) => w.title)).toEqual(['Movie']);

    expect(wanted.markResolved('sonarr', 5, 40)).toBe(true);
    expect(wanted.markResolved('sonarr', 5, 41)).toBe(false);
    expect(wanted.markResolved('sonarr', 999, 41)).toBe(false);
    expect(wanted.listOpen().map((w) => `${w.app}:${w.itemId}`)).toEqual(['radarr:5']);

    const back = wanted.upsertDetected('sonarr', 5, 'Show S01E01', 50);
    expect(back).toMatchObject({ created: true, item: { detectedAt: 50, resolvedAt: null } });
    expect(wanted.listOpen()).toHaveLength(2);
  });
});
