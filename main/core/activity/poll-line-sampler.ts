// Which "Polled SABnzbd" events become activity lines.
//
// A poll every 120 s is 720 lines a day: on a heavy stack a sixth of the log
// and ~39 MB of its 90 days (bench/README.md, database growth), for lines that
// mostly say "nothing new". Deleting them later does not give the space back:
// they sit between the lines that stay, so their pages stay half full. So a
// quiet poll is written at most once an hour, as a heartbeat that shows the
// poller was alive; a poll that found failures or changed the pause state is
// always written. Every poll is still an event on the bus, so the Overview,
// the tray, health and Diagnostics see each one.
import type { AnyBusEvent } from '../../../shared/events';

export const QUIET_POLL_LINE_EVERY_MS = 60 * 60 * 1000;

export class PollLineSampler {
  private lastKeptAt: number | null = null;
  private lastPaused: boolean | null = null;

  constructor(private readonly quietEveryMs = QUIET_POLL_LINE_EVERY_MS) {}

  /** True when the event should be written to the activity log; events other than polls always are. */
  keep(event: AnyBusEvent): boolean {
    if (event.type !== 'queue.polled') return true;
    const { newFailures, paused } = event.payload;
    const due = this.lastKeptAt === null || event.timestamp - this.lastKeptAt >= this.quietEveryMs;
    const keep = due || newFailures > 0 || paused !== this.lastPaused;
    if (keep) {
      this.lastKeptAt = event.timestamp;
      this.lastPaused = paused;
    }
    return keep;
  }
}
