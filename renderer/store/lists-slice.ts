// Which page of Failures and Needs attention a person is on, and the
// Failures filter: kept in the store so they survive switching views.
import type { FailedFilter } from './live-batch';
import type { Slice } from './store-deps';

export const LIST_PAGE_SIZE = 50;

export interface ListsSlice {
  failedFilter: FailedFilter;
  /** 1-based. */
  failedPage: number;
  dlqPage: number;
  setFailedFilter(patch: Partial<FailedFilter>): void;
  setFailedPage(page: number): void;
  setDlqPage(page: number): void;
}

export const listsSlice: Slice<ListsSlice> = (set, get) => ({
  failedFilter: { excludeDlq: false, kind: null, app: null },
  failedPage: 1,
  dlqPage: 1,
  // A new filter starts at its first page.
  setFailedFilter: (patch) => set({ failedFilter: { ...get().failedFilter, ...patch }, failedPage: 1 }),
  setFailedPage: (page) => set({ failedPage: Math.max(1, Math.floor(page)) }),
  setDlqPage: (page) => set({ dlqPage: Math.max(1, Math.floor(page)) }),
});
