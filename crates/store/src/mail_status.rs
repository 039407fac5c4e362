//! The daily email as an operator sees it: readers per masthead, section
//! and status, the outbox per day, and the addresses that bounce; and a
//! bounce reported after the fact (`newsdesk mail bounce`); and the
//! admin's subscribers page: the export of readers a page at a time and
//! the removal of one reader, audited.
//!
//! Everything here is counted in the database at the time of asking, so
//! `digest status` and `/metrics` give the same numbers from any process.

use crate::audit::{Actor, AuditEntry, record_audit};
use crate::mail::OutboxCounts;
use crate::mail::{Subscriber, SubscriberRow, subscriber_from_row};
use crate::{Store, StoreError, with_pool, with_writer};
use jiff::Timestamp;
use newsdesk_domain::SubscriberId;
use newsdesk_domain::{Email, MastheadId, Section, SubscriberStatus};
use serde_json::json;
use std::collections::BTreeMap;

/// A masthead's readers in one status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderTally {
    /// The masthead.
    pub masthead: MastheadId,
    /// Their status.
    pub status: SubscriberStatus,
    /// How many.
    pub readers: u64,
    /// Of those, readers who chose no section: they get every section.
    pub every_section: u64,
    /// Of those, readers who chose sections, counted under each one.
    pub by_section: BTreeMap<Section, u64>,
    /// Of those, readers whose last sends were refused (bounces > 0).
    pub bouncing: u64,
    /// Of those, readers refused `max_bounces` times or more: no longer
    /// sent to.
    pub stopped: u64,
}

/// A masthead's outbox for one local day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayTally {
    /// The masthead.
    pub masthead: MastheadId,
    /// The local day, `YYYY-MM-DD`.
    pub day: String,
    /// Its deliveries by state.
    pub outbox: OutboxCounts,
}

fn masthead_of(text: &str) -> Result<MastheadId, StoreError> {
    MastheadId::parse(text).map_err(|e| StoreError::Corrupt(format!("masthead {text:?}: {e}")))
}

// `($1 IS NULL OR masthead_id = $1)`: one masthead, or all when none is
// named.
impl Store {
    /// Readers by masthead and status (all mastheads, or one), in order;
    /// `max_bounces` says who counts as stopped.
    pub async fn reader_tallies(
        &self,
        masthead: Option<&MastheadId>,
        max_bounces: u32,
    ) -> Result<Vec<ReaderTally>, StoreError> {
        let rows: Vec<(String, String, String, i64, i64, i64)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT masthead_id, status, sections, COUNT(*), \
                 SUM(CASE WHEN bounces > 0 THEN 1 ELSE 0 END), \
                 SUM(CASE WHEN bounces >= $2 THEN 1 ELSE 0 END) \
                 FROM subscribers WHERE ($1 IS NULL OR masthead_id = $1) \
                 GROUP BY masthead_id, status, sections",
            )
            .bind(masthead.map(MastheadId::as_str))
            .bind(i64::from(max_bounces))
            .fetch_all(pool)
            .await?
        });
        let mut tallies: BTreeMap<(String, String), ReaderTally> = BTreeMap::new();
        for (id, status, sections, readers, bouncing, stopped) in rows {
            let count = |n: i64| u64::try_from(n).unwrap_or(0);
            let parsed = SubscriberStatus::parse(&status)
                .ok_or_else(|| StoreError::Corrupt(format!("subscriber status {status:?}")))?;
            let tally = match tallies.entry((id.clone(), status)) {
                std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::btree_map::Entry::Vacant(e) => e.insert(ReaderTally {
                    masthead: masthead_of(&id)?,
                    status: parsed,
                    readers: 0,
                    every_section: 0,
                    by_section: BTreeMap::new(),
                    bouncing: 0,
                    stopped: 0,
                }),
            };
            tally.readers += count(readers);
            tally.bouncing += count(bouncing);
            tally.stopped += count(stopped);
            let chosen: Vec<&str> = sections.split(',').filter(|s| !s.is_empty()).collect();
            if chosen.is_empty() {
                tally.every_section += count(readers);
            }
            for section in chosen {
                let section = Section::parse(section)
                    .map_err(|e| StoreError::Corrupt(format!("section {section:?}: {e}")))?;
                *tally.by_section.entry(section).or_default() += count(readers);
            }
        }
        Ok(tallies.into_values().collect())
    }

    /// The outbox by masthead and local day, from `since` (`YYYY-MM-DD`)
    /// on, oldest day first.
    pub async fn day_tallies(
        &self,
        masthead: Option<&MastheadId>,
        since: &str,
    ) -> Result<Vec<DayTally>, StoreError> {
        let rows: Vec<(String, String, String, i64)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT masthead_id, local_day, state, COUNT(*) FROM outbox \
                 WHERE ($1 IS NULL OR masthead_id = $1) AND local_day >= $2 \
                 GROUP BY masthead_id, local_day, state",
            )
            .bind(masthead.map(MastheadId::as_str))
            .bind(since)
            .fetch_all(pool)
            .await?
        });
        let mut days: BTreeMap<(String, String), OutboxCounts> = BTreeMap::new();
        for (id, day, state, n) in rows {
            let counts = days.entry((day, id)).or_default();
            let n = u64::try_from(n).unwrap_or(0);
            match state.as_str() {
                "queued" => counts.queued += n,
                "sending" => counts.sending += n,
                "sent" => counts.sent += n,
                "skipped" => counts.skipped += n,
                _ => counts.failed += n,
            }
        }
        days.into_iter()
            .map(|((day, id), outbox)| {
                Ok(DayTally {
                    masthead: masthead_of(&id)?,
                    day,
                    outbox,
                })
            })
            .collect()
    }

    /// Counts a permanent refusal reported after the fact (a delivery
    /// status notification) against `email`, in `masthead` or, with none,
    /// in every masthead it reads (unsubscribed readers are left alone).
    /// Returns each masthead touched with the address's bounces now.
    pub async fn count_bounce(
        &self,
        email: &Email,
        masthead: Option<&MastheadId>,
    ) -> Result<Vec<(MastheadId, u32)>, StoreError> {
        let rows: Vec<(String, i64)> = with_writer!(self, "count bounce", conn => {
            sqlx::query_as(
                "UPDATE subscribers SET bounces = bounces + 1 \
                 WHERE ($1 IS NULL OR masthead_id = $1) AND email = $2 AND status <> 'unsubscribed' \
                 RETURNING masthead_id, bounces",
            )
            .bind(masthead.map(MastheadId::as_str))
            .bind(email.as_str())
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| self.locate(e.into()))?
        });
        let mut touched = rows
            .into_iter()
            .map(|(id, bounces)| {
                Ok((
                    masthead_of(&id)?,
                    u32::try_from(bounces).unwrap_or(u32::MAX),
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        touched.sort();
        Ok(touched)
    }

    /// Up to `limit` readers with ids above `after` (of one masthead, or
    /// all), in id order: the CSV export reads them a page at a time, so
    /// it never holds every reader in memory.
    pub async fn subscribers_after(
        &self,
        masthead: Option<&MastheadId>,
        after: Option<SubscriberId>,
        limit: u32,
    ) -> Result<Vec<Subscriber>, StoreError> {
        let rows: Vec<SubscriberRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, masthead_id, email, sections, status, created_at, confirmed_at, bounces \
                 FROM subscribers WHERE ($1 IS NULL OR masthead_id = $1) AND id > $2 \
                 ORDER BY id LIMIT $3",
            )
            .bind(masthead.map(MastheadId::as_str))
            .bind(after.map_or(0, |a| a.0))
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(subscriber_from_row).collect()
    }

    /// The reader of `masthead` with this address, if any.
    pub async fn subscriber_by_email(
        &self,
        masthead: &MastheadId,
        email: &Email,
    ) -> Result<Option<Subscriber>, StoreError> {
        let row: Option<SubscriberRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, masthead_id, email, sections, status, created_at, confirmed_at, bounces \
                 FROM subscribers WHERE masthead_id = $1 AND email = $2",
            )
            .bind(masthead.as_str())
            .bind(email.as_str())
            .fetch_optional(pool)
            .await?
        });
        row.map(subscriber_from_row).transpose()
    }

    /// Removes a reader and everything queued for them, for good (unlike
    /// leaving, which keeps the address as unsubscribed); audited as
    /// `subscriber.remove` with what was removed.
    pub async fn remove_subscriber(
        &self,
        id: SubscriberId,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let begin = self.begin_write();
        with_writer!(self, "remove reader", conn => {
            let mut tx = conn.begin_with(begin).await?;
            let before: Option<(String, String, String)> = sqlx::query_as(
                "SELECT masthead_id, email, status FROM subscribers WHERE id = $1",
            )
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((masthead, email, status)) = before else {
                return Err(StoreError::NotFound(format!("reader {id}")));
            };
            sqlx::query("DELETE FROM subscribers WHERE id = $1")
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            let entry = AuditEntry {
                kind: "subscriber.remove",
                subject: format!("reader {id}"),
                before: Some(json!({ "masthead": masthead, "email": email, "status": status })),
                after: None,
            };
            record_audit!(tx, now, actor, &entry)?;
            tx.commit().await?;
        });
        Ok(())
    }
}
