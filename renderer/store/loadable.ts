// A value the window fetched: idle until asked, loading, ready, or an error
// to show. `data` survives a refresh so views do not flash empty.
import type { ApiError } from '../../shared/contract';

export interface Loadable<T> {
  status: 'idle' | 'loading' | 'ready' | 'error';
  data: T | null;
  error: ApiError | null;
}

export function idle<T>(): Loadable<T> {
  return { status: 'idle', data: null, error: null };
}

export function loading<T>(prev: Loadable<T>): Loadable<T> {
  return { status: 'loading', data: prev.data, error: null };
}

export function ready<T>(data: T): Loadable<T> {
  return { status: 'ready', data, error: null };
}

export function failed<T>(prev: Loadable<T>, error: ApiError): Loadable<T> {
  return { status: 'error', data: prev.data, error };
}
