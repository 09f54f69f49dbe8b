// The whole stack for the window's real e2e, in the Playwright worker: a
// loopback news server, the REAL SABnzbd 3.7.1 downloading from it, fake
// Sonarr/Radarr that send their grabs to that SABnzbd and watch it, and
// browser mode (the real core on a temp data dir + the HTTP/WS binding)
// serving the built window. Fails, never skips, when SABnzbd is not
// installed: SabnzbdInstance.start() throws.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrowserMode, type BrowserMode } from '../../../main/browser-mode';
import type { RecoveryEngineOptions } from '../../../main/core/recovery/recovery-engine';
import type { FakeQuality, SeedRelease } from '../../fakes/fake-arr-model';
import type { FakeArr } from '../../fakes/fake-arr-server';
import { startFakeRadarr } from '../../fakes/fake-radarr';
import { startFakeSonarr } from '../../fakes/fake-sonarr';
import { NntpServer } from '../../integration/harness/nntp-server';
import { buildPost } from '../../integration/harness/nzb-builder';
import { pseudoRandomBytes } from '../../integration/harness/payloads';
import { SabnzbdInstance } from '../../integration/harness/sabnzbd-instance';

export const WEBDL_1080: FakeQuality = { id: 3, name: 'WEBDL-1080p', source: 'web', resolution: 1080 };
export const HDTV_720: FakeQuality = { id: 4, name: 'HDTV-720p', source: 'television', resolution: 720 };

export const SERIES_TITLE = 'Window Show';
/** Episode ids of the fake Sonarr's one series (S01E01…S01E08). */
export const EPISODES = [201, 202, 203, 204, 205, 206, 207, 208];

/** A scene-style name for a release of episode `episode` (an id from EPISODES). */
export function episodeRelease(episode: number, quality: FakeQuality, group: string): string {
  const e = String(EPISODES.indexOf(episode) + 1).padStart(2, '0');
  return `${SERIES_TITLE.replace(/ /g, '.')}.S01E${e}.${quality.name}-${group.toUpperCase()}`;
}

export interface RealStackOptions {
  /** The built renderer to serve. */
  staticDir: string;
  recovery?: Partial<RecoveryEngineOptions>;
  /** Sonarr's "Redownload Failed" at start (changeable later with sonarr.setAutoRedownload). */
  sonarrAutoRedownload?: boolean;
  /** How long Sonarr's automatic searches take (a search over many indexers); default at once. */
  sonarrSearchMs?: number;
}

export interface RealStack {
  readonly nntp: NntpServer;
  readonly sab: SabnzbdInstance;
  readonly sonarr: FakeArr;
  readonly radarr: FakeArr;
  readonly app: BrowserMode;
  readonly dataDir: string;
  /** The address a person opens, token included, at a view. */
  openUrl(hash?: string): string;
  /**
   * A release whose NZB is a real post: the news server has its articles (good) or has
   * none of them (bad: SABnzbd fails it as "Not on your server(s)", i.e. missing articles).
   */
  release(title: string, guid: string, quality: FakeQuality, good: boolean): SeedRelease;
  /** Sonarr grabs `release` for `episode` by itself (an RSS/automatic search): the job lands in SABnzbd's tv category. Answers its nzo_id. */
  sonarrGrabs(episode: number, release: SeedRelease): Promise<string>;
  /** Ask the core to poll SABnzbd now (the poll interval is 5 s at least). */
  pollNow(): Promise<void>;
  close(): Promise<void>;
}

export async function startRealStack(options: RealStackOptions): Promise<RealStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'autoarr-e2e-real-'));
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dataDir, { recursive: true, force: true })];
  const close = async () => {
    for (const c of cleanups.splice(0).reverse()) await Promise.resolve(c()).catch((e: unknown) => console.warn('[real-stack] cleanup failed:', e));
  };
  try {
    const nntp = await NntpServer.start();
    cleanups.push(() => nntp.stop());
    const sab = await SabnzbdInstance.start({ nntp, tinyBytes: 0 });
    cleanups.push(() => sab.stop());
    const sabUrl = `${sab.url}/sabnzbd`;
    const sonarr = await startFakeSonarr({
      autoRedownloadFailed: options.sonarrAutoRedownload ?? false,
      searchDurationMs: options.sonarrSearchMs ?? 0,
      // "Remove Failed" off so the failed job stays in SABnzbd's history for the poller.
      removeFailedDownloads: false,
      checkIntervalMs: 1_000,
      sabnzbd: { url: sabUrl, apiKey: sab.apiKey, category: 'tv' },
      series: [{ id: 1, title: SERIES_TITLE, episodes: EPISODES.map((id, i) => ({ id, seasonNumber: 1, episodeNumber: i + 1 })) }],
    });
    cleanups.push(() => sonarr.close());
    const radarr = await startFakeRadarr({
      autoRedownloadFailed: false,
      removeFailedDownloads: false,
      checkIntervalMs: 1_000,
      sabnzbd: { url: sabUrl, apiKey: sab.apiKey, category: 'movies' },
      movies: [{ id: 1, title: 'Window Movie', year: 2024 }],
    });
    cleanups.push(() => radarr.close());

    const token = randomBytes(24).toString('base64url');
    const app = await startBrowserMode({
      dataDir,
      port: 0,
      host: '127.0.0.1',
      staticDir: options.staticDir,
      tokenEnv: { AUTOARR_TOKEN: token },
      notify: false,
      recovery: { outcomeCheckMs: 1_000, auditOnStart: false, ...options.recovery },
      prepareSettings: (settings) => {
        const r = settings.update({
          sabnzbd: { url: sabUrl, enabled: true },
          sonarr: { url: sonarr.url, enabled: true },
          radarr: { url: radarr.url, enabled: true },
          monitoring: { pollIntervalSeconds: 5, baseBackoffSeconds: 1, maxRetries: 3, requestTimeoutMs: 10_000 },
          notifications: { onFailed: false, onDlq: false, onRecovered: false },
          apiKeys: { sabnzbd: sab.apiKey, sonarr: sonarr.apiKey, radarr: radarr.apiKey },
        });
        if (!r.ok) throw new Error(`real-stack settings were refused: ${r.error.message}`);
      },
    });
    cleanups.push(() => app.close());

    return {
      nntp,
      sab,
      sonarr,
      radarr,
      app,
      dataDir,
      openUrl: (hash = '#/overview') => `${app.url}/?token=${encodeURIComponent(app.token)}${hash}`,
      release(title, guid, quality, good) {
        const post = buildPost({ files: [{ name: `${title}.mkv`, data: pseudoRandomBytes(guid, 96 * 1024) }], withhold: () => !good });
        if (good) nntp.addArticles(post.articles);
        return { guid, title, quality, releaseGroup: guid.toUpperCase(), nzb: post.nzbXml };
      },
      async sonarrGrabs(episode, release) {
        const td = await sonarr.core.grab(episode, release, 'Search');
        return td.downloadId;
      },
      async pollNow() {
        const r = await app.core.handlers['monitoring.pollNow']({});
        if (!r.ok) throw new Error(`pollNow failed: ${r.error.message}`);
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
