// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { CONTRACT_CALLS, type EventBatch } from '../../../shared/contract';
import type { WindowApi } from '../../../shared/window-api';
import { connectionFromBridge, isWindowApi } from '../../../renderer/api/pick-connection';
import { createWindowState } from '../../../renderer/window-state';
import { createFakeApi, settle } from './fake-contract-api';

function fakeBridge(): { bridge: WindowApi; push: (b: EventBatch) => void; navigate: (h: string) => void } {
  const fake = createFakeApi();
  let listener: ((b: EventBatch) => void) | null = null;
  let nav: ((h: string) => void) | null = null;
  const bridge = {
    ...fake.api,
    events: { subscribe: (l: (b: EventBatch) => void) => ((listener = l), () => (listener = null)) },
    onNavigate: (l: (h: string) => void) => ((nav = l), () => (nav = null)),
  } as WindowApi;
  return { bridge, push: (b) => listener?.(b), navigate: (h) => nav?.(h) };
}

describe('picking the transport', () => {
  it('recognises the preload bridge only when every contract call is there', () => {
    const { bridge } = fakeBridge();
    expect(isWindowApi(bridge)).toBe(true);
    expect(isWindowApi(undefined)).toBe(false);
    const partial: Record<string, unknown> = { ...bridge };
    delete partial[CONTRACT_CALLS[0]];
    expect(isWindowApi(partial)).toBe(false);
  });

  it('feeds the bridge event stream into the store and forwards navigation', async () => {
    const { bridge, push, navigate } = fakeBridge();
    const conn = connectionFromBridge(bridge);
    expect(conn.transport).toBe('ipc');
    const { store } = createWindowState(conn.api, conn.events, { schedule: () => {} });
    const stop = store.getState().subscribeTo(conn.events);
    await settle();
    push({ type: 'batch', seq: 1, resync: false, events: [] });
    push({ type: 'batch', seq: 2, resync: false, events: [] });
    expect(store.getState().live.lastSeq).toBe(2);
    stop();
    push({ type: 'batch', seq: 3, resync: false, events: [] });
    expect(store.getState().live.lastSeq).toBe(2);
    const seen: string[] = [];
    conn.onNavigate?.((h) => seen.push(h));
    navigate('#/downloads/x');
    expect(seen).toEqual(['#/downloads/x']);
  });
});
