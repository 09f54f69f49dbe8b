// The SQLite schema (drizzle sqlite-core). drizzle-kit generates the
// migrations in ./migrations from this file; never edit a generated migration,
// change this file and run `npm run db:generate`.
// All times are INTEGER epoch milliseconds; JSON columns are TEXT.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const activityLog = sqliteTable(
  'activity_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    timestamp: integer('timestamp').notNull(),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    source: text('source').notNull(),
    status: text('status').notNull(),
    severity: text('severity').notNull(),
    message: text('message').notNull(),
    /** SABnzbd nzo_id the event is about, when it is about one download. */
    downloadId: text('download_id'),
    application: text('application'),
    correlationId: text('correlation_id').notNull(),
    causationId: text('causation_id'),
    /** The full event payload as JSON. */
    context: text('context').notNull(),
  },
  // Every index ends in timestamp (and implicitly the rowid = id), so a filter
  // on its leading columns is answered in "newest first" order straight from
  // the index: no sort step, and OFFSET/COUNT walk only the index.
  (t) => [
    index('activity_log_timestamp_idx').on(t.timestamp),
    index('activity_log_event_type_idx').on(t.eventType, t.timestamp),
    index('activity_log_correlation_idx').on(t.correlationId, t.timestamp),
    index('activity_log_source_idx').on(t.source, t.timestamp),
    index('activity_log_status_idx').on(t.status, t.timestamp),
    index('activity_log_download_idx').on(t.downloadId, t.timestamp),
    index('activity_log_application_idx').on(t.application, t.timestamp),
    // The window's most common filter pair (status + application).
    index('activity_log_status_application_idx').on(t.status, t.application, t.timestamp),
  ],
);

/**
 * Per-day rollup of activity_log so stats and common totals on a million rows
 * read a few hundred rows. Kept exact by ActivityRepository, the only writer of
 * activity_log, in the same transaction as each insert batch and retention
 * chunk (a per-row trigger measured 5x slower inserts).
 */
export const activityDailyCounts = sqliteTable(
  'activity_daily_counts',
  {
    /** UTC day: floor(timestamp / 86 400 000). */
    day: integer('day').notNull(),
    eventType: text('event_type').notNull(),
    status: text('status').notNull(),
    application: text('application').notNull(), // '' when the row had none
    count: integer('count').notNull(),
  },
  (t) => [uniqueIndex('activity_daily_counts_key').on(t.day, t.eventType, t.status, t.application)],
);

/**
 * Per-day rollup of download outcomes — failed, recovered, needs attention —
 * by failure kind and application, with a log-scale histogram of the time to
 * recover (outcome-rollup.ts), so the Stats view's recovery rate and median
 * time to recover read a few hundred rows at any log size. Written by
 * ActivityRepository in the same transaction as each insert batch; retention
 * drops whole days once every line of the day is past the cutoff.
 */
export const downloadOutcomesDaily = sqliteTable(
  'download_outcomes_daily',
  {
    /** UTC day: floor(timestamp / 86 400 000). */
    day: integer('day').notNull(),
    /** FailureKind of the download ('unknown' when its failure line is gone). */
    kind: text('kind').notNull(),
    /** 'failed' | 'recovered' | 'dlq'. */
    outcome: text('outcome').notNull(),
    application: text('application').notNull(), // '' when the line had none
    /** Recoveries: histogram bucket of the time to recover; -1 for the other outcomes. */
    recoverBucket: integer('recover_bucket').notNull(),
    count: integer('count').notNull(),
    /** Recoveries: sum of their times to recover in ms (for the mean). */
    recoverMsSum: integer('recover_ms_sum').notNull(),
  },
  (t) => [uniqueIndex('download_outcomes_daily_key').on(t.day, t.kind, t.outcome, t.application, t.recoverBucket)],
);

export const downloadMonitoring = sqliteTable(
  'download_monitoring',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    nzoId: text('nzo_id').notNull(),
    trackedNzoId: text('tracked_nzo_id'),
    name: text('name').notNull(),
    category: text('category'),
    sourceApplication: text('source_application').notNull(),
    seriesId: integer('series_id'),
    episodeIds: text('episode_ids'), // JSON number[]
    movieId: integer('movie_id'),
    /** Lidarr: the album (and its artist) a grab is for. */
    artistId: integer('artist_id'),
    albumId: integer('album_id'),
    /** Readarr: the book (and its author). */
    authorId: integer('author_id'),
    bookId: integer('book_id'),
    itemTitle: text('item_title'),
    status: text('status').notNull(),
    failureKind: text('failure_kind').notNull(),
    severity: text('severity').notNull(),
    failMessage: text('fail_message').notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    currentStrategy: text('current_strategy'),
    nextAttemptAt: integer('next_attempt_at'),
    lastError: text('last_error'),
    /** The service whose outage the scheduled step waits for (sabnzbd, sonarr, radarr); null when it waits for nothing. */
    deferredBy: text('deferred_by'),
    inDlq: integer('in_dlq', { mode: 'boolean' }).notNull().default(false),
    dlqReason: text('dlq_reason'),
    correlationId: text('correlation_id').notNull(),
    qualitiesTried: text('qualities_tried').notNull().default('[]'), // JSON string[]
    releasesTried: text('releases_tried').notNull().default('[]'), // JSON string[]
    metadata: text('metadata').notNull().default('{}'), // JSON object
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    recoveredAt: integer('recovered_at'),
  },
  (t) => [
    uniqueIndex('download_monitoring_nzo_id_unique').on(t.nzoId),
    index('download_monitoring_tracked_nzo_idx').on(t.trackedNzoId),
    index('download_monitoring_source_app_idx').on(t.sourceApplication),
    index('download_monitoring_status_idx').on(t.status),
    index('download_monitoring_in_dlq_idx').on(t.inDlq, t.createdAt),
    index('download_monitoring_correlation_idx').on(t.correlationId),
    index('download_monitoring_next_attempt_idx').on(t.nextAttemptAt),
  ],
);

export const recoveryAttempts = sqliteTable(
  'recovery_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    downloadId: integer('download_id')
      .notNull()
      .references(() => downloadMonitoring.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    strategy: text('strategy').notNull(),
    outcome: text('outcome').notNull(),
    manual: integer('manual', { mode: 'boolean' }).notNull().default(false),
    dryRun: integer('dry_run', { mode: 'boolean' }).notNull().default(false),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
    error: text('error'),
    oldNzoId: text('old_nzo_id'),
    newNzoId: text('new_nzo_id'),
    releaseGuid: text('release_guid'),
    releaseTitle: text('release_title'),
    quality: text('quality'),
    /** The request that acts (grab, retry) got no answer: it may have been sent, so it is looked up, never resent. */
    unconfirmed: integer('unconfirmed', { mode: 'boolean' }).notNull().default(false),
  },
  // The claim: an attempt number can exist once per download, so it can never run twice.
  (t) => [uniqueIndex('recovery_attempts_download_attempt_unique').on(t.downloadId, t.attempt)],
);

export const appState = sqliteTable('app_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const wantedItems = sqliteTable(
  'wanted_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    app: text('app').notNull(),
    itemId: integer('item_id').notNull(),
    title: text('title').notNull(),
    detectedAt: integer('detected_at').notNull(),
    resolvedAt: integer('resolved_at'),
  },
  (t) => [
    uniqueIndex('wanted_items_app_item_unique').on(t.app, t.itemId),
    index('wanted_items_open_idx').on(t.resolvedAt),
  ],
);

export type ActivityLogRow = typeof activityLog.$inferSelect;
export type DownloadMonitoringRow = typeof downloadMonitoring.$inferSelect;
export type RecoveryAttemptRow = typeof recoveryAttempts.$inferSelect;
export type WantedItemRow = typeof wantedItems.$inferSelect;
