// The activity log: filter, scroll (virtualized; pages load as they come into
// view), open a row's download timeline, export what the filter matches.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { ACTIVITY_SEVERITIES, ACTIVITY_STATUSES } from '../../shared/contract';
import { EVENT_TYPES } from '../../shared/events';
import { activityToCsv, activityToJson, exportFileName } from '../activity/activity-export';
import { saveFile } from '../activity/save-file';
import { SeverityBadge } from '../components/Badge';
import { Empty, ErrorBox } from '../components/StateMessage';
import { useMediaQuery } from '../components/use-media-query';
import { VirtualList } from '../components/VirtualList';
import { formatClock, formatTime, plural } from '../format/intl-format';
import { timelineHref } from '../routing/routes';
import type { ActivityFilter } from '../store/app-store';
import { useApp, useAppStore } from '../store/store-context';

export const ACTIVITY_ROW_HEIGHT = 36;
const RANGE_SETTLE_MS = 80;

interface Draft {
  eventType: string;
  source: string;
  status: string;
  downloadId: string;
  application: string;
  severity: string;
  since: string;
  until: string;
  text: string;
}

const EMPTY_DRAFT: Draft = { eventType: '', source: '', status: '', downloadId: '', application: '', severity: '', since: '', until: '', text: '' };

function toFilter(d: Draft): { filter: ActivityFilter } | { error: string } {
  const f: Record<string, unknown> = {};
  for (const key of ['eventType', 'source', 'status', 'downloadId', 'application', 'severity', 'text'] as const) {
    const v = d[key].trim();
    if (v !== '') f[key] = v;
  }
  const since = d.since ? new Date(d.since).getTime() : undefined;
  const until = d.until ? new Date(d.until).getTime() : undefined;
  if (since !== undefined && !Number.isFinite(since)) return { error: 'The "From" time is not a valid date' };
  if (until !== undefined && !Number.isFinite(until)) return { error: 'The "To" time is not a valid date' };
  if (since !== undefined && until !== undefined && since > until) return { error: '"From" must be before "To"' };
  if (since !== undefined) f.since = since;
  if (until !== undefined) f.until = until;
  return { filter: f as ActivityFilter };
}

export function ActivityView() {
  const store = useAppStore();
  const activity = useApp((s) => s.activity);
  const setFilter = useApp((s) => s.setActivityFilter);
  const setVisible = useApp((s) => s.setActivityVisible);
  const ensureRows = useApp((s) => s.ensureActivityRows);
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [formError, setFormError] = useState<string | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  // In the tray popup the filters fold away so the log itself stays on screen.
  const compact = useMediaQuery('(max-width: 560px)');
  const activeFilters = Object.keys(activity.filter).length;

  useEffect(() => {
    const a = store.getState().activity;
    // First show loads page 1; coming back refetches the rows in view in place.
    setVisible(true);
    if (a.total === null && a.pending.length === 0 && !a.error) setFilter(a.filter);
    else void store.getState().reloadActivity();
    return () => setVisible(false);
  }, [store, setFilter, setVisible]);

  // While the list flies past, asking for every page it crosses would only
  // queue requests for rows already gone: load once scrolling settles.
  const rangeTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (rangeTimer.current) clearTimeout(rangeTimer.current);
  }, []);
  const onRange = useCallback(
    (first: number, last: number) => {
      if (rangeTimer.current) clearTimeout(rangeTimer.current);
      rangeTimer.current = setTimeout(() => ensureRows(first, last), RANGE_SETTLE_MS);
    },
    [ensureRows],
  );
  const rowAt = (i: number) => activity.pages[Math.floor(i / activity.pageSize) + 1]?.[i % activity.pageSize];

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const r = toFilter(draft);
    if ('error' in r) {
      setFormError(r.error);
      return;
    }
    setFormError(null);
    setFilter(r.filter);
  };

  const doExport = async (format: 'csv' | 'json') => {
    setExporting(`Preparing ${format.toUpperCase()}…`);
    const r = await store.getState().fetchAllActivity();
    if (!r.ok) {
      setExporting(`Export failed: ${r.error.message}`);
      return;
    }
    const at = Date.now();
    if (format === 'csv') saveFile(exportFileName('csv', at), 'text/csv;charset=utf-8', activityToCsv(r.value));
    else saveFile(exportFileName('json', at), 'application/json', activityToJson(r.value, activity.filter, at));
    setExporting(`Exported ${plural(r.value.length, { one: 'row', other: 'rows' })} as ${format.toUpperCase()}`);
  };

  const field = (key: keyof Draft) => ({ value: draft[key], onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }) });
  const total = activity.total;

  return (
    <section aria-labelledby="activity-h" className="view view-fill">
      <h2 id="activity-h">Activity</h2>
      <details className="filter-panel" key={compact ? 'compact' : 'wide'} open={!compact}>
        <summary>Filters{activeFilters > 0 ? ` (${activeFilters} active)` : ''}</summary>
      <form className="filters" aria-label="Activity filters" onSubmit={apply}>
        <label>
          Event type
          <select {...field('eventType')}>
            <option value="">All</option>
            {EVENT_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select {...field('status')}>
            <option value="">All</option>
            {ACTIVITY_STATUSES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Severity
          <select {...field('severity')}>
            <option value="">All</option>
            {ACTIVITY_SEVERITIES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Source
          <input type="text" {...field('source')} placeholder="poller" />
        </label>
        <label>
          Application
          <input type="text" {...field('application')} placeholder="sonarr" />
        </label>
        <label>
          Download
          <input type="text" {...field('downloadId')} placeholder="nzo_id" />
        </label>
        <label>
          From
          <input type="datetime-local" {...field('since')} />
        </label>
        <label>
          To
          <input type="datetime-local" {...field('until')} />
        </label>
        <label className="grow">
          Search
          <input type="search" {...field('text')} placeholder="text in the message" />
        </label>
        <div className="buttons">
          <button type="submit">Apply</button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDraft(EMPTY_DRAFT);
              setFormError(null);
              setFilter({});
            }}
          >
            Clear
          </button>
        </div>
        {formError ? (
          <p className="error-text" role="alert">
            {formError}
          </p>
        ) : null}
      </form>
      </details>

      <div className="toolbar">
        <span role="status" aria-live="polite">
          {total === null ? 'Loading…' : plural(total, { one: 'entry', other: 'entries' })}
        </span>
        <span className="spacer" />
        <button type="button" className="secondary" onClick={() => void doExport('csv')} disabled={!total}>
          Export CSV
        </button>
        <button type="button" className="secondary" onClick={() => void doExport('json')} disabled={!total}>
          Export JSON
        </button>
      </div>
      {exporting ? <p className="muted small" role="status">{exporting}</p> : null}
      {activity.error ? <ErrorBox error={activity.error} onRetry={() => setFilter(activity.filter)} /> : null}
      {total === 0 ? (
        <Empty title="No activity matches">Try clearing the filters.</Empty>
      ) : total !== null ? (
        <VirtualList
          key={activity.generation}
          count={total}
          rowHeight={ACTIVITY_ROW_HEIGHT}
          ariaLabel="Activity log"
          idPrefix="act"
          onRangeChange={onRange}
          onActivate={(i) => {
            const row = rowAt(i);
            if (row?.downloadId) window.location.hash = timelineHref(row.downloadId);
          }}
          renderRow={(i) => {
            const row = rowAt(i);
            if (!row) return <span role="gridcell" className="muted">Loading…</span>;
            return (
              <>
                <span role="gridcell" className="c-time small" title={formatTime(row.timestamp)}>
                  <span className="t-long">{formatTime(row.timestamp)}</span>
                  <span className="t-short" aria-hidden="true">{formatClock(row.timestamp)}</span>
                </span>
                <span role="gridcell" className="c-type"><code>{row.eventType}</code></span>
                <span role="gridcell" className="c-sev"><SeverityBadge severity={row.severity} /></span>
                <span role="gridcell" className="c-app small">{row.application ?? ''}</span>
                <span role="gridcell" className="c-msg" title={row.message}>
                  {row.downloadId ? <a href={timelineHref(row.downloadId)} tabIndex={-1}>{row.message}</a> : row.message}
                </span>
              </>
            );
          }}
        />
      ) : null}
    </section>
  );
}
