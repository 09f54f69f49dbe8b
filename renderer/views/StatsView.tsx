// How the stack has been doing: what fails, which recovery works, how long it takes.
import { STRATEGIES } from '../../shared/domain';
import { FailureChart } from '../components/FailureChart';
import { Empty, ErrorBox, Loading } from '../components/StateMessage';
import { STRATEGY_LABELS } from '../format/labels';
import { formatDuration } from '../format/time-format';
import { failureSeries } from '../stats/failure-series';
import { recoveryTimes } from '../stats/recovery-times';
import { useApp } from '../store/store-context';

export function StatsView() {
  const stats = useApp((s) => s.stats);
  const recovery = useApp((s) => s.recovery);
  const reload = useApp((s) => s.loadStats);

  const data = stats.data;
  const series = data ? failureSeries(data.failures, data.since, Date.now()) : null;
  const times = data ? recoveryTimes(data.recoveries) : null;
  const byStrategy = recovery.data?.countsByStrategyOutcome ?? {};

  return (
    <section aria-labelledby="stats-h" className="view">
      <h2 id="stats-h">Stats</h2>
      {stats.error ? <ErrorBox error={stats.error} onRetry={() => void reload()} /> : null}
      <section className="card" aria-labelledby="chart-h">
        <h3 id="chart-h">Failures by kind (last {series?.days.length ?? 14} days)</h3>
        {!series ? stats.error ? null : <Loading what="failures" /> : series.kinds.length === 0 ? <Empty title="No failures in this period" /> : <FailureChart series={series} />}
      </section>
      <div className="cards">
        <section className="card" aria-labelledby="strat-h">
          <h3 id="strat-h">Recovery by strategy</h3>
          {!recovery.data ? (
            recovery.error ? <ErrorBox error={recovery.error} /> : <Loading what="recovery" />
          ) : (
            <table className="table" aria-label="Recovery success by strategy">
              <thead>
                <tr>
                  <th scope="col">Strategy</th>
                  <th scope="col">Succeeded</th>
                  <th scope="col">Failed</th>
                  <th scope="col">Success</th>
                </tr>
              </thead>
              <tbody>
                {STRATEGIES.map((s) => {
                  const c = byStrategy[s] ?? {};
                  const ok = c.succeeded ?? 0;
                  const bad = c.failed ?? 0;
                  const rate = ok + bad > 0 ? ok / (ok + bad) : null;
                  return (
                    <tr key={s}>
                      <th scope="row">{STRATEGY_LABELS[s]}</th>
                      <td>{ok}</td>
                      <td>{bad}</td>
                      <td>
                        {rate === null ? (
                          '—'
                        ) : (
                          <span className="rate">
                            <span className="rate-bar" style={{ width: `${Math.round(rate * 100)}%` }} aria-hidden="true" />
                            {Math.round(rate * 100)} %
                          </span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
        <section className="card" aria-labelledby="ttr-h">
          <h3 id="ttr-h">Time to recover</h3>
          {!times ? (
            stats.error ? null : <Loading what="recoveries" />
          ) : times.count === 0 ? (
            <p className="muted">Nothing recovered in this period.</p>
          ) : (
            <dl className="facts">
              <dt>Recovered</dt>
              <dd>{times.count}</dd>
              <dt>Median</dt>
              <dd>{formatDuration(times.medianMs ?? 0)}</dd>
              <dt>90th percentile</dt>
              <dd>{formatDuration(times.p90Ms ?? 0)}</dd>
              <dt>Mean</dt>
              <dd>{formatDuration(times.meanMs ?? 0)}</dd>
            </dl>
          )}
        </section>
      </div>
    </section>
  );
}
