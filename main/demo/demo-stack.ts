// The demo's simulated media stack: one SABnzbd and a Sonarr and a Radarr
// that send their grabs to it, all on loopback. Every `arrivalMs` a new
// episode or movie is grabbed; some of those downloads fail with the wording
// the real SABnzbd 3.7.1 uses (captured in the team's SABnzbd fixtures), so
// the core sees failures, recovers them through the *arr apps and parks what
// it cannot fix. Replacements mostly succeed; every fourth fails too, so a
// newcomer also sees a ladder of attempts and, now and then, the DLQ.
import { startArrSimulator, type ArrSimulatorServer, type SimItem } from './arr-simulator';
import { FakeSabnzbdModel } from './fake-sabnzbd-model';
import { startFakeSabnzbd, type FakeSabnzbdServer } from './fake-sabnzbd-server';

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
  readonly sonarr: ArrSimulatorServer;
  readonly radarr: ArrSimulatorServer;
  /** Grab the next scripted arrival now (the timer does this every arrivalMs). */
  arrive(): void;
  stop(): Promise<void>;
}

const DEMO_KEYS = { sabnzbd: 'demo0sabnzbd0key000000000000000', sonarr: 'demo0sonarr0key0000000000000000', radarr: 'demo0radarr0key0000000000000000' } as const;

export async function startDemoStack(options: DemoStackOptions = {}): Promise<DemoStack> {
  const now = options.now ?? Date.now;
  const downloadMs = options.downloadMs ?? 4_000;
  const model = new FakeSabnzbdModel({ now, defaultDurationMs: downloadMs });
  const sabnzbd = await startFakeSabnzbd({ model, apiKey: DEMO_KEYS.sabnzbd, ...(options.ports?.sabnzbd ? { port: options.ports.sabnzbd } : {}) });
  // Grabs the core makes (alternative release, lower quality): every fourth fails as well.
  const recoveryOutcome = (_r: unknown, n: number) => (n % 4 === 0 ? DEMO_FAIL_MESSAGES.notOnServer : null);
  const sonarr = await startArrSimulator({
    app: 'sonarr',
    apiKey: DEMO_KEYS.sonarr,
    sab: model,
    now,
    items: [],
    outcomeOf: recoveryOutcome,
    ...(options.ports?.sonarr ? { port: options.ports.sonarr } : {}),
  });
  const radarr = await startArrSimulator({
    app: 'radarr',
    apiKey: DEMO_KEYS.radarr,
    sab: model,
    now,
    items: [],
    outcomeOf: recoveryOutcome,
    ...(options.ports?.radarr ? { port: options.ports.radarr } : {}),
  });

  let turn = 0;
  let episode = 0;
  let movie = 0;
  const newEpisode = (): SimItem => {
    const n = episode++;
    const series = n % SHOWS.length;
    const number = Math.floor(n / SHOWS.length) + 1;
    return {
      id: 100 + n,
      title: `Episode ${number}`,
      seriesId: series + 1,
      seriesTitle: SHOWS[series]!,
      seasonNumber: 1 + Math.floor((number - 1) / 10),
      episodeNumber: ((number - 1) % 10) + 1,
      hasFile: false,
    };
  };
  const newMovie = (): SimItem => {
    const n = movie++;
    const round = Math.floor(n / MOVIES.length);
    return { id: 500 + n, title: `${MOVIES[n % MOVIES.length]!}${round > 0 ? ` ${round + 1}` : ''}`, year: 2015 + (n % 10), hasFile: false };
  };

  const arrive = () => {
    const next = ARRIVALS[turn++ % ARRIVALS.length]!;
    if (next.app === 'manual') {
      // A job added by hand in SABnzbd: no *arr knows it, so only a retry in SABnzbd can help (and does).
      model.add({ name: `Linux.Distro.${turn}.DVD-ISO`, category: '*', failWith: next.failWith });
      return;
    }
    const arr = next.app === 'sonarr' ? sonarr : radarr;
    const item = next.app === 'sonarr' ? newEpisode() : newMovie();
    arr.model.items.set(item.id, item);
    const release = arr.model.search(item.id)[0];
    if (release) arr.model.grab(release, next.failWith);
  };

  const arrivals = setInterval(arrive, options.arrivalMs ?? 15_000);
  // Jobs finish on time even when nobody asks SABnzbd, so the *arr apps' history moves on its own.
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
      await Promise.all([sabnzbd.close(), sonarr.close(), radarr.close()]);
    },
  };
}
