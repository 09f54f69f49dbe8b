// The SABnzbd, Sonarr and Radarr clients the core talks to, built from the
// current settings and secrets. Clients are rebuilt only when their address
// or key changes, so a settings change applies at the next request without a
// restart, and nothing else holds on to a stale client.
import type { ArrApp } from '../../../shared/domain';
import type { Settings, SecretName } from '../../../shared/settings';
import type { Clock } from '../clock';
import { createRadarrClient, type RadarrClient } from '../arr/radarr-client';
import { createSonarrClient, type SonarrClient } from '../arr/sonarr-client';
import type { ArrDownloadLookup } from '../monitoring/source-identifier';
import { radarrGateway, sonarrGateway } from '../recovery/arr-gateway';
import type { RecoveryArrs, RecoverySabnzbd } from '../recovery/recovery-ports';
import { SabnzbdClient, type FetchFn } from '../sabnzbd/sabnzbd-client';
import { sabnzbdRecoveryPort } from '../sabnzbd/sabnzbd-recovery-port';

export interface ServiceConnectionsOptions {
  settings: () => Settings;
  secret: (name: SecretName) => string | null;
  fetch?: FetchFn;
  clock: Clock;
}

export interface ArrConnection {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  fetch?: FetchFn;
  clock: Clock;
}

type Cached<T> = { key: string; client: T } | null;

export class ServiceConnections {
  readonly sabnzbd: SabnzbdClient;
  /** SABnzbd as recovery sees it (the download-client port). */
  readonly recoverySabnzbd: RecoverySabnzbd;
  private sonarrCache: Cached<SonarrClient> = null;
  private radarrCache: Cached<RadarrClient> = null;

  constructor(private readonly options: ServiceConnectionsOptions) {
    // The SABnzbd client reads its connection on every request.
    this.sabnzbd = new SabnzbdClient({
      connection: () => {
        const s = options.settings();
        return { url: s.sabnzbd.url, apiKey: options.secret('sabnzbd') ?? '', timeoutMs: s.monitoring.requestTimeoutMs };
      },
      fetch: options.fetch,
      clock: options.clock,
    });
    this.recoverySabnzbd = sabnzbdRecoveryPort(this.sabnzbd);
  }

  /** Whether a service has both an address and a key (and is enabled). */
  isConfigured(service: 'sabnzbd' | ArrApp): boolean {
    const s = this.options.settings()[service];
    return s.enabled && s.url.trim() !== '' && (this.options.secret(service) ?? '') !== '';
  }

  /** Connection options for an *arr, or null when it is not configured. */
  arrConnection(app: ArrApp): ArrConnection | null {
    if (!this.isConfigured(app)) return null;
    const s = this.options.settings();
    return {
      baseUrl: s[app].url,
      apiKey: this.options.secret(app) ?? '',
      timeoutMs: s.monitoring.requestTimeoutMs,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      clock: this.options.clock,
    };
  }

  sonarr(): SonarrClient | null {
    const conn = this.arrConnection('sonarr');
    if (!conn) return (this.sonarrCache = null);
    const key = `${conn.baseUrl}\n${conn.apiKey}\n${conn.timeoutMs}`;
    if (this.sonarrCache?.key !== key) this.sonarrCache = { key, client: createSonarrClient(conn) };
    return this.sonarrCache.client;
  }

  radarr(): RadarrClient | null {
    const conn = this.arrConnection('radarr');
    if (!conn) return (this.radarrCache = null);
    const key = `${conn.baseUrl}\n${conn.apiKey}\n${conn.timeoutMs}`;
    if (this.radarrCache?.key !== key) this.radarrCache = { key, client: createRadarrClient(conn) };
    return this.radarrCache.client;
  }

  /** Sonarr/Radarr as the recovery engine sees them. */
  recoveryArrs(): RecoveryArrs {
    const out: RecoveryArrs = {};
    const sonarr = this.sonarr();
    const radarr = this.radarr();
    if (sonarr) out.sonarr = sonarrGateway(sonarr);
    if (radarr) out.radarr = radarrGateway(radarr);
    return out;
  }

  /** Sonarr/Radarr as the poller's source identification sees them. */
  lookups(): ArrDownloadLookup[] {
    const out: ArrDownloadLookup[] = [];
    const sonarr = this.sonarr();
    const radarr = this.radarr();
    if (sonarr) out.push({ app: 'sonarr', findByDownloadId: (id) => sonarr.findByDownloadId(id) });
    if (radarr) out.push({ app: 'radarr', findByDownloadId: (id) => radarr.findByDownloadId(id) });
    return out;
  }
}
