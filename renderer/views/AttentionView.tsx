// The dead-letter queue as an inbox, a page at a time: what could not be
// fixed automatically, why, what was tried — the two things a person can do
// about it, and where to look at it in Sonarr/Radarr and SABnzbd.
import { useState } from 'react';
import type { DownloadRecord } from '../../shared/downloads';
import { SeverityBadge } from '../components/Badge';
import { DownloadLinks } from '../components/DownloadLinks';
import { Pager } from '../components/Pager';
import { Empty, ErrorBox, Loading } from '../components/StateMessage';
import { errorOf, useContractQuery } from '../data/contract-query';
import { APP_LABELS, KIND_LABELS } from '../format/labels';
import { formatTime, plural } from '../format/intl-format';
import { timelineHref } from '../routing/routes';
import { LIST_PAGE_SIZE } from '../store/lists-slice';
import { useApp } from '../store/store-context';
import { AttemptTable } from './AttemptTable';
import { RowActionNote } from './RowActionNote';

function History({ nzoId, name }: { nzoId: string; name: string }) {
  const [open, setOpen] = useState(false);
  const history = useContractQuery('downloads.timeline', { downloadId: nzoId }, { enabled: open });
  const error = errorOf(history.error);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Attempt history</summary>
      {history.data ? (
        <AttemptTable attempts={history.data.attempts} label={`Attempts for ${name}`} />
      ) : error ? (
        <ErrorBox error={error} />
      ) : (
        <Loading what="attempt history" />
      )}
    </details>
  );
}

function InboxItem({ row }: { row: DownloadRecord }) {
  const action = useApp((s) => s.rowActions[row.nzoId]);
  const retry = useApp((s) => s.retry);
  const dismiss = useApp((s) => s.dismiss);
  return (
    <li className="inbox-item card" aria-label={row.name}>
      <div className="inbox-head">
        <a href={timelineHref(row.nzoId)} className="inbox-name">
          {row.name}
        </a>
        <SeverityBadge severity={row.severity} />
      </div>
      <p className="reason">
        <strong>Reason:</strong> {row.dlqReason ?? row.lastError ?? row.failMessage}
      </p>
      <p className="muted small">
        {KIND_LABELS[row.kind]} · {APP_LABELS[row.sourceApp]} · {row.attempts} of {plural(row.maxAttempts, { one: 'attempt', other: 'attempts' })} · since {formatTime(row.updatedAt)}
      </p>
      {row.qualitiesTried.length > 0 ? <p className="small">Qualities tried: {row.qualitiesTried.join(', ')}</p> : null}
      {row.releasesTried.length > 0 ? <p className="small">Releases tried: {row.releasesTried.length}</p> : null}
      <History nzoId={row.nzoId} name={row.name} />
      <div className="buttons">
        <button type="button" onClick={() => void retry(row.nzoId)} disabled={action?.state === 'pending'} aria-label={`Retry now ${row.name}`}>
          Retry now
        </button>
        <button type="button" className="secondary" onClick={() => void dismiss(row.nzoId)} disabled={action?.state === 'pending'} aria-label={`Dismiss ${row.name}`}>
          Dismiss
        </button>
        <DownloadLinks nzoId={row.nzoId} />
      </div>
      {action ? <RowActionNote action={action} /> : null}
    </li>
  );
}

export function AttentionView() {
  const pageNo = useApp((s) => s.dlqPage);
  const setPage = useApp((s) => s.setDlqPage);
  const query = useContractQuery('downloads.dlq', { limit: LIST_PAGE_SIZE, offset: (pageNo - 1) * LIST_PAGE_SIZE }, { placeholderData: (previous) => previous });
  const page = query.data;
  const error = errorOf(query.error);
  return (
    <section aria-labelledby="attention-h" className="view">
      <h2 id="attention-h">Needs attention</h2>
      {error ? <ErrorBox error={error} onRetry={() => void query.refetch()} /> : null}
      {!page ? (
        error ? null : <Loading what="the inbox" />
      ) : page.items.length === 0 && page.total === 0 ? (
        <Empty title="Nothing needs your attention">Downloads land here when every automatic recovery has been tried.</Empty>
      ) : (
        <>
          <ul className="inbox" aria-label="Needs attention">
            {page.items.map((row) => (
              <InboxItem key={row.nzoId} row={row} />
            ))}
          </ul>
          <Pager page={pageNo} pageSize={LIST_PAGE_SIZE} total={page.total} onPage={setPage} label="Needs-attention pages" />
        </>
      )}
    </section>
  );
}
