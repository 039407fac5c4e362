-- Operators read the daily email's outbox by day: `newsdesk digest status`
-- and every /metrics scrape count the deliveries of recent days by state.
-- The outbox's key starts with the reader and its only other index holds
-- just the rows still to send, so without this index each count would
-- read the whole outbox, which grows by one row per reader per day.
CREATE INDEX outbox_by_day ON outbox (local_day, masthead_id, state);

-- `newsdesk mail bounce` finds a refused address in every masthead it
-- reads; the (masthead_id, email) key cannot be searched by email alone.
CREATE INDEX subscribers_by_email ON subscribers (email);
