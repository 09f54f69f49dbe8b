// What a person did to a download (Retry, Dismiss) or to all of them (Retry
// all), and how it went, kept per row so the note stays beside it. A row's
// new record goes straight into every cached list, then a quiet refetch.
import { refetchCalls } from '../data/contract-query';
import { replaceRowInCache } from './live-cache';
import type { Slice } from './store-deps';

export interface RowAction {
  kind: 'retry' | 'dismiss';
  state: 'pending' | 'done' | 'error';
  message: string;
}

export interface RetryAllState {
  state: 'pending' | 'done' | 'error';
  message: string;
}

export interface RowActionsSlice {
  rowActions: Record<string, RowAction>;
  retryAll: RetryAllState | null;
  retry(nzoId: string): Promise<void>;
  dismiss(nzoId: string): Promise<void>;
  retryAllFailed(): Promise<void>;
}

export const rowActionsSlice: Slice<RowActionsSlice> = (set, get, deps) => {
  const note = (nzoId: string, action: RowAction) => set({ rowActions: { ...get().rowActions, [nzoId]: action } });
  return {
    rowActions: {},
    retryAll: null,
    async retry(nzoId) {
      note(nzoId, { kind: 'retry', state: 'pending', message: 'Starting a new attempt…' });
      const r = await deps.api['downloads.retry']({ nzoId });
      if (!r.ok) {
        note(nzoId, { kind: 'retry', state: 'error', message: r.error.message });
        return;
      }
      const d = r.value.download;
      const message = r.value.scheduled ? `Attempt ${Math.max(d.attempts, 1)} of ${d.maxAttempts} starting — ${r.value.message}` : r.value.message;
      replaceRowInCache(deps.queryClient, d, { failed: (x, f) => !(f.excludeDlq && x.inDlq), dlq: (x) => x.inDlq });
      note(nzoId, { kind: 'retry', state: 'done', message });
      get().scheduleReconcile();
    },
    async dismiss(nzoId) {
      note(nzoId, { kind: 'dismiss', state: 'pending', message: 'Dismissing…' });
      const r = await deps.api['downloads.dismiss']({ nzoId });
      if (!r.ok) {
        note(nzoId, { kind: 'dismiss', state: 'error', message: r.error.message });
        return;
      }
      replaceRowInCache(deps.queryClient, r.value, { failed: () => false, dlq: () => false });
      note(nzoId, { kind: 'dismiss', state: 'done', message: 'Dismissed' });
      get().scheduleReconcile();
    },
    async retryAllFailed() {
      set({ retryAll: { state: 'pending', message: 'Retrying every failed download…' } });
      const r = await deps.api['downloads.retryAll']({});
      set({ retryAll: r.ok ? { state: 'done', message: r.value.message } : { state: 'error', message: r.error.message } });
      if (r.ok) await refetchCalls(deps.queryClient, ['downloads.failed', 'downloads.dlq', 'monitoring.status', 'recovery.status']);
    },
  };
};
