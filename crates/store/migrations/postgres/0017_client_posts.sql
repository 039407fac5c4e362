-- How often each client address has posted a form this hour.
--
-- The subscribe form answers every well-formed address the same way and
-- sends at most one confirmation per address every few minutes, but each
-- post is still a write to `subscribers`. One client posting thousands of
-- addresses an hour would fill that table with strangers' addresses and
-- queue a confirmation email to each. This counter limits the posts of one
-- client address (`mail.subscribe_per_client_per_hour`) before anything
-- is written about the address it typed.
--
-- One row per form and client: the start of its current hour window (unix
-- seconds) and its posts in it. A post opening a new window sets the count
-- back to one; rows of windows that have ended are deleted by the post
-- that opens the next window anywhere (the index on window_start finds
-- them), so the table holds only this hour's and last hour's clients.
CREATE TABLE client_posts (
    form TEXT NOT NULL,
    client TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    posts BIGINT NOT NULL,
    PRIMARY KEY (form, client)
);
CREATE INDEX client_posts_by_window ON client_posts (window_start);
