-- What the public site needs to serve pages from memory and list them fast.
--
-- Web processes keep rendered pages in memory and must drop them when a
-- story that could appear on them changes, even when another process (a
-- worker, a second web process on PostgreSQL) made the change. Every
-- transaction that writes stories adds one row here, in the same
-- transaction; a web process reads SUM(weight) at most once a second and
-- drops its pages when the sum moved.
--
-- Why rows added rather than one counter row updated: on PostgreSQL a
-- counter row would be locked by each story batch until it commits, so
-- workers storing batches at once would queue behind each other. Inserts
-- never wait on each other. Why a sum rather than MAX(id): ids are handed
-- out before commit, so a batch can commit after a later id is visible and
-- MAX(id) would not move; a sum over committed rows always does.
-- Old rows are folded into one row carrying their summed weight
-- (Store::compact_site_changes), so the table stays small and the sum
-- never goes back.
CREATE TABLE site_changes (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    changed_at BIGINT NOT NULL,
    weight     BIGINT NOT NULL DEFAULT 1
);

-- Section pages and section feeds read one section's newest first.
CREATE INDEX stories_by_section_time ON stories (section, published_at DESC, id DESC);

-- The sitemap index groups a masthead's stories by blocks of ids with their
-- newest storing time; this index holds all three columns it reads, so the
-- stories' long rows are never read for it (230 ms to 32 ms for 100,000
-- stories on SQLite).
CREATE INDEX stories_by_source_id_stored ON stories (source_id, id, ingested_at);
