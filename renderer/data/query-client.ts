// The window's query cache. Errors are answers from the core, shown at once:
// no automatic retries (a dead core would otherwise take seconds to say so).
// Whether the core is reachable at all is learned from every query and
// mutation here, in one place, for the banner and the token prompt.
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import type { ApiError } from '../../shared/contract';
import { errorOf } from './contract-query';

const CONNECTION_CODES = new Set(['unavailable', 'unauthorized']);

export interface ConnectionWatch {
  /** A call failed because the core cannot be reached or refused the token. */
  onConnectionError(error: ApiError): void;
  /** A call succeeded: the core is there. */
  onSuccess(): void;
}

export function createQueryClient(watch: ConnectionWatch): QueryClient {
  const onError = (e: unknown) => {
    const error = errorOf(e);
    if (error && CONNECTION_CODES.has(error.code)) watch.onConnectionError(error);
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError, onSuccess: () => watch.onSuccess() }),
    mutationCache: new MutationCache({ onError, onSuccess: () => watch.onSuccess() }),
    defaultOptions: {
      queries: { retry: false, staleTime: 0, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}
