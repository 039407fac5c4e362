-- The schedule: when each source is fetched next, and who is fetching it.
--
-- Each source is one recurring job. Rather than a separate jobs table
-- repeating every source, the source row carries its own schedule and
-- lease, so "which sources are due" is one indexed query.
--
-- next_check_at:    when the source is due (epoch seconds); 0 for a source
--                   never fetched, so new sources go first.
-- check_interval:   seconds between checks as last worked out from how
--                   often the source publishes and what it asks for
--                   (<ttl>, Cache-Control, Expires); NULL until known.
-- failures:         failed fetches in a row; 0 after any success. The
--                   back-off grows with it and one success resets it.
-- gone_at:          set when the server answered 410 Gone: the source is
--                   no longer polled (and says so) until an operator
--                   points it at a new URL.
-- lease_owner:      the worker fetching it now (a name unique per process);
-- lease_until:      when that claim runs out. A worker that crashes leaves
--                   a lease that simply expires, and another worker takes
--                   the source over after lease_until.
ALTER TABLE sources ADD COLUMN next_check_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN check_interval BIGINT;
ALTER TABLE sources ADD COLUMN failures BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN gone_at BIGINT;
ALTER TABLE sources ADD COLUMN lease_owner TEXT;
ALTER TABLE sources ADD COLUMN lease_until BIGINT;

-- Workers ask "what is due" every few seconds.
CREATE INDEX sources_due ON sources (next_check_at);
