// The attempts made for one download: strategy, outcome, what was grabbed,
// and how the SABnzbd job id changed.
import type { RecoveryAttempt } from '../../shared/downloads';
import { STRATEGY_LABELS } from '../format/labels';
import { formatTime } from '../format/intl-format';

export function AttemptTable({ attempts, label }: { attempts: RecoveryAttempt[]; label: string }) {
  if (attempts.length === 0) return <p className="muted">No recovery attempts yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Strategy</th>
            <th scope="col">Outcome</th>
            <th scope="col">Release / quality</th>
            <th scope="col">Job</th>
            <th scope="col">Started</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((a) => (
            <tr key={`${a.attempt}-${a.startedAt}`}>
              <td>
                {a.attempt}
                {a.manual ? <span className="badge">manual</span> : null}
                {a.dryRun ? <span className="badge">dry run</span> : null}
              </td>
              <td>{STRATEGY_LABELS[a.strategy]}</td>
              <td>
                <span className={`outcome out-${a.outcome}`}>{a.outcome}</span>
                {a.error ? <div className="error-text small">{a.error}</div> : null}
              </td>
              <td>
                {a.releaseTitle ?? '—'}
                {a.quality ? <div className="muted small">{a.quality}</div> : null}
              </td>
              <td className="mono small">
                {a.oldNzoId ?? '—'} → {a.newNzoId ?? '—'}
              </td>
              <td className="small">{formatTime(a.startedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
