// Reads and writes activity_log. Hand-written SQL over cached prepared
// statements rather than drizzle's builder: the insert path runs per event and
// is benchmarked against a raw prepared insert, and the read paths are shaped
// to hit the (…, timestamp) indexes declared in schema.ts.
import type Database from 'better-sqlite3';
import type { EventType } from '../../../shared/events';
import type { Severity } from '../../../shared/domain';
import type {
  ActivityEntry,
  ActivityFilters,
  ActivityPage,
  ActivityQuery,
  ActivityStats,
  ActivityStatus,
  NewActivityEntry,
} from './activity-entry';
import { outcomeDeltaOf, type OutcomeDelta } from './outcome-rollup';

const DAY_MS = 86_400_000;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
/**
 * Deleting a row touches 9 B-trees (8 indexes + table) at random pages; on a
 * 1M-row log a 100-row chunk measured ~10-20 ms on a loaded 2-core machine,
 * comfortably under the 50 ms the poller may be held up.
 */
export const DEFAULT_DELETE_CHUNK = 100;
/** Free pages given back per step after retention; measured alongside the delete chunks in retention.max_block. */
export const DEFAULT_RELEASE_CHUNK_PAGES = 64;

const SELECT_COLUMNS = `id, timestamp, event_id AS eventId, event_type AS eventType, source, status, severity, message,
  download_id AS downloadId, application, correlation_id AS correlationId, causation_id AS causationId, context`;

interface StoredRow {
  id: number;
  timestamp: number;
  eventId: string;
  eventType: string;
  source: string;
  status: string;
  severity: string;
  message: string;
  downloadId: string | null;
  application: string | null;
  correlationId: string;
  causationId: string | null;
  context: string;
}

interface RollupRow {
  day: number;
  eventType: string;
  status: string;
  application: string;
  count: number;
}

type SqlParam = string | number;

/** One row of download_outcomes_daily as read back. */
export interface OutcomeRollupRow {
  day: number;
  kind: string;
  outcome: string;
  recoverBucket: number;
  count: number;
  recoverMsSum: number;
}

export class ActivityRepository {
  private readonly insertRow: Database.Statement;
  private readonly bumpRollup: Database.Statement;
  private readonly bumpOutcome: Database.Statement;
  private readonly failureKindOfCorrelation: Database.Statement;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly insertBatch: (entries: readonly NewActivityEntry[]) => number;
  private readonly deleteChunkTx: (cutoffMs: number, chunkSize: number) => number;

  constructor(private readonly sqlite: Database.Database) {
    this.insertRow = sqlite.prepare(
      `INSERT INTO activity_log (timestamp, event_id, event_type, source, status, severity, message,
        download_id, application, correlation_id, causation_id, context)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.bumpRollup = sqlite.prepare(
      `INSERT INTO activity_daily_counts (day, event_type, status, application, count) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (day, event_type, status, application) DO UPDATE SET count = count + excluded.count`,
    );
    const dropEmptyRollups = sqlite.prepare('DELETE FROM activity_daily_counts WHERE count <= 0');
    this.bumpOutcome = sqlite.prepare(
      `INSERT INTO download_outcomes_daily (day, kind, outcome, application, recover_bucket, count, recover_ms_sum)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (day, kind, outcome, application, recover_bucket)
       DO UPDATE SET count = count + excluded.count, recover_ms_sum = recover_ms_sum + excluded.recover_ms_sum`,
    );
    // A recovery or dead letter takes the kind of its download's latest failure line (same correlation, index lookup).
    this.failureKindOfCorrelation = sqlite
      .prepare(
        `SELECT json_extract(context, '$.kind') FROM activity_log
         WHERE correlation_id = ? AND event_type = 'download.failed' AND json_valid(context)
         ORDER BY timestamp DESC, id DESC LIMIT 1`,
      )
      .pluck();
    // Retention keeps the outcome rollup per whole day: a day goes once all of its lines are past the cutoff.
    const dropOutcomeDays = sqlite.prepare('DELETE FROM download_outcomes_daily WHERE day < ?');

    this.insertBatch = sqlite.transaction((entries: readonly NewActivityEntry[]) => {
      const deltas = new Map<string, RollupRow>();
      const outcomes = new Map<string, OutcomeDelta & { day: number; application: string; count: number }>();
      let result: Database.RunResult | null = null;
      for (const e of entries) {
        result = this.insertRow.run(
          e.timestamp,
          e.eventId,
          e.eventType,
          e.source,
          e.status,
          e.severity,
          e.message,
          e.downloadId,
          e.application,
          e.correlationId,
          e.causationId,
          JSON.stringify(e.context ?? null),
        );
        addDelta(deltas, Math.floor(e.timestamp / DAY_MS), e.eventType, e.status, e.application ?? '', 1);
        const outcome = outcomeDeltaOf(e, (correlationId) => this.failureKindOfCorrelation.get(correlationId));
        if (outcome !== null) addOutcome(outcomes, Math.floor(e.timestamp / DAY_MS), e.application ?? '', outcome);
      }
      for (const d of deltas.values()) this.bumpRollup.run(d.day, d.eventType, d.status, d.application, d.count);
      for (const o of outcomes.values()) {
        this.bumpOutcome.run(o.day, o.kind, o.outcome, o.application, o.bucket, o.count, o.recoverMs);
      }
      return result === null ? 0 : Number(result.lastInsertRowid);
    });

    const pickChunk = sqlite.prepare(
      `SELECT id, timestamp / ${DAY_MS} AS day, event_type AS eventType, status, COALESCE(application, '') AS application
       FROM activity_log WHERE timestamp < ? ORDER BY timestamp LIMIT ?`,
    );
    const deleteIds = sqlite.prepare('DELETE FROM activity_log WHERE id IN (SELECT value FROM json_each(?))');
    this.deleteChunkTx = sqlite.transaction((cutoffMs: number, chunkSize: number) => {
      const rows = pickChunk.all(cutoffMs, chunkSize) as (RollupRow & { id: number })[];
      if (rows.length === 0) return 0;
      deleteIds.run(JSON.stringify(rows.map((r) => r.id)));
      const deltas = new Map<string, RollupRow>();
      for (const r of rows) addDelta(deltas, r.day, r.eventType, r.status, r.application, -1);
      for (const d of deltas.values()) this.bumpRollup.run(d.day, d.eventType, d.status, d.application, d.count);
      dropEmptyRollups.run();
      dropOutcomeDays.run(Math.floor(cutoffMs / DAY_MS));
      return rows.length;
    });
  }

  /** Insert one line; returns its id. */
  insert(entry: NewActivityEntry): number {
    return this.insertBatch([entry]);
  }

  /** Insert many lines in ONE transaction; returns how many were written. */
  insertMany(entries: readonly NewActivityEntry[]): number {
    if (entries.length === 0) return 0;
    this.insertBatch(entries);
    return entries.length;
  }

  query(query: ActivityQuery = {}): ActivityPage {
    const pageSize = clampInt(query.pageSize ?? DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    const page = Math.max(1, Math.floor(query.page ?? 1));
    const where = buildWhere(query);
    const rows = this.prepared(
      `SELECT ${SELECT_COLUMNS} FROM activity_log ${where.sql} ORDER BY timestamp DESC, id DESC LIMIT ? OFFSET ?`,
    ).all(...where.params, pageSize, (page - 1) * pageSize) as StoredRow[];
    return { items: rows.map(toEntry), total: this.count(query), page, pageSize };
  }

  /** How many lines match; answered from the daily rollup when the filters allow. */
  count(filters: ActivityFilters = {}): number {
    if (!canUseRollup(filters)) return this.countRaw(filters);
    const split = splitByWholeDays(filters.from, filters.to);
    let total = 0;
    for (const edge of split.edges) total += this.countRaw({ ...filters, from: edge.from, to: edge.to });
    if (split.days) {
      const where = buildRollupWhere(filters, split.days);
      const row = this.prepared(`SELECT COALESCE(SUM(count), 0) AS n FROM activity_daily_counts ${where.sql}`).get(
        ...where.params,
      ) as { n: number };
      total += row.n;
    }
    return total;
  }

  /** Every line about one download (by nzo_id), oldest first. */
  timelineByDownload(downloadId: string): ActivityEntry[] {
    return (
      this.prepared(`SELECT ${SELECT_COLUMNS} FROM activity_log WHERE download_id = ? ORDER BY timestamp, id`).all(
        downloadId,
      ) as StoredRow[]
    ).map(toEntry);
  }

  /** Whether a line of this type about this download, in this correlation, is already written. */
  hasLine(eventType: EventType, downloadId: string, correlationId: string): boolean {
    return (
      this.prepared(
        'SELECT 1 FROM activity_log WHERE download_id = ? AND event_type = ? AND correlation_id = ? LIMIT 1',
      ).get(downloadId, eventType, correlationId) !== undefined
    );
  }

  /** Every line of one correlation (a download's whole lifecycle, across replacements), oldest first. */
  timelineByCorrelation(correlationId: string): ActivityEntry[] {
    return (
      this.prepared(`SELECT ${SELECT_COLUMNS} FROM activity_log WHERE correlation_id = ? ORDER BY timestamp, id`).all(
        correlationId,
      ) as StoredRow[]
    ).map(toEntry);
  }

  /** Counts by type, status, application and UTC day; `from` inclusive, `to` exclusive. */
  stats(range: { from?: number; to?: number } = {}): ActivityStats {
    const split = splitByWholeDays(range.from, range.to);
    const rows: RollupRow[] = [];
    for (const edge of split.edges) {
      rows.push(
        ...(this.prepared(
          `SELECT timestamp / ${DAY_MS} AS day, event_type AS eventType, status, COALESCE(application, '') AS application,
             COUNT(*) AS count
           FROM activity_log WHERE timestamp >= ? AND timestamp < ? GROUP BY 1, 2, 3, 4`,
        ).all(edge.from, edge.to) as RollupRow[]),
      );
    }
    if (split.days) {
      const where = buildRollupWhere({}, split.days);
      rows.push(
        ...(this.prepared(
          `SELECT day, event_type AS eventType, status, application, count FROM activity_daily_counts ${where.sql}`,
        ).all(...where.params) as RollupRow[]),
      );
    }
    const stats: ActivityStats = { total: 0, byType: {}, byStatus: {}, byApplication: {}, byDay: [] };
    const byDay = new Map<number, number>();
    for (const r of rows) {
      if (r.count <= 0) continue;
      stats.total += r.count;
      stats.byType[r.eventType] = (stats.byType[r.eventType] ?? 0) + r.count;
      stats.byStatus[r.status] = (stats.byStatus[r.status] ?? 0) + r.count;
      const app = r.application === '' ? 'none' : r.application;
      stats.byApplication[app] = (stats.byApplication[app] ?? 0) + r.count;
      byDay.set(r.day, (byDay.get(r.day) ?? 0) + r.count);
    }
    stats.byDay = [...byDay.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([day, count]) => ({ day: new Date(day * DAY_MS).toISOString().slice(0, 10), count }));
    return stats;
  }

  /**
   * Counts by severity and source, and the oldest/newest line, from `from` on.
   * Bounded by the timestamp index, so it stays cheap for a recent window.
   */
  breakdownSince(from: number): {
    total: number;
    bySeverity: Record<string, number>;
    bySource: Record<string, number>;
    oldestAt: number | null;
    newestAt: number | null;
  } {
    const rows = this.prepared(
      `SELECT severity, source, COUNT(*) AS n, MIN(timestamp) AS oldest, MAX(timestamp) AS newest
       FROM activity_log WHERE timestamp >= ? GROUP BY severity, source`,
    ).all(from) as { severity: string; source: string; n: number; oldest: number; newest: number }[];
    const out = { total: 0, bySeverity: {} as Record<string, number>, bySource: {} as Record<string, number>, oldestAt: null as number | null, newestAt: null as number | null };
    for (const r of rows) {
      out.total += r.n;
      out.bySeverity[r.severity] = (out.bySeverity[r.severity] ?? 0) + r.n;
      out.bySource[r.source] = (out.bySource[r.source] ?? 0) + r.n;
      out.oldestAt = out.oldestAt === null ? r.oldest : Math.min(out.oldestAt, r.oldest);
      out.newestAt = out.newestAt === null ? r.newest : Math.max(out.newestAt, r.newest);
    }
    return out;
  }

  /**
   * The outcome rollup for UTC days [fromDay, toDay], summed per day, kind,
   * outcome and time-to-recover bucket (applications folded together). Reads
   * download_outcomes_daily only: its size depends on the days asked, not on the log.
   */
  outcomeRollup(fromDay: number, toDay: number): OutcomeRollupRow[] {
    return this.prepared(
      `SELECT day, kind, outcome, recover_bucket AS recoverBucket, SUM(count) AS count, SUM(recover_ms_sum) AS recoverMsSum
       FROM download_outcomes_daily WHERE day >= ? AND day <= ?
       GROUP BY day, kind, outcome, recover_bucket`,
    ).all(fromDay, toDay) as OutcomeRollupRow[];
  }

  /** Delete up to `chunkSize` of the oldest lines older than the cutoff, in one short transaction. */
  deleteOlderThanChunk(cutoffMs: number, chunkSize = DEFAULT_DELETE_CHUNK): number {
    return this.deleteChunkTx(cutoffMs, Math.max(1, Math.floor(chunkSize)));
  }

  /** Pages in the file, and how many of them are free (deleted lines' pages, waiting for reuse). */
  pageCounts(): { pages: number; free: number } {
    return {
      pages: Number(this.sqlite.pragma('page_count', { simple: true })),
      free: Number(this.sqlite.pragma('freelist_count', { simple: true })),
    };
  }

  /**
   * Give up to `pages` free pages back to the file system, in one short
   * transaction (moves pages from the end of the file into free ones, then
   * truncates). Needs auto_vacuum=incremental (openDatabase sees to it);
   * elsewhere it frees nothing. Returns how many pages went.
   */
  releaseFreePages(pages: number): number {
    const before = Number(this.sqlite.pragma('freelist_count', { simple: true }));
    this.sqlite.pragma(`incremental_vacuum(${Math.max(1, Math.floor(pages))})`);
    return before - Number(this.sqlite.pragma('freelist_count', { simple: true }));
  }

  /** Delete every line older than the cutoff, chunk by chunk (each its own transaction). */
  deleteOlderThan(cutoffMs: number, chunkSize = DEFAULT_DELETE_CHUNK): number {
    let total = 0;
    for (;;) {
      const n = this.deleteOlderThanChunk(cutoffMs, chunkSize);
      total += n;
      if (n < chunkSize) return total;
    }
  }

  private countRaw(filters: ActivityFilters): number {
    const where = buildWhere(filters);
    return (this.prepared(`SELECT COUNT(*) AS n FROM activity_log ${where.sql}`).get(...where.params) as { n: number }).n;
  }

  private prepared(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.sqlite.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }
}

function addDelta(
  deltas: Map<string, RollupRow>,
  day: number,
  eventType: string,
  status: string,
  application: string,
  by: number,
): void {
  const key = `${day}\u0000${eventType}\u0000${status}\u0000${application}`;
  const d = deltas.get(key);
  if (d) d.count += by;
  else deltas.set(key, { day, eventType, status, application, count: by });
}

function addOutcome(
  outcomes: Map<string, OutcomeDelta & { day: number; application: string; count: number }>,
  day: number,
  application: string,
  o: OutcomeDelta,
): void {
  const key = `${day}\u0000${o.kind}\u0000${o.outcome}\u0000${application}\u0000${o.bucket}`;
  const d = outcomes.get(key);
  if (d) {
    d.count += 1;
    d.recoverMs += o.recoverMs;
  } else outcomes.set(key, { ...o, day, application, count: 1 });
}

function buildWhere(f: ActivityFilters): { sql: string; params: SqlParam[] } {
  const clauses: string[] = [];
  const params: SqlParam[] = [];
  if (f.eventTypes && f.eventTypes.length > 0) {
    clauses.push(`event_type IN (${f.eventTypes.map(() => '?').join(', ')})`);
    params.push(...f.eventTypes);
  }
  const eq = (column: string, value: string | undefined): void => {
    if (value === undefined) return;
    clauses.push(`${column} = ?`);
    params.push(value);
  };
  eq('source', f.source);
  eq('status', f.status);
  eq('download_id', f.downloadId);
  eq('application', f.application);
  eq('severity', f.severity);
  if (f.from !== undefined) {
    clauses.push('timestamp >= ?');
    params.push(f.from);
  }
  if (f.to !== undefined) {
    clauses.push('timestamp < ?');
    params.push(f.to);
  }
  if (f.text !== undefined && f.text !== '') {
    clauses.push(`message LIKE ? ESCAPE '\\'`);
    params.push(`%${f.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** The rollup only knows day, type, status and application. */
function canUseRollup(f: ActivityFilters): boolean {
  return (
    f.source === undefined &&
    f.downloadId === undefined &&
    f.severity === undefined &&
    (f.text === undefined || f.text === '')
  );
}

function buildRollupWhere(
  f: Pick<ActivityFilters, 'eventTypes' | 'status' | 'application'>,
  days: { from: number | null; to: number | null },
): { sql: string; params: SqlParam[] } {
  const clauses: string[] = [];
  const params: SqlParam[] = [];
  if (f.eventTypes && f.eventTypes.length > 0) {
    clauses.push(`event_type IN (${f.eventTypes.map(() => '?').join(', ')})`);
    params.push(...(f.eventTypes as EventType[]));
  }
  if (f.status !== undefined) {
    clauses.push('status = ?');
    params.push(f.status);
  }
  if (f.application !== undefined) {
    clauses.push('application = ?');
    params.push(f.application);
  }
  if (days.from !== null) {
    clauses.push('day >= ?');
    params.push(days.from);
  }
  if (days.to !== null) {
    clauses.push('day < ?');
    params.push(days.to);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/**
 * Split [from, to) into whole UTC days (answered by the rollup) and at most two
 * partial edges (answered from activity_log through the timestamp indexes).
 */
export function splitByWholeDays(
  from: number | undefined,
  to: number | undefined,
): { days: { from: number | null; to: number | null } | null; edges: { from: number; to: number }[] } {
  const firstDay = from === undefined ? null : Math.ceil(from / DAY_MS);
  const endDay = to === undefined ? null : Math.floor(to / DAY_MS);
  if (firstDay !== null && endDay !== null && firstDay >= endDay) {
    // No whole day inside: the range is all edge.
    return { days: null, edges: from! < to! ? [{ from: from!, to: to! }] : [] };
  }
  const edges: { from: number; to: number }[] = [];
  if (from !== undefined && firstDay !== null && from < firstDay * DAY_MS) edges.push({ from, to: firstDay * DAY_MS });
  if (to !== undefined && endDay !== null && endDay * DAY_MS < to) edges.push({ from: endDay * DAY_MS, to });
  return { days: { from: firstDay, to: endDay }, edges };
}

function toEntry(row: StoredRow): ActivityEntry {
  return {
    id: row.id,
    timestamp: row.timestamp,
    eventId: row.eventId,
    eventType: row.eventType as EventType,
    source: row.source,
    status: row.status as ActivityStatus,
    severity: row.severity as Severity,
    message: row.message,
    downloadId: row.downloadId,
    application: row.application,
    correlationId: row.correlationId,
    causationId: row.causationId,
    context: parseContext(row.context),
  };
}

function parseContext(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A hand-edited or truncated row must not break the whole page.
    return { unparsable: text };
  }
}

function clampInt(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(value)));
}
