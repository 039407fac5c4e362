-- Article pages fetched on their own clock, under a claim like a source's.
--
-- Until now a story's page was tried again only when its source was next
-- checked, and at most twenty at a time: after a crash, stories waited for
-- their source (up to a day) and a pass could not finish the backlog.
-- Now every pass, and every worker's turn, claims the pages that are due,
-- whatever their source, in small batches, until none is left.
--
-- page_holder: the process (HOST:PID:STARTED_MS, as for sources) fetching
--              the page right now; NULL when nobody is. While a page is
--              held, page_retry_after is the end of the claim: if the
--              holder dies the page falls due again by itself when the
--              claim runs out, or at once when a process on the same host
--              sees the holder no longer runs. A new story is stored
--              already held by the process that stored it, which fetches
--              its page straight away.
ALTER TABLE stories ADD COLUMN page_holder TEXT;

-- The due pages of every source, soonest first; only stories still waiting
-- for their page are in it, so it stays small. It replaces the index by
-- source (0004), which only the per-source retries read, and which every
-- stored story paid for.
CREATE INDEX stories_page_due_at ON stories (page_retry_after, id)
    WHERE page_retry_after IS NOT NULL;
DROP INDEX stories_page_due;

-- Renewing and releasing one process's claims.
CREATE INDEX stories_page_holder ON stories (page_holder)
    WHERE page_holder IS NOT NULL;
