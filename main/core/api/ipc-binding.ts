// Binds the contract handlers to ipcMain-shaped `handle` registrations without
// importing electron: the shell passes the real ipcMain and its sender check
// (main frame, app:// origin); tests pass a fake pair. Nothing is ever thrown
// across IPC — refusals and failures come back as Result error values.
import { CONTRACT_CALLS, err, type CallName, type ContractHandlers, type Result } from '../../../shared/contract';
import { invokeHandler, type CallErrorReporter } from './invoke-handler';

export { createIpcApi, createIpcEventStream } from '../../../shared/ipc-api-client';
export type { IpcRendererLike, IpcRendererEventsLike } from '../../../shared/ipc-api-client';

export type IpcInvokeHandler<E> = (event: E, ...args: unknown[]) => Promise<Result<unknown>>;

export interface IpcMainLike<E> {
  handle(channel: string, listener: IpcInvokeHandler<E>): void;
  removeHandler(channel: string): void;
}

export interface IpcBindingOptions<E> {
  /** E.g. event.senderFrame is the main frame of our window and its URL is app://… */
  isTrustedSender: (event: E) => boolean;
  onError?: CallErrorReporter;
  onRefused?: (call: CallName, event: E) => void;
}

/** Registers one handler per contract call; returns a function that removes them all. */
export function bindIpc<E>(ipcMain: IpcMainLike<E>, handlers: ContractHandlers, options: IpcBindingOptions<E>): () => void {
  for (const call of CONTRACT_CALLS) {
    ipcMain.handle(call, async (event, input) => {
      if (!options.isTrustedSender(event)) {
        options.onRefused?.(call, event);
        return err('forbidden', 'This window may not call the core');
      }
      return invokeHandler(handlers, call, input, options.onError);
    });
  }
  return () => {
    for (const call of CONTRACT_CALLS) ipcMain.removeHandler(call);
  };
}
