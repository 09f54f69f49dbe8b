// retry_download: SABnzbd's own `mode=retry`. The retried job gets a NEW
// nzo_id (and the old history row goes away), so the new id is what recovery
// tracks from now on; the correlation id stays the download's.
import { sabOutage } from '../service-outage';
import type { RecoveryStrategy } from './strategy';

export const retryDownload: RecoveryStrategy = {
  name: 'retry_download',
  async execute(_download, ctx) {
    const r = await ctx.sab.retry(ctx.failedNzoId);
    if (!r.ok) {
      const down = sabOutage(r.error);
      // Refused connection: SABnzbd never saw it. No answer: it may have retried the job.
      if (down) return { outcome: 'unreachable', outage: down, maybeSent: down.code === 'timeout' };
      const gone = r.error.code === 'api_error' ? ' (the job may have been removed from SABnzbd’s history, e.g. by Sonarr/Radarr)' : '';
      return { outcome: 'failed', error: `SABnzbd could not retry ${ctx.failedNzoId}: ${r.error.message}${gone}` };
    }
    return { outcome: 'waiting', newNzoId: r.value };
  },
};
