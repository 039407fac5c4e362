-- The first schema: sources we poll and the stories they bring.
--
-- Times are whole seconds since 1970-01-01 UTC in BIGINT columns, on both
-- backends alike, so one query text and one row mapping serve SQLite and
-- PostgreSQL. Pages convert them to each masthead's zone.

-- A feed we poll. `url` is unique: adding the same feed twice is refused.
-- The last_* columns are its health as the last fetch left it; etag and
-- last_modified are the validators for the next conditional request.
CREATE TABLE sources (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url             TEXT    NOT NULL UNIQUE,
    name            TEXT    NOT NULL,
    -- The section its stories go to; NULL: each item's category decides.
    section         TEXT,
    created_at      BIGINT  NOT NULL,
    last_checked_at BIGINT,
    last_success_at BIGINT,
    -- Readable by an operator; NULL when the last fetch went well.
    last_error      TEXT,
    etag            TEXT,
    last_modified   TEXT
);

-- Which mastheads take a source's stories. A source with no row here feeds
-- every masthead. Mastheads live in the config file, not in the database,
-- so masthead_id is a plain id with no foreign key.
CREATE TABLE source_mastheads (
    source_id   BIGINT  NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    masthead_id TEXT    NOT NULL,
    PRIMARY KEY (source_id, masthead_id)
);

-- One story, stored once. Three rules keep it once:
--   coverage below:    an item a source brought before (checked first);
--   (source_id, guid): the same item in the same feed on a later pass;
--   canonical_link:    the same article from any feed, however its link was
--                      spelt (see CanonicalLink in the domain crate).
-- source_id is the source that brought it first.
-- headline_key is the headline folded for comparison (HeadlineKey).
CREATE TABLE stories (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_id      BIGINT  NOT NULL REFERENCES sources (id),
    guid           TEXT    NOT NULL,
    link           TEXT    NOT NULL,
    canonical_link TEXT    NOT NULL UNIQUE,
    title          TEXT    NOT NULL,
    headline_key   TEXT    NOT NULL,
    standfirst     TEXT    NOT NULL DEFAULT '',
    -- Plain text, paragraphs separated by blank lines.
    body           TEXT    NOT NULL DEFAULT '',
    author         TEXT,
    published_at   BIGINT  NOT NULL,
    ingested_at    BIGINT  NOT NULL,
    -- The feed's categories as a JSON array of strings.
    categories     TEXT    NOT NULL DEFAULT '[]',
    section        TEXT    NOT NULL,
    UNIQUE (source_id, guid)
);

-- Front pages and lists read the newest first.
CREATE INDEX stories_by_time ON stories (published_at DESC, id DESC);
CREATE INDEX stories_by_source_time ON stories (source_id, published_at DESC);

-- Coverage: every source that carried a story, with its own id and link
-- for it. The first source to bring a story owns the stories row; later
-- sources with the same article (by canonical link) add a coverage row
-- only. A pass checks coverage first, so an item seen once is never
-- stored again, even when its link later changes spelling.
CREATE TABLE coverage (
    source_id BIGINT  NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    guid      TEXT    NOT NULL,
    story_id  BIGINT  NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    link      TEXT    NOT NULL,
    seen_at   BIGINT  NOT NULL,
    PRIMARY KEY (source_id, guid)
);
CREATE INDEX coverage_by_story ON coverage (story_id);
