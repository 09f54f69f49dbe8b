// The one way a view loads data: a react-query query over a contract call,
// keyed [call, input]. The contract answers Result values; a query needs a
// thrown error to track, so an error answer becomes an ApiCallError carrying
// the core's {code, message} (views read it back with `errorOf`).
import { useQuery, type QueryClient, type UseQueryOptions } from '@tanstack/react-query';
import type { ApiError, CallName, ContractApi, In, Out, Result } from '../../shared/contract';
import { useCoreApi } from './core-api-context';

export class ApiCallError extends Error {
  constructor(readonly apiError: ApiError) {
    super(apiError.message);
    this.name = 'ApiCallError';
  }
}

export function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw new ApiCallError(r.error);
}

/** The core's error behind a failed query, or an `internal` one for anything else that threw. */
export function errorOf(e: unknown): ApiError | null {
  if (e === null || e === undefined) return null;
  if (e instanceof ApiCallError) return e.apiError;
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

export type ContractKey<K extends CallName> = readonly [K, In<K>];

export function contractKey<K extends CallName>(call: K, input: In<K>): ContractKey<K> {
  return [call, input] as const;
}

export function contractQueryOptions<K extends CallName>(api: ContractApi, call: K, input: In<K>) {
  return {
    queryKey: contractKey(call, input),
    queryFn: async () => unwrap(await api[call](input)),
  };
}

type ExtraOptions<K extends CallName> = Omit<UseQueryOptions<Out<K>, Error, Out<K>, ContractKey<K>>, 'queryKey' | 'queryFn'>;

/** useQuery for one contract call; `placeholderData` keeps the previous page while the next loads. */
export function useContractQuery<K extends CallName>(call: K, input: In<K>, options: ExtraOptions<K> = {}) {
  const api = useCoreApi();
  return useQuery({ ...contractQueryOptions(api, call, input), ...options });
}

/** Refetch every query of these calls that a view is showing. */
export function refetchCalls(client: QueryClient, calls: readonly CallName[]): Promise<void> {
  return Promise.all(calls.map((call) => client.invalidateQueries({ queryKey: [call], refetchType: 'active' }))).then(() => undefined);
}
