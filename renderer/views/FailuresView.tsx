// Every failed download the watcher knows about, with what it is doing about
// each one, and a Retry that works on every row.
import type { KeyboardEvent } from 'react';
import { FAILURE_KINDS, SOURCE_APPS, type FailureKind, type SourceApp } from '../../shared/domain';
import type { DownloadRecord } from '../../shared/downloads';
import { SeverityBadge, StatusBadge } from '../components/Badge';
import { Countdown } from '../components/Countdown';
import { Empty, ErrorBox, Loading } from '../components/StateMessage';
import { APP_LABELS, KIND_LABELS, STRATEGY_LABELS } from '../format/labels';
import { timelineHref } from '../routing/hash-route';
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

export function FailuresView() {
  const page = useApp((s) => s.failed);
  const filter = useApp((s) => s.failedFilter);
  const setFilter = useApp((s) => s.setFailedFilter);
  const retry = useApp((s) => s.retry);
  const actions = useApp((s) => s.rowActions);
  const reload = useApp((s) => s.loadFailed);
  const sabUnconfigured = useApp((s) => s.monitoring.data?.services.sabnzbd.state === 'unconfigured');

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

      {page.error ? <ErrorBox error={page.error} onRetry={() => void reload()} /> : null}
      {!page.data ? (
        page.error ? null : <Loading what="failed downloads" />
      ) : page.data.items.length === 0 ? (
        sabUnconfigured ? (
          <Empty title="SABnzbd isn't configured yet — open Settings">
            <a href="#/settings">Open Settings</a>
          </Empty>
        ) : (
          <Empty title="No failed downloads">Everything SABnzbd finished went through, or was recovered.</Empty>
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
              {page.data.items.map((row) => {
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
                        <button
                          type="button"
                          onClick={() => void retry(row.nzoId)}
                          disabled={action?.state === 'pending'}
                          aria-label={`Retry ${row.name}`}
                        >
                          Retry
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {page.data.total > page.data.items.length ? (
            <p className="muted">
              Showing the newest {page.data.items.length} of {page.data.total}.
            </p>
          ) : null}
        </div>
      )}
    </section>
  );
}
