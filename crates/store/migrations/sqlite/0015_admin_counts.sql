-- The admin's counts of readers read an index alone.
--
-- The dashboard and the subscribers page count the daily email's readers
-- by masthead, status and chosen sections (and how many bounce) every time
-- they are shown. With only the index by (masthead_id, status), each count
-- read every reader's row and sorted the groups: 14 to 24 ms on SQLite and
-- 5 to 12 ms on PostgreSQL for 20,000 readers, the query alone (bench/admin,
-- BENCHMARKS.md). This index holds every column the count reads, in the
-- order it groups them, so the count reads the index alone and needs no
-- sort: 2 ms on both.
--
-- It starts with the same two columns as subscribers_by_masthead (0008),
-- so it serves what that one served (a digest run recording the confirmed
-- readers of a masthead), and replaces it: one index less to keep up on
-- every subscription.
CREATE INDEX subscribers_tally ON subscribers (masthead_id, status, sections, bounces);
DROP INDEX subscribers_by_masthead;
