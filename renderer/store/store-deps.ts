// What every slice of the window's store is built from, and how a slice is
// written: a function of (set, get, deps) answering its part of AppState.
import type { QueryClient } from '@tanstack/react-query';
import type { ContractApi } from '../../shared/contract';
import type { AppState } from './app-store';

export interface StoreDeps {
  api: ContractApi;
  queryClient: QueryClient;
  now: () => number;
  schedule: (fn: () => void, ms: number) => void;
  /** Delay before the quiet refetch that replaces live-patched rows with the core's own. */
  reconcileMs: number;
  activityPageSize: number;
}

export type SetState = (partial: Partial<AppState> | ((s: AppState) => Partial<AppState>)) => void;
export type GetState = () => AppState;
export type Slice<T> = (set: SetState, get: GetState, deps: StoreDeps) => T;
