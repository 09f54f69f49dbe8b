import { describe, expect, it } from 'vitest';
import { diagnosticsHandlers } from '../../../main/core/api/handlers/diagnostics-handlers';
import { invokeHandler } from '../../../main/core/api/invoke-handler';
import { EventBus } from '../../../main/core/events/event-bus';
import { systemClock } from '../../../main/core/clock';
import type { CallName, ContractHandlers, In, Out, Result } from '../../../shared/contract';

const polled = { queueCount: 1, historyCount: 2, newFailures: 0, downloading: 1, paused: false, durationMs: 3, historyChanged: false };

function setup() {
  const bus = new EventBus({ clock: systemClock, historySize: 5 });
  const handlers = diagnosticsHandlers({ bus }) as unknown as ContractHandlers;
  // Through invokeHandler, as a transport calls them: inputs and answers are checked against the contract.
  const call = <K extends CallName>(name: K, input: In<K> | Record<string, never> = {}) =>
    invokeHandler(handlers, name, input) as Promise<Result<Out<K>>>;
  return { bus, call };
}

describe('diagnostics handlers over a real bus', () => {
  it('lists recent events filtered by type and correlation, within the history size', async () => {
    const { bus, call } = setup();
    for (let i = 0; i < 7; i++) bus.publish('queue.polled', polled, { correlationId: i % 2 ? 'odd' : 'even' });
    bus.publish('config.applied', { changedKeys: ['dryRun'] }, { correlationId: 'odd' });
    const all = await call('diagnostics.events');
    expect(all.ok && all.value.events).toHaveLength(5);
    expect(all.ok && all.value.historyCapacity).toBe(5);
    const odd = await call('diagnostics.events', { correlationId: 'odd', type: 'queue.polled' });
    expect(odd.ok && odd.value.events.map((e) => [e.event_type, e.correlation_id])).toEqual([
      ['queue.polled', 'odd'],
      ['queue.polled', 'odd'],
    ]);
  });

  it('counts deliveries and failures per handler, and replays a dead letter to the failed handler only', async () => {
    const { bus, call } = setup();
    const seen: string[] = [];
    let broken = true;
    bus.subscribe('queue.polled', () => void seen.push('steady'), { name: 'steady' });
    bus.subscribe('queue.polled', () => {
      if (broken) throw new Error('disk is full');
      seen.push('flaky');
    }, { name: 'flaky' });
    bus.subscribe('*', () => {}, { name: 'picky', filter: (e) => e.correlationId === 'mine' });
    bus.publish('queue.polled', polled);
    bus.publish('config.applied', { changedKeys: [] }, { correlationId: 'mine' });

    const overview = await call('diagnostics.bus');
    expect(overview.ok).toBe(true);
    if (!overview.ok) return;
    const byName = Object.fromEntries(overview.value.handlers.map((h) => [h.name, h]));
    expect(byName.steady).toMatchObject({ deliveries: 1, failures: 0, pattern: 'queue.polled' });
    expect(byName.flaky).toMatchObject({ deliveries: 1, failures: 1, lastError: 'disk is full' });
    // A filtered handler counts only what its filter let through.
    expect(byName.picky).toMatchObject({ deliveries: 1, pattern: '*' });
    expect(overview.value.stats).toMatchObject({ publishedTotal: 2, handlerFailures: 1, deadLetters: 1, published: { 'queue.polled': 1, 'config.applied': 1 } });

    const letters = await call('diagnostics.deadLetters');
    const letter = letters.ok ? letters.value.items[0] : undefined;
    expect(letter).toMatchObject({ handlerName: 'flaky', error: 'disk is full', attempts: 1, event: { event_type: 'queue.polled' } });

    const again = await call('diagnostics.replay', { id: letter!.id });
    expect(again.ok && again.value).toMatchObject({ outcome: 'failed', deadLetter: { attempts: 2 } });
    broken = false;
    const replayed = await call('diagnostics.replay', { id: letter!.id });
    expect(replayed.ok && replayed.value.outcome).toBe('delivered');
    // Only the failed handler ran again, and its count says so.
    expect(seen).toEqual(['steady', 'flaky']);
    const afterReplay = await call('diagnostics.bus');
    const counts = afterReplay.ok ? Object.fromEntries(afterReplay.value.handlers.map((h) => [h.name, h.deliveries])) : {};
    expect(counts).toMatchObject({ steady: 1, flaky: 3 });
    const after = await call('diagnostics.deadLetters');
    expect(after.ok && after.value.items).toEqual([]);
    const gone = await call('diagnostics.replay', { id: letter!.id });
    expect(gone).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
