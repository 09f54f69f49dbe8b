// Turns the sample mix into activity lines the way ActivityLogService does
// (describeEvent for status/message, the download's application carried to
// later lines), so a database built straight through the repository looks
// like one the service wrote over weeks.
import type { AnyBusEvent } from '../shared/events';
import type { NewActivityEntry } from '../main/core/activity/activity-entry';
import { activityLineOf, describeEvent } from '../main/core/activity/event-status-table';
import type { IdFactory } from '../main/core/ids';
import { EVENTS_PER_BLOCK, sampleEvent } from './sample-events';

/** The i-th sample as a bus event at `timestamp`. */
export function sampleBusEvent(i: number, timestamp: number, newId: IdFactory): AnyBusEvent {
  const sample = sampleEvent(i);
  const id = newId();
  return {
    id,
    type: sample.type,
    payload: sample.payload,
    source: sample.source,
    timestamp,
    correlationId: sample.correlationId ?? id,
    causationId: null,
  } as AnyBusEvent;
}

export function entryOf(event: AnyBusEvent, index: number): NewActivityEntry {
  const d = describeEvent(event);
  const block = Math.floor(index / EVENTS_PER_BLOCK);
  // The service learns a download's app from its download.failed (the first 6 events of a block are its story).
  const lifecycle = index % EVENTS_PER_BLOCK < 6;
  const application = d.application ?? (lifecycle && d.downloadId !== null ? (block % 3 === 2 ? 'radarr' : 'sonarr') : null);
  return activityLineOf(event, d, application);
}
