// How the stack has been doing: what fails, how much of it is recovered, how
// long recovery takes, and which strategy works — from one bucketed call over
// the daily rollup, so it opens as fast on ten million activity lines as on ten.
import { useEffect, useMemo, useState } from 'react';
import { STRATEGIES } from '../../shared/domain';
import { Empty, ErrorBox, Loading } from '../components/StateMessage';
import { errorOf, useContractQuery } from '../data/contract-query';
import { KIND_LABELS, STRATEGY_LABELS } from '../format/labels';
import { formatDuration, formatNumber, formatPercent } from '../format/intl-format';
import { failureSeries } from '../stats/failure-series';

// The chart library is not in the window's first bundle: it is fetched once the
// window is idle (prefetchStatsChart), so opening Stats does not wait for it.
// Held in a plain variable rather than React.lazy: a lazy component suspends on
// every first render, and React holds a revealed Suspense boundary back ~300 ms.
type ChartModule = typeof import('../components/FailureChart');
let chartModule: ChartModule | null = null;
let chartLoading: Promise<ChartModule> | null = null;
function loadChart(): Promise<ChartModule> {
  chartLoading ??= import('../components/FailureChart').then((m) => (chartModule = m));
  return chartLoading;
}

/** Fetch and evaluate the chart module ahead of time (uPlot reads matchMedia when it loads: only where there is one). */
export function prefetchStatsChart(): void {
  if (typeof window.matchMedia === 'function') void loadChart();
}

function useChartModule(): ChartModule | null {
  const [mod, setMod] = useState(chartModule);
  useEffect(() => {
    if (!mod && typeof window.matchMedia === 'function') void loadChart().then(setMod);
  }, [mod]);
  return mod;
}

export const STATS_DAYS = 14;

const ms = (v: number | null) => (v === null ? '—' : formatDuration(v));
const pct = (v: number | null) => (v === null ? '—' : formatPercent(v));

export function StatsView() {
  const stats = useContractQuery('activity.statsBucketed', { days: STATS_DAYS });
  const recovery = useContractQuery('recovery.status', {});
  const data = stats.data;
  const series = useMemo(() => (data ? failureSeries(data) : null), [data]);
  const error = errorOf(stats.error);
  const recoveryError = errorOf(recovery.error);
  const byStrategy = recovery.data?.countsByStrategyOutcome ?? {};
  const chart = useChartModule();

  return (
    <section aria-labelledby="stats-h" className="view" data-stats-ready={data ? 'true' : undefined}>
      <h2 id="stats-h">Stats</h2>
      {error ? <ErrorBox error={error} onRetry={() => void stats.refetch()} /> : null}
      {data ? (
        <ul className="counts" aria-label={`Last ${STATS_DAYS} days`}>
          <li>
            <div>
              <span className="count-n">{formatNumber(data.totals.failed)}</span> <span>Failed</span>
            </div>
          </li>
          <li>
            <div>
              <span className="count-n">{formatNumber(data.totals.recovered)}</span> <span>Recovered</span>
            </div>
          </li>
          <li>
            <div>
              <span className="count-n">{formatNumber(data.totals.dlq)}</span> <span>Needs attention</span>
            </div>
          </li>
          <li>
            <div>
              <span className="count-n" aria-label="Recovery rate">{pct(data.totals.recoveryRate)}</span> <span>Recovery rate</span>
            </div>
          </li>
          <li>
            <div>
              <span className="count-n">{ms(data.timeToRecover.medianMs)}</span> <span>Median time to recover</span>
            </div>
          </li>
        </ul>
      ) : null}
      <section className="card" aria-labelledby="chart-h">
        <h3 id="chart-h">Failures by kind (last {STATS_DAYS} days, UTC)</h3>
        {!series ? (
          error ? null : <Loading what="failures" />
        ) : series.kinds.length === 0 ? (
          <Empty title="No failures in this period" />
        ) : (
          chart ? <chart.FailureChart series={series} /> : <Loading what="the chart" />
        )}
      </section>
      <div className="cards">
        <section className="card" aria-labelledby="kind-h">
          <h3 id="kind-h">Recovery by kind</h3>
          {!data ? (
            error ? null : <Loading what="recoveries" />
          ) : data.byKind.length === 0 ? (
            <p className="muted">Nothing failed in this period.</p>
          ) : (
            <div className="table-wrap">
              <table className="table" aria-label="Recovery by kind">
                <thead>
                  <tr>
                    <th scope="col">Kind</th>
                    <th scope="col">Failed</th>
                    <th scope="col">Recovered</th>
                    <th scope="col">Needs attention</th>
                    <th scope="col">Rate</th>
                    <th scope="col">Median time</th>
                  </tr>
                </thead>
                <tbody>
                  {data.byKind.map((k) => (
                    <tr key={k.kind}>
                      <th scope="row">{KIND_LABELS[k.kind]}</th>
                      <td>{formatNumber(k.failed)}</td>
                      <td>{formatNumber(k.recovered)}</td>
                      <td>{formatNumber(k.dlq)}</td>
                      <td>{pct(k.recoveryRate)}</td>
                      <td>{ms(k.medianRecoverMs)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <section className="card" aria-labelledby="ttr-h">
          <h3 id="ttr-h">Time to recover</h3>
          {!data ? (
            error ? null : <Loading what="recoveries" />
          ) : data.timeToRecover.count === 0 ? (
            <p className="muted">Nothing recovered in this period.</p>
          ) : (
            <dl className="facts">
              <dt>Recovered</dt>
              <dd>{formatNumber(data.timeToRecover.count)}</dd>
              <dt>Median</dt>
              <dd>{ms(data.timeToRecover.medianMs)}</dd>
              <dt>90th percentile</dt>
              <dd>{ms(data.timeToRecover.p90Ms)}</dd>
              <dt>Mean</dt>
              <dd>{ms(data.timeToRecover.meanMs)}</dd>
            </dl>
          )}
        </section>
        <section className="card" aria-labelledby="strat-h">
          <h3 id="strat-h">Recovery by strategy (all time)</h3>
          {!recovery.data ? (
            recoveryError ? <ErrorBox error={recoveryError} /> : <Loading what="recovery" />
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
                      <td>{formatNumber(ok)}</td>
                      <td>{formatNumber(bad)}</td>
                      <td>
                        {rate === null ? (
                          '—'
                        ) : (
                          <span className="rate">
                            <span className="rate-bar" style={{ width: `${Math.round(rate * 100)}%` }} aria-hidden="true" />
                            {formatPercent(rate)}
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
      </div>
    </section>
  );
}
