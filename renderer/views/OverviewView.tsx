// Is the watcher running, can it reach the apps, and how many downloads need
// something — the answer to "is my stack healthy?" at a glance.
import type { ServiceHealth } from '../../shared/contract';
import { ARR_KIND_LABEL, type ArrKind } from '../../shared/settings';
import { Countdown } from '../components/Countdown';
import { ErrorBox, Loading } from '../components/StateMessage';
import { useNow } from '../components/use-now';
import { errorOf, useContractQuery } from '../data/contract-query';
import { useMonitoringAction } from '../data/use-monitoring-action';
import { STRATEGY_LABELS } from '../format/labels';
import { formatAgo, formatNumber, formatPercent, plural } from '../format/intl-format';
import { timelineHref } from '../routing/routes';
import { useApp } from '../store/store-context';

const SERVICE_NAMES = { sabnzbd: 'SABnzbd', sonarr: 'Sonarr', radarr: 'Radarr', nzbget: 'NZBGet' } as const;
const HEALTH_TEXT: Record<ServiceHealth['state'], string> = { ok: 'OK', error: 'Error', unconfigured: 'Not configured', unknown: 'Not checked yet' };

function ServiceRow({ name, health }: { name: keyof typeof SERVICE_NAMES; health: ServiceHealth }) {
  return (
    <li className={`service health-${health.state}`}>
      <span className="dot" aria-hidden="true" />
      <span className="service-name">{SERVICE_NAMES[name]}</span>
      <span className="service-state">
        {HEALTH_TEXT[health.state]}
        {health.version ? ` · v${health.version}` : ''}
      </span>
      {health.message && health.state !== 'ok' ? <span className="service-msg">{health.message}</span> : null}
    </li>
  );
}

/** An *arr instance besides the first Sonarr/Radarr (e.g. Radarr 4K). */
function InstanceRow({ name, kind, health }: { name: string; kind: ArrKind; health: ServiceHealth }) {
  return (
    <li className={`service health-${health.state}`}>
      <span className="dot" aria-hidden="true" />
      <span className="service-name">
        {name}
        {name.toLowerCase().includes(kind) ? '' : ` (${ARR_KIND_LABEL[kind]})`}
      </span>
      <span className="service-state">
        {HEALTH_TEXT[health.state]}
        {health.version ? ` · v${health.version}` : ''}
      </span>
      {health.message && health.state !== 'ok' ? <span className="service-msg">{health.message}</span> : null}
    </li>
  );
}

export function OverviewView() {
  const monitoring = useContractQuery('monitoring.status', {});
  const recovery = useContractQuery('recovery.status', {});
  const action = useMonitoringAction();
  const recent = useApp((s) => s.live.recent);
  const now = useNow();

  const m = monitoring.data;
  if (!m) {
    const error = errorOf(monitoring.error);
    if (error) return <ErrorBox error={error} onRetry={() => void monitoring.refetch()} />;
    return <Loading what="status" />;
  }
  const stateText = m.paused ? 'Paused' : m.running ? 'Running' : 'Stopped';
  const client = m.downloadClient ?? 'sabnzbd';
  const clientName = SERVICE_NAMES[client];
  const clientUnconfigured = (m.services[client] ?? m.services.sabnzbd).state === 'unconfigured';
  const recoveryError = errorOf(recovery.error);

  return (
    <section aria-labelledby="overview-h" className="view">
      <h2 id="overview-h">Overview</h2>
      {clientUnconfigured ? (
        <div className="notice" role="status">
          {clientName} isn't configured yet — <a href="#/settings">open Settings</a>
        </div>
      ) : null}
      <div className="cards">
        <section className="card" aria-label="Monitoring">
          <h3>Monitoring</h3>
          <p className={`big ${m.paused ? 'warn' : m.running ? 'good' : 'bad'}`}>
            {stateText}
            {m.dryRun ? <span className="badge">Dry run</span> : null}
          </p>
          <dl className="facts">
            <dt>Last poll</dt>
            <dd>{m.lastPollAt ? formatAgo(m.lastPollAt, now) : 'never'}</dd>
            <dt>Next poll</dt>
            <dd>{m.nextPollAt && !m.paused ? <Countdown at={m.nextPollAt} /> : '—'}</dd>
            <dt>Every</dt>
            <dd>{plural(m.intervalSeconds, { one: 'second', other: 'seconds' })}</dd>
          </dl>
          {m.lastError ? <p className="error-text">{m.lastError}</p> : null}
          <div className="buttons">
            <button type="button" onClick={() => action.run('poll')} disabled={action.pending !== null}>
              {action.pending === 'poll' ? 'Polling…' : 'Poll now'}
            </button>
            {m.paused ? (
              <button type="button" onClick={() => action.run('resume')} disabled={action.pending !== null}>
                Resume
              </button>
            ) : (
              <button type="button" onClick={() => action.run('pause')} disabled={action.pending !== null}>
                Pause
              </button>
            )}
          </div>
          {action.error ? (
            <p className="error-text" role="alert">
              {action.error}
            </p>
          ) : null}
        </section>

        <section className="card" aria-label="Services">
          <h3>Services</h3>
          <ul className="services">
            {(Object.keys(SERVICE_NAMES) as (keyof typeof SERVICE_NAMES)[]).map((k) => {
              const health = m.services[k];
              // The download client not chosen is listed only once it is set up (most people run one).
              if (!health || ((k === 'nzbget' || k === 'sabnzbd') && k !== client && health.state === 'unconfigured')) return null;
              return <ServiceRow key={k} name={k} health={health} />;
            })}
          </ul>
          {(m.instances ?? []).some((i) => i.id !== 'sonarr' && i.id !== 'radarr') ? (
            <ul className="services" aria-label="More *arr instances">
              {(m.instances ?? [])
                .filter((i) => i.id !== 'sonarr' && i.id !== 'radarr')
                .map((i) => (
                  <InstanceRow key={i.id} name={i.name} kind={i.kind} health={i.health} />
                ))}
            </ul>
          ) : null}
          {m.queue ? (
            <p className="muted">
              {clientName} queue: {plural(m.queue.count, { one: 'job', other: 'jobs' })}, {formatNumber(m.queue.downloading)} downloading{m.queue.paused ? ' (paused)' : ''}
            </p>
          ) : null}
        </section>
      </div>

      <ul className="counts" aria-label="Counts">
        <li>
          <a href="#/failures">
            <span className="count-n">{formatNumber(m.counts.failed)}</span> <span>Failed</span>
          </a>
        </li>
        <li>
          <a href="#/failures">
            <span className="count-n">{formatNumber(m.counts.retrying + m.counts.awaiting)}</span> <span>Retrying</span>
          </a>
        </li>
        <li>
          <a href="#/attention">
            <span className="count-n">{formatNumber(m.counts.dlq)}</span> <span>Needs attention</span>
          </a>
        </li>
        <li>
          <div>
            <span className="count-n">{formatNumber(m.counts.recovered)}</span> <span>Recovered today</span>
          </div>
        </li>
      </ul>

      <div className="cards">
        <section className="card" aria-label="Recovery">
          <h3>Recovery</h3>
          {recovery.data ? (
            <>
              <p>
                Success rate: <strong>{recovery.data.successRate === null ? 'nothing finished yet' : formatPercent(recovery.data.successRate)}</strong>
                {recovery.data.dryRun ? ' · dry run' : ''}
              </p>
              {recovery.data.pending.length === 0 ? (
                <p className="muted">No attempts scheduled.</p>
              ) : (
                <ul className="pending">
                  {recovery.data.pending.map((p) => (
                    <li key={p.nzoId}>
                      <a href={timelineHref(p.nzoId)}>{p.name}</a> — attempt {formatNumber(p.attempt)}
                      {p.strategy ? `, ${STRATEGY_LABELS[p.strategy]}` : ''} {p.dueAt ? <Countdown at={p.dueAt} /> : null}
                    </li>
                  ))}
                </ul>
              )}
            </>
          ) : recoveryError ? (
            <ErrorBox error={recoveryError} />
          ) : (
            <Loading what="recovery" />
          )}
        </section>
        <section className="card" aria-label="Live events">
          <h3>Live events</h3>
          {recent.length === 0 ? (
            <p className="muted">Nothing has happened since this window opened.</p>
          ) : (
            <ul className="recent">
              {recent.slice(0, 8).map((ev) => (
                <li key={ev.event_id}>
                  <code>{ev.event_type}</code> <span className="muted">{formatAgo(ev.timestamp * 1000, now)}</span>
                </li>
              ))}
            </ul>
          )}
          <p className="small">
            <a href="#/diagnostics">All events and handlers in Diagnostics</a>
          </p>
        </section>
      </div>
    </section>
  );
}
