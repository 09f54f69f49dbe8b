// Every failed download the watcher knows about, a page at a time, with what
// it is doing about each one, a Retry on every row and Retry all for the lot.
import type { KeyboardEvent } from 'react';
import { FAILURE_KINDS, SOURCE_APPS, type FailureKind, type SourceApp } from '../../shared/domain';
import type { DownloadRecord } from '../../shared/downloads';
import { SeverityBadge, StatusBadge } from '../components/Badge';
import { Countdown } from '../components/Countdown';
import { Pager } from '../components/Pager';
import { Empty, ErrorBox, Loading } from '../components/StateMessage';
import { errorOf, useContractQuery } from '../data/contract-query';
import { APP_LABELS, KIND_LABELS, STRATEGY_LABELS } from '../format/labels';
import { timelineHref } from '../routing/routes';
import { LIST_PAGE_SIZE } from '../store/lists-slice';
import { useApp } from '../store/store-context';
import { RowActionNote } from './RowActionNote';

function openOnEnter(nzoId: string) {
  return (e: KeyboardEvent<HTMLTableRowElement>) => {
    if (e.key === 'Enter' && e.target === e.currentTarget) window.location.hash = timelineHref(nzoId);
  };
}

function NextAttempt({ row }: { row: DownloadRecord }) {
  if (row.status === 'dlq' || row.status === 'recovered' || row.status === 'dismissed' || row.status === 'ignored') return <>—</>;
  if (row.nextAttemptAt !== null) return <Countdown at={row.nextAttemptAt} />;
  if (row.status === 'retrying' || row.status === 'awaiting_replacement') return <>running</>;
  return <>not scheduled</>;
}

function RetryAll() {
  const retryAll = useApp((s) => s.retryAll);
  const run = useApp((s) => s.retryAllFailed);
  return (
    <div className="toolbar">
      <button type="button" onClick={() => void run()} disabled={retryAll?.state === 'pending'}>
        Retry all failed
      </button>
      {retryAll ? (
        <span className={retryAll.state === 'error' ? 'error-text' : 'muted'} role={retryAll.state === 'error' ? 'alert' : 'status'}>
          {retryAll.message}
        </span>
      ) : null}
    </div>
  );
}

export function FailuresView() {
  const filter = useApp((s) => s.failedFilter);
  const pageNo = useApp((s) => s.failedPage);
  const setFilter = useApp((s) => s.setFailedFilter);
  const setPage = useApp((s) => s.setFailedPage);
  const retry = useApp((s) => s.retry);
  const actions = useApp((s) => s.rowActions);
  const query = useContractQuery(
    'downloads.failed',
    { limit: LIST_PAGE_SIZE, offset: (pageNo - 1) * LIST_PAGE_SIZE, excludeDlq: filter.excludeDlq, kind: filter.kind ?? undefined, app: filter.app ?? undefined },
    { placeholderData: (previous) => previous },
  );
  const status = useContractQuery('monitoring.status', {}).data;
  const clientName = status?.downloadClient === 'nzbget' ? 'NZBGet' : 'SABnzbd';
  const clientHealth = status?.downloadClient === 'nzbget' ? status.services.nzbget : status?.services.sabnzbd;
  const sabUnconfigured = clientHealth?.state === 'unconfigured';
  const page = query.data;
  const error = errorOf(query.error);

  return (
    <section aria-labelledby="failures-h" className="view">
      <h2 id="failures-h">Failures</h2>
      <form className="filters" aria-label="Failure filters" onSubmit={(e) => e.preventDefault()}>
        <label className="check">
          <input type="checkbox" checked={!filter.excludeDlq} onChange={(e) => setFilter({ excludeDlq: !e.target.checked })} />
          Include needs-attention
        </label>
        <label>
          Kind
          <select value={filter.kind ?? ''} onChange={(e) => setFilter({ kind: (e.target.value || null) as FailureKind | null })}>
            <option value="">All kinds</option>
            {FAILURE_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          App
          <select value={filter.app ?? ''} onChange={(e) => setFilter({ app: (e.target.value || null) as SourceApp | null })}>
            <option value="">All apps</option>
            {SOURCE_APPS.map((a) => (
              <option key={a} value={a}>
                {APP_LABELS[a]}
              </option>
            ))}
          </select>
        </label>
      </form>
      <RetryAll />

      {error ? <ErrorBox error={error} onRetry={() => void query.refetch()} /> : null}
      {!page ? (
        error ? null : <Loading what="failed downloads" />
      ) : page.items.length === 0 && page.total === 0 ? (
        sabUnconfigured ? (
          <Empty title={`${clientName} isn't configured yet — open Settings`}>
            <a href="#/settings">Open Settings</a>
          </Empty>
        ) : (
          <Empty title="No failed downloads">Everything {clientName} finished went through, or was recovered.</Empty>
        )
      ) : (
        <div className="table-wrap">
          <table className="table table-cards" aria-label="Failed downloads">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Severity</th>
                <th scope="col">App</th>
                <th scope="col">Attempts</th>
                <th scope="col">Next attempt</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((row) => {
                const action = actions[row.nzoId];
                return (
                  <tr key={row.nzoId} tabIndex={0} onKeyDown={openOnEnter(row.nzoId)} aria-label={row.name}>
                    <td className="name-cell">
                      <a href={timelineHref(row.nzoId)}>{row.name}</a>
                      {row.lastError ? <div className="muted small">{row.lastError}</div> : null}
                      {action ? <RowActionNote action={action} /> : null}
                    </td>
                    <td>{KIND_LABELS[row.kind]}</td>
                    <td>
                      <SeverityBadge severity={row.severity} />
                    </td>
                    <td>{APP_LABELS[row.sourceApp]}</td>
                    <td>
                      {row.attempts}/{row.maxAttempts}
                      {row.currentStrategy ? <div className="muted small">{STRATEGY_LABELS[row.currentStrategy]}</div> : null}
                    </td>
                    <td>
                      <NextAttempt row={row} />
                    </td>
                    <td>
                      <StatusBadge status={row.status} />
                    </td>
                    <td>
                      {/* The core refuses to retry what is already recovered: no button that can only fail. */}
                      {row.status === 'recovered' ? null : (
                        <button type="button" onClick={() => void retry(row.nzoId)} disabled={action?.state === 'pending'} aria-label={`Retry ${row.name}`}>
                          Retry
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <Pager page={pageNo} pageSize={LIST_PAGE_SIZE} total={page.total} onPage={setPage} label="Failure pages" />
        </div>
      )}
    </section>
  );
}
