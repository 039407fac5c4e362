-- The daily email: who reads it, which digests were run, and every send.
--
-- Times are epoch seconds, as everywhere. A masthead's "local day" is its
-- calendar date in its own time zone, written YYYY-MM-DD: one digest per
-- masthead per local day, whatever daylight saving does to the clock.
-- Mastheads live in the config file, so masthead_id has no foreign key.

-- A reader of one masthead's daily email. One address may read several
-- mastheads: one row each.
--
-- email:        the address as the reader gave it, checked (no spaces, no
--               line breaks, one @) and with its domain in lower case.
-- sections:     the sections chosen, comma-separated and in no particular
--               order; empty means every section the masthead shows.
-- status:       pending (asked, not yet confirmed: nothing is sent but the
--               confirmation), confirmed (gets the digest) or
--               unsubscribed (kept so a late digest run cannot resurrect
--               the address; a new subscription sets it pending again).
-- created_at:   when the address was first given.
-- confirmed_at: when it was confirmed; NULL while pending.
-- bounces:      permanent failures (5xx answers) in a row; a successful
--               send resets it. At mail.max_bounces the address gets no
--               more digests until it subscribes again.
CREATE TABLE subscribers (
    id           BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    masthead_id  TEXT    NOT NULL,
    email        TEXT    NOT NULL,
    sections     TEXT    NOT NULL DEFAULT '',
    status       TEXT    NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'confirmed', 'unsubscribed')),
    created_at   BIGINT  NOT NULL,
    confirmed_at BIGINT,
    bounces      BIGINT  NOT NULL DEFAULT 0,
    UNIQUE (masthead_id, email)
);

-- A digest run: one masthead's digest for one local day, claimed with a
-- lease like a source, so two workers never run the same day at once, and
-- a dead worker's run is taken over when its lease lapses.
--
-- lease_owner: the process running it now (HOST:PID:STARTED_MS); NULL
--              when nobody is.
-- lease_until: when that claim runs out unless renewed.
-- started_at:  when the run was first claimed.
-- queued_at:   when its outbox rows were recorded (one statement, so all
--              confirmed readers or none); NULL until then.
-- finished_at: when no delivery of the day was left to try; the
--              scheduler does not start a finished day again.
CREATE TABLE digest_runs (
    masthead_id TEXT   NOT NULL,
    local_day   TEXT   NOT NULL,
    lease_owner TEXT,
    lease_until BIGINT,
    started_at  BIGINT NOT NULL,
    queued_at   BIGINT,
    finished_at BIGINT,
    PRIMARY KEY (masthead_id, local_day)
);

-- The outbox: one row per reader, masthead and local day, recorded before
-- any send is attempted and marked after, so that a crash at any moment
-- neither sends a digest twice nor forgets one. The key is the digest's
-- identity; its Message-ID is made from it, so a resend after a crash is
-- the same message.
--
-- state:       queued (to send at next_try_at), sending (an attempt began
--              and its outcome was never recorded: the process died; it
--              is tried again), sent, failed (given up: a permanent
--              refusal, or mail.max_attempts temporary ones), or skipped
--              (the reader's sections had no story that day: nothing is
--              sent, and the row says the reader was not forgotten).
-- attempts:    attempts begun, counted before each one, so a message that
--              kills its sender every time is still given up in the end.
-- next_try_at: when it is due; later after a temporary failure (4xx or no
--              answer), doubling from mail.retry_base_secs.
-- last_error:  the server's last answer or the reason of the last failure,
--              for the operator; NULL when none failed.
-- queued_at:   when the row was recorded.
-- sent_at:     when the server (or the outbox folder) accepted it.
CREATE TABLE outbox (
    subscriber_id BIGINT  NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    masthead_id   TEXT    NOT NULL,
    local_day     TEXT    NOT NULL,
    state         TEXT    NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'skipped')),
    attempts      BIGINT  NOT NULL DEFAULT 0,
    next_try_at   BIGINT  NOT NULL,
    last_error    TEXT,
    queued_at     BIGINT  NOT NULL,
    sent_at       BIGINT,
    PRIMARY KEY (subscriber_id, masthead_id, local_day)
);

-- A run asks "what is still to send" in subscriber order; only rows still
-- to send are in it, so it stays small once a day is done.
CREATE INDEX outbox_to_send ON outbox (masthead_id, local_day, subscriber_id)
    WHERE state IN ('queued', 'sending');

-- Recording a run's outbox reads the confirmed readers of a masthead.
CREATE INDEX subscribers_by_masthead ON subscribers (masthead_id, status);
