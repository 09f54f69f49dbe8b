// The core's handlers as a ContractApi for the main process itself (tray menu,
// notification actions): same input validation and answer checks as IPC, no
// transport and no sender check.
import { CONTRACT_CALLS, type ContractApi, type ContractHandlers, type Result } from '../../shared/contract';
import { invokeHandler } from '../core/api/invoke-handler';

export function createLocalApi(handlers: ContractHandlers): ContractApi {
  const api: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
  for (const call of CONTRACT_CALLS) api[call] = (input) => invokeHandler(handlers, call, input);
  return api as unknown as ContractApi;
}
