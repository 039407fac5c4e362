-- Article pages: what extraction made of each story's own web page.
--
-- A story is first stored from its feed item; the pass then fetches the
-- item's page and, when an article is found there, replaces the body with
-- the extracted text. Nothing is lost when that fails: the feed's body
-- stays and the reason is kept.
--
-- body_source:     'feed' (the feed's own content or summary) or 'page'
--                  (extracted from the article page).
-- body_html:       the extracted article as sanitized HTML ('' when none).
-- lead_image:      absolute URL of the article's lead image.
-- dateline:        the wire dateline found at the start of the text, as a
--                  JSON object (place, country, country_code, agency, ...).
-- extraction_note: why the page gave no article (HTTP 404, not HTML, ...).
ALTER TABLE stories ADD COLUMN body_source TEXT NOT NULL DEFAULT 'feed';
ALTER TABLE stories ADD COLUMN body_html TEXT NOT NULL DEFAULT '';
ALTER TABLE stories ADD COLUMN lead_image TEXT;
ALTER TABLE stories ADD COLUMN dateline TEXT;
ALTER TABLE stories ADD COLUMN extraction_note TEXT;
