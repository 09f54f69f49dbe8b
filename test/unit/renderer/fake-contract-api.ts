// An in-memory ContractApi for the window's tests. Inputs are parsed with the
// contract's own schemas and every answer is checked against its output
// schema, so the window is tested on data the real core could send.
import { ARR_APP_LABEL } from '../../../shared/domain';
import {
  CONTRACT,
  CONTRACT_CALLS,
  err,
  ok,
  type ActivityEntry,
  type ApiError,
  type CallName,
  type ContractApi,
  type MonitoringStatus,
  type Out,
  type ParsedIn,
  type Result,
  type SettingsView,
  type WebhookTargetView,
  type WebhooksView,
} from '../../../shared/contract';
import type { DownloadRecord } from '../../../shared/downloads';
import { EVENT_TYPES, type EventType } from '../../../shared/events';
import { bucketedStatsOf } from '../../../main/core/activity/bucketed-stats';
import type { OutcomeRollupRow } from '../../../main/core/activity/activity-repository';
import { outcomeDeltaOf } from '../../../main/core/activity/outcome-rollup';
import { diagnosticsHandlers } from '../../../main/core/api/handlers/diagnostics-handlers';
import { itemPageUrl } from '../../../main/core/arr/item-page';
import { systemClock } from '../../../main/core/clock';
import { EventBus } from '../../../main/core/events/event-bus';
import { defaultSettings, webhookUrlHint, webhookUrlProblem } from '../../../shared/settings';

export const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);

export function download(nzoId: string, patch: Partial<DownloadRecord> = {}): DownloadRecord {
  return {
    id: Math.abs([...nzoId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7)),
    nzoId,
    trackedNzoId: null,
    name: `Show.${nzoId}.S01E01.1080p.WEB.H264-GRP`,
    category: 'tv',
    sourceApp: 'sonarr',
    item: { seriesId: 1, episodeIds: [11], title: 'Show' },
    status: 'failed',
    kind: 'missing_articles',
    severity: 'high',
    failMessage: 'Aborted, cannot be completed - https://sabnzbd.org/not-complete',
    attempts: 0,
    maxAttempts: 3,
    currentStrategy: null,
    nextAttemptAt: T0 + 300_000,
    lastError: null,
    inDlq: false,
    dlqReason: null,
    correlationId: `corr-${nzoId}`,
    qualitiesTried: [],
    releasesTried: [],
    createdAt: T0,
    updatedAt: T0,
    recoveredAt: null,
    metadata: {},
    ...patch,
  };
}

export function activityEntry(id: number, patch: Partial<ActivityEntry> = {}): ActivityEntry {
  const eventType: EventType = EVENT_TYPES[id % EVENT_TYPES.length] ?? 'queue.polled';
  return {
    id,
    timestamp: T0 - id * 1000,
    eventId: `ev-${id}`,
    eventType,
    source: id % 2 ? 'poller' : 'recovery',
    status: 'info',
    severity: 'info',
    message: `Row ${id} ${eventType}`,
    downloadId: id % 3 === 0 ? `nzo_${id}` : null,
    application: id % 2 ? 'sonarr' : null,
    correlationId: `corr-${id}`,
    causationId: null,
    context: {},
    ...patch,
  };
}

const health = { state: 'ok' as const, message: null, checkedAt: T0, version: '3.7.1' };

export function monitoringStatus(patch: Partial<MonitoringStatus> = {}): MonitoringStatus {
  return {
    running: true,
    paused: false,
    dryRun: false,
    intervalSeconds: 120,
    lastPollAt: T0,
    nextPollAt: T0 + 120_000,
    lastError: null,
    services: { sabnzbd: health, sonarr: health, radarr: { state: 'unconfigured', message: 'No URL yet', checkedAt: null } },
    counts: { failed: 2, retrying: 0, awaiting: 0, dlq: 1, recovered: 4, ignored: 0 },
    queue: { count: 2, downloading: 1, paused: false },
    ...patch,
  };
}

export interface FakeData {
  failed: DownloadRecord[];
  dlq: DownloadRecord[];
  activity: ActivityEntry[];
  monitoring: MonitoringStatus;
  settings: SettingsView;
  demo: boolean;
  /** API keys the fake "services" accept in Test connection. */
  goodKeys: Record<string, string>;
  /** What audit.run finds. */
  auditFindings: Out<'audit.run'>['findings'];
  /** Webhook targets as the core would show them, and the URLs it keeps (never shown). */
  webhooks: { targets: WebhookTargetView[]; urls: Record<string, string> };
}

export interface FakeApi {
  api: ContractApi;
  data: FakeData;
  /** A real bus behind the diagnostics calls: publish on it, subscribe failing handlers to it. */
  bus: EventBus;
  calls: { call: CallName; input: unknown }[];
  callsTo(call: CallName): unknown[];
  /** Every later call of this name answers this error (null clears). */
  failWith(call: CallName | '*', error: ApiError | null): void;
}

const idleDelivery: WebhookTargetView['delivery'] = { queued: 0, nextRetryAt: null, lastDeliveredAt: null, lastFailedAt: null, lastError: null, givenUp: 0, failing: false };

export function createFakeApi(seed: Partial<FakeData> = {}): FakeApi {
  const data: FakeData = {
    failed: [download('nzo_a'), download('nzo_b', { kind: 'unpack_failed', sourceApp: 'radarr', severity: 'medium' })],
    dlq: [download('nzo_dead', { status: 'dlq', inDlq: true, dlqReason: 'All 3 attempts failed: no alternative release', attempts: 3 })],
    activity: [],
    monitoring: monitoringStatus(),
    settings: { settings: defaultSettings(), hasApiKey: { sabnzbd: true, sonarr: false, radarr: false }, lockedByEnv: [], secretStorage: 'plain-text' },
    demo: false,
    goodKeys: { sabnzbd: 'good-key', sonarr: 'good-key', radarr: 'good-key' },
    auditFindings: [],
    webhooks: { targets: [], urls: {} },
    ...seed,
  };
  const calls: { call: CallName; input: unknown }[] = [];
  const webhooksView = (): WebhooksView => ({
    targets: data.webhooks.targets,
    secretStorage: 'plain-text',
    retry: { attempts: 5, firstDelayMs: 5000, maxDelayMs: 300_000, maxQueued: 20 },
  });
  const failures = new Map<string, ApiError>();
  const bus = new EventBus({ clock: systemClock, historySize: 1000 });
  const diagnostics = diagnosticsHandlers({ bus });

  /** The outcome rollup of the in-memory log, built with the core's own rules. */
  const outcomeRows = (): OutcomeRollupRow[] => {
    const rows = new Map<string, OutcomeRollupRow>();
    for (const e of data.activity) {
      const kindOf = (corr: string) => data.activity.find((f) => f.correlationId === corr && f.eventType === 'download.failed')?.context.kind;
      const d = outcomeDeltaOf(e, kindOf);
      if (!d) continue;
      const day = Math.floor(e.timestamp / 86_400_000);
      const key = `${day}|${d.kind}|${d.outcome}|${d.bucket}`;
      const row = rows.get(key) ?? { day, kind: d.kind, outcome: d.outcome, recoverBucket: d.bucket, count: 0, recoverMsSum: 0 };
      row.count += 1;
      row.recoverMsSum += d.recoverMs;
      rows.set(key, row);
    }
    return [...rows.values()];
  };

  const handlers: { [K in CallName]: (input: ParsedIn<K>) => Result<Out<K>> | Promise<Result<Out<K>>> } = {
    'app.info': () => ok({ name: 'autoarr-tray', version: '0.1.0', mode: 'browser', demo: data.demo, dataDir: '/tmp/x', secretStorage: 'plain-text', platform: 'linux' }),
    'monitoring.status': () => ok(data.monitoring),
    'monitoring.pollNow': () => ok((data.monitoring = { ...data.monitoring, lastPollAt: data.monitoring.lastPollAt === null ? T0 : data.monitoring.lastPollAt + 1000 })),
    'monitoring.pause': () => ok((data.monitoring = { ...data.monitoring, paused: true })),
    'monitoring.resume': () => ok((data.monitoring = { ...data.monitoring, paused: false })),
    'recovery.status': () =>
      ok({ running: true, dryRun: false, pending: [], countsByStrategyOutcome: { retry_download: { succeeded: 3, failed: 1 } }, successRate: 0.75 }),
    'downloads.failed': (q) => {
      let rows = [...data.failed, ...(q.excludeDlq ? [] : data.dlq)];
      if (q.kind) rows = rows.filter((r) => r.kind === q.kind);
      if (q.app) rows = rows.filter((r) => r.sourceApp === q.app);
      return ok({ items: rows.slice(q.offset, q.offset + q.limit), total: rows.length });
    },
    'downloads.dlq': (q) => ok({ items: data.dlq.slice(q.offset, q.offset + q.limit), total: data.dlq.length }),
    'downloads.retry': ({ nzoId }) => {
      const row = [...data.failed, ...data.dlq].find((r) => r.nzoId === nzoId);
      if (!row) return err('not_found', `No download ${nzoId}`);
      const next: DownloadRecord = { ...row, status: 'retrying', inDlq: false, attempts: row.attempts + 1, currentStrategy: 'retry_download', nextAttemptAt: null };
      data.dlq = data.dlq.filter((r) => r.nzoId !== nzoId);
      data.failed = [next, ...data.failed.filter((r) => r.nzoId !== nzoId)];
      return ok({ download: next, scheduled: true, message: 'Retry started in SABnzbd' });
    },
    'downloads.retryAll': () => {
      const started = data.failed.filter((r) => r.status === 'failed').length;
      data.failed = data.failed.map((r) => (r.status === 'failed' ? { ...r, status: 'retrying' as const } : r));
      return ok({ started, refused: 0, message: `Started ${started} attempts` });
    },
    'downloads.dismiss': ({ nzoId }) => {
      const row = [...data.failed, ...data.dlq].find((r) => r.nzoId === nzoId);
      if (!row) return err('not_found', `No download ${nzoId}`);
      data.dlq = data.dlq.filter((r) => r.nzoId !== nzoId);
      data.failed = data.failed.filter((r) => r.nzoId !== nzoId);
      return ok({ ...row, status: 'dismissed' });
    },
    'downloads.timeline': ({ downloadId }) => {
      const row = [...data.failed, ...data.dlq].find((r) => r.nzoId === downloadId) ?? null;
      const entries = data.activity.filter((e) => e.downloadId === downloadId);
      if (!row && entries.length === 0) return err('not_found', `No download ${downloadId}`);
      return ok({ downloadId, download: row, attempts: [], entries });
    },
    'activity.query': (q) => {
      const text = q.text?.toLowerCase();
      const rows = data.activity.filter(
        (e) =>
          (!q.eventType || e.eventType === q.eventType) &&
          (!q.downloadId || e.downloadId === q.downloadId) &&
          (!q.source || e.source === q.source) &&
          (!q.status || e.status === q.status) &&
          (!q.severity || e.severity === q.severity) &&
          (!q.application || e.application === q.application) &&
          (q.since === undefined || e.timestamp >= q.since) &&
          (q.until === undefined || e.timestamp <= q.until) &&
          (!text || e.message.toLowerCase().includes(text)),
      );
      const start = (q.page - 1) * q.pageSize;
      return ok({ items: rows.slice(start, start + q.pageSize), total: rows.length, page: q.page, pageSize: q.pageSize });
    },
    'activity.correlation': ({ correlationId }) => ok({ correlationId, entries: data.activity.filter((e) => e.correlationId === correlationId) }),
    'activity.stats': () =>
      ok({ total: data.activity.length, since: T0 - 86_400_000, recent: 0, byEventType: {}, byStatus: {}, bySeverity: {}, bySource: {}, byApplication: {}, oldestAt: null, newestAt: null }),
    'settings.get': () => ok(data.settings),
    'settings.update': (patch) => {
      const s = structuredClone(data.settings.settings);
      const changedKeys: string[] = [];
      for (const section of ['sabnzbd', 'sonarr', 'radarr', 'monitoring', 'activity', 'notifications'] as const) {
        const p = patch[section] as Record<string, unknown> | undefined;
        if (!p) continue;
        const target = s[section] as Record<string, unknown>;
        for (const [k, v] of Object.entries(p)) {
          if (v !== undefined && target[k] !== v) {
            target[k] = v;
            changedKeys.push(`${section}.${k}`);
          }
        }
      }
      const hasApiKey = { ...data.settings.hasApiKey };
      for (const [k, v] of Object.entries(patch.apiKeys ?? {})) {
        if (v !== undefined) {
          hasApiKey[k as keyof typeof hasApiKey] = v !== '';
          changedKeys.push(`apiKeys.${k}`);
        }
      }
      for (const flag of ['dryRun', 'startAtLogin', 'singleKeyShortcuts'] as const) {
        const v = patch[flag];
        if (v !== undefined && v !== s[flag]) {
          s[flag] = v;
          changedKeys.push(flag);
        }
      }
      // The *arr instance list is replaced whole, its keys are write-only (as SettingsStore does).
      let hasInstanceApiKey = data.settings.hasInstanceApiKey ?? {};
      if (patch.arrInstances) {
        s.arrInstances = patch.arrInstances;
        changedKeys.push('arrInstances');
        hasInstanceApiKey = Object.fromEntries(patch.arrInstances.map((i) => [i.id, hasInstanceApiKey[i.id] ?? false]));
      }
      for (const [id, key] of Object.entries(patch.instanceApiKeys ?? {})) {
        hasInstanceApiKey = { ...hasInstanceApiKey, [id]: key !== '' };
        changedKeys.push(`instanceApiKeys.${id}`);
      }
      data.settings = { ...data.settings, settings: s, hasApiKey, hasInstanceApiKey };
      return ok({ ...data.settings, changedKeys });
    },
    'settings.testConnection': ({ service, apiKey }) => {
      if (apiKey !== undefined && apiKey !== data.goodKeys[service]) {
        return err('bad_api_key', `${service === 'sabnzbd' ? 'SABnzbd' : service} refused the API key: API Key Incorrect`);
      }
      return ok({ service, appName: service === 'sabnzbd' ? 'SABnzbd' : service === 'nzbget' ? 'NZBGet' : ARR_APP_LABEL[service], version: '3.7.1', latencyMs: 4 });
    },
    'audit.run': () => ok({ findings: data.auditFindings, ranAt: T0, durationMs: 3 }),
    'activity.statsBucketed': ({ days }) => {
      const toDay = Math.floor(Date.now() / 86_400_000);
      return ok(bucketedStatsOf(outcomeRows(), toDay - days + 1, toDay));
    },
    'downloads.links': ({ nzoId }) => {
      const row = [...data.failed, ...data.dlq].find((r) => r.nzoId === nzoId);
      if (!row) return err('not_found', `No download ${nzoId}`);
      const s = data.settings.settings;
      const app = row.sourceApp === 'manual' ? null : row.sourceApp;
      const slug = (row.item?.title ?? row.name).toLowerCase().replace(/[^a-z0-9]+/g, '-');
      const kind = s.downloadClient;
      const name = kind === 'nzbget' ? 'NZBGet' : 'SABnzbd';
      const clientUrl = s[kind].url;
      const arrUrl = app === 'sonarr' || app === 'radarr' ? s[app].url : app ? (s.arrInstances.find((i) => i.kind === app)?.url ?? '') : '';
      return ok({
        sabnzbd: kind === 'sabnzbd' && clientUrl ? { url: clientUrl, nzoId } : null,
        downloadClient: clientUrl ? { kind, name, url: clientUrl, jobId: nzoId, jobName: row.name } : null,
        arr: app && arrUrl ? { app, url: itemPageUrl(arrUrl, app, slug), title: row.item?.title ?? null } : null,
        notes: clientUrl ? [] : [`${name} has no URL in Settings.`],
      });
    },
    'diagnostics.events': (q) => diagnostics['diagnostics.events'](q) as Result<Out<'diagnostics.events'>>,
    'diagnostics.bus': (q) => diagnostics['diagnostics.bus'](q) as Result<Out<'diagnostics.bus'>>,
    'diagnostics.deadLetters': (q) => diagnostics['diagnostics.deadLetters'](q) as Result<Out<'diagnostics.deadLetters'>>,
    'diagnostics.replay': (q) => diagnostics['diagnostics.replay'](q),
    'webhooks.get': () => ok(webhooksView()),
    'webhooks.save': ({ targets }) => {
      const urls: Record<string, string> = {};
      const views: WebhookTargetView[] = [];
      for (const [i, t] of targets.entries()) {
        const id = t.id ?? `new${i}`;
        const url = t.url ?? data.webhooks.urls[id] ?? '';
        const problem = webhookUrlProblem(t.kind, url);
        if (problem) return err('invalid_input', `${t.name}: ${problem}`);
        urls[id] = url;
        const delivery = data.webhooks.targets.find((v) => v.id === id)?.delivery ?? idleDelivery;
        views.push({ id, kind: t.kind, name: t.name, enabled: t.enabled, events: t.events, hasUrl: true, urlHint: webhookUrlHint(url), delivery });
      }
      data.webhooks = { targets: views, urls };
      return ok(webhooksView());
    },
    'webhooks.test': ({ kind, id, url }) => {
      const use = url ?? (id ? data.webhooks.urls[id] : undefined);
      if (!use) return err('unconfigured', 'Enter the webhook URL first');
      if (use.includes('down')) return err('unavailable', 'Cannot reach "x" (127.0.0.1): connection refused');
      return ok({ kind, status: 200, latencyMs: 5, message: 'Sent: 127.0.0.1 answered HTTP 200 in 5 ms. Check that it arrived.' });
    },
  };

  const api: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
  for (const call of CONTRACT_CALLS) {
    api[call] = async (input) => {
      calls.push({ call, input });
      const forced = failures.get(call) ?? failures.get('*');
      if (forced) return { ok: false, error: forced };
      const parsed = CONTRACT[call].input.safeParse(input ?? {});
      if (!parsed.success) return err('invalid_input', parsed.error.message);
      const answer = await (handlers[call] as (i: unknown) => Result<unknown> | Promise<Result<unknown>>)(parsed.data);
      if (answer.ok) CONTRACT[call].output.parse(answer.value);
      return answer;
    };
  }
  return {
    api: api as unknown as ContractApi,
    data,
    bus,
    calls,
    callsTo: (call) => calls.filter((c) => c.call === call).map((c) => c.input),
    failWith(call, error) {
      if (error) failures.set(call, error);
      else failures.delete(call);
    },
  };
}

/** Lets pending promise callbacks (fake api answers) run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setTimeout(r, 0));
}
