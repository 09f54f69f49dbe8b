ALTER TABLE `download_monitoring` ADD `deferred_by` text;--> statement-breakpoint
ALTER TABLE `recovery_attempts` ADD `unconfirmed` integer DEFAULT false NOT NULL;