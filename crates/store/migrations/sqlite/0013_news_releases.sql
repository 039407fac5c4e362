-- News releases: what organisations send the newsroom from a masthead's
-- form, the editors' queue, and what is published.
--
-- Times are epoch seconds, as everywhere. Mastheads live in the config
-- file, so masthead ids have no foreign key.
--
-- organisation .. body: what the submitter typed, as typed (each field
--               already cut to its limit by the form). The body is
--               Markdown; it is rendered and sanitized every time it is
--               shown, never stored as HTML, so a better sanitizer helps
--               every release already stored.
-- status:       unconfirmed (the address is not yet confirmed: no editor
--               sees it), pending (in the queue), approved (to publish at
--               publish_at), rejected (with reason), published.
-- flags:        the content rules' reasons for a closer look,
--               comma-separated (capitals, links, spam-phrase, near-copy);
--               empty: none. A flag never drops a release.
-- near_copy_of: the earlier release this one nearly repeats, if any.
-- fingerprint:  the body's MinHash signature (hex), to find near copies
--               among later releases without rereading every body.
-- client:       the submitting client's network address, for the rate
--               limit per address; counted here, so the limit holds across
--               processes and restarts.
-- submitted_at .. published_at: when each step happened; NULL: not yet.
-- publish_at:   when an approved release goes out (now or later).
-- reason:       the editor's reason for a rejection, shown to the
--               submitter on the status page and in an email.
-- placed_section: a news section an editor placed the release in; NULL
--               (the default) keeps it out of the news sections and the
--               front page's news lists.
-- notice, notice_due_at, notice_attempts: the one email due to the
--               submitter ('confirm' their address, or 'rejected'), when it
--               is to be (re)tried, and attempts so far; a sender claims it
--               by moving notice_due_at forward (a lease), as with a
--               reader's confirmation (migration 0010). The row is the
--               queue: the form never sends email itself.
CREATE TABLE releases (
    id              INTEGER PRIMARY KEY,
    organisation    TEXT    NOT NULL,
    contact_name    TEXT    NOT NULL,
    email           TEXT    NOT NULL,
    phone           TEXT    NOT NULL DEFAULT '',
    category        TEXT    NOT NULL,
    headline        TEXT    NOT NULL,
    standfirst      TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'unconfirmed'
                    CHECK (status IN ('unconfirmed', 'pending', 'approved', 'rejected', 'published')),
    flags           TEXT    NOT NULL DEFAULT '',
    near_copy_of    BIGINT,
    fingerprint     TEXT    NOT NULL DEFAULT '',
    client          TEXT    NOT NULL,
    submitted_at    BIGINT  NOT NULL,
    confirmed_at    BIGINT,
    decided_at      BIGINT,
    publish_at      BIGINT,
    published_at    BIGINT,
    reason          TEXT,
    placed_section  TEXT,
    notice          TEXT    CHECK (notice IN ('confirm', 'rejected')),
    notice_due_at   BIGINT,
    notice_attempts BIGINT  NOT NULL DEFAULT 0
);

-- The rate limits count recent submissions per address and per email.
CREATE INDEX releases_client ON releases (client, submitted_at);
CREATE INDEX releases_email ON releases (email, submitted_at);
-- The queue, newest first, by status.
CREATE INDEX releases_status ON releases (status, id);
-- The sender looks for emails due; only rows with one are in it.
CREATE INDEX releases_notice_due ON releases (notice_due_at)
    WHERE notice_due_at IS NOT NULL;

-- The mastheads a release is for: one row each.
CREATE TABLE release_mastheads (
    release_id  BIGINT NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    masthead_id TEXT   NOT NULL,
    PRIMARY KEY (release_id, masthead_id)
);
CREATE INDEX release_mastheads_masthead ON release_mastheads (masthead_id, release_id);

-- A release's picture, re-encoded as JPEG at a few widths (metadata gone:
-- only pixels survive decoding). Kept in the database rather than the data
-- folder: a PostgreSQL network of several web hosts shares it with no
-- shared disk, a backup of the database holds it, and deleting a release
-- deletes its pictures. They are small: at most a few hundred kilobytes
-- each, since they are made by us at bounded sizes.
CREATE TABLE release_images (
    release_id BIGINT NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    width      BIGINT NOT NULL,
    height     BIGINT NOT NULL,
    bytes      BLOB   NOT NULL,
    PRIMARY KEY (release_id, width)
);
