-- Lidarr and Readarr items: the album (and artist) or book (and author) a download is for, beside
-- Sonarr's series/episodes and Radarr's movie. Older rows keep them null.
ALTER TABLE `download_monitoring` ADD `artist_id` integer;--> statement-breakpoint
ALTER TABLE `download_monitoring` ADD `album_id` integer;--> statement-breakpoint
ALTER TABLE `download_monitoring` ADD `author_id` integer;--> statement-breakpoint
ALTER TABLE `download_monitoring` ADD `book_id` integer;