// Builds activity lines for repository tests.
import type { NewActivityEntry } from '../../../main/core/activity/activity-entry';

export const DAY = 86_400_000;
export const T0 = Date.UTC(2026, 10, 1, 0, 0, 0);

let seq = 0;
export function line(overrides: Partial<NewActivityEntry> = {}): NewActivityEntry {
  seq += 1;
  return {
    timestamp: T0 + seq * 1000,
    eventId: `ev-${seq}`,
    eventType: 'queue.polled',
    source: 'poller',
    status: 'info',
    severity: 'low',
    message: `Polled SABnzbd #${seq}`,
    downloadId: null,
    application: null,
    correlationId: `corr-${seq}`,
    causationId: null,
    context: { seq },
    ...overrides,
  };
}
