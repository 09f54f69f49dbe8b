// The activity log's window onto a log of any length: the filter, the total,
// and the 1-based pages loaded so far — only the pages the list scrolls to,
// fetched when asked for. A filter change drops late answers for the old one.
import type { ActivityEntry, ApiError, In, Result } from '../../shared/contract';
import type { Slice } from './store-deps';

export type ActivityFilter = Omit<In<'activity.query'>, 'page' | 'pageSize'>;

export interface ActivityState {
  filter: ActivityFilter;
  pageSize: number;
  total: number | null;
  pages: Record<number, ActivityEntry[]>;
  pending: number[];
  error: ApiError | null;
  /** Bumped when the filter changes, so late answers for an old filter are dropped. */
  generation: number;
  /** The Activity view is on screen (live updates reload its rows). */
  visible: boolean;
}

export interface ActivitySlice {
  activity: ActivityState;
  setActivityFilter(filter: ActivityFilter): void;
  setActivityVisible(visible: boolean): void;
  ensureActivityRows(first: number, last: number): void;
  reloadActivity(): Promise<void>;
  fetchAllActivity(limit?: number): Promise<Result<ActivityEntry[]>>;
}

export const activitySlice: Slice<ActivitySlice> = (set, get, deps) => {
  let range: [number, number] = [0, 0];

  async function fetchPage(page: number): Promise<void> {
    const { activity } = get();
    const generation = activity.generation;
    set({ activity: { ...activity, pending: [...activity.pending, page] } });
    const r = await deps.api['activity.query']({ ...activity.filter, page, pageSize: activity.pageSize });
    const cur = get().activity;
    if (cur.generation !== generation) return;
    const pending = cur.pending.filter((p) => p !== page);
    if (r.ok) {
      get().setCoreError(null);
      set({ activity: { ...cur, pending, total: r.value.total, error: null, pages: { ...cur.pages, [page]: r.value.items } } });
    } else {
      if (r.error.code === 'unavailable' || r.error.code === 'unauthorized') get().setCoreError(r.error);
      set({ activity: { ...cur, pending, error: r.error } });
    }
  }

  return {
    activity: { filter: {}, pageSize: deps.activityPageSize, total: null, pages: {}, pending: [], error: null, generation: 0, visible: false },
    setActivityFilter(filter) {
      const a = get().activity;
      set({ activity: { ...a, filter, total: null, pages: {}, pending: [], error: null, generation: a.generation + 1 } });
      range = [0, 0];
      void fetchPage(1);
    },
    setActivityVisible(visible) {
      set({ activity: { ...get().activity, visible } });
    },
    ensureActivityRows(first, last) {
      range = [first, last];
      const a = get().activity;
      const from = Math.floor(Math.max(0, first) / a.pageSize) + 1;
      const to = Math.floor(Math.max(0, last) / a.pageSize) + 1;
      for (let p = from; p <= to; p++) {
        if (a.total !== null && (p - 1) * a.pageSize >= a.total) break;
        if (!a.pages[p] && !a.pending.includes(p)) void fetchPage(p);
      }
    },
    async reloadActivity() {
      // Refetch the pages on screen in place (no flash); page 1 always, for the total.
      const a = get().activity;
      if (!a.visible) return;
      const from = Math.floor(range[0] / a.pageSize) + 1;
      const to = Math.floor(range[1] / a.pageSize) + 1;
      const pages = new Set<number>([1]);
      for (let p = from; p <= to; p++) pages.add(p);
      await Promise.all([...pages].filter((p) => !get().activity.pending.includes(p)).map((p) => fetchPage(p)));
    },
    async fetchAllActivity(limit = 100_000) {
      const { filter } = get().activity;
      const rows: ActivityEntry[] = [];
      for (let page = 1; rows.length < limit; page++) {
        const r = await deps.api['activity.query']({ ...filter, page, pageSize: 500 });
        if (!r.ok) return r;
        rows.push(...r.value.items);
        if (r.value.items.length === 0 || rows.length >= r.value.total) break;
      }
      return { ok: true, value: rows.slice(0, limit) };
    },
  };
};
