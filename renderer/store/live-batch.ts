// What one pushed batch changes in the lists on screen, as pure functions so a
// whole batch is applied to the query cache in one go. Rows the core has not
// sent yet (a brand-new failure) are built from the event payload and
// replaced by the real record at the next refetch.
import type { DownloadPage, LiveEventData, MonitoringStatus } from '../../shared/contract';
import type { DownloadRecord } from '../../shared/downloads';
import { EventPayloadSchemas } from '../../shared/events';

export interface FailedFilter {
  excludeDlq: boolean;
  kind: DownloadRecord['kind'] | null;
  app: DownloadRecord['sourceApp'] | null;
}

function patchRows(page: DownloadPage, nzoId: string, patch: (row: DownloadRecord) => DownloadRecord | null): DownloadPage {
  let changed = false;
  const items: DownloadRecord[] = [];
  for (const row of page.items) {
    if (row.nzoId === nzoId || row.trackedNzoId === nzoId) {
      changed = true;
      const next = patch(row);
      if (next) items.push(next);
    } else items.push(row);
  }
  if (!changed) return page;
  return { items, total: page.total - (page.items.length - items.length) };
}

export function matchesFilter(row: DownloadRecord, filter: FailedFilter): boolean {
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

/** How a list is scoped: its filter (null for the needs-attention list) and whether it is the first page (where new rows appear). */
export interface ListScope {
  filter: FailedFilter | null;
  firstPage: boolean;
  maxAttempts: number;
  /** A row known to any list on screen (to move a dead-lettered download into the inbox). */
  known: (nzoId: string) => DownloadRecord | undefined;
}

function applyToList(page: DownloadPage, ev: LiveEventData, scope: ListScope): DownloadPage {
  const at = Math.round(ev.timestamp * 1000);
  const inbox = scope.filter === null;
  switch (ev.event_type) {
    case 'download.failed': {
      if (inbox || !scope.firstPage) return page;
      const p = EventPayloadSchemas['download.failed'].safeParse(ev.payload);
      if (!p.success) return page;
      const known = page.items.some(
        (r) => r.nzoId === p.data.nzoId || r.trackedNzoId === p.data.nzoId || (p.data.replacesNzoId && r.nzoId === p.data.replacesNzoId),
      );
      const row = provisionalRecord(ev, scope.maxAttempts);
      if (known || !row || !matchesFilter(row, scope.filter!)) return page;
      return { items: [row, ...page.items], total: page.total + 1 };
    }
    case 'download.retry_started': {
      const p = EventPayloadSchemas['download.retry_started'].safeParse(ev.payload);
      if (!p.success) return page;
      if (inbox) return patchRows(page, p.data.nzoId, () => null);
      return patchRows(page, p.data.nzoId, (r) => ({
        ...r,
        status: 'retrying',
        inDlq: false,
        attempts: Math.max(r.attempts, p.data.attempt),
        maxAttempts: p.data.maxAttempts,
        currentStrategy: p.data.strategy,
        nextAttemptAt: null,
        updatedAt: at,
      }));
    }
    case 'download.retry_failed': {
      const p = EventPayloadSchemas['download.retry_failed'].safeParse(ev.payload);
      if (!p.success || inbox) return page;
      return patchRows(page, p.data.nzoId, (r) => ({
        ...r,
        lastError: p.data.error,
        nextAttemptAt: p.data.nextAttemptAt,
        status: p.data.willRetry ? 'retrying' : r.status,
        updatedAt: at,
      }));
    }
    case 'download.moved_to_dlq': {
      const p = EventPayloadSchemas['download.moved_to_dlq'].safeParse(ev.payload);
      if (!p.success) return page;
      const moved = (r: DownloadRecord): DownloadRecord => ({
        ...r,
        status: 'dlq',
        inDlq: true,
        dlqReason: p.data.reason,
        attempts: p.data.attempts,
        nextAttemptAt: null,
        updatedAt: at,
      });
      if (!inbox) return patchRows(page, p.data.nzoId, (r) => (scope.filter!.excludeDlq ? null : moved(r)));
      const row = scope.known(p.data.nzoId);
      if (!scope.firstPage || !row || page.items.some((r) => r.nzoId === row.nzoId)) return page;
      return { items: [moved(row), ...page.items], total: page.total + 1 };
    }
    case 'download.recovered': {
      const p = EventPayloadSchemas['download.recovered'].safeParse(ev.payload);
      if (!p.success) return page;
      if (inbox) return patchRows(page, p.data.nzoId, () => null);
      return patchRows(page, p.data.nzoId, (r) => ({ ...r, status: 'recovered', recoveredAt: at, nextAttemptAt: null, updatedAt: at }));
    }
    default:
      return page;
  }
}

/** Every event of a batch, in order, applied to one list. */
export function applyLiveEventsToList(page: DownloadPage, events: readonly LiveEventData[], scope: ListScope): DownloadPage {
  let next = page;
  for (const ev of events) next = applyToList(next, ev, scope);
  return next;
}

/** Every event of a batch applied to the monitoring status (last poll, running / paused). */
export function applyLiveEventsToMonitoring(status: MonitoringStatus, events: readonly LiveEventData[]): MonitoringStatus {
  let next = status;
  for (const ev of events) {
    if (ev.event_type === 'queue.polled') next = { ...next, lastPollAt: Math.round(ev.timestamp * 1000) };
    else if (ev.event_type === 'monitoring.started' || ev.event_type === 'monitoring.stopped') {
      const running = ev.event_type === 'monitoring.started';
      const paused = !running && EventPayloadSchemas['monitoring.stopped'].safeParse(ev.payload).data?.reason === 'paused';
      next = { ...next, running, paused };
    }
  }
  return next;
}
