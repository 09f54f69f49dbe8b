// Gives components the contract api the window was started with (IPC bridge,
// HTTP client, or a test's fake) without a module-level singleton.
import { createContext, useContext, type ReactNode } from 'react';
import type { ContractApi } from '../../shared/contract';

const CoreApiContext = createContext<ContractApi | null>(null);

export function CoreApiProvider({ api, children }: { api: ContractApi; children: ReactNode }) {
  return <CoreApiContext.Provider value={api}>{children}</CoreApiContext.Provider>;
}

export function useCoreApi(): ContractApi {
  const api = useContext(CoreApiContext);
  if (!api) throw new Error('useCoreApi used outside <CoreApiProvider>');
  return api;
}
