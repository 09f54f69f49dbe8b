// What the core's event bus is doing, for an operator: the live event stream
// (the bus's recent history, then every event as it is pushed) filtered by
// type or correlation, each handler's deliveries and failures, and the
// deliveries that failed (dead letters) with a replay that re-delivers one
// event to the failed handler only.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import type { DeadLetterView, LiveEventData, ReplayOutcome } from '../../shared/contract';
import { EVENT_TYPES, type EventType } from '../../shared/events';
import { Empty, ErrorBox, Loading } from '../components/StateMessage';
import { errorOf, refetchCalls, unwrap, useContractQuery } from '../data/contract-query';
import { useCoreApi } from '../data/core-api-context';
import { formatClock, formatMs, formatNumber, formatTime, plural } from '../format/intl-format';
import { useApp } from '../store/store-context';

const SHOWN = 200;

interface StreamFilter {
  type: EventType | null;
  correlationId: string | null;
}

function matches(ev: LiveEventData, f: StreamFilter): boolean {
  return (f.type === null || ev.event_type === f.type) && (f.correlationId === null || ev.correlation_id === f.correlationId);
}

function EventStream() {
  const [filter, setFilter] = useState<StreamFilter>({ type: null, correlationId: null });
  const [draft, setDraft] = useState({ type: '', correlationId: '' });
  const history = useContractQuery('diagnostics.events', {
    ...(filter.type ? { type: filter.type } : {}),
    ...(filter.correlationId ? { correlationId: filter.correlationId } : {}),
    limit: SHOWN,
  }, { refetchOnWindowFocus: false });
  const live = useApp((s) => s.live.recent);
  const error = errorOf(history.error);

  // History (oldest first) joined with what was pushed since; newest first, each event once.
  const events = useMemo(() => {
    const seen = new Set<string>();
    const out: LiveEventData[] = [];
    for (const ev of [...live, ...[...(history.data?.events ?? [])].reverse()]) {
      if (seen.has(ev.event_id) || !matches(ev, filter)) continue;
      seen.add(ev.event_id);
      out.push(ev);
      if (out.length >= SHOWN) break;
    }
    return out;
  }, [live, history.data, filter]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilter({ type: (draft.type || null) as EventType | null, correlationId: draft.correlationId.trim() || null });
  };

  return (
    <section className="card" aria-labelledby="stream-h">
      <h3 id="stream-h">Live events</h3>
      <form className="filters" aria-label="Event filters" onSubmit={apply}>
        <label>
          Event type
          <select value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value })}>
            <option value="">All</option>
            {EVENT_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label className="grow">
          Correlation
          <input type="search" value={draft.correlationId} onChange={(e) => setDraft({ ...draft, correlationId: e.target.value })} placeholder="correlation id" />
        </label>
        <div className="buttons">
          <button type="submit">Filter</button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDraft({ type: '', correlationId: '' });
              setFilter({ type: null, correlationId: null });
            }}
          >
            Clear
          </button>
        </div>
      </form>
      {error ? <ErrorBox error={error} onRetry={() => void history.refetch()} /> : null}
      {!history.data && !error ? (
        <Loading what="events" />
      ) : events.length === 0 ? (
        <p className="muted">No event matches yet; new ones appear here as they happen.</p>
      ) : (
        <ol className="event-stream" aria-label="Event stream">
          {events.map((ev) => (
            <li key={ev.event_id}>
              <time className="muted small" dateTime={ev.timestamp_iso} title={formatTime(ev.timestamp * 1000)}>
                {formatClock(ev.timestamp * 1000)}
              </time>{' '}
              <code>{ev.event_type}</code> <span className="muted small">from {ev.source}</span>{' '}
              <button
                type="button"
                className="link-button small"
                onClick={() => {
                  setDraft({ type: '', correlationId: ev.correlation_id });
                  setFilter({ type: null, correlationId: ev.correlation_id });
                }}
                aria-label={`Show correlation ${ev.correlation_id}`}
              >
                {ev.correlation_id}
              </button>
            </li>
          ))}
        </ol>
      )}
      {history.data ? <p className="muted small">The bus keeps the last {plural(history.data.historyCapacity, { one: 'event', other: 'events' })} (EVENT_BUS_HISTORY_SIZE).</p> : null}
    </section>
  );
}

function Handlers() {
  const bus = useContractQuery('diagnostics.bus', {});
  const error = errorOf(bus.error);
  if (!bus.data) return error ? <ErrorBox error={error} onRetry={() => void bus.refetch()} /> : <Loading what="handlers" />;
  const s = bus.data.stats;
  return (
    <section className="card" aria-labelledby="handlers-h">
      <h3 id="handlers-h">Handlers</h3>
      <p className="small">
        {plural(s.publishedTotal, { one: 'event', other: 'events' })} published, {plural(s.deliveries, { one: 'delivery', other: 'deliveries' })},{' '}
        {plural(s.handlerFailures, { one: 'failure', other: 'failures' })} ({formatNumber(s.handlerTimeouts)} timed out); mean handler time {formatMs(s.meanHandlerMs)}.
      </p>
      <div className="table-wrap">
        <table className="table" aria-label="Handlers">
          <thead>
            <tr>
              <th scope="col">Handler</th>
              <th scope="col">Listens to</th>
              <th scope="col">Deliveries</th>
              <th scope="col">Failures</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {bus.data.handlers.map((h) => (
              <tr key={h.id} className={h.failures > 0 ? 'row-bad' : undefined}>
                <th scope="row">{h.name}</th>
                <td>
                  <code>{h.pattern}</code>
                </td>
                <td>{formatNumber(h.deliveries)}</td>
                <td>{formatNumber(h.failures)}</td>
                <td className="small">{h.lastError ? `${h.lastError}${h.lastFailedAt ? ` (${formatTime(h.lastFailedAt)})` : ''}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function DeadLetterItem({ letter, onReplay, pending, result }: { letter: DeadLetterView; onReplay: () => void; pending: boolean; result: ReplayOutcome | string | undefined }) {
  return (
    <li className="card" aria-label={`Dead letter: ${letter.event.event_type} for ${letter.handlerName}`}>
      <div>
        <code>{letter.event.event_type}</code> failed in <strong>{letter.handlerName}</strong>: {letter.error}
      </div>
      <p className="muted small">
        {plural(letter.attempts, { one: 'attempt', other: 'attempts' })} · first {formatTime(letter.firstFailedAt)} · last {formatTime(letter.lastFailedAt)} · correlation {letter.event.correlation_id}
      </p>
      <div className="buttons">
        <button type="button" onClick={onReplay} disabled={pending} aria-label={`Replay ${letter.event.event_type} to ${letter.handlerName}`}>
          {pending ? 'Replaying…' : 'Replay'}
        </button>
      </div>
      {typeof result === 'string' ? (
        <p className="error-text" role="alert">
          {result}
        </p>
      ) : result ? (
        <p className={result.outcome === 'delivered' ? 'ok-text' : 'error-text'} role={result.outcome === 'delivered' ? 'status' : 'alert'}>
          {result.message}
        </p>
      ) : null}
    </li>
  );
}

function DeadLetters() {
  const api = useCoreApi();
  const client = useQueryClient();
  const letters = useContractQuery('diagnostics.deadLetters', {});
  const [results, setResults] = useState<Record<string, ReplayOutcome | string>>({});
  const replay = useMutation({
    mutationFn: async (id: string) => unwrap(await api['diagnostics.replay']({ id })),
    onSuccess: (outcome, id) => setResults((r) => ({ ...r, [id]: outcome })),
    onError: (e, id) => setResults((r) => ({ ...r, [id]: errorOf(e)?.message ?? 'Replay failed' })),
    onSettled: () => refetchCalls(client, ['diagnostics.deadLetters', 'diagnostics.bus']),
  });
  const error = errorOf(letters.error);
  const delivered = Object.entries(results).filter(([id, r]) => typeof r !== 'string' && r.outcome === 'delivered' && !letters.data?.items.some((l) => l.id === id));
  return (
    <section className="card" aria-labelledby="dead-h">
      <h3 id="dead-h">Dead letters</h3>
      {error ? <ErrorBox error={error} onRetry={() => void letters.refetch()} /> : null}
      {delivered.map(([id, r]) => (
        <p key={id} className="ok-text" role="status">
          {typeof r === 'string' ? r : r.message}
        </p>
      ))}
      {!letters.data ? (
        error ? null : <Loading what="dead letters" />
      ) : letters.data.items.length === 0 ? (
        <Empty title="No failed deliveries">Every handler has handled every event.</Empty>
      ) : (
        <ul className="inbox" aria-label="Dead letters">
          {letters.data.items.map((l) => (
            <DeadLetterItem key={l.id} letter={l} pending={replay.isPending && replay.variables === l.id} result={results[l.id]} onReplay={() => replay.mutate(l.id)} />
          ))}
        </ul>
      )}
    </section>
  );
}

export function DiagnosticsView() {
  return (
    <section aria-labelledby="diagnostics-h" className="view">
      <h2 id="diagnostics-h">Diagnostics</h2>
      <div className="cards">
        <Handlers />
        <DeadLetters />
      </div>
      <EventStream />
    </section>
  );
}
