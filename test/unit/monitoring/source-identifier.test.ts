import { describe, expect, it } from 'vitest';
import type { ArrApp, ArrItemRef } from '../../../shared/domain';
import { defaultSettings } from '../../../shared/settings';
import { appForCategory, identifySource, type ArrDownloadLookup } from '../../../main/core/monitoring/source-identifier';

function lookup(app: ArrApp, known: Record<string, ArrItemRef>, calls: string[] = []): ArrDownloadLookup {
  return {
    app,
    findByDownloadId: async (id) => {
      calls.push(`${app}:${id}`);
      return known[id] ?? null;
    },
  };
}

function failing(app: ArrApp, message: string): ArrDownloadLookup {
  return {
    app,
    findByDownloadId: async () => {
      throw new Error(message);
    },
  };
}

const map = defaultSettings().categoryMap;
const episode: ArrItemRef = { seriesId: 7, episodeIds: [70, 71], title: 'Show S01E01' };
const movie: ArrItemRef = { movieId: 12, title: 'Movie 2018' };

describe('identifySource', () => {
  it('the *arr history wins over the category, whichever app knows the download', async () => {
    const calls: string[] = [];
    const r = await identifySource(
      { nzoId: 'SABnzbd_nzo_a', category: 'tv' },
      [lookup('sonarr', {}, calls), lookup('radarr', { SABnzbd_nzo_a: movie }, calls)],
      map,
    );
    expect(r).toEqual({ sourceApp: 'radarr', item: movie, via: 'arr_history', notes: [] });
    expect(calls.sort()).toEqual(['radarr:SABnzbd_nzo_a', 'sonarr:SABnzbd_nzo_a']);
  });

  it('falls back to the category map (tv → sonarr, movies → radarr by default)', async () => {
    const lookups = [lookup('sonarr', {}), lookup('radarr', {})];
    expect(await identifySource({ nzoId: 'x', category: 'tv' }, lookups, map)).toMatchObject({ sourceApp: 'sonarr', item: null, via: 'category_map' });
    expect(await identifySource({ nzoId: 'x', category: 'Movies' }, lookups, map)).toMatchObject({ sourceApp: 'radarr', via: 'category_map' });
  });

  it('neither → manual', async () => {
    const r = await identifySource({ nzoId: 'x', category: 'tiny' }, [lookup('sonarr', {}), lookup('radarr', {})], map);
    expect(r).toEqual({ sourceApp: 'manual', item: null, via: 'none', notes: [] });
    expect((await identifySource({ nzoId: 'x', category: null }, [], map)).sourceApp).toBe('manual');
  });

  it('a lookup error does not lose the failure: the category map answers and a note says why', async () => {
    const r = await identifySource({ nzoId: 'SABnzbd_nzo_b', category: 'tv' }, [failing('sonarr', 'Sonarr timed out'), lookup('radarr', {})], map);
    expect(r.sourceApp).toBe('sonarr');
    expect(r.via).toBe('category_map');
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toMatch(/Sonarr could not be asked about SABnzbd_nzo_b: Sonarr timed out \(used category "tv" instead\)/);
  });

  it('an error in one app does not hide an answer from the other', async () => {
    const r = await identifySource({ nzoId: 'c', category: 'tv' }, [failing('radarr', 'down'), lookup('sonarr', { c: episode })], map);
    expect(r).toMatchObject({ sourceApp: 'sonarr', item: episode, via: 'arr_history' });
    expect(r.notes[0]).toMatch(/Radarr could not be asked/);
  });

  it('all lookups failing and no category → manual, with the notes', async () => {
    const r = await identifySource({ nzoId: 'd', category: null }, [failing('sonarr', 'a'), failing('radarr', 'b')], map);
    expect(r.sourceApp).toBe('manual');
    expect(r.notes).toHaveLength(2);
  });

  it('a custom category map is honoured, case-insensitively', () => {
    expect(appForCategory('Anime', { anime: 'sonarr' })).toBe('sonarr');
    expect(appForCategory('tv', { anime: 'sonarr' })).toBeNull();
    expect(appForCategory(null, map)).toBeNull();
  });
});

describe('identifySource with several instances of an app', () => {
  function instance(id: string, app: ArrApp, category: string, known: Record<string, ArrItemRef>, calls: string[]): ArrDownloadLookup {
    return {
      app,
      instanceId: id,
      category,
      label: id,
      findByDownloadId: async (nzoId) => {
        calls.push(id);
        return known[nzoId] ?? null;
      },
    };
  }
  const movie4k: ArrItemRef = { movieId: 12, title: 'Movie 2018' };

  it.each([
    // [case, job category, who knows the job, expected instance, expected via]
    ['the 4K job is known by the 4K Radarr', 'movies-4k', 'radarr-4k', 'radarr-4k', 'arr_history'],
    ['the HD job is known by the HD Radarr', 'movies', 'radarr', 'radarr', 'arr_history'],
    ['a job sent with the HD category but known by the 4K Radarr belongs to the 4K one', 'movies', 'radarr-4k', 'radarr-4k', 'arr_history'],
    ['nobody knows the job: the instance with its category owns it', 'Movies-4K', null, 'radarr-4k', 'category_map'],
  ] as const)('%s', async (_case, category, knower, expected, via) => {
    const calls: string[] = [];
    const knows = (id: string): Record<string, ArrItemRef> => (knower === id ? { job: movie4k } : {});
    const r = await identifySource(
      { nzoId: 'job', category },
      [
        instance('sonarr', 'sonarr', 'tv', knows('sonarr'), calls),
        instance('radarr', 'radarr', 'movies', knows('radarr'), calls),
        instance('radarr-4k', 'radarr', 'movies-4k', knows('radarr-4k'), calls),
      ],
      map,
    );
    expect(r).toMatchObject({ sourceApp: 'radarr', via, instanceId: expected });
    // Every instance is asked by downloadId, the one with the job's category first.
    expect(calls).toHaveLength(3);
    expect(calls[0]).toBe(category.toLowerCase() === 'movies' ? 'radarr' : 'radarr-4k');
  });

  it('a category no instance uses falls back to the category map, naming no instance', async () => {
    const r = await identifySource({ nzoId: 'job', category: 'tv' }, [instance('radarr-4k', 'radarr', 'movies-4k', {}, [])], map);
    expect(r).toEqual({ sourceApp: 'sonarr', item: null, via: 'category_map', notes: [] });
  });
});
