// The window's client state in one zustand store made of per-feature slices
// (connection, live stream, row actions, list pages, settings actions, the
// activity log's window). Data the core owns lives in the react-query cache
// (data/contract-query.ts); the slices hold what only the window knows and
// the actions that change the cache.
import type { QueryClient } from '@tanstack/react-query';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ContractApi } from '../../shared/contract';
import { activitySlice, type ActivitySlice } from './activity-slice';
import { connectionSlice, type ConnectionSlice } from './connection-slice';
import { listsSlice, type ListsSlice } from './lists-slice';
import { liveSlice, type LiveSlice } from './live-slice';
import { rowActionsSlice, type RowActionsSlice } from './row-actions-slice';
import { settingsSlice, type SettingsSlice } from './settings-slice';
import type { StoreDeps } from './store-deps';

export type { ActivityFilter } from './activity-slice';
export type { RowAction } from './row-actions-slice';

export type AppState = ConnectionSlice & LiveSlice & RowActionsSlice & ListsSlice & SettingsSlice & ActivitySlice;
export type AppStore = StoreApi<AppState>;

export interface AppStoreOptions {
  queryClient: QueryClient;
  now?: () => number;
  reconcileMs?: number;
  schedule?: (fn: () => void, ms: number) => void;
  activityPageSize?: number;
}

export function createAppStore(api: ContractApi, options: AppStoreOptions): AppStore {
  const deps: StoreDeps = {
    api,
    queryClient: options.queryClient,
    now: options.now ?? (() => Date.now()),
    schedule: options.schedule ?? ((fn, ms) => void setTimeout(fn, ms)),
    reconcileMs: options.reconcileMs ?? 1000,
    activityPageSize: options.activityPageSize ?? 200,
  };
  return createStore<AppState>()((set, get) => ({
    ...connectionSlice(set, get, deps),
    ...liveSlice(set, get, deps),
    ...rowActionsSlice(set, get, deps),
    ...listsSlice(set, get, deps),
    ...settingsSlice(set, get, deps),
    ...activitySlice(set, get, deps),
  }));
}
