-- The editors' desk for stories: unpublishing, edited words, pins to a
-- masthead's front page, and the index that finds the news releases an
-- editor placed in a section. Times are epoch seconds, as everywhere.

-- unpublished_at: when an editor took the story off every public surface
--                 (front pages, section and source lists, feeds,
--                 sitemaps, search, the daily email and its own page,
--                 which answers 410 Gone); NULL, the default, is
--                 published. Every reader-facing query carries the one
--                 condition `st.unpublished_at IS NULL`
--                 (stories::SHOWN_TO_READERS); republishing sets it back
--                 to NULL, and the story is where it was.
-- edited_at:      when an editor last changed its headline, standfirst or
--                 section; NULL: never. A sitemap's lastmod is the later
--                 of this and ingested_at, so crawlers come back for the
--                 new headline (and its new address).
ALTER TABLE stories ADD COLUMN unpublished_at BIGINT;
ALTER TABLE stories ADD COLUMN edited_at BIGINT;

-- A story an editor pinned to the top of one masthead's front page.
-- Mastheads live in the config file, so masthead_id has no foreign key.
-- A masthead holds a few pins at most (stories::MAX_PINS, checked in the
-- transaction that pins); the newest pin leads the page. A pin stays
-- while its story is unpublished (it shows again on republishing) and
-- goes with the story.
CREATE TABLE story_pins (
    masthead_id TEXT   NOT NULL,
    story_id    INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    pinned_at   BIGINT NOT NULL,
    PRIMARY KEY (masthead_id, story_id)
);
CREATE INDEX story_pins_by_story ON story_pins (story_id);

-- A section's page lists the releases placed in it beside its stories;
-- only the few placed releases are in this index.
CREATE INDEX releases_placed ON releases (placed_section, publish_at)
    WHERE placed_section IS NOT NULL;
