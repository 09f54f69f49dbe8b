// The download client (SABnzbd or NZBGet, as Settings choose) and the *arr
// clients (Sonarr, Radarr, Lidarr, Readarr) the core talks to, built from the current settings and secrets. Clients are rebuilt only when their address
// or key changes, so a settings change applies at the next request without a
// restart, and nothing else holds on to a stale client.
import type { ArrApp } from '../../../shared/domain';
import { ARR_KIND_LABEL, type ArrInstance, type Settings, type SecretName } from '../../../shared/settings';
import { activeInstances, isSectionInstance, type SectionInstanceId } from '../settings/arr-instance-list';
import type { Clock } from '../clock';
import type { ArrResult } from '../arr/arr-result';
import type { ItemPage } from '../arr/item-page';
import { createLidarrClient, type LidarrClient } from '../arr/lidarr-client';
import { createRadarrClient, type RadarrClient } from '../arr/radarr-client';
import { createReadarrClient, type ReadarrClient } from '../arr/readarr-client';
import { createSonarrClient, type SonarrClient } from '../arr/sonarr-client';
import type { ArrDownloadLookup } from '../monitoring/source-identifier';
import { lidarrGateway, radarrGateway, readarrGateway, sonarrGateway } from '../recovery/arr-gateway';
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

/** A configured *arr instance with its client. */
export type ArrInstanceClient =
  | { kind: 'sonarr'; instance: ArrInstance; client: SonarrClient }
  | { kind: 'radarr'; instance: ArrInstance; client: RadarrClient }
  | { kind: 'lidarr'; instance: ArrInstance; client: LidarrClient }
  | { kind: 'readarr'; instance: ArrInstance; client: ReadarrClient };

type AnyArrClient = ArrInstanceClient['client'];

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
  private readonly instanceCache = new Map<string, { key: string; client: AnyArrClient }>();

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
  isConfigured(service: 'sabnzbd' | 'nzbget' | SectionInstanceId): boolean {
    const s = this.options.settings()[service];
    if (service === 'nzbget') return s.enabled && s.url.trim() !== '';
    return s.enabled && s.url.trim() !== '' && (this.options.secret(service) ?? '') !== '';
  }

  /** Connection options for the first Sonarr/Radarr (their own sections), or null when it is not configured. */
  arrConnection(app: SectionInstanceId): ArrConnection | null {
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
   * Every configured *arr instance (enabled, with an address and a key) with its
   * client, in the settings' order. The first Sonarr/Radarr share the clients of
   * sonarr()/radarr(); Lidarr and Readarr have no section, every one of them is
   * an instance of the list.
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
      } else if (instance.kind === 'lidarr') {
        const client = this.instanceClient(instance, settings, createLidarrClient);
        if (client) out.push({ kind: 'lidarr', instance, client });
      } else {
        const client = this.instanceClient(instance, settings, createReadarrClient);
        if (client) out.push({ kind: 'readarr', instance, client });
      }
    }
    for (const id of this.instanceCache.keys()) if (!seen.has(id)) this.instanceCache.delete(id);
    return out;
  }

  private instanceClient<T extends AnyArrClient>(
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

  /**
   * The *arr apps as the recovery engine sees them: the first of each app by app (the first
   * Sonarr/Radarr as their sections, the first Lidarr/Readarr of the list), every instance by id.
   */
  recoveryArrs(): RecoveryArrs {
    const out: Partial<Record<ArrApp, RecoveryArr>> = {};
    const sonarr = this.sonarr();
    const radarr = this.radarr();
    if (sonarr) out.sonarr = sonarrGateway(sonarr);
    if (radarr) out.radarr = radarrGateway(radarr);
    const instances: Record<string, RecoveryArr> = {};
    for (const c of this.instanceClients()) {
      const instance = { id: c.instance.id, label: c.instance.name || ARR_KIND_LABEL[c.kind] };
      const gateway = gatewayOf(c, instance);
      instances[c.instance.id] = gateway;
      if ((c.kind === 'lidarr' || c.kind === 'readarr') && out[c.kind] === undefined) out[c.kind] = gateway;
    }
    return { ...out, instances };
  }

  /**
   * The page of a download's item (series, movie, artist, author) in its *arr, asked of the
   * named instance, else the first of the app; null when that is not configured.
   */
  itemPage(app: ArrApp, id: number, instanceId?: string): Promise<ArrResult<ItemPage>> | null {
    const clients = this.instanceClients();
    const c = instanceId !== undefined ? clients.find((x) => x.instance.id === instanceId) : clients.find((x) => x.kind === app);
    if (!c || c.kind !== app) return null;
    switch (c.kind) {
      case 'sonarr':
        return c.client.series(id);
      case 'radarr':
        return c.client.movie(id);
      case 'lidarr':
        return c.client.artist(id);
      case 'readarr':
        return c.client.author(id);
    }
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

function gatewayOf(c: ArrInstanceClient, instance: { id: string; label: string }): RecoveryArr {
  switch (c.kind) {
    case 'sonarr':
      return sonarrGateway(c.client, instance);
    case 'radarr':
      return radarrGateway(c.client, instance);
    case 'lidarr':
      return lidarrGateway(c.client, instance);
    case 'readarr':
      return readarrGateway(c.client, instance);
  }
}
