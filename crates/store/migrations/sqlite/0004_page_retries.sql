-- Article pages that are still wanted: nothing is lost to a passing failure.
--
-- A story is stored from its feed item first and its page fetched after.
-- Until now a page that failed for a passing reason (a timeout, a 503, a
-- robots.txt that could not be read) or a crash between storing the item
-- and storing its page left the story on its feed body for good: on the
-- next pass the item is a duplicate and its page is never asked for again.
--
-- page_retry_after: when the story's page should be tried (again); NULL
--                   when nothing is left to try (the article was found, or
--                   the failure will not pass: 404, not HTML, no text,
--                   robots.txt forbids it, or the tries ran out).
--                   A new story is due at once: its first try.
-- page_attempts:    how many times the page was tried.
-- Stories stored before this migration keep NULL: they are not retried.
ALTER TABLE stories ADD COLUMN page_retry_after BIGINT;
ALTER TABLE stories ADD COLUMN page_attempts BIGINT NOT NULL DEFAULT 0;

-- Each pass asks for its source's stories whose page is due.
CREATE INDEX stories_page_due ON stories (source_id, page_retry_after);
