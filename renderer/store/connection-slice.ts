// Whether the core answers at all: set by the query client when a call cannot
// reach it or the token is refused, cleared by the next call that succeeds.
import type { ApiError } from '../../shared/contract';
import type { Slice } from './store-deps';

export interface ConnectionSlice {
  coreError: ApiError | null;
  setCoreError(error: ApiError | null): void;
}

export const connectionSlice: Slice<ConnectionSlice> = (set, get) => ({
  coreError: null,
  setCoreError(error) {
    if (get().coreError !== error) set({ coreError: error });
  },
});
