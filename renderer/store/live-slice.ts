// The live event stream as the window received it: sequence, counters and the
// newest events (Overview's "Live events", Diagnostics' stream). A batch is
// applied to the cached lists in one go; a sequence gap or `resync` refetches
// what is on screen instead, and a quiet refetch a moment after a batch
// replaces the live-patched rows with the core's own.
import type { EventBatch, LiveEventData, Unsubscribe } from '../../shared/contract';
import { refetchCalls } from '../data/contract-query';
import { applyBatchToCache } from './live-cache';
import type { Slice } from './store-deps';

/** Newest events kept for the window (the Diagnostics stream shows them). */
export const RECENT_EVENTS_KEPT = 500;

/** The calls whose answers live events change: refetched by the quiet reconcile and on a gap. */
export const LIVE_CALLS = [
  'monitoring.status',
  'recovery.status',
  'downloads.failed',
  'downloads.dlq',
  'downloads.timeline',
  'diagnostics.bus',
  'diagnostics.deadLetters',
] as const;

export interface LiveSlice {
  live: { lastSeq: number | null; received: number; resyncs: number; recent: LiveEventData[] };
  applyBatch(batch: EventBatch): void;
  /** Refetch everything on screen now (a gap, a reconnect, "Try again"). */
  refreshVisible(): Promise<void>;
  /** Refetch soon, once, however many batches arrive meanwhile. */
  scheduleReconcile(): void;
  subscribeTo(events: { subscribe(listener: (batch: EventBatch) => void): Unsubscribe } | null): Unsubscribe;
}

export const liveSlice: Slice<LiveSlice> = (set, get, deps) => {
  let reconcilePending = false;
  return {
    live: { lastSeq: null, received: 0, resyncs: 0, recent: [] },
    applyBatch(batch) {
      const { live } = get();
      const gap = batch.resync || (live.lastSeq !== null && batch.seq !== live.lastSeq + 1);
      applyBatchToCache(deps.queryClient, batch.events);
      const recent = batch.events.length === 0 ? live.recent : [...batch.events].reverse().concat(live.recent).slice(0, RECENT_EVENTS_KEPT);
      set({ live: { lastSeq: batch.seq, received: live.received + batch.events.length, resyncs: live.resyncs + (gap ? 1 : 0), recent } });
      if (gap) void get().refreshVisible();
      else if (batch.events.length > 0) get().scheduleReconcile();
    },
    async refreshVisible() {
      await Promise.all([refetchCalls(deps.queryClient, LIVE_CALLS), get().reloadActivity()]);
    },
    scheduleReconcile() {
      if (reconcilePending) return;
      reconcilePending = true;
      deps.schedule(() => {
        reconcilePending = false;
        void get().refreshVisible();
      }, deps.reconcileMs);
    },
    subscribeTo(events) {
      return events ? events.subscribe((batch) => get().applyBatch(batch)) : () => {};
    },
  };
};
