import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/activity/database';
import { WantedItemsRepository } from '../../../main/core/activity/state-store';
import { createLidarrClient } from '../../../main/core/arr/lidarr-client';
import { createRadarrClient } from '../../../main/core/arr/radarr-client';
import { createReadarrClient } from '../../../main/core/arr/readarr-client';
import { systemClock } from '../../../main/core/clock';
import { lidarrGateway, radarrGateway, readarrGateway } from '../../../main/core/recovery/arr-gateway';
import { silentLogger } from '../../../main/core/recovery/recovery-ports';
import { diffWanted } from '../../../main/core/wanted/wanted-diff';
import { WantedWatcher } from '../../../main/core/wanted/wanted-watcher';
import { defaultSettings } from '../../../shared/settings';
import { startFakeLidarr } from '../../fakes/fake-lidarr';
import { startFakeRadarr } from '../../fakes/fake-radarr';
import { startFakeReadarr } from '../../fakes/fake-readarr';
import type { FakeArr } from '../../fakes/fake-arr-server';
import { createRecordingBus } from '../../support/recording-bus';
import { MIGRATIONS_FOLDER, openTempDatabase, type TempDatabase } from '../activity/temp-database';

describe('diffWanted', () => {
  it('new items are detected, vanished ones resolved', () => {
    const d = diffWanted(
      [{ itemId: 1, title: 'A' }, { itemId: 2, title: 'B' }],
      [{ itemId: 2, title: 'B', seriesId: null, movieId: 2 }, { itemId: 3, title: 'C', seriesId: null, movieId: 3 }],
    );
    expect(d.detected.map((x) => x.itemId)).toEqual([3]);
    expect(d.resolved).toEqual([{ itemId: 1, title: 'A' }]);
  });
});

describe('WantedWatcher with a fake Radarr and a real wanted_items table', () => {
  let radarr: FakeArr | null = null;
  let db: TempDatabase | null = null;
  afterEach(async () => {
    await radarr?.close();
    db?.dispose();
  });

  it('announces each missing movie once, across a restart, and resolves it when it has a file', async () => {
    const rb = createRecordingBus();
    radarr = await startFakeRadarr({ clock: rb.clock, movies: [{ id: 7, title: 'Film', year: 2020 }, { id: 8, title: 'Other', hasFile: true }] });
    db = openTempDatabase();
    const gateway = radarrGateway(createRadarrClient({ baseUrl: radarr.url, apiKey: radarr.apiKey, clock: systemClock }));
    const watcher = (store: WantedItemsRepository) =>
      new WantedWatcher({ bus: rb.bus, clock: rb.clock, store, settings: defaultSettings, sources: () => ({ radarr: gateway }), logger: silentLogger });

    expect(await watcher(new WantedItemsRepository(db.db)).checkNow()).toEqual({ detected: 1, resolved: 0, errors: [] });
    expect(rb.ofType('wanted.item_detected').map((e) => e.payload)).toEqual([{ app: 'radarr', itemId: 7, title: 'Film (2020)', seriesId: null, movieId: 7 }]);

    // Restart: a new watcher on the same file announces nothing again.
    db.close();
    const reopened = openDatabase({ file: path.join(db.dir, 'autoarr.db'), migrationsFolder: MIGRATIONS_FOLDER });
    db = { ...reopened, dir: db.dir, dispose: () => reopened.close() };
    const again = watcher(new WantedItemsRepository(reopened.db));
    expect(await again.checkNow()).toEqual({ detected: 0, resolved: 0, errors: [] });

    radarr.core.flavor.setHasFile(7, true);
    expect(await again.checkNow()).toEqual({ detected: 0, resolved: 1, errors: [] });
    expect(rb.ofType('wanted.item_resolved').map((e) => e.payload)).toEqual([{ app: 'radarr', itemId: 7, title: 'Film (2020)' }]);
  });

  it('reads Lidarr and Readarr too: each missing album and book is announced under its app, with its artist/author in the title', async () => {
    const rb = createRecordingBus();
    const lidarr = await startFakeLidarr({ clock: rb.clock, artists: [{ id: 5, artistName: 'Some Artist' }], albums: [{ id: 40, artistId: 5, title: 'Some Album' }] });
    const readarr = await startFakeReadarr({ clock: rb.clock, authors: [{ id: 9, authorName: 'Some Author' }], books: [{ id: 77, authorId: 9, title: 'Some Book' }] });
    try {
      db = openTempDatabase();
      const conn = (arr: FakeArr) => ({ baseUrl: arr.url, apiKey: arr.apiKey, clock: systemClock });
      const sources = () => ({
        lidarr: lidarrGateway(createLidarrClient(conn(lidarr)), { id: 'lidarr', label: 'Lidarr' }),
        readarr: readarrGateway(createReadarrClient(conn(readarr)), { id: 'readarr', label: 'Readarr' }),
      });
      const watcher = new WantedWatcher({ bus: rb.bus, clock: rb.clock, store: new WantedItemsRepository(db.db), settings: defaultSettings, sources, logger: silentLogger });
      expect(await watcher.checkNow()).toEqual({ detected: 2, resolved: 0, errors: [] });
      expect(rb.ofType('wanted.item_detected').map((e) => [e.payload.app, e.payload.itemId, e.payload.title])).toEqual([
        ['lidarr', 40, 'Some Artist - Some Album'],
        ['readarr', 77, 'Some Author - Some Book'],
      ]);
      lidarr.core.flavor.setHasFile(40, true);
      expect(await watcher.checkNow()).toEqual({ detected: 0, resolved: 1, errors: [] });
      expect(rb.ofType('wanted.item_resolved').map((e) => e.payload.app)).toEqual(['lidarr']);
    } finally {
      await Promise.all([lidarr.close(), readarr.close()]);
    }
  });

  it('runs on the clock at the wanted interval and resolves nothing when the list cannot be read', async () => {
    const rb = createRecordingBus();
    db = openTempDatabase();
    const store = new WantedItemsRepository(db.db);
    store.upsertDetected('radarr', 9, 'Kept', rb.clock.now());
    let calls = 0;
    const w = new WantedWatcher({
      bus: rb.bus,
      clock: rb.clock,
      store,
      settings: defaultSettings,
      logger: silentLogger,
      sources: () => ({
        radarr: {
          missingItems: async () => {
            calls++;
            return { ok: false, error: { code: 'unreachable', message: 'down' } };
          },
        } as unknown as ReturnType<typeof radarrGateway>,
      }),
    });
    w.start();
    await rb.clock.advanceAsync(1);
    expect(calls).toBe(1);
    await rb.clock.advanceAsync(900_000, 300_000);
    expect(calls).toBe(2);
    await w.stop();
    expect(store.listOpen('radarr').map((i) => i.itemId)).toEqual([9]);
    expect(rb.ofType('wanted.item_resolved')).toEqual([]);
  });
});
