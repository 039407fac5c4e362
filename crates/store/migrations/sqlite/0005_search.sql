-- Full-text search of stories: SQLite's FTS5 index over headline,
-- standfirst and body.
--
-- The index lives in the same database file as the stories and is kept in
-- step by triggers, so it commits with the story in one transaction: a
-- story is searchable the moment it is stored, a crash never leaves the
-- two apart, and there is no second store (a search server) to feed,
-- back up or rebuild. PostgreSQL does the same with a generated column
-- (its 0005); the queries are in src/search.rs.
--
-- stories_search is an external-content table: it keeps only the index,
-- and reads the text itself from stories (content_rowid = the story's id)
-- when a snippet is asked for, so no story's text is stored twice.
-- The tokenizer folds case and diacritics ("Réunion" finds "reunion") and
-- stems English words ("rains" finds "rain").
CREATE VIRTUAL TABLE stories_search USING fts5 (
    title,
    standfirst,
    body,
    content = 'stories',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

-- An external-content index is told of every change; FTS5 removes a row
-- from the index by being given the values it indexed ('delete').
CREATE TRIGGER stories_search_insert AFTER INSERT ON stories BEGIN
    INSERT INTO stories_search (rowid, title, standfirst, body)
    VALUES (new.id, new.title, new.standfirst, new.body);
END;

-- Only the indexed columns: a fetch bookkeeping update leaves the index
-- alone, while an article page replacing the body (record_articles)
-- re-indexes the story.
CREATE TRIGGER stories_search_update AFTER UPDATE OF title, standfirst, body ON stories BEGIN
    INSERT INTO stories_search (stories_search, rowid, title, standfirst, body)
    VALUES ('delete', old.id, old.title, old.standfirst, old.body);
    INSERT INTO stories_search (rowid, title, standfirst, body)
    VALUES (new.id, new.title, new.standfirst, new.body);
END;

CREATE TRIGGER stories_search_delete AFTER DELETE ON stories BEGIN
    INSERT INTO stories_search (stories_search, rowid, title, standfirst, body)
    VALUES ('delete', old.id, old.title, old.standfirst, old.body);
END;

-- Index the stories stored before this migration.
INSERT INTO stories_search (stories_search) VALUES ('rebuild');
