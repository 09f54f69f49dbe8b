// What each tray menu item does, over injected window/app controls and the
// core's api, so the menu's behaviour is tested without a tray.
import type { ContractApi } from '../../shared/contract';
import type { DownloadRecord } from '../../shared/downloads';
import type { TrayCommand } from './tray-menu-model';

export interface TrayCommandDeps {
  api: Pick<ContractApi, 'monitoring.pollNow' | 'monitoring.pause' | 'monitoring.resume' | 'downloads.failed' | 'downloads.retry'>;
  isPaused: () => boolean;
  showWindow: () => void;
  quit: () => void;
  /** A problem a person should hear about (the glue logs it / shows a notification). */
  report: (message: string) => void;
}

export interface RetryAllSummary {
  attempted: number;
  scheduled: number;
  errors: string[];
}

const PAGE = 500;

/** A manual retry makes sense for failures nobody is working on: fresh ones and the dead-lettered. */
export function isRetryCandidate(record: DownloadRecord): boolean {
  return record.status === 'failed' || record.status === 'dlq';
}

export async function retryAllFailed(api: TrayCommandDeps['api']): Promise<RetryAllSummary> {
  const candidates: DownloadRecord[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await api['downloads.failed']({ limit: PAGE, offset, excludeDlq: false });
    if (!page.ok) return { attempted: 0, scheduled: 0, errors: [page.error.message] };
    candidates.push(...page.value.items.filter(isRetryCandidate));
    if (page.value.items.length < PAGE || offset + PAGE >= page.value.total) break;
  }
  const summary: RetryAllSummary = { attempted: candidates.length, scheduled: 0, errors: [] };
  // One at a time: each retry talks to SABnzbd and the *arr apps.
  for (const record of candidates) {
    const answer = await api['downloads.retry']({ nzoId: record.nzoId });
    if (answer.ok) summary.scheduled += answer.value.scheduled ? 1 : 0;
    else summary.errors.push(`${record.name}: ${answer.error.message}`);
  }
  return summary;
}

export async function runTrayCommand(command: TrayCommand, deps: TrayCommandDeps): Promise<void> {
  switch (command) {
    case 'show':
      deps.showWindow();
      return;
    case 'quit':
      deps.quit();
      return;
    case 'pollNow': {
      const answer = await deps.api['monitoring.pollNow']({});
      if (!answer.ok) deps.report(`Poll failed: ${answer.error.message}`);
      return;
    }
    case 'togglePause': {
      const answer = deps.isPaused() ? await deps.api['monitoring.resume']({}) : await deps.api['monitoring.pause']({});
      if (!answer.ok) deps.report(`Could not change monitoring: ${answer.error.message}`);
      return;
    }
    case 'retryAllFailed': {
      const summary = await retryAllFailed(deps.api);
      if (summary.errors.length > 0) {
        deps.report(`Retried ${summary.attempted - summary.errors.length} of ${summary.attempted}; ${summary.errors[0]}`);
      }
      return;
    }
  }
}
