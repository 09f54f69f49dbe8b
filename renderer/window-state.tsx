// Everything a window runs on, built once at startup (or by a test): the
// query cache for what the core owns, the store for what only the window
// knows, and the providers that hand both, with the api, to the views.
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import type { ContractApi, EventStream } from '../shared/contract';
import { CoreApiProvider } from './data/core-api-context';
import { createQueryClient } from './data/query-client';
import { createAppStore, type AppStore, type AppStoreOptions } from './store/app-store';
import { StoreProvider } from './store/store-context';

export interface WindowState {
  api: ContractApi;
  events: EventStream | null;
  queryClient: QueryClient;
  store: AppStore;
}

export function createWindowState(api: ContractApi, events: EventStream | null, options: Omit<AppStoreOptions, 'queryClient'> = {}): WindowState {
  const holder: { store: AppStore | null } = { store: null };
  const queryClient = createQueryClient({
    onConnectionError: (error) => holder.store?.getState().setCoreError(error),
    onSuccess: () => holder.store?.getState().setCoreError(null),
  });
  const store = createAppStore(api, { ...options, queryClient });
  holder.store = store;
  return { api, events, queryClient, store };
}

export function WindowProviders({ state, children }: { state: WindowState; children: ReactNode }) {
  return (
    <QueryClientProvider client={state.queryClient}>
      <CoreApiProvider api={state.api}>
        <StoreProvider store={state.store}>
          <LiveSubscription state={state} />
          {children}
        </StoreProvider>
      </CoreApiProvider>
    </QueryClientProvider>
  );
}

/** Applies the core's pushed batches for as long as the window is mounted. */
function LiveSubscription({ state }: { state: WindowState }) {
  useEffect(() => state.store.getState().subscribeTo(state.events), [state]);
  return null;
}
