-- Routing by region: where each story happened, read from its dateline,
-- so that a masthead takes the stories filed in the countries of its
-- `regions` besides those of its sources (listing::masthead_takes).
--
-- dateline_country:  ISO 3166-1 alpha-2 code of the country the
--                    dateline's place lies in: the place's own, not a
--                    country the dateline wrongly names ("Port Blair
--                    [Mauritius]" is IN). NULL when the story has no
--                    dateline or no known country. Set when the story is
--                    stored (from the feed item's text), and again when
--                    its page's text replaces the feed's with a dateline
--                    of its own.
-- dateline_to_check: the dateline names a country its place does not lie
--                    in; the admin lists these for editors to check.
ALTER TABLE stories ADD COLUMN dateline_country TEXT;
ALTER TABLE stories ADD COLUMN dateline_to_check BOOLEAN NOT NULL DEFAULT FALSE;

-- A masthead's "Local" section, newest first: the stories of its
-- countries. Stories without a country (most of them) are left out.
CREATE INDEX stories_by_dateline_country
    ON stories (dateline_country, published_at DESC, id DESC)
    WHERE dateline_country IS NOT NULL;

-- The editors' "Datelines to check", newest first: only the few flagged.
CREATE INDEX stories_dateline_to_check ON stories (published_at DESC, id DESC)
    WHERE dateline_to_check;

-- Stories stored before. A dateline that agrees with itself gives its
-- country; one that does not is flagged for editors and left unrouted
-- (only the gazetteer knows where its place lies, and SQL cannot ask it).
-- The column is text, and a cast to JSON would stop the migration at a
-- row that somehow is not JSON; serde_json writes these objects compactly
-- (`"consistent":true`), so they are matched as text.
UPDATE stories
SET dateline_country = substring(dateline FROM '"country_code":"([A-Z]{2})"')
WHERE dateline LIKE '%"consistent":true%'
  AND dateline ~ '"country_code":"[A-Z]{2}"';

UPDATE stories
SET dateline_to_check = TRUE
WHERE dateline LIKE '%"consistent":false%';
