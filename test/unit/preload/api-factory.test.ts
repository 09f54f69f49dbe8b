import { describe, expect, it, vi } from 'vitest';
import { bindIpc, type IpcInvokeHandler } from '../../../main/core/api/ipc-binding';
import { CONTRACT, CONTRACT_CALLS, EVENT_PUSH_CHANNEL, type CallName, type EventBatch } from '../../../shared/contract';
import { NAVIGATE_CHANNEL, downloadRoute } from '../../../shared/window-api';
import { createWindowApi } from '../../../preload/api-factory';
import { SAMPLE_INPUTS, SAMPLE_OUTPUTS, sampleHandlers, type Received } from '../api/sample-handlers';

type Listener = (event: unknown, ...args: unknown[]) => void;

/**
 * An ipcRenderer stand-in joined to a real bindIpc in memory. Its event
 * objects carry `sender` like Electron's, so a leak to the page is visible.
 */
function fakeIpcRenderer() {
  const handlers = new Map<string, IpcInvokeHandler<{ url: string }>>();
  const listeners = new Map<string, Set<Listener>>();
  const invoked: { channel: string; args: unknown[] }[] = [];
  const ipcRenderer = {
    async invoke(channel: string, ...args: unknown[]) {
      invoked.push({ channel, args });
      const fn = handlers.get(channel);
      if (!fn) throw new Error(`No handler registered for '${channel}'`);
      return structuredClone(await fn({ url: 'app://autoarr/index.html' }, ...structuredClone(args)));
    },
    on(channel: string, fn: Listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(fn);
      return ipcRenderer;
    },
    removeListener(channel: string, fn: Listener) {
      listeners.get(channel)?.delete(fn);
      return ipcRenderer;
    },
    send: () => {
      throw new Error('the api must never use send');
    },
    sendSync: () => {
      throw new Error('the api must never use sendSync');
    },
  };
  const ipcMain = {
    handle: (channel: string, fn: IpcInvokeHandler<{ url: string }>) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  };
  const push = (channel: string, payload: unknown) => {
    const event = { sender: ipcRenderer, senderId: 0, ports: [] };
    for (const fn of listeners.get(channel) ?? []) fn(event, structuredClone(payload));
  };
  const listenerCount = (channel: string) => listeners.get(channel)?.size ?? 0;
  return { ipcRenderer, ipcMain, invoked, push, listenerCount };
}

function collectValues(root: unknown, seen = new Set<unknown>()): unknown[] {
  if (root === null || (typeof root !== 'object' && typeof root !== 'function') || seen.has(root)) return [];
  seen.add(root);
  const out: unknown[] = [root];
  for (const key of Reflect.ownKeys(root as object)) {
    out.push(...collectValues((root as Record<PropertyKey, unknown>)[key], seen));
  }
  return out;
}

describe('createWindowApi', () => {
  it('exposes exactly the contract calls, the event stream and navigation', () => {
    const { ipcRenderer } = fakeIpcRenderer();
    const api = createWindowApi(ipcRenderer);
    expect(Object.keys(api).sort()).toEqual([...CONTRACT_CALLS, 'events', 'onNavigate'].sort());
    for (const call of CONTRACT_CALLS) expect(typeof api[call]).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('never exposes ipcRenderer or any of its methods', () => {
    const fake = fakeIpcRenderer();
    const api = createWindowApi(fake.ipcRenderer);
    const reachable = collectValues(api);
    expect(reachable).not.toContain(fake.ipcRenderer);
    for (const method of Object.values(fake.ipcRenderer)) expect(reachable).not.toContain(method);
    expect('invoke' in api || 'send' in api || 'on' in api || 'ipcRenderer' in api).toBe(false);
  });

  it.each(CONTRACT_CALLS)('%s goes over its own channel and round-trips', async (call) => {
    const fake = fakeIpcRenderer();
    const received: Received = [];
    bindIpc(fake.ipcMain, sampleHandlers(received), { isTrustedSender: (e) => e.url.startsWith('app://autoarr/') });
    const api = createWindowApi(fake.ipcRenderer);
    const fn = api[call] as (input: unknown) => Promise<unknown>;
    const result = await fn(SAMPLE_INPUTS[call]);
    expect(result).toEqual({ ok: true, value: SAMPLE_OUTPUTS[call] });
    expect(fake.invoked).toEqual([{ channel: call, args: [SAMPLE_INPUTS[call]] }]);
    expect(received).toEqual([{ call, input: CONTRACT[call].input.parse(SAMPLE_INPUTS[call]) }]);
  });

  it('every channel is invoked once when every call is made', async () => {
    const fake = fakeIpcRenderer();
    bindIpc(fake.ipcMain, sampleHandlers(), { isTrustedSender: () => true });
    const api = createWindowApi(fake.ipcRenderer);
    for (const call of CONTRACT_CALLS) await (api[call] as (i: unknown) => Promise<unknown>)(SAMPLE_INPUTS[call]);
    expect(fake.invoked.map((i) => i.channel as CallName)).toEqual([...CONTRACT_CALLS]);
  });

  it('a call with no main-process handler answers an error value', async () => {
    const fake = fakeIpcRenderer();
    const r = await createWindowApi(fake.ipcRenderer)['monitoring.status']({});
    expect(r.ok).toBe(false);
  });

  it('delivers valid batches without the IPC event, drops malformed ones, and unsubscribes', () => {
    const fake = fakeIpcRenderer();
    const api = createWindowApi(fake.ipcRenderer);
    const listener = vi.fn();
    const unsubscribe = api.events.subscribe(listener);
    expect(fake.listenerCount(EVENT_PUSH_CHANNEL)).toBe(1);
    const batch: EventBatch = { type: 'batch', seq: 1, resync: false, events: [] };
    fake.push(EVENT_PUSH_CHANNEL, batch);
    fake.push(EVENT_PUSH_CHANNEL, { type: 'batch', seq: 0, resync: false, events: [] });
    fake.push(EVENT_PUSH_CHANNEL, { type: 'batch', seq: 2, resync: false, events: [{ event_type: 'nope' }] });
    expect(listener.mock.calls).toEqual([[batch]]);
    unsubscribe();
    expect(fake.listenerCount(EVENT_PUSH_CHANNEL)).toBe(0);
    fake.push(EVENT_PUSH_CHANNEL, { ...batch, seq: 3 });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('forwards in-app routes only, and unsubscribes', () => {
    const fake = fakeIpcRenderer();
    const api = createWindowApi(fake.ipcRenderer);
    const got: unknown[][] = [];
    const off = api.onNavigate((...args) => got.push(args));
    const route = downloadRoute('SABnzbd_nzo_a b/c');
    fake.push(NAVIGATE_CHANNEL, route);
    for (const bad of ['https://evil.example/', 'javascript:alert(1)', '#/x y', 42, null, `#/${'a'.repeat(600)}`]) {
      fake.push(NAVIGATE_CHANNEL, bad);
    }
    expect(got).toEqual([[route]]);
    expect(route).toBe('#/downloads/SABnzbd_nzo_a%20b%2Fc');
    off();
    fake.push(NAVIGATE_CHANNEL, '#/activity');
    expect(got).toHaveLength(1);
    expect(fake.listenerCount(NAVIGATE_CHANNEL)).toBe(0);
  });
});

describe('preload entry', () => {
  it('exposes the factory api as window.autoarr and nothing else', async () => {
    const fake = fakeIpcRenderer();
    const exposed: [string, unknown][] = [];
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.push([key, value]) },
      ipcRenderer: fake.ipcRenderer,
    }));
    await import('../../../preload/index');
    vi.doUnmock('electron');
    expect(exposed.map(([k]) => k)).toEqual(['autoarr']);
    const api = exposed[0]![1] as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...CONTRACT_CALLS, 'events', 'onNavigate'].sort());
    expect(collectValues(api)).not.toContain(fake.ipcRenderer);
  });
});
