-- Double opt-in: the one confirmation email a new reader is sent, and the
-- limit on how often it is sent.
--
-- A subscription from the site's form records the reader as pending and
-- asks for one confirmation email. Anyone can type any address into that
-- form, so the confirmation is the only email an unconfirmed address ever
-- gets, and it is sent at most once per mail.confirm_every_secs whatever
-- the number of requests and processes: the limit is a row here, not a
-- counter in one process's memory.
--
-- confirm_requested_at: when the newest confirmation email was asked for;
--                       its link signs this time, so only the newest link
--                       confirms (an older one, or one clicked after the
--                       reader left, is refused). NULL: never asked.
-- confirm_due_at:       when that email is to be (re)tried; NULL once it
--                       is sent or given up. A sender claims a row by
--                       moving this forward (a lease), so two processes
--                       never send it at once, and one that dies
--                       mid-send leaves it to be tried again.
-- confirm_attempts:     attempts made for the newest request; the email
--                       is given up after a few, as a digest is.
ALTER TABLE subscribers ADD COLUMN confirm_requested_at BIGINT;
ALTER TABLE subscribers ADD COLUMN confirm_due_at BIGINT;
ALTER TABLE subscribers ADD COLUMN confirm_attempts BIGINT NOT NULL DEFAULT 0;

-- The sender looks for confirmations due; only rows with one are in it.
CREATE INDEX subscribers_confirm_due ON subscribers (confirm_due_at)
    WHERE confirm_due_at IS NOT NULL;
