// The contract handlers the window calls to read the log, wired over the
// bench database exactly as createCore wires them (service not started: the
// queries flush an empty queue, as they do in the app between events).
import { ActivityLogService } from '../main/core/activity/activity-log-service';
import { DownloadMonitoringRepository } from '../main/core/activity/download-monitoring-repository';
import { activityHandlers } from '../main/core/api/handlers/activity-handlers';
import type { Clock } from '../main/core/clock';
import { EventBus } from '../main/core/events/event-bus';
import type { ActivityDatabase } from './activity-database';

export function activityReadHandlers(db: ActivityDatabase, clock: Clock): ReturnType<typeof activityHandlers> {
  const activity = new ActivityLogService({ bus: new EventBus({ clock }), repository: db.repository, clock });
  return activityHandlers({ activity, repository: db.repository, store: new DownloadMonitoringRepository(db.handle.db), clock });
}

/** Runs `fn` `runs` times after a few warm-up calls; answers each call's ms. */
export async function timeCalls(runs: number, fn: (i: number) => unknown): Promise<number[]> {
  for (let i = 0; i < Math.min(5, runs); i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn(i);
    samples.push(performance.now() - started);
  }
  return samples;
}
