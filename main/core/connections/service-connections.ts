// The download client (SABnzbd or NZBGet, as Settings choose), Sonarr and
// Radarr clients the core talks to, built from the current settings and secrets. Clients are rebuilt only when their address
// or key changes, so a settings change applies at the next request without a
// restart, and nothing else holds on to a stale client.
import type { ArrApp } from '../../../shared/domain';
import { ARR_KIND_LABEL, type ArrInstance, type Settings, type SecretName } from '../../../shared/settings';
import { activeInstances, isSectionInstance } from '../settings/arr-instance-list';
import type { Clock } from '../clock';
import { createRadarrClient, type RadarrClient } from '../arr/radarr-client';
import { createSonarrClient, type SonarrClient } from '../arr/sonarr-client';
import type { ArrDownloadLookup } from '../monitoring/source-identifier';
import { radarrGateway, sonarrGateway } from '../recovery/arr-gateway';
import { SelectedDownloadClient } from '../download-client/selected-download-client';
import { NzbgetClient } from '../nzbget/nzbget-client';
import { NzbgetDownloadClient } from '../nzbget/nzbget-download-client';
import { nzbgetRecoveryPort } from '../nzbget/nzbget-recovery-port';
import type { RecoveryArr, RecoveryArrs, RecoveryDownloadClient } from '../recovery/recovery-ports';
import { SabnzbdClient, type FetchFn } from '../sabnzbd/sabnzbd-client';
import { SabnzbdDownloadClient } from '../sabnzbd/sabnzbd-download-client';
import { sabnzbdRecoveryPort } from '../sabnzbd/sabnzbd-recovery-port';

export interface ServiceConnectionsOptions {
  settings: () => Settings;
  secret: (name: SecretName) => string | null;
  /** An *arr instance's key by instance id (the first Sonarr/Radarr's are `secret('sonarr')`/`secret('radarr')`). */
  instanceSecret?: (id: string) => string | null;
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

/** A configured Sonarr or Radarr instance with its client. */
export type ArrInstanceClient =
  | { kind: 'sonarr'; instance: ArrInstance; client: SonarrClient }
  | { kind: 'radarr'; instance: ArrInstance; client: RadarrClient };

export class ServiceConnections {
  readonly sabnzbd: SabnzbdClient;
  readonly nzbget: NzbgetClient;
  /**
   * The download client Settings choose (`downloadClient`), through the port: what the
   * poller, recovery and the audit use. Each call goes to the client chosen at that moment.
   */
  readonly downloadClient: SelectedDownloadClient;
  /** The same, as recovery sees it (kept for callers that name it so). */
  readonly recoverySabnzbd: RecoveryDownloadClient;
  private sonarrCache: Cached<SonarrClient> = null;
  private radarrCache: Cached<RadarrClient> = null;
  private readonly instanceCache = new Map<string, { key: string; client: SonarrClient | RadarrClient }>();

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
    this.nzbget = new NzbgetClient({
      connection: () => {
        const s = options.settings();
        return { url: s.nzbget.url, username: s.nzbget.username, password: options.secret('nzbget') ?? '', timeoutMs: s.monitoring.requestTimeoutMs };
      },
      ...(options.fetch ? { fetch: options.fetch } : {}),
      clock: options.clock,
    });
    const sabnzbd = { port: new SabnzbdDownloadClient(this.sabnzbd), recovery: sabnzbdRecoveryPort(this.sabnzbd) };
    const nzbgetPort = new NzbgetDownloadClient(this.nzbget);
    const nzbget = { port: nzbgetPort, recovery: nzbgetRecoveryPort(nzbgetPort) };
    this.downloadClient = new SelectedDownloadClient(() => (options.settings().downloadClient === 'nzbget' ? nzbget : sabnzbd));
    this.recoverySabnzbd = this.downloadClient;
  }

  /** Whether a service has both an address and a key (and is enabled). NZBGet may run without a password. */
  isConfigured(service: 'sabnzbd' | 'nzbget' | ArrApp): boolean {
    const s = this.options.settings()[service];
    if (service === 'nzbget') return s.enabled && s.url.trim() !== '';
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

  /**
   * Every configured Sonarr/Radarr instance (enabled, with an address and a key)
   * with its client, in the settings' order. The first Sonarr/Radarr share the
   * clients of sonarr()/radarr().
   */
  instanceClients(): ArrInstanceClient[] {
    const settings = this.options.settings();
    const out: ArrInstanceClient[] = [];
    const seen = new Set<string>();
    for (const instance of activeInstances(settings)) {
      seen.add(instance.id);
      if (instance.kind === 'sonarr') {
        const client = instance.id === 'sonarr' ? this.sonarr() : this.instanceClient(instance, settings, createSonarrClient);
        if (client) out.push({ kind: 'sonarr', instance, client });
      } else if (instance.kind === 'radarr') {
        const client = instance.id === 'radarr' ? this.radarr() : this.instanceClient(instance, settings, createRadarrClient);
        if (client) out.push({ kind: 'radarr', instance, client });
      }
    }
    for (const id of this.instanceCache.keys()) if (!seen.has(id)) this.instanceCache.delete(id);
    return out;
  }

  private instanceClient<T extends SonarrClient | RadarrClient>(
    instance: ArrInstance,
    settings: Settings,
    create: (conn: ArrConnection) => T,
  ): T | null {
    if (isSectionInstance(instance.id)) return null;
    const apiKey = this.options.instanceSecret?.(instance.id) ?? '';
    if (apiKey === '') return null;
    const conn: ArrConnection = {
      baseUrl: instance.url,
      apiKey,
      timeoutMs: settings.monitoring.requestTimeoutMs,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      clock: this.options.clock,
    };
    const key = `${instance.kind}\n${conn.baseUrl}\n${conn.apiKey}\n${conn.timeoutMs}`;
    const cached = this.instanceCache.get(instance.id);
    if (cached?.key === key) return cached.client as T;
    const client = create(conn);
    this.instanceCache.set(instance.id, { key, client });
    return client;
  }

  /** Sonarr/Radarr as the recovery engine sees them: the first of each app by app, every instance by id. */
  recoveryArrs(): RecoveryArrs {
    const out: { sonarr?: RecoveryArr; radarr?: RecoveryArr } = {};
    const sonarr = this.sonarr();
    const radarr = this.radarr();
    if (sonarr) out.sonarr = sonarrGateway(sonarr);
    if (radarr) out.radarr = radarrGateway(radarr);
    const instances: Record<string, RecoveryArr> = {};
    for (const c of this.instanceClients()) {
      const instance = { id: c.instance.id, label: c.instance.name || ARR_KIND_LABEL[c.kind] };
      instances[c.instance.id] = c.kind === 'sonarr' ? sonarrGateway(c.client, instance) : radarrGateway(c.client, instance);
    }
    return { ...out, instances };
  }

  /** Every Sonarr/Radarr instance as the poller's source identification sees it. */
  lookups(): ArrDownloadLookup[] {
    return this.instanceClients().map((c) => ({
      app: c.kind,
      instanceId: c.instance.id,
      category: c.instance.category,
      label: c.instance.name || ARR_KIND_LABEL[c.kind],
      findByDownloadId: (id: string) => c.client.findByDownloadId(id),
    }));
  }
}
