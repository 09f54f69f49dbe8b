// retry_download: the download client's own retry (SABnzbd `mode=retry`,
// NZBGet HistoryRedownload). SABnzbd gives the retried job a NEW nzo_id (and
// the old history row goes away), so the new id is what recovery tracks from
// now on; NZBGet keeps the job's ids. The correlation id stays the download's.
import { sabOutage } from '../service-outage';
import type { RecoveryStrategy } from './strategy';

export const retryDownload: RecoveryStrategy = {
  name: 'retry_download',
  async execute(_download, ctx) {
    const r = await ctx.sab.retry(ctx.failedNzoId);
    const client = ctx.sab.kind === 'nzbget' ? 'NZBGet' : 'SABnzbd';
    if (!r.ok) {
      const down = sabOutage(r.error, ctx.sab.kind);
      // Refused connection: the client never saw it. No answer: it may have retried the job.
      if (down) return { outcome: 'unreachable', outage: down, maybeSent: down.code === 'timeout' };
      const gone = r.error.code === 'api_error' ? ` (the job may have been removed from ${client}’s history, e.g. by Sonarr/Radarr)` : '';
      return { outcome: 'failed', error: `${client} could not retry ${ctx.failedNzoId}: ${r.error.message}${gone}` };
    }
    return { outcome: 'waiting', newNzoId: r.value.downloadId };
  },
};
