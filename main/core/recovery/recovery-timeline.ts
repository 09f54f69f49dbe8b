// Each download's story on the bus: every event recovery publishes about a
// download carries its correlation id and is caused by the event before it
// (its failure, the replacement's state change, the previous attempt).
import type { AnyBusEvent, EventPayloadMap, EventType } from '../../../shared/events';
import type { DownloadRecord } from '../../../shared/downloads';
import type { EventBusPort } from '../events/event-bus-port';

export const RECOVERY_SOURCE = 'recovery';

type Cause = Pick<AnyBusEvent, 'id' | 'correlationId'>;

export class RecoveryTimeline {
  /** The last event of each download's story (by original nzo_id): the cause of the next one. */
  private readonly lastEvent = new Map<string, Cause>();

  constructor(private readonly bus: EventBusPort) {}

  /** An event about the download that recovery did not publish (its failure, a job's state change). */
  heard(nzoId: string, event: Cause): void {
    this.lastEvent.set(nzoId, { id: event.id, correlationId: event.correlationId });
  }

  has(nzoId: string): boolean {
    return this.lastEvent.has(nzoId);
  }

  /** Publish as the next step of this download's story: same correlation id, caused by its last event. */
  async emit<K extends EventType>(record: DownloadRecord, type: K, payload: EventPayloadMap[K]): Promise<void> {
    const cause = this.lastEvent.get(record.nzoId);
    const event = cause
      ? await this.bus.publishCausedBy(cause, type, payload, { source: RECOVERY_SOURCE })
      : await this.bus.publish(type, payload, { source: RECOVERY_SOURCE, correlationId: record.correlationId, causationId: null });
    this.lastEvent.set(record.nzoId, { id: event.id, correlationId: event.correlationId });
  }
}
