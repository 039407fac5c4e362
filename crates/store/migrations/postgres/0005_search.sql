-- Full-text search of stories: a weighted tsvector of headline, standfirst
-- and body, with a GIN index.
--
-- The words are a stored generated column of the story's own row, so
-- PostgreSQL recomputes them whenever the text changes (an article page
-- replacing the body included) and they commit with the story in one
-- transaction: a story is searchable the moment it is stored, a crash
-- never leaves the two apart, and there is no second store (a search
-- server) to feed, back up or rebuild. SQLite does the same with an FTS5
-- table kept by triggers (its 0005); the queries are in src/search.rs.
--
-- search_words: the story's words in the 'english' configuration (case
--               folded, English stemming: "rains" finds "rain", common
--               words such as "the" left out), weighted so that ranking
--               counts a word in the headline (A) above one in the
--               standfirst (B) above one in the body (C).
--               A tsvector holds at most 1 MB, and a story whose words
--               would not fit could not be stored at all; only the first
--               1,000 characters of the headline, 10,000 of the
--               standfirst and 100,000 of the body (a long read is about
--               60,000) are indexed, which stays well under that whatever
--               the text. The search's snippets read the same stretch.
-- Adding the column rewrites the stories table once.
ALTER TABLE stories ADD COLUMN search_words tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', left(title, 1000)), 'A')
    || setweight(to_tsvector('english', left(standfirst, 10000)), 'B')
    || setweight(to_tsvector('english', left(body, 100000)), 'C')
) STORED;

-- Searches find their stories through it.
CREATE INDEX stories_by_words ON stories USING GIN (search_words);
