-- A story stored to have its page fetched is indexed for search once, with
-- the text it will keep, rather than three times.
--
-- Until now the index (0005) took every story's feed text as it was
-- stored; when its article page arrived a moment later the triggers
-- removed that text from the index (which means tokenizing it again: an
-- external-content index is told what to remove) and indexed the page's
-- text. Three tokenizations per story, in the one writer's transactions,
-- of which two were for text that is searchable for a few seconds.
--
-- search_indexed: whether the index holds this row's text. A story stored
--                 held for its page (page_holder set by the process that
--                 fetches it at once) starts without, and is indexed when
--                 its page is recorded (its text or, when the page gave
--                 nothing, the feed's) or when its holder lets it go
--                 unfetched (Store::record_articles, Store::release_claims):
--                 a story is searchable from the moment its text is
--                 settled. Every other story, and every story stored
--                 before this migration, is indexed when stored, as before.
ALTER TABLE stories ADD COLUMN search_indexed BOOLEAN NOT NULL DEFAULT TRUE;

DROP TRIGGER stories_search_insert;
DROP TRIGGER stories_search_update;
DROP TRIGGER stories_search_delete;

CREATE TRIGGER stories_search_insert AFTER INSERT ON stories
WHEN new.search_indexed BEGIN
    INSERT INTO stories_search (rowid, title, standfirst, body)
    VALUES (new.id, new.title, new.standfirst, new.body);
END;

-- One trigger, so that the removal always comes before the new entry. The
-- index is touched only when the indexed text changed or the row comes in
-- or out of the index: a bookkeeping update leaves it alone.
CREATE TRIGGER stories_search_update
AFTER UPDATE OF title, standfirst, body, search_indexed ON stories BEGIN
    INSERT INTO stories_search (stories_search, rowid, title, standfirst, body)
    SELECT 'delete', old.id, old.title, old.standfirst, old.body
    WHERE old.search_indexed AND (NOT new.search_indexed
        OR old.title IS NOT new.title OR old.standfirst IS NOT new.standfirst
        OR old.body IS NOT new.body);
    INSERT INTO stories_search (rowid, title, standfirst, body)
    SELECT new.id, new.title, new.standfirst, new.body
    WHERE new.search_indexed AND (NOT old.search_indexed
        OR old.title IS NOT new.title OR old.standfirst IS NOT new.standfirst
        OR old.body IS NOT new.body);
END;

CREATE TRIGGER stories_search_delete AFTER DELETE ON stories
WHEN old.search_indexed BEGIN
    INSERT INTO stories_search (stories_search, rowid, title, standfirst, body)
    VALUES ('delete', old.id, old.title, old.standfirst, old.body);
END;
