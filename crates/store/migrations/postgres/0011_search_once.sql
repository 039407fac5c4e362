-- The column SQLite's search index needs to index a story once (see the
-- SQLite migration of the same number): whether the index holds the
-- story's text yet. The store writes it on both backends, so its queries
-- stay one text for both.
--
-- On PostgreSQL the search words are a generated column (0005), computed
-- by the server with the row on every write of it; this column does not
-- change that, and a story is searchable from the moment it is stored.
ALTER TABLE stories ADD COLUMN search_indexed BOOLEAN NOT NULL DEFAULT TRUE;
