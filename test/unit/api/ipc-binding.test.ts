import { describe, expect, it } from 'vitest';
import { bindIpc, createIpcApi, createIpcEventStream, type IpcInvokeHandler } from '../../../main/core/api/ipc-binding';
import { CONTRACT, CONTRACT_CALLS, EVENT_PUSH_CHANNEL, type CallName, type ContractApi, type EventBatch } from '../../../shared/contract';
import { SAMPLE_INPUTS, SAMPLE_OUTPUTS, sampleHandlers, type Received } from './sample-handlers';

interface FakeEvent {
  senderUrl: string;
}

/** ipcMain + ipcRenderer joined in memory; values are structured-cloned like real IPC. */
function fakeIpcPair(senderUrl = 'app://autoarr/index.html') {
  const handlers = new Map<string, IpcInvokeHandler<FakeEvent>>();
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipcMain = {
    handle(channel: string, fn: IpcInvokeHandler<FakeEvent>) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, fn);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
  };
  const ipcRenderer = {
    async invoke(channel: string, ...args: unknown[]) {
      const fn = handlers.get(channel);
      if (!fn) throw new Error(`No handler registered for '${channel}'`);
      return structuredClone(await fn({ senderUrl }, ...structuredClone(args)));
    },
    on(channel: string, fn: (event: unknown, ...args: unknown[]) => void) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(fn);
    },
    removeListener(channel: string, fn: (event: unknown, ...args: unknown[]) => void) {
      listeners.get(channel)?.delete(fn);
    },
  };
  const send = (channel: string, payload: unknown) => {
    for (const fn of listeners.get(channel) ?? []) fn({}, structuredClone(payload));
  };
  return { ipcMain, ipcRenderer, handlers, send };
}

const trusted = (e: FakeEvent) => e.senderUrl.startsWith('app://autoarr/');

describe('IPC binding', () => {
  it('registers one channel per call and removes them all', () => {
    const pair = fakeIpcPair();
    const unbind = bindIpc(pair.ipcMain, sampleHandlers(), { isTrustedSender: trusted });
    expect([...pair.handlers.keys()].sort()).toEqual([...CONTRACT_CALLS].sort());
    unbind();
    expect(pair.handlers.size).toBe(0);
  });

  it.each(CONTRACT_CALLS)('%s round-trips with validated input', async (call) => {
    const pair = fakeIpcPair();
    const received: Received = [];
    bindIpc(pair.ipcMain, sampleHandlers(received), { isTrustedSender: trusted });
    const api = createIpcApi(pair.ipcRenderer);
    const fn = api[call] as (input: unknown) => ReturnType<ContractApi[CallName]>;
    const result = await fn(SAMPLE_INPUTS[call]);
    expect(result).toEqual({ ok: true, value: SAMPLE_OUTPUTS[call] });
    expect(received).toEqual([{ call, input: CONTRACT[call].input.parse(SAMPLE_INPUTS[call]) }]);
  });

  it('refuses an untrusted sender without running the handler', async () => {
    const pair = fakeIpcPair('https://evil.example/');
    const received: Received = [];
    const refused: string[] = [];
    bindIpc(pair.ipcMain, sampleHandlers(received), { isTrustedSender: trusted, onRefused: (c) => refused.push(c) });
    const result = await createIpcApi(pair.ipcRenderer)['monitoring.pause']({});
    expect(result).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    expect(received).toEqual([]);
    expect(refused).toEqual(['monitoring.pause']);
  });

  it('answers invalid input with invalid_input and names the field', async () => {
    const pair = fakeIpcPair();
    const received: Received = [];
    bindIpc(pair.ipcMain, sampleHandlers(received), { isTrustedSender: trusted });
    const api = createIpcApi(pair.ipcRenderer);
    const r = await api['downloads.failed']({ limit: -1 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_input');
      expect(r.error.message).toMatch(/limit/);
    }
    expect(received).toEqual([]);
  });

  it('passes handler errors through and turns throws and bad answers into internal', async () => {
    const pair = fakeIpcPair();
    const handlers = sampleHandlers();
    const errors: string[] = [];
    bindIpc(
      pair.ipcMain,
      {
        ...handlers,
        'audit.run': () => {
          throw new Error('boom');
        },
        'app.info': () => ({ ok: true, value: { version: 1 } }) as never,
      },
      { isTrustedSender: trusted, onError: (c) => errors.push(c) },
    );
    const api = createIpcApi(pair.ipcRenderer);
    expect(await api['downloads.retry']({ nzoId: 'missing' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'No download missing' },
    });
    const thrown = await api['audit.run']({});
    expect(thrown).toEqual({ ok: false, error: { code: 'internal', message: 'audit.run failed: boom' } });
    const bad = await api['app.info']({});
    expect(!bad.ok && bad.error.code).toBe('internal');
    expect(errors).toEqual(['audit.run', 'app.info']);
  });

  it('reports a missing main-process handler as unavailable, not as a throw', async () => {
    const pair = fakeIpcPair();
    const r = await createIpcApi(pair.ipcRenderer)['monitoring.status']({});
    expect(!r.ok && r.error.code).toBe('unavailable');
  });

  it('delivers valid pushed batches and drops malformed ones', () => {
    const pair = fakeIpcPair();
    const got: EventBatch[] = [];
    const unsubscribe = createIpcEventStream(pair.ipcRenderer).subscribe((b) => got.push(b));
    const batch: EventBatch = { type: 'batch', seq: 1, resync: true, events: [] };
    pair.send(EVENT_PUSH_CHANNEL, batch);
    pair.send(EVENT_PUSH_CHANNEL, { type: 'batch', seq: 'x' });
    unsubscribe();
    pair.send(EVENT_PUSH_CHANNEL, { ...batch, seq: 2 });
    expect(got).toEqual([batch]);
  });
});
