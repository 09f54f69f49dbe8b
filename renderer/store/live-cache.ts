// Applies a pushed batch to every list the query cache holds (each failures
// page with its own filter, each needs-attention page, the monitoring status)
// inside one notify batch, so the window re-renders once per batch.
import { notifyManager, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { DownloadPage, In, LiveEventData, MonitoringStatus, SettingsView } from '../../shared/contract';
import type { DownloadRecord } from '../../shared/downloads';
import { applyLiveEventsToList, applyLiveEventsToMonitoring, type FailedFilter } from './live-batch';

function failedFilterOf(key: QueryKey): { filter: FailedFilter; firstPage: boolean } {
  const input = (key[1] ?? {}) as In<'downloads.failed'>;
  return { filter: { excludeDlq: input.excludeDlq ?? false, kind: input.kind ?? null, app: input.app ?? null }, firstPage: (input.offset ?? 0) === 0 };
}

function knownRows(client: QueryClient): Map<string, DownloadRecord> {
  const rows = new Map<string, DownloadRecord>();
  for (const [, page] of client.getQueriesData<DownloadPage>({ queryKey: ['downloads.failed'] })) {
    for (const r of page?.items ?? []) rows.set(r.nzoId, r);
  }
  return rows;
}

export function applyBatchToCache(client: QueryClient, events: readonly LiveEventData[]): void {
  if (events.length === 0) return;
  const maxAttempts = client.getQueryData<SettingsView>(['settings.get', {}])?.settings.monitoring.maxRetries ?? 3;
  const known = knownRows(client);
  notifyManager.batch(() => {
    for (const [key, page] of client.getQueriesData<DownloadPage>({ queryKey: ['downloads.failed'] })) {
      if (!page) continue;
      const { filter, firstPage } = failedFilterOf(key);
      client.setQueryData(key, applyLiveEventsToList(page, events, { filter, firstPage, maxAttempts, known: (id) => known.get(id) }));
    }
    for (const [key, page] of client.getQueriesData<DownloadPage>({ queryKey: ['downloads.dlq'] })) {
      if (!page) continue;
      const firstPage = (((key[1] ?? {}) as In<'downloads.dlq'>).offset ?? 0) === 0;
      client.setQueryData(key, applyLiveEventsToList(page, events, { filter: null, firstPage, maxAttempts, known: (id) => known.get(id) }));
    }
    for (const [key, status] of client.getQueriesData<MonitoringStatus>({ queryKey: ['monitoring.status'] })) {
      if (status) client.setQueryData(key, applyLiveEventsToMonitoring(status, events));
    }
  });
}

/** After an action answered with a download's new record: put it in every cached list that shows it. */
export function replaceRowInCache(client: QueryClient, record: DownloadRecord, keep: { failed: (r: DownloadRecord, filter: FailedFilter) => boolean; dlq: (r: DownloadRecord) => boolean }): void {
  const replace = (page: DownloadPage, ok: boolean): DownloadPage => {
    const items: DownloadRecord[] = [];
    for (const row of page.items) {
      if (row.nzoId !== record.nzoId) items.push(row);
      else if (ok) items.push(record);
    }
    return { items, total: page.total - (page.items.length - items.length) };
  };
  notifyManager.batch(() => {
    for (const [key, page] of client.getQueriesData<DownloadPage>({ queryKey: ['downloads.failed'] })) {
      if (page) client.setQueryData(key, replace(page, keep.failed(record, failedFilterOf(key).filter)));
    }
    for (const [key, page] of client.getQueriesData<DownloadPage>({ queryKey: ['downloads.dlq'] })) {
      if (page) client.setQueryData(key, replace(page, keep.dlq(record)));
    }
    for (const [key, t] of client.getQueriesData<{ downloadId: string; download: DownloadRecord | null }>({ queryKey: ['downloads.timeline'] })) {
      if (t && t.downloadId === record.nzoId) client.setQueryData(key, { ...t, download: record });
    }
  });
}
