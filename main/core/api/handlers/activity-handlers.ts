// Contract handlers that read the activity log: filtered pages, a download's
// timeline (with its recovery attempts), a correlation timeline, stats.
import { err, ok, type ActivityEntry, type ContractHandlers } from '../../../../shared/contract';
import type { ActivityEntry as StoredEntry } from '../../activity/activity-entry';
import type { ActivityLogService } from '../../activity/activity-log-service';
import type { ActivityRepository } from '../../activity/activity-repository';
import { bucketedStatsOf } from '../../activity/bucketed-stats';
import type { DownloadStore } from '../../activity/download-store-port';
import type { Clock } from '../../clock';

type ActivityHandlers = Pick<
  ContractHandlers,
  'activity.query' | 'activity.correlation' | 'activity.stats' | 'activity.statsBucketed' | 'downloads.timeline'
>;

export interface ActivityHandlerDeps {
  activity: ActivityLogService;
  repository: ActivityRepository;
  store: DownloadStore;
  clock: Clock;
}

const DAY_MS = 86_400_000;

export function toContractEntry(e: StoredEntry): ActivityEntry {
  const context =
    e.context !== null && typeof e.context === 'object' && !Array.isArray(e.context)
      ? (e.context as Record<string, unknown>)
      : { value: e.context };
  return { ...e, context };
}

export function activityHandlers(deps: ActivityHandlerDeps): ActivityHandlers {
  return {
    'activity.query': (q) => {
      const page = deps.activity.query({
        ...(q.eventType ? { eventTypes: [q.eventType] } : {}),
        ...(q.source ? { source: q.source } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.downloadId ? { downloadId: q.downloadId } : {}),
        ...(q.application ? { application: q.application } : {}),
        ...(q.severity && q.severity !== 'info' ? { severity: q.severity } : {}),
        ...(q.since !== undefined ? { from: q.since } : {}),
        // The contract's `until` is inclusive; the repository's `to` is exclusive.
        ...(q.until !== undefined ? { to: q.until + 1 } : {}),
        ...(q.text ? { text: q.text } : {}),
        page: q.page,
        pageSize: q.pageSize,
      });
      // No row has severity `info` (the log uses failure severities); asking for it finds nothing.
      if (q.severity === 'info') return ok({ items: [], total: 0, page: q.page, pageSize: q.pageSize });
      return ok({ ...page, items: page.items.map(toContractEntry) });
    },

    'activity.correlation': ({ correlationId }) => {
      const entries = deps.activity.correlationTimeline(correlationId).map(toContractEntry);
      if (entries.length === 0) return err('not_found', `Nothing in the activity log for correlation ${correlationId}.`);
      return ok({ correlationId, entries });
    },

    'activity.stats': ({ since }) => {
      const from = since ?? deps.clock.now() - DAY_MS;
      deps.activity.flush();
      const all = deps.repository.stats();
      const recent = deps.repository.breakdownSince(from);
      return ok({
        total: all.total,
        since: from,
        recent: recent.total,
        byEventType: all.byType,
        byStatus: all.byStatus,
        bySeverity: recent.bySeverity,
        bySource: recent.bySource,
        byApplication: all.byApplication,
        oldestAt: recent.oldestAt,
        newestAt: recent.newestAt,
      });
    },

    'activity.statsBucketed': ({ days }) => {
      // Today (UTC) and the days before it; lines still queued are written first so they count.
      const toDay = Math.floor(deps.clock.now() / DAY_MS);
      const fromDay = toDay - days + 1;
      deps.activity.flush();
      return ok(bucketedStatsOf(deps.repository.outcomeRollup(fromDay, toDay), fromDay, toDay));
    },

    'downloads.timeline': ({ downloadId }) => {
      const download = deps.store.get(downloadId) ?? deps.store.findByAnyNzoId(downloadId);
      // The correlation id spans the whole lifecycle (retries and replacements get new nzo_ids).
      const entries = download
        ? deps.activity.correlationTimeline(download.correlationId)
        : deps.activity.downloadTimeline(downloadId);
      if (!download && entries.length === 0) return err('not_found', `No download ${downloadId} is known.`);
      return ok({
        downloadId: download?.nzoId ?? downloadId,
        download,
        attempts: download ? deps.store.attempts(download.nzoId) : [],
        entries: entries.map(toContractEntry),
      });
    },
  };
}
