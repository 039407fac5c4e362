-- A masthead's look as its admins change it in the admin: its name, the
-- line under it, its accent colour and its logo (domain::MastheadLook).
--
-- The config gives every setting of a masthead; these four may also be
-- changed while the site runs, and every process sharing the database
-- must show the same, so they live here rather than in one process's
-- memory or in a file one machine holds. A row exists only for a masthead
-- with something changed; a NULL column keeps the config's value (an
-- empty tagline is a choice: no line). The change is audited
-- (`masthead.look`) and counted in site_changes in its own transaction,
-- which is how every process learns that its pages and its copy of the
-- looks are out of date.
CREATE TABLE masthead_looks (
    masthead_id TEXT PRIMARY KEY,
    name TEXT,
    tagline TEXT,
    accent TEXT,
    logo TEXT,
    changed_at BIGINT NOT NULL
);
