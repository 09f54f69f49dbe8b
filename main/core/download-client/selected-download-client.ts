// The download client the settings choose (SABnzbd or NZBGet), as one port
// whose every call goes to the client chosen at that moment: the poller,
// recovery and the audit hold this one object, and a change in Settings applies
// from their next request without rebuilding them (as the clients themselves
// read their address and key per request).
import type { RecoveryDownloadClient } from '../recovery/recovery-ports';
import type { DownloadClientPort } from './download-client-port';

export interface DownloadClientChoice {
  port: DownloadClientPort;
  recovery: RecoveryDownloadClient;
}

export class SelectedDownloadClient implements DownloadClientPort, RecoveryDownloadClient {
  constructor(private readonly choose: () => DownloadClientChoice) {}

  get kind(): DownloadClientPort['kind'] {
    return this.choose().port.kind;
  }
  get address(): string {
    return this.choose().port.address;
  }
  get retryKeepsIds(): boolean {
    return this.choose().port.retryKeepsIds;
  }

  version: DownloadClientPort['version'] = () => this.choose().port.version();
  queue: DownloadClientPort['queue'] = () => this.choose().port.queue();
  readNewHistory: DownloadClientPort['readNewHistory'] = (cursor, options) => this.choose().port.readNewHistory(cursor, options);
  findJobs: DownloadClientPort['findJobs'] = (lookup) => this.choose().port.findJobs(lookup);
  retry: DownloadClientPort['retry'] = (id) => this.choose().port.retry(id);
  removeFromQueue: DownloadClientPort['removeFromQueue'] = (id, options) => this.choose().port.removeFromQueue(id, options);
  removeFromHistory: DownloadClientPort['removeFromHistory'] = (id, options) => this.choose().port.removeFromHistory(id, options);
  failureSettings: DownloadClientPort['failureSettings'] = () => this.choose().port.failureSettings();
  pause: DownloadClientPort['pause'] = () => this.choose().port.pause();
  resume: DownloadClientPort['resume'] = () => this.choose().port.resume();
  diskSpace: DownloadClientPort['diskSpace'] = () => this.choose().port.diskSpace();
  categories: DownloadClientPort['categories'] = () => this.choose().port.categories();
  /** Where a category's jobs are unpacked: the recovery side of the chosen client (it may measure locally). */
  folderSpace: RecoveryDownloadClient['folderSpace'] = (category) => this.choose().recovery.folderSpace(category);
}
