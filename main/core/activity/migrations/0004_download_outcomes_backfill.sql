-- Custom SQL migration file, put your code below! --
-- Fills download_outcomes_daily (0003) from the lines already in activity_log,
-- the way ActivityRepository fills it for new lines (main/core/activity/outcome-rollup.ts):
-- one row per UTC day, failure kind, outcome, application and time-to-recover bucket
-- (16 per doubling of the time); a recovered or dead-lettered download takes the kind
-- of the latest failure line of its correlation at or before it. Runs once, when an
-- existing database is migrated; a new database has nothing to fill.
INSERT INTO download_outcomes_daily (day, kind, outcome, application, recover_bucket, count, recover_ms_sum)
SELECT day, kind, outcome, application, recover_bucket, COUNT(*), SUM(recover_ms)
FROM (
  SELECT
    day,
    CASE WHEN raw_kind IN ('missing_articles', 'encrypted', 'unpack_failed', 'verification_failed', 'duplicate', 'disk_full',
        'unwanted_content', 'propagation_delay', 'post_processing_failed', 'fetch_failed', 'file_too_large', 'unknown')
      THEN raw_kind ELSE 'unknown' END AS kind,
    outcome,
    application,
    CASE WHEN duration IS NULL THEN -1 ELSE CAST(floor(16 * log2(max(1, duration))) AS INTEGER) END AS recover_bucket,
    CASE WHEN duration IS NULL THEN 0 ELSE CAST(round(duration) AS INTEGER) END AS recover_ms
  FROM (
    SELECT
      a.timestamp / 86400000 AS day,
      CASE a.event_type WHEN 'download.failed' THEN 'failed' WHEN 'download.recovered' THEN 'recovered' ELSE 'dlq' END AS outcome,
      COALESCE(a.application, '') AS application,
      CASE WHEN a.event_type = 'download.failed' THEN json_extract(a.context, '$.kind')
        ELSE (SELECT json_extract(f.context, '$.kind') FROM activity_log f
              WHERE f.correlation_id = a.correlation_id AND f.event_type = 'download.failed' AND f.timestamp <= a.timestamp
              ORDER BY f.timestamp DESC, f.id DESC LIMIT 1)
      END AS raw_kind,
      CASE WHEN a.event_type = 'download.recovered'
          AND json_type(a.context, '$.durationMs') IN ('integer', 'real')
          AND json_extract(a.context, '$.durationMs') >= 0
        THEN json_extract(a.context, '$.durationMs') END AS duration
    FROM activity_log a
    WHERE a.event_type IN ('download.failed', 'download.recovered', 'download.moved_to_dlq') AND json_valid(a.context)
  )
)
GROUP BY day, kind, outcome, application, recover_bucket;
