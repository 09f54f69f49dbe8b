/**
 * Hostile input over IPC: every contract call, bound with bindIpc to a fake ipcMain pair,
 * backed by the REAL core handlers (createCore, real SQLite in a temp dir; SABnzbd, Sonarr and
 * Radarr at closed loopback ports). fast-check throws anything at each call — structured-clone
 * values, JSON, the call's own fields with wrong types, huge/odd unicode, __proto__ and
 * constructor keys, path-traversal ids. Always a Result envelope, never a throw, never a stack,
 * never a polluted Object.prototype, and the core still answers afterwards.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindIpc, type IpcInvokeHandler, type IpcMainLike } from '../../main/core/api/ipc-binding';
import { CONTRACT_CALLS, type CallName } from '../../shared/contract';
import { expectEnvelope, expectNoPollution, hostileInput } from './hostile-inputs';
import { closedLoopbackPort, startTempCore, type TempCore } from './faults-temp-core';

interface FakeSender {
  trusted: boolean;
}

class FakeIpcMain implements IpcMainLike<FakeSender> {
  readonly handlers = new Map<string, IpcInvokeHandler<FakeSender>>();
  handle(channel: string, listener: IpcInvokeHandler<FakeSender>): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What ipcRenderer.invoke does: one argument, after the event. */
  invoke(channel: string, sender: FakeSender, input: unknown): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return h(sender, input);
  }
}

export const RUNS_PER_CALL = 150;
let t: TempCore;
const ipcMain = new FakeIpcMain();
const reported: string[] = [];
let tried = 0;

beforeAll(async () => {
  const [sab, sonarr, radarr] = await Promise.all([closedLoopbackPort(), closedLoopbackPort(), closedLoopbackPort()]);
  t = await startTempCore({
    loopbackOnly: true,
    patch: {
      sabnzbd: { url: `http://127.0.0.1:${sab}` },
      sonarr: { url: `http://127.0.0.1:${sonarr}` },
      radarr: { url: `http://127.0.0.1:${radarr}` },
      apiKeys: { sabnzbd: 'k'.repeat(32), sonarr: 's'.repeat(32), radarr: 'r'.repeat(32) },
      monitoring: { requestTimeoutMs: 500 },
    },
  });
  bindIpc(ipcMain, t.core.handlers, {
    isTrustedSender: (e) => e.trusted,
    onError: (call, error) => void reported.push(`${call}: ${String(error)}`),
  });
}, 60_000);

afterAll(async () => {
  console.log(`[hostile-ipc] ${tried} inputs tried over ${CONTRACT_CALLS.length} calls; ${reported.length} handler errors reported`);
  await t?.dispose();
});

describe('IPC binding under hostile input', () => {
  it('binds every contract call', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CONTRACT_CALLS].sort());
  });

  for (const call of CONTRACT_CALLS as readonly CallName[]) {
    it(`${call}: any input answers a Result envelope`, async () => {
      await fc.assert(
        fc.asyncProperty(hostileInput(call, true), async (input) => {
          tried++;
          let answer: unknown;
          try {
            answer = await ipcMain.invoke(call, { trusted: true }, input);
          } catch (e) {
            throw new Error(`${call} threw across IPC: ${String(e)}`, { cause: e });
          }
          expectEnvelope(answer, call);
          expectNoPollution();
        }),
        { numRuns: RUNS_PER_CALL },
      );
    }, 60_000);
  }

  it('an untrusted sender is refused on every call, whatever it sends', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CONTRACT_CALLS), fc.anything(), async (call, input) => {
        tried++;
        expect(await ipcMain.invoke(call, { trusted: false }, input)).toEqual({
          ok: false,
          error: { code: 'forbidden', message: 'This window may not call the core' },
        });
      }),
      { numRuns: 300 },
    );
  });

  it('the core still answers, and no handler crashed', async () => {
    const info = (await ipcMain.invoke('app.info', { trusted: true }, {})) as { ok: boolean };
    expect(info.ok).toBe(true);
    const status = (await ipcMain.invoke('monitoring.status', { trusted: true }, {})) as { ok: boolean };
    expect(status.ok).toBe(true);
    expect(reported).toEqual([]);
  });
});
