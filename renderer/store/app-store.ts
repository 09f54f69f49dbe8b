// The window's state in one zustand store, built around an injected api so
// tests drive it with a fake. Every fetch goes through `load`, which keeps
// the previous data while refreshing. A pushed batch is applied with ONE
// `set`; a sequence gap or `resync` refetches what is on screen instead.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  ActivityEntry,
  ApiError,
  AppInfo,
  ConnectionService,
  ContractApi,
  DownloadPage,
  DownloadTimeline,
  EventBatch,
  EventStream,
  In,
  LiveEventData,
  MonitoringStatus,
  RecoveryStatus,
  Result,
  SettingsUpdateResult,
  SettingsView,
  Unsubscribe,
} from '../../shared/contract';
import type { DownloadRecord } from '../../shared/downloads';
import type { SettingsPatch } from '../../shared/settings';
import type { Route } from '../routing/hash-route';
import { applyLiveEvents, RECENT_EVENTS_KEPT, type FailedFilter } from './live-batch';
import { failed, idle, loading, ready, type Loadable } from './loadable';

export type ActivityFilter = Omit<In<'activity.query'>, 'page' | 'pageSize'>;

export interface ActivityState {
  filter: ActivityFilter;
  pageSize: number;
  total: number | null;
  /** 1-based page → rows; pages load as the list scrolls to them. */
  pages: Record<number, ActivityEntry[]>;
  pending: number[];
  error: ApiError | null;
  /** Bumped when the filter changes, so late answers for an old filter are dropped. */
  generation: number;
}

export interface StatsData {
  since: number;
  failures: ActivityEntry[];
  recoveries: ActivityEntry[];
}

export interface RowAction {
  kind: 'retry' | 'dismiss';
  state: 'pending' | 'done' | 'error';
  message: string;
}

export interface ConnectionTest {
  state: 'pending' | 'ok' | 'error';
  message: string;
}

export interface LiveState {
  lastSeq: number | null;
  received: number;
  resyncs: number;
  /** Newest first. */
  recent: LiveEventData[];
}

export interface AppState {
  /** The core's api, for a section that owns its calls (Settings → Webhooks). */
  readonly api: ContractApi;
  route: Route;
  info: Loadable<AppInfo>;
  monitoring: Loadable<MonitoringStatus>;
  recovery: Loadable<RecoveryStatus>;
  failed: Loadable<DownloadPage>;
  failedFilter: FailedFilter;
  dlq: Loadable<DownloadPage>;
  timeline: Loadable<DownloadTimeline>;
  timelineId: string | null;
  /** Attempt histories opened in the needs-attention inbox, by nzo_id. */
  histories: Record<string, Loadable<DownloadTimeline>>;
  activity: ActivityState;
  stats: Loadable<StatsData>;
  settings: Loadable<SettingsView>;
  rowActions: Record<string, RowAction>;
  monitoringAction: { pending: 'poll' | 'pause' | 'resume' | null; error: string | null };
  connectionTests: Partial<Record<ConnectionService, ConnectionTest>>;
  /** Set when the core could not be reached or refused the token; cleared by the next success. */
  coreError: ApiError | null;
  live: LiveState;

  start(): Unsubscribe;
  navigate(route: Route): void;
  refreshVisible(): Promise<void>;
  loadInfo(): Promise<void>;
  loadMonitoring(): Promise<void>;
  loadRecovery(): Promise<void>;
  loadFailed(): Promise<void>;
  setFailedFilter(patch: Partial<FailedFilter>): void;
  loadDlq(): Promise<void>;
  loadTimeline(downloadId: string): Promise<void>;
  loadHistory(nzoId: string): Promise<void>;
  setActivityFilter(filter: ActivityFilter): void;
  ensureActivityRows(first: number, last: number): void;
  reloadActivity(): Promise<void>;
  fetchAllActivity(limit?: number): Promise<Result<ActivityEntry[]>>;
  loadStats(): Promise<void>;
  loadSettings(): Promise<void>;
  saveSettings(patch: SettingsPatch): Promise<Result<SettingsUpdateResult>>;
  testConnection(service: ConnectionService, url?: string, apiKey?: string): Promise<void>;
  retry(nzoId: string): Promise<void>;
  dismiss(nzoId: string): Promise<void>;
  pollNow(): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  applyBatch(batch: EventBatch): void;
}

export interface AppStoreOptions {
  events?: EventStream | null;
  now?: () => number;
  /** Delay before the quiet refetch that replaces live-patched rows with the core's own. */
  reconcileMs?: number;
  schedule?: (fn: () => void, ms: number) => void;
  activityPageSize?: number;
  statsDays?: number;
}

export type AppStore = StoreApi<AppState>;

const CONNECTION_CODES = new Set(['unavailable', 'unauthorized']);
const DAY_MS = 86_400_000;

function rowsReplaced(page: Loadable<DownloadPage>, record: DownloadRecord, keep: (r: DownloadRecord) => boolean): Loadable<DownloadPage> {
  if (!page.data) return page;
  const items: DownloadRecord[] = [];
  for (const row of page.data.items) {
    if (row.nzoId !== record.nzoId) items.push(row);
    else if (keep(record)) items.push(record);
  }
  return { ...page, data: { items, total: page.data.total - (page.data.items.length - items.length) } };
}

export function createAppStore(api: ContractApi, options: AppStoreOptions = {}): AppStore {
  const now = options.now ?? (() => Date.now());
  const schedule = options.schedule ?? ((fn, ms) => void setTimeout(fn, ms));
  const reconcileMs = options.reconcileMs ?? 1000;
  const statsDays = options.statsDays ?? 14;
  let reconcilePending = false;
  let activityRange: [number, number] = [0, 0];

  return createStore<AppState>()((set, get) => {
    /** Runs a call, tracking whether the core answers at all. */
    async function call<T>(run: () => Promise<Result<T>>): Promise<Result<T>> {
      const r = await run();
      if (r.ok) {
        if (get().coreError) set({ coreError: null });
      } else if (CONNECTION_CODES.has(r.error.code)) set({ coreError: r.error });
      return r;
    }

    type LoadableKey = 'info' | 'monitoring' | 'recovery' | 'failed' | 'dlq' | 'timeline' | 'stats' | 'settings';
    async function load<K extends LoadableKey>(key: K, run: () => Promise<Result<NonNullable<AppState[K]['data']>>>): Promise<void> {
      // The key ties value and slot together; TS cannot follow that through a computed key.
      set({ [key]: loading(get()[key] as Loadable<unknown>) } as Partial<AppState>);
      const r = await call(run);
      set({ [key]: r.ok ? ready(r.value) : failed(get()[key] as Loadable<unknown>, r.error) } as Partial<AppState>);
    }

    function scheduleReconcile(): void {
      if (reconcilePending) return;
      reconcilePending = true;
      schedule(() => {
        reconcilePending = false;
        void get().refreshVisible();
      }, reconcileMs);
    }

    async function fetchActivityPage(page: number): Promise<void> {
      const { activity } = get();
      const generation = activity.generation;
      set({ activity: { ...activity, pending: [...activity.pending, page] } });
      const r = await call(() => api['activity.query']({ ...activity.filter, page, pageSize: activity.pageSize }));
      const cur = get().activity;
      if (cur.generation !== generation) return;
      const pending = cur.pending.filter((p) => p !== page);
      if (r.ok) set({ activity: { ...cur, pending, total: r.value.total, error: null, pages: { ...cur.pages, [page]: r.value.items } } });
      else set({ activity: { ...cur, pending, error: r.error } });
    }

    async function monitoringCall(kind: 'poll' | 'pause' | 'resume', run: () => Promise<Result<MonitoringStatus>>): Promise<void> {
      set({ monitoringAction: { pending: kind, error: null } });
      const r = await call(run);
      if (r.ok) set({ monitoring: ready(r.value), monitoringAction: { pending: null, error: null } });
      else set({ monitoringAction: { pending: null, error: r.error.message } });
    }

    async function fetchEventRows(eventType: 'download.failed' | 'download.recovered', since: number, maxPages: number) {
      const rows: ActivityEntry[] = [];
      for (let page = 1; page <= maxPages; page++) {
        const r = await call(() => api['activity.query']({ eventType, since, page, pageSize: 500 }));
        if (!r.ok) return r;
        rows.push(...r.value.items);
        if (rows.length >= r.value.total || r.value.items.length === 0) break;
      }
      return { ok: true as const, value: rows };
    }

    return {
      api,
      route: { view: 'overview' },
      info: idle(),
      monitoring: idle(),
      recovery: idle(),
      failed: idle(),
      failedFilter: { excludeDlq: false, kind: null, app: null },
      dlq: idle(),
      timeline: idle(),
      timelineId: null,
      histories: {},
      activity: { filter: {}, pageSize: options.activityPageSize ?? 200, total: null, pages: {}, pending: [], error: null, generation: 0 },
      stats: idle(),
      settings: idle(),
      rowActions: {},
      monitoringAction: { pending: null, error: null },
      connectionTests: {},
      coreError: null,
      live: { lastSeq: null, received: 0, resyncs: 0, recent: [] },

      start() {
        void get().loadInfo();
        void get().loadSettings();
        return options.events ? options.events.subscribe((batch) => get().applyBatch(batch)) : () => {};
      },

      navigate(route) {
        const prev = get().route;
        set({ route });
        if (route.view === 'timeline' && (prev.view !== 'timeline' || prev.downloadId !== route.downloadId)) {
          set({ timeline: idle(), timelineId: route.downloadId });
        }
        void get().refreshVisible();
      },

      async refreshVisible() {
        const { route } = get();
        const jobs: Promise<void>[] = [get().loadMonitoring()];
        switch (route.view) {
          case 'overview':
            jobs.push(get().loadRecovery());
            break;
          case 'failures':
            jobs.push(get().loadFailed());
            break;
          case 'attention':
            jobs.push(get().loadDlq());
            break;
          case 'timeline':
            jobs.push(get().loadTimeline(route.downloadId));
            break;
          case 'activity':
            jobs.push(get().reloadActivity());
            break;
          case 'stats':
            jobs.push(get().loadStats(), get().loadRecovery());
            break;
          case 'settings':
            break;
        }
        await Promise.all(jobs);
      },

      loadInfo: () => load('info', () => api['app.info']({})),
      loadMonitoring: () => load('monitoring', () => api['monitoring.status']({})),
      loadRecovery: () => load('recovery', () => api['recovery.status']({})),
      loadFailed: () => {
        const f = get().failedFilter;
        return load('failed', () =>
          api['downloads.failed']({ limit: 200, excludeDlq: f.excludeDlq, kind: f.kind ?? undefined, app: f.app ?? undefined }),
        );
      },
      setFailedFilter(patch) {
        set({ failedFilter: { ...get().failedFilter, ...patch } });
        void get().loadFailed();
      },
      loadDlq: () => load('dlq', () => api['downloads.dlq']({ limit: 200 })),
      loadTimeline(downloadId) {
        set({ timelineId: downloadId });
        return load('timeline', () => api['downloads.timeline']({ downloadId }));
      },

      async loadHistory(nzoId) {
        const prev = get().histories[nzoId] ?? idle<DownloadTimeline>();
        set({ histories: { ...get().histories, [nzoId]: loading(prev) } });
        const r = await call(() => api['downloads.timeline']({ downloadId: nzoId }));
        set({ histories: { ...get().histories, [nzoId]: r.ok ? ready(r.value) : failed(prev, r.error) } });
      },

      setActivityFilter(filter) {
        const a = get().activity;
        set({ activity: { ...a, filter, total: null, pages: {}, pending: [], error: null, generation: a.generation + 1 } });
        activityRange = [0, 0];
        void fetchActivityPage(1);
      },
      ensureActivityRows(first, last) {
        activityRange = [first, last];
        const a = get().activity;
        const from = Math.floor(Math.max(0, first) / a.pageSize) + 1;
        const to = Math.floor(Math.max(0, last) / a.pageSize) + 1;
        for (let p = from; p <= to; p++) {
          if (a.total !== null && (p - 1) * a.pageSize >= a.total) break;
          if (!a.pages[p] && !a.pending.includes(p)) void fetchActivityPage(p);
        }
      },
      async reloadActivity() {
        // Refetch the pages on screen in place (no flash); page 1 always, for the total.
        const a = get().activity;
        const from = Math.floor(activityRange[0] / a.pageSize) + 1;
        const to = Math.floor(activityRange[1] / a.pageSize) + 1;
        const pages = new Set<number>([1]);
        for (let p = from; p <= to; p++) pages.add(p);
        await Promise.all([...pages].filter((p) => !get().activity.pending.includes(p)).map((p) => fetchActivityPage(p)));
      },
      async fetchAllActivity(limit = 100_000) {
        const { filter } = get().activity;
        const rows: ActivityEntry[] = [];
        for (let page = 1; rows.length < limit; page++) {
          const r = await call(() => api['activity.query']({ ...filter, page, pageSize: 500 }));
          if (!r.ok) return r;
          rows.push(...r.value.items);
          if (r.value.items.length === 0 || rows.length >= r.value.total) break;
        }
        return { ok: true, value: rows.slice(0, limit) };
      },

      async loadStats() {
        const since = now() - statsDays * DAY_MS;
        await load('stats', async () => {
          const [failures, recoveries] = await Promise.all([
            fetchEventRows('download.failed', since, 10),
            fetchEventRows('download.recovered', since, 10),
          ]);
          if (!failures.ok) return failures;
          if (!recoveries.ok) return recoveries;
          return { ok: true, value: { since, failures: failures.value, recoveries: recoveries.value } };
        });
      },

      loadSettings: () => load('settings', () => api['settings.get']({})),
      async saveSettings(patch) {
        const r = await call(() => api['settings.update'](patch));
        if (r.ok) {
          const { changedKeys: _changed, ...view } = r.value;
          set({ settings: ready(view) });
        }
        return r;
      },
      async testConnection(service, url, apiKey) {
        set({ connectionTests: { ...get().connectionTests, [service]: { state: 'pending', message: 'Testing…' } } });
        const input: In<'settings.testConnection'> = { service };
        if (url !== undefined && url.trim() !== '') input.url = url.trim();
        if (apiKey !== undefined && apiKey !== '') input.apiKey = apiKey;
        const r = await call(() => api['settings.testConnection'](input));
        const result: ConnectionTest = r.ok
          ? { state: 'ok', message: `Connected to ${r.value.appName} ${r.value.version} (${Math.round(r.value.latencyMs)} ms)` }
          : { state: 'error', message: r.error.message };
        set({ connectionTests: { ...get().connectionTests, [service]: result } });
      },

      async retry(nzoId) {
        set({ rowActions: { ...get().rowActions, [nzoId]: { kind: 'retry', state: 'pending', message: 'Starting a new attempt…' } } });
        const r = await call(() => api['downloads.retry']({ nzoId }));
        if (!r.ok) {
          set({ rowActions: { ...get().rowActions, [nzoId]: { kind: 'retry', state: 'error', message: r.error.message } } });
          return;
        }
        const d = r.value.download;
        const message = r.value.scheduled
          ? `Attempt ${Math.max(d.attempts, 1)} of ${d.maxAttempts} starting — ${r.value.message}`
          : r.value.message;
        const s = get();
        set({
          failed: rowsReplaced(s.failed, d, (x) => !(s.failedFilter.excludeDlq && x.inDlq)),
          dlq: rowsReplaced(s.dlq, d, (x) => x.inDlq),
          timeline: s.timeline.data && s.timeline.data.downloadId === nzoId ? ready({ ...s.timeline.data, download: d }) : s.timeline,
          rowActions: { ...s.rowActions, [nzoId]: { kind: 'retry', state: 'done', message } },
        });
        scheduleReconcile();
      },
      async dismiss(nzoId) {
        set({ rowActions: { ...get().rowActions, [nzoId]: { kind: 'dismiss', state: 'pending', message: 'Dismissing…' } } });
        const r = await call(() => api['downloads.dismiss']({ nzoId }));
        if (!r.ok) {
          set({ rowActions: { ...get().rowActions, [nzoId]: { kind: 'dismiss', state: 'error', message: r.error.message } } });
          return;
        }
        const s = get();
        set({
          failed: rowsReplaced(s.failed, r.value, () => false),
          dlq: rowsReplaced(s.dlq, r.value, () => false),
          rowActions: { ...s.rowActions, [nzoId]: { kind: 'dismiss', state: 'done', message: 'Dismissed' } },
        });
      },

      pollNow: () => monitoringCall('poll', () => api['monitoring.pollNow']({})),
      pause: () => monitoringCall('pause', () => api['monitoring.pause']({})),
      resume: () => monitoringCall('resume', () => api['monitoring.resume']({})),

      applyBatch(batch) {
        const s = get();
        const gap = batch.resync || (s.live.lastSeq !== null && batch.seq !== s.live.lastSeq + 1);
        const maxAttempts = s.settings.data?.settings.monitoring.maxRetries ?? 3;
        const lists = applyLiveEvents({ failed: s.failed, dlq: s.dlq, monitoring: s.monitoring }, batch.events, s.failedFilter, maxAttempts);
        const recent = [...batch.events].reverse().concat(s.live.recent).slice(0, RECENT_EVENTS_KEPT);
        set({
          ...lists,
          live: { lastSeq: batch.seq, received: s.live.received + batch.events.length, resyncs: s.live.resyncs + (gap ? 1 : 0), recent },
        });
        if (gap) void get().refreshVisible();
        else if (batch.events.length > 0) scheduleReconcile();
      },
    };
  });
}
