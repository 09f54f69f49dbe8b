// Poll now / Pause / Resume: one at a time; the answer is the new monitoring
// status, which replaces the cached one so every view shows it at once.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorOf, unwrap } from './contract-query';
import { useCoreApi } from './core-api-context';

type Kind = 'poll' | 'pause' | 'resume';
const CALLS = { poll: 'monitoring.pollNow', pause: 'monitoring.pause', resume: 'monitoring.resume' } as const;

export function useMonitoringAction(): { pending: Kind | null; error: string | null; run: (kind: Kind) => void } {
  const api = useCoreApi();
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: async (kind: Kind) => unwrap(await api[CALLS[kind]]({})),
    onSuccess: (status) => client.setQueryData(['monitoring.status', {}], status),
  });
  return {
    pending: mutation.isPending ? (mutation.variables ?? null) : null,
    error: errorOf(mutation.error)?.message ?? null,
    run: (kind) => mutation.mutate(kind),
  };
}
