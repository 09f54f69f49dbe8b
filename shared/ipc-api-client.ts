// The window's side of the IPC binding, pure so the preload can build it from
// whatever ipcRenderer it has and tests can drive it with a fake. Each call's
// channel is the call name itself; answers are validated as Result<output>.
import {
  CONTRACT,
  CONTRACT_CALLS,
  EVENT_PUSH_CHANNEL,
  EventBatchSchema,
  err,
  resultSchema,
  type CallName,
  type ContractApi,
  type EventBatch,
  type EventStream,
  type Result,
} from './contract';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
}

export interface IpcRendererEventsLike {
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

async function invokeCall(ipc: IpcRendererLike, call: CallName, input: unknown): Promise<Result<unknown>> {
  let raw: unknown;
  try {
    raw = await ipc.invoke(call, input ?? {});
  } catch (e) {
    // Only reached when the main process has no handler or the channel broke.
    return err('unavailable', `${call}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = resultSchema(CONTRACT[call].output).safeParse(raw);
  return parsed.success ? (parsed.data as Result<unknown>) : err('internal', `${call}: malformed answer from the core`);
}

export function createIpcApi(ipc: IpcRendererLike): ContractApi {
  const api: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
  for (const call of CONTRACT_CALLS) api[call] = (input) => invokeCall(ipc, call, input);
  return api as unknown as ContractApi;
}

/** Batches pushed by the main process on EVENT_PUSH_CHANNEL; malformed ones are dropped. */
export function createIpcEventStream(ipc: IpcRendererEventsLike): EventStream {
  return {
    subscribe(listener: (batch: EventBatch) => void) {
      const onPush = (_event: unknown, ...args: unknown[]) => {
        const parsed = EventBatchSchema.safeParse(args[0]);
        if (parsed.success) listener(parsed.data);
      };
      ipc.on(EVENT_PUSH_CHANNEL, onPush);
      return () => {
        ipc.removeListener(EVENT_PUSH_CHANNEL, onPush);
      };
    },
  };
}
