CREATE TABLE `download_outcomes_daily` (
	`day` integer NOT NULL,
	`kind` text NOT NULL,
	`outcome` text NOT NULL,
	`application` text NOT NULL,
	`recover_bucket` integer NOT NULL,
	`count` integer NOT NULL,
	`recover_ms_sum` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `download_outcomes_daily_key` ON `download_outcomes_daily` (`day`,`kind`,`outcome`,`application`,`recover_bucket`);