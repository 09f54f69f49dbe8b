// What a person hears when the activity log cannot be written: one notice
// when writes start failing (naming the file, the cause and what to do) and
// one when they work again, told through ServiceOutages as the database's
// outage; the error log gets the streak, not every retried flush.
import type { ServiceOutages } from '../health/service-outages';

export interface WriteOutageLogger {
  info(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

const SOURCE = 'activity-log';

/** The activity log service's onError / onRecovered, reporting to the shared outage service. */
export function activityWriteOutage(deps: { outages: ServiceOutages; logger: WriteOutageLogger; file: string }): {
  onError: (error: unknown, during: 'flush' | 'retention', consecutiveFailures: number) => void;
  onRecovered: (failedFlushes: number, written: number) => void;
} {
  const { outages, logger, file } = deps;
  return {
    onError(error, during, consecutiveFailures) {
      // The flush is retried every 200 ms while the disk refuses: log the streak, not every try.
      if (consecutiveFailures === 1 || consecutiveFailures % 100 === 0) {
        logger.error(`activity log ${during} failed`, { error: String(error), consecutiveFailures });
      }
      if (consecutiveFailures !== 1) return;
      const message = activityWriteFailureMessage(error, during, file);
      if (during === 'retention') void outages.notice('database', { code: 'retention_failed', message, source: SOURCE });
      else void outages.failed('database', { code: 'write_failed', message, source: SOURCE });
    },
    onRecovered(failedFlushes, written) {
      logger.info('activity log writes work again', { failedFlushes, written });
      void outages.answered('database', {
        source: SOURCE,
        code: 'write_recovered',
        message: () => `The activity log in ${file} is being written again; the ${written} events kept in memory were saved.`,
      });
    },
  };
}

export function activityWriteFailureMessage(error: unknown, during: 'flush' | 'retention', file: string): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const detail = error instanceof Error ? error.message : String(error);
  if (during === 'retention') return `Old activity lines in ${file} could not be deleted (${detail}); it is tried again tomorrow.`;
  if (code === 'SQLITE_FULL' || /ENOSPC|disk is full|database or disk is full/i.test(detail)) {
    return `The disk holding ${file} is full, so the activity log cannot be written. Monitoring continues and new events are kept in memory; free some disk space and they are saved automatically.`;
  }
  return `The activity log in ${file} could not be written (${detail}). Monitoring continues and new events are kept in memory and written again.`;
}
