// The demo's simulated media stack: the one fake SABnzbd and the one fake
// Sonarr and Radarr (the same fakes the tests use, built from the real apps'
// API), all on loopback; the *arr apps send their grabs to SABnzbd over HTTP
// and watch it for finished jobs, as the real ones do. Every `arrivalMs` a new
// episode or movie is grabbed; some of those downloads fail with the wording
// the real SABnzbd 3.7.1 uses (captured in the team's SABnzbd fixtures), so
// the core sees failures, recovers them through the *arr apps and parks what
// it cannot fix. Replacements mostly succeed; every fourth fails too, so a
// newcomer also sees a ladder of attempts and, now and then, the DLQ.
import { systemClock, type Clock } from '../core/clock';
import type { FakeQuality, SeedRelease } from './fake-arr-model';
import { startFakeRadarr, type FakeRadarr } from './fake-radarr';
import { FakeSabnzbdModel } from './fake-sabnzbd-model';
import { startFakeSabnzbd, type FakeSabnzbdServer } from './fake-sabnzbd-server';
import { startFakeSonarr, type FakeSonarr } from './fake-sonarr';

/** Real SABnzbd 3.7.1 fail_message wordings (shared fixtures: scenarios.json). */
export const DEMO_FAIL_MESSAGES = {
  missingArticles: 'Aborted, cannot be completed - https://sabnzbd.org/not-complete',
  notOnServer: 'Download failed - Not on your server(s) - https://sabnzbd.org/not-complete',
  repairFailed: 'Repair failed, not enough repair blocks (18 short)',
  crcError: 'Unpacking failed, CRC error',
  encrypted: 'Aborted, encryption detected',
  rarVerify: 'RAR files failed to verify',
  scriptFailed: 'Script exit code is 1',
  urlFetch: 'URL Fetching failed; File not on server',
} as const;

/** What each new grab does, in turn: null completes. */
const ARRIVALS: readonly { app: 'sonarr' | 'radarr' | 'manual'; failWith: string | null }[] = [
  { app: 'sonarr', failWith: DEMO_FAIL_MESSAGES.missingArticles },
  { app: 'radarr', failWith: null },
  { app: 'radarr', failWith: DEMO_FAIL_MESSAGES.crcError },
  { app: 'sonarr', failWith: null },
  { app: 'manual', failWith: DEMO_FAIL_MESSAGES.scriptFailed },
  { app: 'sonarr', failWith: DEMO_FAIL_MESSAGES.repairFailed },
  { app: 'radarr', failWith: DEMO_FAIL_MESSAGES.encrypted },
  { app: 'sonarr', failWith: null },
  { app: 'radarr', failWith: DEMO_FAIL_MESSAGES.rarVerify },
  { app: 'sonarr', failWith: DEMO_FAIL_MESSAGES.notOnServer },
];

const SHOWS = ['The Demo Show', 'Night Shift Diaries', 'Usenet Detectives'];
const MOVIES = ['The Long Download', 'Parity', 'Return of the Par2', 'Missing Articles', 'Seeders', 'The Indexer', 'Quality Profile'];

/** Each app's quality rungs, best first (the real apps' Quality.cs ids). */
const QUALITIES: Record<'sonarr' | 'radarr', FakeQuality[]> = {
  sonarr: [
    { id: 3, name: 'WEBDL-1080p', source: 'web', resolution: 1080 },
    { id: 9, name: 'HDTV-1080p', source: 'television', resolution: 1080 },
    { id: 4, name: 'HDTV-720p', source: 'television', resolution: 720 },
    { id: 1, name: 'SDTV', source: 'television', resolution: 480 },
  ],
  radarr: [
    { id: 7, name: 'Bluray-1080p', source: 'bluray', resolution: 1080 },
    { id: 3, name: 'WEBDL-1080p', source: 'webdl', resolution: 1080 },
    { id: 5, name: 'WEBDL-720p', source: 'webdl', resolution: 720 },
    { id: 6, name: 'Bluray-720p', source: 'bluray', resolution: 720 },
  ],
};
const GROUPS = ['NTb', 'FLUX', 'CAKES', 'SiGMA'];
const INDEXERS = [
  { id: 1, name: 'NZBgeek (Demo)' },
  { id: 2, name: 'DrunkenSlug (Demo)' },
];

/** What the indexers offer for an item: two releases per quality rung, so a failed one has alternatives. */
function releasesFor(app: 'sonarr' | 'radarr', itemId: number, base: string): SeedRelease[] {
  return QUALITIES[app].flatMap((quality, qi) =>
    [0, 1].map((k) => {
      const group = GROUPS[(qi * 2 + k) % GROUPS.length]!;
      const indexer = INDEXERS[k % INDEXERS.length]!;
      return {
        guid: `demo-${app}-${itemId}-${quality.id}-${k}`,
        indexerId: indexer.id,
        indexer: indexer.name,
        title: `${base}.${quality.name}-${group}`,
        quality,
        releaseGroup: group,
        size: Math.round(((quality.resolution ?? 480) / 480) * 900_000_000),
      };
    }),
  );
}

export interface DemoStackOptions {
  /** A new grab every this many ms. */
  arrivalMs?: number;
  /** How long a simulated download takes (ms). */
  downloadMs?: number;
  now?: () => number;
  /** Fixed ports (0 or absent: any free port). */
  ports?: { sabnzbd?: number; sonarr?: number; radarr?: number };
}

export interface DemoStack {
  readonly sabnzbd: FakeSabnzbdServer;
  readonly sonarr: FakeSonarr;
  readonly radarr: FakeRadarr;
  /** Grab the next scripted arrival now (the timer does this every arrivalMs); resolves once SABnzbd has the job. */
  arrive(): Promise<void>;
  stop(): Promise<void>;
}

const DEMO_KEYS = { sabnzbd: 'demo0sabnzbd0key000000000000000', sonarr: 'demo0sonarr0key0000000000000000', radarr: 'demo0radarr0key0000000000000000' } as const;

/** How often the demo's Sonarr/Radarr look at SABnzbd for finished jobs (the real apps: every minute). */
const ARR_CHECK_MS = 1_000;

export async function startDemoStack(options: DemoStackOptions = {}): Promise<DemoStack> {
  const clock: Clock = options.now ? { ...systemClock, now: options.now } : systemClock;
  const downloadMs = options.downloadMs ?? 4_000;
  // How each job SABnzbd is sent ends: an arrival as ARRIVALS says (by release title), any other grab
  // (the core's replacements: an alternative release, a lower quality) completes, but every fourth fails too.
  const scripted = new Map<string, string | null>();
  let replacements = 0;
  const outcomeOf = (name: string): string | null => {
    const fate = scripted.get(name);
    if (fate !== undefined) {
      scripted.delete(name);
      return fate;
    }
    return ++replacements % 4 === 0 ? DEMO_FAIL_MESSAGES.notOnServer : null;
  };
  const model = new FakeSabnzbdModel({ now: () => clock.now(), defaultDurationMs: downloadMs, addOutcome: (job) => outcomeOf(job.name) });
  const sabnzbd = await startFakeSabnzbd({ model, apiKey: DEMO_KEYS.sabnzbd, recordRequests: false, ...(options.ports?.sabnzbd ? { port: options.ports.sabnzbd } : {}) });
  const arrOptions = {
    clock,
    sabnzbd: { url: sabnzbd.url, apiKey: sabnzbd.apiKey },
    // Recovery is the core's job in the demo: the apps do not search again on their own, and keep
    // SABnzbd's history as it is so the core (and a newcomer) sees every failure there.
    autoRedownloadFailed: false,
    removeCompletedDownloads: false,
    removeFailedDownloads: false,
    checkIntervalMs: ARR_CHECK_MS,
    // The demo runs for hours: no log of every request.
    recordCalls: false,
  };
  const sonarr = await startFakeSonarr({
    ...arrOptions,
    apiKey: DEMO_KEYS.sonarr,
    series: SHOWS.map((title, i) => ({ id: i + 1, title, episodes: [] })),
    ...(options.ports?.sonarr ? { port: options.ports.sonarr } : {}),
  });
  const radarr = await startFakeRadarr({ ...arrOptions, apiKey: DEMO_KEYS.radarr, ...(options.ports?.radarr ? { port: options.ports.radarr } : {}) });

  let turn = 0;
  let episode = 0;
  let movie = 0;
  const newEpisode = (): number => {
    const n = episode++;
    const series = n % SHOWS.length;
    const number = Math.floor(n / SHOWS.length) + 1;
    const id = 100 + n;
    const seasonNumber = 1 + Math.floor((number - 1) / 10);
    const episodeNumber = ((number - 1) % 10) + 1;
    const base = `${SHOWS[series]!.replace(/\W+/g, '.')}.S${String(seasonNumber).padStart(2, '0')}E${String(episodeNumber).padStart(2, '0')}`;
    sonarr.addEpisode(series + 1, {
      id,
      title: `Episode ${number}`,
      seasonNumber,
      episodeNumber,
      airDateUtc: new Date(clock.now()).toISOString(),
      releases: releasesFor('sonarr', id, base),
    });
    return id;
  };
  const newMovie = (): number => {
    const n = movie++;
    const round = Math.floor(n / MOVIES.length);
    const id = 500 + n;
    const title = `${MOVIES[n % MOVIES.length]!}${round > 0 ? ` ${round + 1}` : ''}`;
    const year = 2015 + (n % 10);
    radarr.addMovie({ id, title, year, releases: releasesFor('radarr', id, `${title.replace(/\W+/g, '.')}.${year}`) });
    return id;
  };

  const arrive = async (): Promise<void> => {
    const next = ARRIVALS[turn++ % ARRIVALS.length]!;
    if (next.app === 'manual') {
      // A job added by hand in SABnzbd: no *arr knows it, so only a retry in SABnzbd can help (and does).
      model.add({ name: `Linux.Distro.${turn}.DVD-ISO`, category: '*', failWith: next.failWith });
      return;
    }
    const arr = next.app === 'sonarr' ? sonarr : radarr;
    const itemId = next.app === 'sonarr' ? newEpisode() : newMovie();
    // The app's own search found it (as an RSS sync or a search for a new item would) and sends the best release.
    const best = arr.core.search(itemId).find((hit) => hit.rejections.length === 0);
    if (!best) return;
    scripted.set(best.release.title, next.failWith);
    await arr.core.grab(itemId, best.release, 'Search');
  };

  // A grab cut off by stop() has nowhere to go; the next arrival is independent of it.
  const arrivals = setInterval(() => void arrive().catch(() => undefined), options.arrivalMs ?? 15_000);
  // Jobs finish on time even when nobody asks SABnzbd, so its history moves on its own.
  const ticker = setInterval(() => model.advance(), 250);
  arrivals.unref?.();
  ticker.unref?.();

  return {
    sabnzbd,
    sonarr,
    radarr,
    arrive,
    async stop() {
      clearInterval(arrivals);
      clearInterval(ticker);
      // The apps first: their download checks talk to SABnzbd.
      await Promise.all([sonarr.close(), radarr.close()]);
      await sabnzbd.close();
    },
  };
}
