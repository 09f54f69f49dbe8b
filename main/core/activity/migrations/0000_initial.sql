CREATE TABLE `activity_daily_counts` (
	`day` integer NOT NULL,
	`event_type` text NOT NULL,
	`status` text NOT NULL,
	`application` text NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `activity_daily_counts_key` ON `activity_daily_counts` (`day`,`event_type`,`status`,`application`);--> statement-breakpoint
CREATE TABLE `activity_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`timestamp` integer NOT NULL,
	`event_id` text NOT NULL,
	`event_type` text NOT NULL,
	`source` text NOT NULL,
	`status` text NOT NULL,
	`severity` text NOT NULL,
	`message` text NOT NULL,
	`download_id` text,
	`application` text,
	`correlation_id` text NOT NULL,
	`causation_id` text,
	`context` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `activity_log_timestamp_idx` ON `activity_log` (`timestamp`);--> statement-breakpoint
CREATE INDEX `activity_log_event_type_idx` ON `activity_log` (`event_type`,`timestamp`);--> statement-breakpoint
CREATE INDEX `activity_log_correlation_idx` ON `activity_log` (`correlation_id`,`timestamp`);--> statement-breakpoint
CREATE INDEX `activity_log_source_idx` ON `activity_log` (`source`,`timestamp`);--> statement-breakpoint
CREATE INDEX `activity_log_status_idx` ON `activity_log` (`status`,`timestamp`);--> statement-breakpoint
CREATE INDEX `activity_log_download_idx` ON `activity_log` (`download_id`,`timestamp`);--> statement-breakpoint
CREATE INDEX `activity_log_application_idx` ON `activity_log` (`application`,`timestamp`);--> statement-breakpoint
CREATE INDEX `activity_log_status_application_idx` ON `activity_log` (`status`,`application`,`timestamp`);--> statement-breakpoint
CREATE TABLE `app_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `download_monitoring` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`nzo_id` text NOT NULL,
	`tracked_nzo_id` text,
	`name` text NOT NULL,
	`category` text,
	`source_application` text NOT NULL,
	`series_id` integer,
	`episode_ids` text,
	`movie_id` integer,
	`item_title` text,
	`status` text NOT NULL,
	`failure_kind` text NOT NULL,
	`severity` text NOT NULL,
	`fail_message` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer NOT NULL,
	`current_strategy` text,
	`next_attempt_at` integer,
	`last_error` text,
	`in_dlq` integer DEFAULT false NOT NULL,
	`dlq_reason` text,
	`correlation_id` text NOT NULL,
	`qualities_tried` text DEFAULT '[]' NOT NULL,
	`releases_tried` text DEFAULT '[]' NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`recovered_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `download_monitoring_nzo_id_unique` ON `download_monitoring` (`nzo_id`);--> statement-breakpoint
CREATE INDEX `download_monitoring_tracked_nzo_idx` ON `download_monitoring` (`tracked_nzo_id`);--> statement-breakpoint
CREATE INDEX `download_monitoring_source_app_idx` ON `download_monitoring` (`source_application`);--> statement-breakpoint
CREATE INDEX `download_monitoring_status_idx` ON `download_monitoring` (`status`);--> statement-breakpoint
CREATE INDEX `download_monitoring_in_dlq_idx` ON `download_monitoring` (`in_dlq`,`created_at`);--> statement-breakpoint
CREATE INDEX `download_monitoring_correlation_idx` ON `download_monitoring` (`correlation_id`);--> statement-breakpoint
CREATE INDEX `download_monitoring_next_attempt_idx` ON `download_monitoring` (`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `recovery_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`download_id` integer NOT NULL,
	`attempt` integer NOT NULL,
	`strategy` text NOT NULL,
	`outcome` text NOT NULL,
	`manual` integer DEFAULT false NOT NULL,
	`dry_run` integer DEFAULT false NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`error` text,
	`old_nzo_id` text,
	`new_nzo_id` text,
	`release_guid` text,
	`release_title` text,
	`quality` text,
	FOREIGN KEY (`download_id`) REFERENCES `download_monitoring`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recovery_attempts_download_attempt_unique` ON `recovery_attempts` (`download_id`,`attempt`);--> statement-breakpoint
CREATE TABLE `wanted_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`app` text NOT NULL,
	`item_id` integer NOT NULL,
	`title` text NOT NULL,
	`detected_at` integer NOT NULL,
	`resolved_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `wanted_items_app_item_unique` ON `wanted_items` (`app`,`item_id`);--> statement-breakpoint
CREATE INDEX `wanted_items_open_idx` ON `wanted_items` (`resolved_at`);