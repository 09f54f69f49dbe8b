// One download's story: every event in order, indented under the event that
// caused it, with the attempts, releases and qualities tried and the SABnzbd
// job ids it went through.
import { SeverityBadge, StatusBadge } from '../components/Badge';
import { Countdown } from '../components/Countdown';
import { DownloadLinks } from '../components/DownloadLinks';
import { Empty, ErrorBox, Loading } from '../components/StateMessage';
import { errorOf, useContractQuery } from '../data/contract-query';
import { APP_LABELS, KIND_LABELS, STRATEGY_LABELS } from '../format/labels';
import { formatTime } from '../format/intl-format';
import { useApp } from '../store/store-context';
import { causationOrder } from '../timeline/causation-order';
import { AttemptTable } from './AttemptTable';
import { RowActionNote } from './RowActionNote';

function strategyOf(context: Record<string, unknown>): string | null {
  const s = context.strategy;
  return typeof s === 'string' && s in STRATEGY_LABELS ? STRATEGY_LABELS[s as keyof typeof STRATEGY_LABELS] : null;
}

export function TimelineView({ downloadId }: { downloadId: string }) {
  const timeline = useContractQuery('downloads.timeline', { downloadId });
  const retry = useApp((s) => s.retry);
  const action = useApp((s) => s.rowActions[downloadId]);
  const data = timeline.data;
  const error = errorOf(timeline.error);

  if (!data) {
    if (error) {
      return (
        <section className="view" aria-labelledby="timeline-h">
          <h2 id="timeline-h">Download timeline</h2>
          {error.code === 'not_found' ? (
            <Empty title="No such download">Nothing is recorded for {downloadId}.</Empty>
          ) : (
            <ErrorBox error={error} onRetry={() => void timeline.refetch()} />
          )}
        </section>
      );
    }
    return <Loading what="the timeline" />;
  }
  const d = data.download;
  const rows = causationOrder(data.entries);
  const jobs = [d?.nzoId ?? downloadId, ...data.attempts.map((a) => a.newNzoId)].filter(
    (id, i, all): id is string => id !== null && all.indexOf(id) === i,
  );

  return (
    <section className="view" aria-labelledby="timeline-h">
      <p>
        <a href="#/failures">← Failures</a>
      </p>
      <h2 id="timeline-h">{d?.name ?? downloadId}</h2>
      {d ? (
        <div className="card">
          <div className="timeline-facts">
            <StatusBadge status={d.status} /> <SeverityBadge severity={d.severity} /> <span>{KIND_LABELS[d.kind]}</span> ·{' '}
            <span>{APP_LABELS[d.sourceApp]}</span>
            {d.item?.title ? <span> · {d.item.title}</span> : null}
          </div>
          <p className="small">{d.failMessage}</p>
          <dl className="facts">
            <dt>Attempts</dt>
            <dd>
              {d.attempts} of {d.maxAttempts}
              {d.currentStrategy ? ` · ${STRATEGY_LABELS[d.currentStrategy]}` : ''}
            </dd>
            {d.nextAttemptAt ? (
              <>
                <dt>Next attempt</dt>
                <dd>
                  <Countdown at={d.nextAttemptAt} />
                </dd>
              </>
            ) : null}
            <dt>Download client jobs</dt>
            <dd className="mono small" aria-label="Download client job ids">
              {jobs.join(' → ')}
            </dd>
            <dt>Qualities tried</dt>
            <dd>{d.qualitiesTried.length ? d.qualitiesTried.join(', ') : '—'}</dd>
            <dt>Releases tried</dt>
            <dd>{d.releasesTried.length ? d.releasesTried.join(', ') : '—'}</dd>
            {d.dlqReason ? (
              <>
                <dt>Needs attention</dt>
                <dd>{d.dlqReason}</dd>
              </>
            ) : null}
          </dl>
          <div className="buttons">
            {/* The core refuses to retry what is already recovered: no button that can only fail. */}
            {d.status === 'recovered' ? null : (
              <button type="button" onClick={() => void retry(d.nzoId)} disabled={action?.state === 'pending'}>
                Retry
              </button>
            )}
            <DownloadLinks nzoId={d.nzoId} />
          </div>
          {action ? <RowActionNote action={action} /> : null}
        </div>
      ) : null}

      <h3>Attempts</h3>
      <AttemptTable attempts={data.attempts} label="Recovery attempts" />

      <h3>Events</h3>
      {rows.length === 0 ? (
        <p className="muted">No events recorded.</p>
      ) : (
        <ol className="timeline" aria-label="Events">
          {rows.map(({ entry, depth, cause }) => {
            const strategy = strategyOf(entry.context);
            return (
              <li key={entry.id} className={`tl-item tl-st-${entry.status}`} style={{ marginLeft: `${depth * 1.25}rem` }} data-depth={depth}>
                <div className="tl-head">
                  {depth > 0 ? (
                    <span className="tl-arrow" aria-hidden="true">
                      ↳
                    </span>
                  ) : null}
                  <code>{entry.eventType}</code> <SeverityBadge severity={entry.severity} />
                  <time className="muted small" dateTime={new Date(entry.timestamp).toISOString()}>
                    {formatTime(entry.timestamp)}
                  </time>
                </div>
                <div>{entry.message}</div>
                <div className="muted small">
                  {cause ? `caused by ${cause.eventType}` : entry.causationId ? 'caused by an earlier event' : 'origin'}
                  {strategy ? ` · strategy: ${strategy}` : ''} · {entry.source}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
