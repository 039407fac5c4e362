//! The daily email's rows: readers, digest runs and the outbox (migration
//! 0008), and the double opt-in of a new reader (migration 0010).
//!
//! A reader subscribes from the site ([`Store::request_subscription`]):
//! recorded pending, with one confirmation email due, at most one per
//! interval, decided by the same statement that records them. Senders
//! take due confirmations ([`Store::due_confirmations`]), claim each
//! ([`Store::claim_confirmation`], a lease, so two processes never send
//! one twice) and settle it ([`Store::settle_confirmation`]); the link in
//! it confirms only while it is the newest ([`Store::confirm_subscriber`]).
//!
//! A digest for one masthead and one local day is a *run*, claimed with a
//! lease like a source ([`Store::claim_digest_run`]), so two workers never
//! run the same day at once and a dead worker's run is taken over when its
//! lease lapses. The run first records one outbox row per confirmed reader
//! ([`Store::queue_digest`], one statement: every reader or none), and only
//! then sends, a round of readers at a time (`outbox_rounds.rs`):
//! [`Store::begin_deliveries`] counts the attempts before they are made,
//! [`Store::deliveries_sent`] marks them, and [`Store::delivery_deferred`]
//! or [`Store::delivery_failed`] write a failure (also after a mark, when
//! the server refused the message at its end). A process killed anywhere in between leaves rows still to
//! send (`queued`, or `sending` when it died during an attempt), which the
//! next holder of the run sends; rows already `sent` are never sent again.
//!
//! A local day is written `YYYY-MM-DD`, its masthead's calendar date.

use crate::rows::to_ts;
use crate::{Lease, Store, StoreError, with_pool, with_writer};
use jiff::Timestamp;
use jiff::civil::Date;
use newsdesk_domain::{Email, MastheadId, Section, SubscriberId, SubscriberStatus};

/// A reader of one masthead's daily email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscriber {
    /// Their id.
    pub id: SubscriberId,
    /// The masthead they read.
    pub masthead: MastheadId,
    /// Their address.
    pub email: Email,
    /// The sections they chose; empty: every section the masthead shows.
    pub sections: Vec<Section>,
    /// Where they stand.
    pub status: SubscriberStatus,
    /// When they first subscribed.
    pub created_at: Timestamp,
    /// When they confirmed, if they have.
    pub confirmed_at: Option<Timestamp>,
    /// Permanent refusals in a row.
    pub bounces: u32,
}

/// A run as its claim found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DigestRun {
    /// When its outbox was recorded; `None`: not yet.
    pub queued_at: Option<Timestamp>,
    /// When nothing was left to send; `None`: not yet.
    pub finished_at: Option<Timestamp>,
}

/// One digest to send: an outbox row with the reader it goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The reader.
    pub subscriber: SubscriberId,
    /// Their address.
    pub email: Email,
    /// Their sections; empty: all.
    pub sections: Vec<Section>,
    /// Attempts begun before this one.
    pub attempts: u32,
}

/// A run's outbox, counted by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    /// Waiting for their first or next attempt.
    pub queued: u64,
    /// Attempt begun, outcome never recorded.
    pub sending: u64,
    /// Accepted.
    pub sent: u64,
    /// Given up.
    pub failed: u64,
    /// Not sent: nothing in the reader's sections that day.
    pub skipped: u64,
}

/// Outbox rows recorded at once past which PostgreSQL's statistics of
/// the outbox are made again (see [`Store::queue_digest`]).
const ANALYZE_AFTER: u64 = 1000;

/// A local day as stored: `YYYY-MM-DD`.
fn day_text(day: Date) -> String {
    day.to_string()
}

fn sections_text(sections: &[Section]) -> String {
    sections
        .iter()
        .map(Section::as_str)
        .collect::<Vec<_>>()
        .join(",")
}

fn sections_of(text: &str) -> Result<Vec<Section>, StoreError> {
    text.split(',')
        .filter(|s| !s.is_empty())
        .map(|s| Section::parse(s).map_err(|e| StoreError::Corrupt(format!("section {s:?}: {e}"))))
        .collect()
}

fn email_of(text: &str) -> Result<Email, StoreError> {
    Email::parse(text).map_err(|e| StoreError::Corrupt(format!("address {text:?}: {e}")))
}

pub(crate) type SubscriberRow = (i64, String, String, String, String, i64, Option<i64>, i64);

pub(crate) fn subscriber_from_row(row: SubscriberRow) -> Result<Subscriber, StoreError> {
    let (id, masthead, email, sections, status, created_at, confirmed_at, bounces) = row;
    Ok(Subscriber {
        id: SubscriberId(id),
        masthead: MastheadId::parse(&masthead)
            .map_err(|e| StoreError::Corrupt(format!("masthead {masthead:?}: {e}")))?,
        email: email_of(&email)?,
        sections: sections_of(&sections)?,
        status: SubscriberStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("subscriber status {status:?}")))?,
        created_at: Timestamp::from_second(created_at)
            .map_err(|e| StoreError::Corrupt(format!("created_at: {e}")))?,
        confirmed_at: to_ts(confirmed_at),
        bounces: u32::try_from(bounces).unwrap_or(u32::MAX),
    })
}

impl Store {
    /// Records a reader of `masthead`, pending confirmation. An address
    /// already there (in any state) is a [`StoreError::Conflict`]: the
    /// caller decides what a repeated subscription means.
    pub async fn add_subscriber(
        &self,
        masthead: &MastheadId,
        email: &Email,
        sections: &[Section],
        now: Timestamp,
    ) -> Result<SubscriberId, StoreError> {
        let id: Option<i64> = with_writer!(self, "add reader", conn => {
            sqlx::query_scalar(
                "INSERT INTO subscribers (masthead_id, email, sections, status, created_at) \
                 VALUES ($1, $2, $3, 'pending', $4) ON CONFLICT (masthead_id, email) DO NOTHING \
                 RETURNING id",
            )
            .bind(masthead.as_str())
            .bind(email.as_str())
            .bind(sections_text(sections))
            .bind(now.as_second())
            .fetch_optional(&mut *conn)
            .await
            .map_err(|e| self.locate(e.into()))?
        });
        id.map(SubscriberId)
            .ok_or_else(|| StoreError::Conflict(format!("the reader {email} of {masthead}")))
    }

    /// Moves a reader to `status` (confirming sets `confirmed_at` and clears
    /// their bounces). [`StoreError::NotFound`] when there is no such reader.
    pub async fn set_subscriber_status(
        &self,
        id: SubscriberId,
        status: SubscriberStatus,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let confirmed = status == SubscriberStatus::Confirmed;
        let changed = with_writer!(self, "reader status", conn => {
            sqlx::query(
                "UPDATE subscribers SET status = $2, \
                 confirmed_at = CASE WHEN $3 THEN $4 ELSE confirmed_at END, \
                 bounces = CASE WHEN $3 THEN 0 ELSE bounces END WHERE id = $1",
            )
            .bind(id.0)
            .bind(status.as_str())
            .bind(confirmed)
            .bind(now.as_second())
            .execute(&mut *conn)
            .await?
            .rows_affected()
        });
        if changed == 0 {
            return Err(StoreError::NotFound(format!("reader {id}")));
        }
        Ok(())
    }

    /// One reader.
    pub async fn subscriber(&self, id: SubscriberId) -> Result<Subscriber, StoreError> {
        let row: Option<SubscriberRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, masthead_id, email, sections, status, created_at, confirmed_at, bounces \
                 FROM subscribers WHERE id = $1",
            )
            .bind(id.0)
            .fetch_optional(pool)
            .await?
        });
        subscriber_from_row(row.ok_or_else(|| StoreError::NotFound(format!("reader {id}")))?)
    }

    /// Claims (or renews) the run of `masthead`'s digest for `day` for
    /// `lease.owner` until `lease.until`. `None` when another process
    /// holds it and its lease has not run out. The run's row is made on
    /// its first claim.
    ///
    /// One statement on both backends: an insert that, on finding the row,
    /// takes it over only when it is free, lapsed or already ours; on
    /// PostgreSQL two claims at once queue on the row and the second sees
    /// the first's lease.
    pub async fn claim_digest_run(
        &self,
        masthead: &MastheadId,
        day: Date,
        lease: &Lease,
        now: Timestamp,
    ) -> Result<Option<DigestRun>, StoreError> {
        let row: Option<(Option<i64>, Option<i64>)> = with_writer!(self, "claim digest run", conn => {
            sqlx::query_as(
                "INSERT INTO digest_runs (masthead_id, local_day, lease_owner, lease_until, started_at) \
                 VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (masthead_id, local_day) DO UPDATE \
                 SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until \
                 WHERE digest_runs.lease_owner IS NULL OR digest_runs.lease_until <= $5 \
                 OR digest_runs.lease_owner = $3 \
                 RETURNING queued_at, finished_at",
            )
            .bind(masthead.as_str())
            .bind(day_text(day))
            .bind(&lease.owner)
            .bind(lease.until.as_second())
            .bind(now.as_second())
            .fetch_optional(&mut *conn)
            .await
            .map_err(|e| self.locate(e.into()))?
        });
        Ok(row.map(|(queued_at, finished_at)| DigestRun {
            queued_at: to_ts(queued_at),
            finished_at: to_ts(finished_at),
        }))
    }

    /// Lets go of a run `owner` holds; with `finished_at`, marks it done.
    pub async fn release_digest_run(
        &self,
        masthead: &MastheadId,
        day: Date,
        owner: &str,
        finished_at: Option<Timestamp>,
    ) -> Result<(), StoreError> {
        with_writer!(self, "release digest run", conn => {
            sqlx::query(
                "UPDATE digest_runs SET lease_owner = NULL, lease_until = NULL, \
                 finished_at = COALESCE($4, finished_at) \
                 WHERE masthead_id = $1 AND local_day = $2 AND lease_owner = $3",
            )
            .bind(masthead.as_str())
            .bind(day_text(day))
            .bind(owner)
            .bind(finished_at.map(|t| t.as_second()))
            .execute(&mut *conn)
            .await?;
        });
        Ok(())
    }

    /// Lets go of every run `owner` holds, finished or not (a digest
    /// scheduler stopping); an unfinished one is taken up again at the next
    /// look of any process, which sends only what is still to send.
    pub async fn release_digest_runs(&self, owner: &str) -> Result<u64, StoreError> {
        Ok(with_writer!(self, "release digest runs", conn => {
            sqlx::query(
                "UPDATE digest_runs SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1",
            )
            .bind(owner)
            .execute(&mut *conn)
            .await
            .map_err(|e| self.locate(e.into()))?
            .rows_affected()
        }))
    }

    /// Whether `masthead`'s run for `day` is finished.
    pub async fn digest_run_finished(
        &self,
        masthead: &MastheadId,
        day: Date,
    ) -> Result<bool, StoreError> {
        let finished: Option<Option<i64>> = with_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT finished_at FROM digest_runs WHERE masthead_id = $1 AND local_day = $2",
            )
            .bind(masthead.as_str())
            .bind(day_text(day))
            .fetch_optional(pool)
            .await?
        });
        Ok(matches!(finished, Some(Some(_))))
    }

    /// Records an outbox row for every confirmed reader of `masthead` with
    /// fewer than `max_bounces` permanent refusals who has none for `day`
    /// yet, due at `now`, and notes the run as queued; one transaction.
    /// Returns how many rows were added (0 when run again: readers who
    /// confirmed since are the only ones added).
    pub async fn queue_digest(
        &self,
        masthead: &MastheadId,
        day: Date,
        now: Timestamp,
        max_bounces: u32,
    ) -> Result<u64, StoreError> {
        let begin = self.begin_write();
        let added = with_writer!(self, "queue digest", conn => {
            let mut tx = conn.begin_with(begin).await.map_err(|e| self.locate(e.into()))?;
            let added = sqlx::query(
                "INSERT INTO outbox (subscriber_id, masthead_id, local_day, state, attempts, \
                 next_try_at, queued_at) \
                 SELECT id, masthead_id, $2, 'queued', 0, $3, $3 FROM subscribers \
                 WHERE masthead_id = $1 AND status = 'confirmed' AND bounces < $4 \
                 ON CONFLICT DO NOTHING",
            )
            .bind(masthead.as_str())
            .bind(day_text(day))
            .bind(now.as_second())
            .bind(i64::from(max_bounces))
            .execute(&mut *tx)
            .await
            .map_err(|e| self.locate(e.into()))?
            .rows_affected();
            sqlx::query(
                "UPDATE digest_runs SET queued_at = COALESCE(queued_at, $3), finished_at = NULL \
                 WHERE masthead_id = $1 AND local_day = $2",
            )
            .bind(masthead.as_str())
            .bind(day_text(day))
            .bind(now.as_second())
            .execute(&mut *tx)
            .await
            .map_err(|e| self.locate(e.into()))?;
            tx.commit().await.map_err(|e| self.locate(e.into()))?;
            added
        });
        if added >= ANALYZE_AFTER && self.backend() == crate::Backend::Postgres {
            // A day's rows arrive at once: without fresh statistics
            // PostgreSQL takes `outbox_by_day` for selective and reads
            // every row of the day to mark a round of them.
            with_writer!(self, bulk "analyze outbox", conn => {
                sqlx::query("ANALYZE outbox")
                    .execute(&mut *conn)
                    .await
                    .map_err(|e| self.locate(e.into()))?;
            });
        }
        Ok(added)
    }

    /// Up to `limit` deliveries of the run still to send and due at
    /// `now`, in reader order, of readers after `after` (the last of the
    /// previous batch: each batch starts where the last ended, rather
    /// than step again over the rows PostgreSQL has yet to clean out of
    /// the index of rows to send). Only the run's holder calls this.
    pub async fn due_deliveries(
        &self,
        masthead: &MastheadId,
        day: Date,
        now: Timestamp,
        (after, limit): (Option<SubscriberId>, u32),
    ) -> Result<Vec<Delivery>, StoreError> {
        let rows: Vec<(i64, String, String, i64)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT o.subscriber_id, s.email, s.sections, o.attempts FROM outbox o \
                 JOIN subscribers s ON s.id = o.subscriber_id \
                 WHERE o.masthead_id = $1 AND o.local_day = $2 \
                 AND o.state IN ('queued', 'sending') AND o.next_try_at <= $3 \
                 AND o.subscriber_id > $5 ORDER BY o.subscriber_id LIMIT $4",
            )
            .bind(masthead.as_str())
            .bind(day_text(day))
            .bind(now.as_second())
            .bind(i64::from(limit))
            .bind(after.map_or(i64::MIN, |id| id.0))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(id, email, sections, attempts)| {
                Ok(Delivery {
                    subscriber: SubscriberId(id),
                    email: email_of(&email)?,
                    sections: sections_of(&sections)?,
                    attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
                })
            })
            .collect()
    }

    /// Counts an attempt before it is made (`sending`). False when the row
    /// is no longer to send (sent or given up meanwhile).
    pub async fn begin_delivery(
        &self,
        masthead: &MastheadId,
        day: Date,
        subscriber: SubscriberId,
    ) -> Result<bool, StoreError> {
        let changed = with_writer!(self, "begin delivery", conn => {
            sqlx::query(
                "UPDATE outbox SET state = 'sending', attempts = attempts + 1 \
                 WHERE subscriber_id = $3 AND masthead_id = $1 AND local_day = $2 \
                 AND state IN ('queued', 'sending')",
            )
            .bind(masthead.as_str())
            .bind(day_text(day))
            .bind(subscriber.0)
            .execute(&mut *conn)
            .await
            .map_err(|e| self.locate(e.into()))?
            .rows_affected()
        });
        Ok(changed == 1)
    }

    /// Marks a delivery accepted; the reader's bounces start again at 0.
    pub async fn delivery_sent(
        &self,
        masthead: &MastheadId,
        day: Date,
        subscriber: SubscriberId,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.settle_delivery(
            (masthead, day, subscriber),
            "sent",
            Some(now),
            None,
            Some("UPDATE subscribers SET bounces = 0 WHERE id = $1 AND bounces <> 0"),
        )
        .await
    }

    /// Marks a delivery not needed: the reader's sections had no story.
    pub async fn delivery_skipped(
        &self,
        masthead: &MastheadId,
        day: Date,
        subscriber: SubscriberId,
    ) -> Result<(), StoreError> {
        self.settle_delivery((masthead, day, subscriber), "skipped", None, None, None)
            .await
    }

    /// Gives a delivery up. A permanent refusal (`bounced`) also counts
    /// against the reader's address.
    pub async fn delivery_failed(
        &self,
        masthead: &MastheadId,
        day: Date,
        subscriber: SubscriberId,
        error: &str,
        bounced: bool,
    ) -> Result<(), StoreError> {
        let reader =
            bounced.then_some("UPDATE subscribers SET bounces = bounces + 1 WHERE id = $1");
        self.settle_delivery(
            (masthead, day, subscriber),
            "failed",
            None,
            Some(error),
            reader,
        )
        .await
    }

    /// Writes a delivery's final state and, in the same transaction, what
    /// it means for the reader (`reader`, a statement on `subscribers`
    /// binding their id as `$1`).
    async fn settle_delivery(
        &self,
        (masthead, day, subscriber): (&MastheadId, Date, SubscriberId),
        state: &str,
        sent_at: Option<Timestamp>,
        error: Option<&str>,
        reader: Option<&'static str>,
    ) -> Result<(), StoreError> {
        let begin = self.begin_write();
        with_writer!(self, "settle delivery", conn => {
            let mut tx = conn.begin_with(begin).await.map_err(|e| self.locate(e.into()))?;
            sqlx::query(
                "UPDATE outbox SET state = $4, sent_at = $5, last_error = $6 \
                 WHERE subscriber_id = $3 AND masthead_id = $1 AND local_day = $2",
            )
            .bind(masthead.as_str())
            .bind(day_text(day))
            .bind(subscriber.0)
            .bind(state)
            .bind(sent_at.map(|t| t.as_second()))
            .bind(error)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.locate(e.into()))?;
            if let Some(reader) = reader {
                sqlx::query(reader)
                    .bind(subscriber.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| self.locate(e.into()))?;
            }
            tx.commit().await.map_err(|e| self.locate(e.into()))?;
        });
        Ok(())
    }

    /// Puts a delivery back in the queue after a temporary failure, due at
    /// `next_try_at`.
    pub async fn delivery_deferred(
        &self,
        masthead: &MastheadId,
        day: Date,
        subscriber: SubscriberId,
        next_try_at: Timestamp,
        error: &str,
    ) -> Result<(), StoreError> {
        with_writer!(self, "defer delivery", conn => {
            sqlx::query(
                "UPDATE outbox SET state = 'queued', next_try_at = $4, last_error = $5, sent_at = NULL \
                 WHERE subscriber_id = $3 AND masthead_id = $1 AND local_day = $2",
            )
            .bind(masthead.as_str())
            .bind(day_text(day))
            .bind(subscriber.0)
            .bind(next_try_at.as_second())
            .bind(error)
            .execute(&mut *conn)
            .await
            .map_err(|e| self.locate(e.into()))?;
        });
        Ok(())
    }

    /// When the run's next delivery still to send falls due, if any is left.
    pub async fn next_delivery_due(
        &self,
        masthead: &MastheadId,
        day: Date,
    ) -> Result<Option<Timestamp>, StoreError> {
        let at: Option<i64> = with_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT MIN(next_try_at) FROM outbox WHERE masthead_id = $1 AND local_day = $2 \
                 AND state IN ('queued', 'sending')",
            )
            .bind(masthead.as_str())
            .bind(day_text(day))
            .fetch_one(pool)
            .await?
        });
        Ok(to_ts(at))
    }

    /// The run's outbox, counted by state.
    pub async fn outbox_counts(
        &self,
        masthead: &MastheadId,
        day: Date,
    ) -> Result<OutboxCounts, StoreError> {
        let rows: Vec<(String, i64)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT state, COUNT(*) FROM outbox WHERE masthead_id = $1 AND local_day = $2 \
                 GROUP BY state",
            )
            .bind(masthead.as_str())
            .bind(day_text(day))
            .fetch_all(pool)
            .await?
        });
        let mut counts = OutboxCounts::default();
        for (state, n) in rows {
            let n = u64::try_from(n).unwrap_or(0);
            match state.as_str() {
                "queued" => counts.queued = n,
                "sending" => counts.sending = n,
                "sent" => counts.sent = n,
                "skipped" => counts.skipped = n,
                _ => counts.failed += n,
            }
        }
        Ok(counts)
    }
}

/// What a subscription from the site's form did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subscribed {
    /// A confirmation email is now due for this reader (new, pending or
    /// back after leaving), and this request asked for it at the returned
    /// time, which its link signs.
    ConfirmationDue(SubscriberId, Timestamp),
    /// Nothing to send: the reader already confirmed, or a confirmation
    /// was asked for less than the minimum interval ago.
    Nothing,
}

/// A confirmation email due to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueConfirmation {
    /// The reader.
    pub id: SubscriberId,
    /// Their masthead.
    pub masthead: MastheadId,
    /// Their address.
    pub email: Email,
    /// When it was asked for (what its link signs).
    pub requested_at: Timestamp,
    /// When it fell due (the claim compares it).
    pub due_at: Timestamp,
    /// Attempts made before this one.
    pub attempts: u32,
}

/// What following a confirmation link did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmed {
    /// The reader is confirmed now.
    Now,
    /// They were already: the link was followed before.
    Already,
    /// The link is not the newest for a pending reader (a newer email was
    /// sent, or they left since): nothing changed.
    Stale,
}

type DueRow = (i64, String, String, i64, i64, i64);

impl Store {
    /// A subscription from the form: records `email` as a pending reader of
    /// `masthead` reading `sections`, or finds them, and says whether a
    /// confirmation email is due. One statement on both backends, so a
    /// thousand requests at once, from any number of processes, ask for
    /// at most one email per `interval`:
    /// - a new address is recorded pending, its confirmation due now;
    /// - a pending or departed reader whose last confirmation was asked for
    ///   at or before `now - interval` (or never) is set pending with the
    ///   new sections, the confirmation due now;
    /// - a confirmed reader, or one asked less than `interval` ago, is left
    ///   as is (a stranger cannot change a reader's sections).
    pub async fn request_subscription(
        &self,
        masthead: &MastheadId,
        email: &Email,
        sections: &[Section],
        now: Timestamp,
        interval: jiff::SignedDuration,
    ) -> Result<Subscribed, StoreError> {
        let since = now.checked_sub(interval).unwrap_or(Timestamp::MIN);
        let id: Option<i64> = with_writer!(self, "subscribe", conn => {
            sqlx::query_scalar(
                "INSERT INTO subscribers (masthead_id, email, sections, status, created_at, \
                 confirm_requested_at, confirm_due_at, confirm_attempts) \
                 VALUES ($1, $2, $3, 'pending', $4, $4, $4, 0) \
                 ON CONFLICT (masthead_id, email) DO UPDATE SET status = 'pending', \
                 sections = excluded.sections, confirm_requested_at = excluded.confirm_requested_at, \
                 confirm_due_at = excluded.confirm_due_at, confirm_attempts = 0 \
                 WHERE subscribers.status <> 'confirmed' AND (subscribers.confirm_requested_at IS NULL \
                 OR subscribers.confirm_requested_at <= $5) \
                 RETURNING id",
            )
            .bind(masthead.as_str())
            .bind(email.as_str())
            .bind(sections_text(sections))
            .bind(now.as_second())
            .bind(since.as_second())
            .fetch_optional(&mut *conn)
            .await
            .map_err(|e| self.locate(e.into()))?
        });
        Ok(match id {
            Some(id) => Subscribed::ConfirmationDue(SubscriberId(id), now),
            None => Subscribed::Nothing,
        })
    }

    /// Up to `limit` confirmation emails due at `now` (oldest first), for
    /// readers still pending.
    pub async fn due_confirmations(
        &self,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<DueConfirmation>, StoreError> {
        let rows: Vec<DueRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, masthead_id, email, confirm_requested_at, confirm_due_at, confirm_attempts \
                 FROM subscribers WHERE confirm_due_at IS NOT NULL AND confirm_due_at <= $1 \
                 AND status = 'pending' ORDER BY confirm_due_at, id LIMIT $2",
            )
            .bind(now.as_second())
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(id, masthead, email, requested, due, attempts)| {
                let time = |s: i64| {
                    Timestamp::from_second(s)
                        .map_err(|e| StoreError::Corrupt(format!("confirmation time: {e}")))
                };
                Ok(DueConfirmation {
                    id: SubscriberId(id),
                    masthead: MastheadId::parse(&masthead)
                        .map_err(|e| StoreError::Corrupt(format!("masthead {masthead:?}: {e}")))?,
                    email: email_of(&email)?,
                    requested_at: time(requested)?,
                    due_at: time(due)?,
                    attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
                })
            })
            .collect()
    }

    /// Claims a due confirmation for one attempt: moves it due at `until`
    /// (when a sender that died mid-send is replaced) and counts the
    /// attempt, only if it is still as `due` says. False: another process
    /// took it, or it was sent or superseded meanwhile.
    pub async fn claim_confirmation(
        &self,
        due: &DueConfirmation,
        until: Timestamp,
    ) -> Result<bool, StoreError> {
        let changed = with_writer!(self, "claim confirmation", conn => {
            sqlx::query(
                "UPDATE subscribers SET confirm_due_at = $4, confirm_attempts = confirm_attempts + 1 \
                 WHERE id = $1 AND status = 'pending' AND confirm_requested_at = $2 \
                 AND confirm_due_at = $3",
            )
            .bind(due.id.0)
            .bind(due.requested_at.as_second())
            .bind(due.due_at.as_second())
            .bind(until.as_second())
            .execute(&mut *conn)
            .await
            .map_err(|e| self.locate(e.into()))?
            .rows_affected()
        });
        Ok(changed == 1)
    }

    /// Settles a claimed confirmation asked for at `requested_at`: sent or
    /// given up (`next` `None`), or to try again at `next`. A newer request
    /// made meanwhile is left alone.
    pub async fn settle_confirmation(
        &self,
        id: SubscriberId,
        requested_at: Timestamp,
        next: Option<Timestamp>,
    ) -> Result<(), StoreError> {
        with_writer!(self, "settle confirmation", conn => {
            sqlx::query(
                "UPDATE subscribers SET confirm_due_at = $3 \
                 WHERE id = $1 AND confirm_requested_at = $2",
            )
            .bind(id.0)
            .bind(requested_at.as_second())
            .bind(next.map(|t| t.as_second()))
            .execute(&mut *conn)
            .await
            .map_err(|e| self.locate(e.into()))?;
        });
        Ok(())
    }

    /// Confirms a pending reader by the link of the confirmation asked for
    /// at `requested_at` (see [`Confirmed`]). [`StoreError::NotFound`]
    /// when there is no such reader.
    pub async fn confirm_subscriber(
        &self,
        id: SubscriberId,
        requested_at: Timestamp,
        now: Timestamp,
    ) -> Result<Confirmed, StoreError> {
        let changed = with_writer!(self, "confirm reader", conn => {
            sqlx::query(
                "UPDATE subscribers SET status = 'confirmed', confirmed_at = $3, bounces = 0, \
                 confirm_due_at = NULL WHERE id = $1 AND status = 'pending' \
                 AND confirm_requested_at = $2",
            )
            .bind(id.0)
            .bind(requested_at.as_second())
            .bind(now.as_second())
            .execute(&mut *conn)
            .await
            .map_err(|e| self.locate(e.into()))?
            .rows_affected()
        });
        if changed == 1 {
            return Ok(Confirmed::Now);
        }
        let reader = self.subscriber(id).await?;
        Ok(if reader.status == SubscriberStatus::Confirmed {
            Confirmed::Already
        } else {
            Confirmed::Stale
        })
    }

    /// Changes a confirmed reader's sections (empty: all). False when the
    /// reader is not confirmed (pending, or gone); nothing changes then.
    pub async fn set_subscriber_sections(
        &self,
        id: SubscriberId,
        sections: &[Section],
    ) -> Result<bool, StoreError> {
        let changed = with_writer!(self, "reader sections", conn => {
            sqlx::query("UPDATE subscribers SET sections = $2 WHERE id = $1 AND status = 'confirmed'")
                .bind(id.0)
                .bind(sections_text(sections))
                .execute(&mut *conn)
                .await
                .map_err(|e| self.locate(e.into()))?
                .rows_affected()
        });
        Ok(changed == 1)
    }

    /// A reader leaves: unsubscribed, and no confirmation left to send.
    /// Leaving twice is leaving once. [`StoreError::NotFound`] when there
    /// is no such reader.
    pub async fn unsubscribe(&self, id: SubscriberId) -> Result<(), StoreError> {
        let found = with_writer!(self, "unsubscribe", conn => {
            sqlx::query(
                "UPDATE subscribers SET status = 'unsubscribed', confirm_due_at = NULL WHERE id = $1",
            )
            .bind(id.0)
            .execute(&mut *conn)
            .await
            .map_err(|e| self.locate(e.into()))?
            .rows_affected()
        });
        if found == 0 {
            return Err(StoreError::NotFound(format!("reader {id}")));
        }
        Ok(())
    }
}
