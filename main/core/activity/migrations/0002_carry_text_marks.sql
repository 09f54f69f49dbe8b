-- Carries the two text marks older versions wrote into the columns 0001 added:
-- a step waiting for an outage began its last_error with "<Service> did not answer (",
-- and an attempt whose request got no answer began its error with "unconfirmed: ".
UPDATE `download_monitoring` SET `deferred_by` = 'sabnzbd' WHERE `last_error` LIKE 'SABnzbd did not answer (%' AND `status` IN ('failed', 'retrying');--> statement-breakpoint
UPDATE `download_monitoring` SET `deferred_by` = 'sonarr' WHERE `last_error` LIKE 'Sonarr did not answer (%' AND `status` IN ('failed', 'retrying');--> statement-breakpoint
UPDATE `download_monitoring` SET `deferred_by` = 'radarr' WHERE `last_error` LIKE 'Radarr did not answer (%' AND `status` IN ('failed', 'retrying');--> statement-breakpoint
UPDATE `recovery_attempts` SET `unconfirmed` = 1, `error` = substr(`error`, 14) WHERE `error` LIKE 'unconfirmed: %';
