// What the demo needs from the one fake Sonarr/Radarr and fake SABnzbd, beyond
// what the other tests use: a library that grows while the app runs, the fate
// of a job the app sends chosen by the caller (addOutcome), and no request log.
import { afterEach, expect, it } from 'vitest';
import { createRadarrClient } from '../../../main/core/arr/radarr-client';
import { createSonarrClient } from '../../../main/core/arr/sonarr-client';
import { startFakeRadarr, type FakeRadarr } from '../../fakes/fake-radarr';
import { FakeSabnzbdModel, startFakeSabnzbd, type FakeSabnzbdServer } from '../../fakes/fake-sabnzbd';
import { startFakeSonarr, type FakeSonarr } from '../../fakes/fake-sonarr';
import { FakeClock } from '../../support/fake-clock';

const clock = new FakeClock();
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

const release = (guid: string, title: string) => ({ guid, title, quality: { id: 3, name: 'WEBDL-1080p', source: 'web', resolution: 1080 } });
const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

async function sabWith(addOutcome?: (name: string) => string | null): Promise<FakeSabnzbdServer> {
  const model = new FakeSabnzbdModel({ now: () => clock.now(), defaultDurationMs: 1_000, ...(addOutcome ? { addOutcome: (job) => addOutcome(job.name) } : {}) });
  const sab = await startFakeSabnzbd({ model, apiKey: 'fakesab0123456789abcdef01234567' });
  open.push(sab);
  return sab;
}

it('an episode added while Sonarr runs is missing, searchable and grabbed into SABnzbd like a seeded one', async () => {
  const sab = await sabWith();
  const sonarr: FakeSonarr = await startFakeSonarr({ clock, sabnzbd: { url: sab.url, apiKey: sab.apiKey }, series: [{ id: 1, title: 'Grown Show', episodes: [] }] });
  open.push(sonarr);
  const client = createSonarrClient({ baseUrl: sonarr.url, apiKey: sonarr.apiKey });
  expect(await client.searchReleases(7)).toMatchObject({ ok: false, error: { code: 'not_found' } });

  sonarr.addEpisode(1, { id: 7, seasonNumber: 1, episodeNumber: 2, releases: [release('g-7', 'Grown.Show.S01E02.WEBDL-1080p-NTb')] });
  expect(unwrap(await client.wantedMissing()).records.map((e) => e.id)).toEqual([7]);
  const [found] = unwrap(await client.searchReleases(7));
  expect(found?.title).toBe('Grown.Show.S01E02.WEBDL-1080p-NTb');
  unwrap(await client.grabRelease({ guid: found!.guid, indexerId: found!.indexerId }));
  expect(sab.model.jobs.map((j) => [j.name, j.category])).toEqual([['Grown.Show.S01E02.WEBDL-1080p-NTb', 'tv']]);
  expect(() => sonarr.addEpisode(1, { id: 7, seasonNumber: 1, episodeNumber: 3 })).toThrow(/exists already/);
  expect(() => sonarr.addEpisode(9, { id: 8, seasonNumber: 1, episodeNumber: 1 })).toThrow(/no series 9/);
});

it('a movie added while Radarr runs is searchable; a series added later gets its episodes', async () => {
  const sab = await sabWith();
  const radarr: FakeRadarr = await startFakeRadarr({ clock, sabnzbd: { url: sab.url, apiKey: sab.apiKey } });
  open.push(radarr);
  radarr.addMovie({ id: 5, title: 'Late Film', releases: [release('m-5', 'Late.Film.2020.WEBDL-1080p-FLUX')] });
  const client = createRadarrClient({ baseUrl: radarr.url, apiKey: radarr.apiKey });
  expect(unwrap(await client.searchReleases(5)).map((r) => r.title)).toEqual(['Late.Film.2020.WEBDL-1080p-FLUX']);

  const sonarr = await startFakeSonarr({ clock });
  open.push(sonarr);
  sonarr.addSeries({ id: 2, title: 'Later Show', episodes: [{ id: 20, seasonNumber: 1, episodeNumber: 1, releases: [release('g-20', 'Later.Show.S01E01.WEBDL-1080p-NTb')] }] });
  expect(sonarr.core.search(20).map((h) => h.release.title)).toEqual(['Later.Show.S01E01.WEBDL-1080p-NTb']);
});

it('addOutcome decides how a job the app sends ends; a retry still asks retryOutcome', async () => {
  const sab = await sabWith((name) => (name.includes('bad') ? 'Unpacking failed, CRC error' : null));
  const sonarr = await startFakeSonarr({
    clock,
    sabnzbd: { url: sab.url, apiKey: sab.apiKey },
    autoRedownloadFailed: false,
    series: [{ id: 1, title: 'S', episodes: [{ id: 1, seasonNumber: 1, episodeNumber: 1 }, { id: 2, seasonNumber: 1, episodeNumber: 2 }] }],
  });
  open.push(sonarr);
  await sonarr.core.grab(1, release('a', 'S.S01E01.bad-NTb'), 'Search');
  await sonarr.core.grab(2, release('b', 'S.S01E02.good-NTb'), 'Search');
  clock.advance(2_000);
  sab.model.advance();
  expect(sab.model.history().map((j) => [j.name, j.status, j.failMessage])).toEqual(
    expect.arrayContaining([
      ['S.S01E01.bad-NTb', 'Failed', 'Unpacking failed, CRC error'],
      ['S.S01E02.good-NTb', 'Completed', ''],
    ]),
  );
  await sonarr.checkDownloads();
  expect(sonarr.core.history.filter((h) => h.eventType === 'downloadFailed').map((h) => h.itemId)).toEqual([1]);

  const again = sab.model.add({ name: 'S.S01E03.bad-NTb', category: 'tv' });
  sab.model.finish(again.nzoId, again.failWith);
  expect(sab.model.retry(again.nzoId)?.failWith).toBeNull();
});

it('recordCalls: false keeps no log of requests (the demo is polled for hours)', async () => {
  const quiet = await startFakeSonarr({ clock, recordCalls: false });
  const logged = await startFakeSonarr({ clock });
  open.push(quiet, logged);
  for (const fake of [quiet, logged]) await fetch(`${fake.url}/api/v3/system/status`, { headers: { 'X-Api-Key': fake.apiKey } });
  expect(quiet.calls).toEqual([]);
  expect(logged.calls.map((c) => c.path)).toEqual(['/system/status']);
});
