-- The newsroom's admin at /admin: the people who run the network, their
-- signed-in sessions, failed sign-ins, invitations, and the log of every
-- editorial action. Times are epoch seconds, as everywhere.

-- A person who signs in to the admin.
--
-- email:         the address they sign in with, checked as a reader's is
--                (one @, no spaces, domain in lower case); one row each.
-- password_hash: an Argon2id hash in its PHC string form (algorithm,
--                parameters and salt travel with it, so parameters can be
--                raised later without a migration); NULL until an invited
--                person has set a password: nobody can sign in as them.
-- role:          'admin' (everything, users and settings included) or
--                'editor' (content only).
-- disabled_at:   when an admin turned the account off; a disabled person
--                cannot sign in and their sessions stop at once. Rows are
--                never deleted: the audit log names them.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE,
    password_hash TEXT,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'editor')),
    created_at    INTEGER NOT NULL,
    disabled_at   INTEGER
);

-- A signed-in browser. The cookie carries 256 random bits; only their
-- SHA-256 (hex) is stored, so a copy of the database signs nobody in.
--
-- host:         the Host the session was made on (lower case); a cookie
--               presented on any other host is not a session there (see
--               docs/ARCHITECTURE.md, "The newsroom admin").
-- last_seen_at: moved forward at most once a minute while it is used; a
--               session idle longer than the idle timeout has ended.
-- expires_at:   the end, however busy: a session is never renewed past it.
CREATE TABLE admin_sessions (
    id_hash      TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    host         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX admin_sessions_by_user ON admin_sessions (user_id);

-- Failed sign-ins, counted per key: 'email:ADDRESS' (whether or not such a
-- user exists, so the answer gives nothing away) and 'address:CLIENT'. In
-- the database, so a lockout holds across processes and restarts.
--
-- failures:     failed attempts since the last success (or since a quiet
--               spell long enough to forget them).
-- locked_until: no attempt with this key is even checked before then; the
--               wait doubles with each failure past the free ones.
CREATE TABLE login_failures (
    key            TEXT    PRIMARY KEY,
    failures       INTEGER NOT NULL,
    last_failed_at INTEGER NOT NULL,
    locked_until   INTEGER NOT NULL
);

-- An emailed invitation to set a password. The link carries 256 random
-- bits; only their SHA-256 is stored. It works once (used_at) and until
-- expires_at; a newer invitation for the same person replaces older ones.
CREATE TABLE user_invites (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX user_invites_by_user ON user_invites (user_id);

-- Every editorial action, written in the same transaction as the change it
-- describes, so there is never a change without its line or a line without
-- its change.
--
-- user_id: who (NULL: the command line, which has no signed-in person);
-- actor:   their address at the time, kept as written.
-- kind:    what, as a short dotted name ('source.pause', 'user.role').
-- subject: what it was done to ('source 12', 'user 3').
-- before_json, after_json: the parts that changed, as JSON objects; NULL
--          for something created (before) or deleted (after).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    user_id     INTEGER REFERENCES users (id),
    actor       TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    before_json TEXT,
    after_json  TEXT
);
-- The audit page lists newest first, by person or by kind.
CREATE INDEX audit_log_by_user ON audit_log (user_id, id);
CREATE INDEX audit_log_by_kind ON audit_log (kind, id);

-- A source an editor paused: the scheduler leaves it alone until resumed;
-- its stories stay. NULL: not paused.
ALTER TABLE sources ADD COLUMN paused_at INTEGER;
