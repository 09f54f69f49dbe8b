// Contract handlers for the Diagnostics view: the bus's recent events (its
// history ring, EVENT_BUS_HISTORY_SIZE long), its counters per handler, the
// deliveries that failed (dead letters), and a replay that re-delivers one
// dead letter to the handler that failed it and to no other.
import { err, ok, toLiveEvent, type ContractHandlers, type DeadLetterView } from '../../../../shared/contract';
import type { DeadLetter } from '../../events/dead-letter-list';
import type { EventBus } from '../../events/event-bus';

type DiagnosticsHandlers = Pick<
  ContractHandlers,
  'diagnostics.events' | 'diagnostics.bus' | 'diagnostics.deadLetters' | 'diagnostics.replay'
>;

export type DiagnosticsBus = Pick<EventBus, 'history' | 'stats' | 'handlers' | 'deadLetters' | 'replayDeadLetter'>;

function deadLetterView(d: DeadLetter): DeadLetterView {
  return {
    id: d.id,
    handlerName: d.handlerName,
    subscriptionId: d.subscriptionId,
    error: d.error,
    attempts: d.attempts,
    firstFailedAt: d.firstFailedAt,
    lastFailedAt: d.lastFailedAt,
    event: toLiveEvent(d.event),
  };
}

export function diagnosticsHandlers(deps: { bus: DiagnosticsBus }): DiagnosticsHandlers {
  const { bus } = deps;
  return {
    'diagnostics.events': ({ type, correlationId, limit }) =>
      ok({
        events: bus.history({ ...(type ? { type } : {}), ...(correlationId ? { correlationId } : {}), limit }).map(toLiveEvent),
        historyCapacity: bus.stats().historyCapacity,
      }),
    'diagnostics.bus': () => {
      const s = bus.stats();
      return ok({
        stats: {
          publishedTotal: s.publishedTotal,
          published: Object.fromEntries(Object.entries(s.published).filter(([, n]) => n > 0)),
          deliveries: s.deliveries,
          handlerFailures: s.handlerFailures,
          handlerTimeouts: s.handlerTimeouts,
          subscribers: s.subscribers,
          meanHandlerMs: s.meanHandlerMs,
          deadLetters: s.deadLetters,
          historyLength: s.historyLength,
          historyCapacity: s.historyCapacity,
        },
        handlers: bus.handlers().map((h) => ({ ...h })),
      });
    },
    'diagnostics.deadLetters': () => ok({ items: bus.deadLetters().map(deadLetterView) }),
    'diagnostics.replay': async ({ id }) => {
      const r = await bus.replayDeadLetter(id);
      if (r.ok) return ok({ outcome: 'delivered', message: `Delivered ${r.event.type} to the handler again; the dead letter is cleared.`, deadLetter: null });
      if (r.error.code === 'not_found') return err('not_found', r.error.message);
      if (r.error.code === 'handler_gone') return err('conflict', r.error.message);
      const still = bus.deadLetters().find((d) => d.id === id);
      return ok({
        outcome: r.error.code === 'handler_timeout' ? 'timed_out' : 'failed',
        message: `The handler failed again: ${r.error.message}`,
        deadLetter: still ? deadLetterView(still) : null,
      });
    },
  };
}
