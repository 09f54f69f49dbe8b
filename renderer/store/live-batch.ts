// What one pushed batch changes in the lists on screen, computed as a pure
// function so the store can apply a whole batch with a single `set`. Rows the
// core has not sent yet (a brand-new failure) are built from the event
// payload and replaced by the real record at the next refetch.
import type { DownloadPage, LiveEventData, MonitoringStatus } from '../../shared/contract';
import type { DownloadRecord } from '../../shared/downloads';
import { EventPayloadSchemas } from '../../shared/events';
import type { Loadable } from './loadable';

export interface FailedFilter {
  excludeDlq: boolean;
  kind: DownloadRecord['kind'] | null;
  app: DownloadRecord['sourceApp'] | null;
}

export interface LiveLists {
  failed: Loadable<DownloadPage>;
  dlq: Loadable<DownloadPage>;
  monitoring: Loadable<MonitoringStatus>;
}

export const RECENT_EVENTS_KEPT = 50;

function patchRows(page: Loadable<DownloadPage>, nzoId: string, patch: (row: DownloadRecord) => DownloadRecord | null): Loadable<DownloadPage> {
  if (!page.data) return page;
  let changed = false;
  const items: DownloadRecord[] = [];
  for (const row of page.data.items) {
    if (row.nzoId === nzoId || row.trackedNzoId === nzoId) {
      changed = true;
      const next = patch(row);
      if (next) items.push(next);
    } else items.push(row);
  }
  if (!changed) return page;
  return { ...page, data: { items, total: page.data.total - (page.data.items.length - items.length) } };
}

function matchesFilter(row: DownloadRecord, filter: FailedFilter): boolean {
  if (filter.kind && row.kind !== filter.kind) return false;
  if (filter.app && row.sourceApp !== filter.app) return false;
  if (filter.excludeDlq && row.inDlq) return false;
  return true;
}

export function provisionalRecord(ev: LiveEventData, maxAttempts: number): DownloadRecord | null {
  const p = EventPayloadSchemas['download.failed'].safeParse(ev.payload);
  if (!p.success) return null;
  const at = Math.round(ev.timestamp * 1000);
  return {
    id: -1,
    nzoId: p.data.nzoId,
    trackedNzoId: null,
    name: p.data.name,
    category: p.data.category,
    sourceApp: p.data.sourceApp,
    item: p.data.item,
    status: 'failed',
    kind: p.data.kind,
    severity: p.data.severity,
    failMessage: p.data.failMessage,
    attempts: 0,
    maxAttempts,
    currentStrategy: null,
    nextAttemptAt: null,
    lastError: null,
    inDlq: false,
    dlqReason: null,
    correlationId: ev.correlation_id,
    qualitiesTried: [],
    releasesTried: [],
    createdAt: at,
    updatedAt: at,
    recoveredAt: null,
    metadata: {},
  };
}

function applyOne(lists: LiveLists, ev: LiveEventData, filter: FailedFilter, maxAttempts: number): LiveLists {
  const at = Math.round(ev.timestamp * 1000);
  switch (ev.event_type) {
    case 'download.failed': {
      const p = EventPayloadSchemas['download.failed'].safeParse(ev.payload);
      if (!p.success || !lists.failed.data) return lists;
      const known = lists.failed.data.items.some(
        (r) => r.nzoId === p.data.nzoId || r.trackedNzoId === p.data.nzoId || (p.data.replacesNzoId && r.nzoId === p.data.replacesNzoId),
      );
      const row = provisionalRecord(ev, maxAttempts);
      if (known || !row || !matchesFilter(row, filter)) return lists;
      return {
        ...lists,
        failed: { ...lists.failed, data: { items: [row, ...lists.failed.data.items], total: lists.failed.data.total + 1 } },
      };
    }
    case 'download.retry_started': {
      const p = EventPayloadSchemas['download.retry_started'].safeParse(ev.payload);
      if (!p.success) return lists;
      const patch = (r: DownloadRecord): DownloadRecord => ({
        ...r,
        status: 'retrying',
        attempts: Math.max(r.attempts, p.data.attempt),
        maxAttempts: p.data.maxAttempts,
        currentStrategy: p.data.strategy,
        nextAttemptAt: null,
        updatedAt: at,
      });
      return { ...lists, failed: patchRows(lists.failed, p.data.nzoId, patch), dlq: patchRows(lists.dlq, p.data.nzoId, () => null) };
    }
    case 'download.retry_failed': {
      const p = EventPayloadSchemas['download.retry_failed'].safeParse(ev.payload);
      if (!p.success) return lists;
      const patch = (r: DownloadRecord): DownloadRecord => ({
        ...r,
        lastError: p.data.error,
        nextAttemptAt: p.data.nextAttemptAt,
        status: p.data.willRetry ? 'retrying' : r.status,
        updatedAt: at,
      });
      return { ...lists, failed: patchRows(lists.failed, p.data.nzoId, patch) };
    }
    case 'download.moved_to_dlq': {
      const p = EventPayloadSchemas['download.moved_to_dlq'].safeParse(ev.payload);
      if (!p.success) return lists;
      let moved: DownloadRecord | null = null;
      const failed = patchRows(lists.failed, p.data.nzoId, (r) => {
        moved = { ...r, status: 'dlq', inDlq: true, dlqReason: p.data.reason, attempts: p.data.attempts, nextAttemptAt: null, updatedAt: at };
        return filter.excludeDlq ? null : moved;
      });
      let dlq = lists.dlq;
      const row = moved as DownloadRecord | null;
      if (row && dlq.data && !dlq.data.items.some((r) => r.nzoId === row.nzoId)) {
        dlq = { ...dlq, data: { items: [row, ...dlq.data.items], total: dlq.data.total + 1 } };
      }
      return { ...lists, failed, dlq };
    }
    case 'download.recovered': {
      const p = EventPayloadSchemas['download.recovered'].safeParse(ev.payload);
      if (!p.success) return lists;
      const patch = (r: DownloadRecord): DownloadRecord => ({ ...r, status: 'recovered', recoveredAt: at, nextAttemptAt: null, updatedAt: at });
      return { ...lists, failed: patchRows(lists.failed, p.data.nzoId, patch), dlq: patchRows(lists.dlq, p.data.nzoId, () => null) };
    }
    case 'queue.polled': {
      if (!lists.monitoring.data) return lists;
      return { ...lists, monitoring: { ...lists.monitoring, data: { ...lists.monitoring.data, lastPollAt: at } } };
    }
    case 'monitoring.started':
    case 'monitoring.stopped': {
      if (!lists.monitoring.data) return lists;
      const running = ev.event_type === 'monitoring.started';
      const paused = !running && EventPayloadSchemas['monitoring.stopped'].safeParse(ev.payload).data?.reason === 'paused';
      return { ...lists, monitoring: { ...lists.monitoring, data: { ...lists.monitoring.data, running, paused } } };
    }
    default:
      return lists;
  }
}

/** Applies every event of a batch, in order, to the lists. */
export function applyLiveEvents(lists: LiveLists, events: readonly LiveEventData[], filter: FailedFilter, maxAttempts: number): LiveLists {
  let next = lists;
  for (const ev of events) next = applyOne(next, ev, filter, maxAttempts);
  return next;
}
