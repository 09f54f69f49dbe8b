// One line of the activity log as the core reads and writes it (plain JSON),
// plus the query and stats shapes the contract handlers pass through.
import type { Severity } from '../../../shared/domain';
import type { EventType } from '../../../shared/events';

/** What an activity line says happened; chosen per event type by event-status-table. */
export { ACTIVITY_STATUSES, type ActivityStatus } from '../../../shared/contract-views';
import type { ActivityStatus } from '../../../shared/contract-views';

export interface NewActivityEntry {
  timestamp: number;
  eventId: string;
  eventType: EventType;
  source: string;
  status: ActivityStatus;
  severity: Severity;
  message: string;
  downloadId: string | null;
  application: string | null;
  correlationId: string;
  causationId: string | null;
  /** The event payload; stored as JSON. */
  context: unknown;
}

export interface ActivityEntry extends NewActivityEntry {
  id: number;
}

export interface ActivityFilters {
  eventTypes?: readonly EventType[];
  source?: string;
  status?: ActivityStatus;
  downloadId?: string;
  application?: string;
  severity?: Severity;
  /** Inclusive lower bound, epoch ms. */
  from?: number;
  /** Exclusive upper bound, epoch ms. */
  to?: number;
  /** Substring of the message (case-insensitive for ASCII). */
  text?: string;
}

export interface ActivityQuery extends ActivityFilters {
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export interface ActivityPage {
  items: ActivityEntry[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ActivityStats {
  total: number;
  byType: Record<string, number>;
  byStatus: Record<string, number>;
  /** Rows without an application are counted under 'none'. */
  byApplication: Record<string, number>;
  /** UTC days, oldest first. */
  byDay: { day: string; count: number }[];
}
