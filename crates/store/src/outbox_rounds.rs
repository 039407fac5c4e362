//! A round of digests: the outbox marks of several readers in one
//! transaction each.
//!
//! A digest run sends a round of messages at once, one per SMTP
//! connection (see `newsdesk_mail::outbox`). Its writes are per round,
//! not per reader: [`Store::begin_deliveries`] counts every attempt of the
//! round before anything is sent, [`Store::deliveries_sent_then`] marks
//! the round's staged messages `sent` before any of them is handed over
//! (and lets the caller hand them over the instant the commit returns), and
//! [`Store::deliveries_skipped`] notes the readers who had no news. A
//! refusal after a mark goes back through [`Store::delivery_deferred`] or
//! [`Store::delivery_failed`], one reader at a time (they are rare).
//!
//! These transactions are as durable on PostgreSQL as every write is on
//! SQLite (WAL, `synchronous = NORMAL`): committed for every other
//! connection and kept if newsdesk is killed, but not waiting for the
//! disk (`SET LOCAL synchronous_commit = off`). A crash of the database's
//! machine may lose the last fraction of a second of marks; those
//! digests would be sent again, never forgotten. Waiting for the disk
//! twice per round held PostgreSQL to a few hundred messages a second.
//!
//! On PostgreSQL the commit's answer does not stand between the mark and
//! the dots: the `COMMIT` is written to the socket, the dots are handed to
//! the kernel while its answer is on the way, and only then is the answer
//! read. A kill before `COMMIT` leaves the server's transaction open, and
//! the closed connection rolls it back with no dot written; a kill after
//! it leaves both on their way, and the server commits what it has read.
//! Waiting for the answer first left a kill in that round trip with the
//! round marked and nothing sent (2 rounds in 21, `bench/digest/crash.sh`).
//! Should the server refuse that `COMMIT` (it does not for these updates
//! but when it fails or the connection drops), the messages are out and
//! the rows not marked: the error says so
//! ([`StoreError::MarkAfterHandover`]), and the caller marks them again.
//! SQLite commits on sqlx's own connection thread, so there the commit is
//! awaited before the dots: a `COMMIT` handed to that thread is not yet
//! anywhere a kill cannot reach.
//!
//! On SQLite, a round's marks are committed with the write-ahead log's
//! automatic checkpoint off (`PRAGMA wal_autocheckpoint = 0`, on again
//! right after). SQLite runs that checkpoint inside the `COMMIT` that
//! takes the log past its size, after the commit is visible and before
//! the statement returns: it copies the log into the database and waits
//! for the disk, milliseconds or more, and a kill in them left a round
//! marked `sent` with its final dots never written (12 of 13 such misses
//! in 200 killed runs fell on the same two rounds of every run). The next
//! write checkpoints instead, outside that window.

use crate::{Store, StoreError, with_writer};
use jiff::Timestamp;
use jiff::civil::Date;
use newsdesk_domain::{MastheadId, SubscriberId};

/// SQLite's own default size of the write-ahead log, in pages, past which
/// a commit copies it into the database (a checkpoint); the writer keeps
/// it but around a round's mark (see the module's doc).
const WAL_AUTOCHECKPOINT_PAGES: u32 = 1000;

/// On PostgreSQL, lets the transaction `tx` commit without waiting for
/// the disk (see the module's doc); SQLite never waits. A macro: the
/// transaction's type is each backend's own.
macro_rules! without_waiting_for_disk {
    ($store:expr, $tx:ident) => {
        if $store.backend() == crate::Backend::Postgres {
            sqlx::query("SET LOCAL synchronous_commit = off")
                .execute(&mut *$tx)
                .await
                .map_err(|e| $store.locate(e.into()))?;
        }
    };
}

impl Store {
    /// Counts an attempt for each of `readers` whose row is still to send
    /// (`sending`, attempts + 1), in one statement; returns those, the
    /// others having been sent or given up meanwhile. (The state is
    /// written as what it is not, so that SQLite finds the rows by their
    /// key rather than read every row of the day still to send through
    /// `outbox_by_day`: that made each round's cost grow with the run.)
    pub async fn begin_deliveries(
        &self,
        masthead: &MastheadId,
        day: Date,
        readers: &[SubscriberId],
    ) -> Result<Vec<SubscriberId>, StoreError> {
        if readers.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1 \
             WHERE masthead_id = $1 AND local_day = $2 AND state NOT IN ('sent', 'failed', 'skipped') \
             AND subscriber_id IN ({}) RETURNING subscriber_id",
            crate::rows::placeholders(3, readers.len())
        );
        let day = day.to_string();
        let begin = self.begin_write();
        let taken: Vec<i64> = with_writer!(self, "begin deliveries", conn => {
            let mut tx = conn.begin_with(begin).await.map_err(|e| self.locate(e.into()))?;
            without_waiting_for_disk!(self, tx);
            let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .bind(masthead.as_str())
                .bind(&day);
            for reader in readers {
                query = query.bind(reader.0);
            }
            let taken = query.fetch_all(&mut *tx).await.map_err(|e| self.locate(e.into()))?;
            tx.commit().await.map_err(|e| self.locate(e.into()))?;
            taken
        });
        Ok(taken.into_iter().map(SubscriberId).collect())
    }

    /// Marks `readers`' deliveries `sent` at `now` and starts their bounce
    /// counts again at 0, in one transaction.
    pub async fn deliveries_sent(
        &self,
        masthead: &MastheadId,
        day: Date,
        readers: &[SubscriberId],
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.deliveries_sent_then(masthead, day, readers, now, || {})
            .await
    }

    /// [`Store::deliveries_sent`], then `then`, called as soon as the
    /// commit has returned: before the connection is handed back, the
    /// writer's turn passed on or the timing logged, with no wait of any
    /// kind in between. The digest hands its messages over in `then` (see
    /// `newsdesk_mail::outbox`): a kill between the commit and `then`
    /// leaves readers marked `sent` with nothing delivered, so nothing
    /// may stand there. With no reader to mark, `then` is called at once.
    pub async fn deliveries_sent_then(
        &self,
        masthead: &MastheadId,
        day: Date,
        readers: &[SubscriberId],
        now: Timestamp,
        then: impl FnOnce() + Send,
    ) -> Result<(), StoreError> {
        self.settle_round(masthead, day, readers, "sent", Some(now), then)
            .await
    }

    /// Marks `readers`' deliveries not needed: their sections had no story.
    pub async fn deliveries_skipped(
        &self,
        masthead: &MastheadId,
        day: Date,
        readers: &[SubscriberId],
    ) -> Result<(), StoreError> {
        self.settle_round(masthead, day, readers, "skipped", None, || {})
            .await
    }

    async fn settle_round(
        &self,
        masthead: &MastheadId,
        day: Date,
        readers: &[SubscriberId],
        state: &str,
        sent_at: Option<Timestamp>,
        then: impl FnOnce() + Send,
    ) -> Result<(), StoreError> {
        if readers.is_empty() {
            then();
            return Ok(());
        }
        let rows = format!(
            "UPDATE outbox SET state = $3, sent_at = $4, last_error = NULL \
             WHERE masthead_id = $1 AND local_day = $2 AND subscriber_id IN ({})",
            crate::rows::placeholders(5, readers.len())
        );
        let bounces = format!(
            "UPDATE subscribers SET bounces = 0 WHERE bounces <> 0 AND id IN ({})",
            crate::rows::placeholders(1, readers.len())
        );
        let day = day.to_string();
        let begin = self.begin_write();
        let sqlite = self.backend() == crate::Backend::Sqlite;
        with_writer!(self, "settle deliveries", conn => {
            if sqlite {
                sqlx::query("PRAGMA wal_autocheckpoint = 0")
                    .execute(&mut *conn)
                    .await
                    .map_err(|e| self.locate(e.into()))?;
            }
            let settled = async {
                let mut tx = conn.begin_with(begin).await.map_err(|e| self.locate(e.into()))?;
                without_waiting_for_disk!(self, tx);
                let mut query = sqlx::query(sqlx::AssertSqlSafe(rows))
                    .bind(masthead.as_str())
                    .bind(&day)
                    .bind(state)
                    .bind(sent_at.map(|t| t.as_second()));
                for reader in readers {
                    query = query.bind(reader.0);
                }
                query.execute(&mut *tx).await.map_err(|e| self.locate(e.into()))?;
                if sent_at.is_some() {
                    let mut query = sqlx::query(sqlx::AssertSqlSafe(bounces));
                    for reader in readers {
                        query = query.bind(reader.0);
                    }
                    query.execute(&mut *tx).await.map_err(|e| self.locate(e.into()))?;
                }
                if sqlite {
                    tx.commit().await.map_err(|e| self.locate(e.into()))?;
                    then();
                } else {
                    // PostgreSQL: the first poll writes COMMIT to the
                    // socket (its send buffer is empty: every earlier
                    // message was answered) and then waits for the answer;
                    // `then` runs in that wait, so the dots follow COMMIT
                    // out of this process with no round trip between them
                    // (see the module's doc).
                    let mut commit = std::pin::pin!(tx.commit());
                    let early = std::future::poll_fn(|cx| {
                        std::task::Poll::Ready(commit.as_mut().poll(cx))
                    })
                    .await;
                    match early {
                        std::task::Poll::Ready(done) => {
                            done.map_err(|e| self.locate(e.into()))?;
                            then();
                        }
                        std::task::Poll::Pending => {
                            then();
                            commit.await.map_err(|e| {
                                StoreError::MarkAfterHandover(Box::new(self.locate(e.into())))
                            })?;
                        }
                    }
                }
                Ok::<_, StoreError>(())
            }
            .await;
            if sqlite {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}"
                )))
                .execute(&mut *conn)
                .await
                .map_err(|e| self.locate(e.into()))?;
            }
            settled?;
        });
        Ok(())
    }
}
