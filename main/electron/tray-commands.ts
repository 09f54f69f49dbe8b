// What each tray menu item does, over injected window/app controls and the
// core's api, so the menu's behaviour is tested without a tray.
import type { ContractApi } from '../../shared/contract';
import type { TrayCommand } from './tray-menu-model';

export interface TrayCommandDeps {
  api: Pick<ContractApi, 'monitoring.pollNow' | 'monitoring.pause' | 'monitoring.resume' | 'downloads.retryAll'>;
  isPaused: () => boolean;
  showWindow: () => void;
  quit: () => void;
  /** Opens the log folder in the file manager. */
  openLogs: () => void;
  /** A check a person asked for: says what it found, even "up to date" or "not configured". */
  checkForUpdates: () => void;
  /** A problem a person should hear about (the glue logs it / shows a notification). */
  report: (message: string) => void;
}

export async function runTrayCommand(command: TrayCommand, deps: TrayCommandDeps): Promise<void> {
  switch (command) {
    case 'show':
      deps.showWindow();
      return;
    case 'quit':
      deps.quit();
      return;
    case 'openLogs':
      deps.openLogs();
      return;
    case 'checkUpdates':
      deps.checkForUpdates();
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
      // The core's own call: the same rule (failed, dead-lettered, waiting) and wording as the window's button.
      const answer = await deps.api['downloads.retryAll']({});
      if (!answer.ok) deps.report(`Retry all failed: ${answer.error.message}`);
      else if (answer.value.refused > 0) deps.report(answer.value.message);
      return;
    }
  }
}
