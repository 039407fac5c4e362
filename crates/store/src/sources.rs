//! Queries on sources: adding, listing, and recording each fetch's outcome.

use crate::audit::{Actor, AuditEntry, record_audit};
use crate::rows::to_ts;
use crate::{Store, StoreError, with_pool, with_writer};
use jiff::Timestamp;
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{FeedUrl, MastheadId, Section, Source, SourceId, SourceState};
use serde_json::json;
use sqlx::Row;

/// What one fetch of a source came to, as stored on the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchRecord {
    /// The feed was read. `problem` says what was skipped, if anything
    /// (items with no link, say); the validators are for the next request.
    Fetched {
        /// The response's `ETag`.
        etag: Option<String>,
        /// The response's `Last-Modified`.
        last_modified: Option<String>,
        /// A readable note of what could not be taken.
        problem: Option<String>,
    },
    /// The server said 304: nothing changed since the validators.
    NotModified,
    /// The fetch or the parse failed; validators are kept as they were.
    Failed {
        /// A readable reason.
        error: String,
    },
}

const SOURCE_COLUMNS: &str = "id, url, name, section, last_checked_at, last_success_at, last_error, \
     etag, last_modified, next_check_at, check_interval, failures, gone_at, lease_owner, lease_until, paused_at";

/// When a source is fetched next, as worked out after a fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    /// When it is due again.
    pub next_check_at: Timestamp,
    /// Its normal rhythm in seconds, when known.
    pub check_interval_secs: Option<u64>,
    /// Failed fetches in a row.
    pub failures: u32,
    /// The server said the feed is gone (410): stop polling it.
    pub gone: bool,
}

/// A worker's claim on the sources it fetches: who, and until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    /// A name unique to the claiming process (host, process id, start time).
    pub owner: String,
    /// When the claim runs out if the worker never finishes.
    pub until: Timestamp,
}

macro_rules! source_from_row {
    ($row:expr) => {{
        let row = $row;
        let url: String = row.try_get("url")?;
        let section: Option<String> = row.try_get("section")?;
        Source {
            id: SourceId(row.try_get("id")?),
            url: FeedUrl::parse(&url).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            name: row.try_get("name")?,
            section: section
                .map(|s| Section::parse(&s))
                .transpose()
                .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            mastheads: Vec::new(),
            state: SourceState {
                last_checked_at: to_ts(row.try_get("last_checked_at")?),
                last_success_at: to_ts(row.try_get("last_success_at")?),
                last_error: row.try_get("last_error")?,
                etag: row.try_get("etag")?,
                last_modified: row.try_get("last_modified")?,
                next_check_at: {
                    let gone: Option<i64> = row.try_get("gone_at")?;
                    if gone.is_some() {
                        None
                    } else {
                        to_ts(row.try_get("next_check_at")?)
                    }
                },
                check_interval_secs: row
                    .try_get::<Option<i64>, _>("check_interval")?
                    .and_then(|s| u64::try_from(s).ok()),
                failures: u32::try_from(row.try_get::<i64, _>("failures")?).unwrap_or(u32::MAX),
                gone_at: to_ts(row.try_get("gone_at")?),
                held_by: row.try_get("lease_owner")?,
                held_until: to_ts(row.try_get("lease_until")?),
                paused_at: to_ts(row.try_get("paused_at")?),
            },
        }
    }};
}

impl Store {
    /// Adds a source; [`StoreError::Conflict`] when its URL is already a source.
    pub async fn add_source(&self, new: &NewSource) -> Result<Source, StoreError> {
        self.add_source_by(new, None).await
    }

    /// Adds a source as [`Store::add_source`] does, with an audit line
    /// (`source.add`) by `actor` in the same transaction when one is given.
    pub async fn add_source_by(
        &self,
        new: &NewSource,
        actor: Option<&Actor>,
    ) -> Result<Source, StoreError> {
        let at = Timestamp::now();
        let now = at.as_second();
        let begin = self.begin_write();
        let inserted = with_writer!(self, "add source", conn => {
            let mut tx = conn.begin_with(begin).await?;
            let id: Result<i64, sqlx::Error> = sqlx::query_scalar(
                "INSERT INTO sources (url, name, section, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(new.url.as_str())
            .bind(&new.name)
            .bind(new.section.as_ref().map(Section::as_str))
            .bind(now)
            .fetch_one(&mut *tx)
            .await;
            match id {
                Ok(id) => {
                    for masthead in &new.mastheads {
                        sqlx::query("INSERT INTO source_mastheads (source_id, masthead_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                            .bind(id)
                            .bind(masthead.as_str())
                            .execute(&mut *tx)
                            .await?;
                    }
                    if let Some(actor) = actor {
                        let entry = AuditEntry {
                            kind: "source.add",
                            subject: format!("source {id}"),
                            before: None,
                            after: Some(json!({
                                "url": new.url.as_str(),
                                "name": new.name,
                                "section": new.section.as_ref().map(Section::as_str),
                                "mastheads": new.mastheads.iter().map(MastheadId::as_str).collect::<Vec<_>>(),
                            })),
                        };
                        record_audit!(tx, at, actor, &entry)?;
                    }
                    tx.commit().await?;
                    Ok(SourceId(id))
                }
                Err(e) if StoreError::is_unique_violation(&e) => {
                    Err(StoreError::Conflict(format!("a source with the URL {}", new.url)))
                }
                Err(e) => Err(e.into()),
            }
        })?;
        self.source(inserted)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("source {inserted}")))
    }

    /// Every source, oldest first, with its mastheads.
    pub async fn sources(&self) -> Result<Vec<Source>, StoreError> {
        let mut sources: Vec<Source> = with_pool!(self, pool => {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {SOURCE_COLUMNS} FROM sources ORDER BY id")))
                .fetch_all(pool)
                .await?;
            rows.iter().map(|row| Ok(source_from_row!(row))).collect::<Result<Vec<_>, StoreError>>()
        })?;
        let links: Vec<(i64, String)> = with_pool!(self, pool => {
            sqlx::query_as("SELECT source_id, masthead_id FROM source_mastheads ORDER BY source_id, masthead_id")
                .fetch_all(pool)
                .await?
        });
        attach_mastheads(&mut sources, links)?;
        Ok(sources)
    }

    /// The sources with these ids (in id order), a few hundred per query.
    async fn sources_by_id(&self, ids: Vec<i64>) -> Result<Vec<Source>, StoreError> {
        let mut sources = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(ID_CHUNK) {
            let list = crate::rows::placeholders(1, chunk.len());
            let mut found: Vec<Source> = with_pool!(self, pool => {
                let sql = format!("SELECT {SOURCE_COLUMNS} FROM sources WHERE id IN ({list}) ORDER BY id");
                let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                for id in chunk {
                    query = query.bind(*id);
                }
                let rows = query.fetch_all(pool).await?;
                rows.iter().map(|row| Ok(source_from_row!(row))).collect::<Result<Vec<_>, StoreError>>()
            })?;
            let links: Vec<(i64, String)> = with_pool!(self, pool => {
                let sql = format!(
                    "SELECT source_id, masthead_id FROM source_mastheads WHERE source_id IN ({list}) \
                     ORDER BY source_id, masthead_id"
                );
                let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
                for id in chunk {
                    query = query.bind(*id);
                }
                query.fetch_all(pool).await?
            });
            attach_mastheads(&mut found, links)?;
            sources.extend(found);
        }
        sources.sort_by_key(|s| s.id);
        Ok(sources)
    }

    /// One source by id.
    pub async fn source(&self, id: SourceId) -> Result<Option<Source>, StoreError> {
        Ok(self.sources_by_id(vec![id.0]).await?.pop())
    }

    /// Pauses a source (the scheduler leaves it alone; its stories stay)
    /// or resumes it, due at once; audited as `source.pause` or
    /// `source.resume`. Pausing a paused source changes nothing and writes
    /// no line.
    pub async fn set_source_paused(
        &self,
        id: SourceId,
        paused: bool,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let begin = self.begin_write();
        with_writer!(self, "pause source", conn => {
            let mut tx = conn.begin_with(begin).await?;
            let before: Option<Option<i64>> =
                sqlx::query_scalar("SELECT paused_at FROM sources WHERE id = $1")
                    .bind(id.0)
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some(before) = before else {
                return Err(StoreError::NotFound(format!("source {id}")));
            };
            if before.is_some() != paused {
                sqlx::query(
                    "UPDATE sources SET paused_at = $2, \
                     next_check_at = CASE WHEN $3 THEN next_check_at ELSE $4 END WHERE id = $1",
                )
                .bind(id.0)
                .bind(paused.then(|| now.as_second()))
                .bind(paused)
                .bind(now.as_second())
                .execute(&mut *tx)
                .await?;
                let entry = AuditEntry {
                    kind: if paused { "source.pause" } else { "source.resume" },
                    subject: format!("source {id}"),
                    before: Some(json!({ "paused": before.is_some() })),
                    after: Some(json!({ "paused": paused })),
                };
                record_audit!(tx, now, actor, &entry)?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Makes a source due now, so the next pass fetches it (a paused or
    /// gone source stays as it is); audited as `source.fetch_now`.
    pub async fn fetch_source_now(
        &self,
        id: SourceId,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let begin = self.begin_write();
        with_writer!(self, "fetch source now", conn => {
            let mut tx = conn.begin_with(begin).await?;
            let before: Option<i64> =
                sqlx::query_scalar("SELECT next_check_at FROM sources WHERE id = $1")
                    .bind(id.0)
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some(before) = before else {
                return Err(StoreError::NotFound(format!("source {id}")));
            };
            let due = before.min(now.as_second());
            sqlx::query("UPDATE sources SET next_check_at = $2 WHERE id = $1")
                .bind(id.0)
                .bind(due)
                .execute(&mut *tx)
                .await?;
            let entry = AuditEntry {
                kind: "source.fetch_now",
                subject: format!("source {id}"),
                before: Some(json!({ "next_check_at": before })),
                after: Some(json!({ "next_check_at": due })),
            };
            record_audit!(tx, now, actor, &entry)?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Points a source at a new URL; its stories stay, and it is due at
    /// once (a source that was gone is polled again).
    pub async fn set_source_url(&self, id: SourceId, url: &FeedUrl) -> Result<(), StoreError> {
        let result = with_writer!(self, "set source url", conn => {
            sqlx::query("UPDATE sources SET url = $2, etag = NULL, last_modified = NULL, gone_at = NULL, \
             failures = 0, next_check_at = 0 WHERE id = $1")
                .bind(id.0)
                .bind(url.as_str())
                .execute(conn)
                .await
                .map(|done| done.rows_affected())
        });
        match result {
            Ok(0) => Err(StoreError::NotFound(format!("source {id}"))),
            Ok(_) => Ok(()),
            Err(e) if StoreError::is_unique_violation(&e) => {
                Err(StoreError::Conflict(format!("a source with the URL {url}")))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Records what a fetch of a source came to, at `at`, and when it is
    /// due next; releases `owner`'s lease on it (a lease another worker has
    /// taken over since is left alone).
    pub async fn record_fetch(
        &self,
        id: SourceId,
        at: Timestamp,
        record: &FetchRecord,
        schedule: &Schedule,
        owner: &str,
    ) -> Result<(), StoreError> {
        let at = at.as_second();
        let next = schedule.next_check_at.as_second();
        let interval = schedule
            .check_interval_secs
            .map(|s| i64::try_from(s).unwrap_or(i64::MAX));
        let failures = i64::from(schedule.failures);
        let gone = schedule.gone.then_some(at);
        // Columns every outcome sets: the schedule, and the lease released.
        const SCHEDULE: &str = "next_check_at = $3, check_interval = COALESCE($4, check_interval), \
             failures = $5, gone_at = $6, \
             lease_owner = CASE WHEN lease_owner = $7 THEN NULL ELSE lease_owner END, \
             lease_until = CASE WHEN lease_owner = $7 THEN NULL ELSE lease_until END";
        // What the outcome sets beside the schedule: whether the source
        // answered, its error or problem, and new validators (a 304 and a
        // failure keep the old ones).
        let (answered, error, validators) = match record {
            FetchRecord::Fetched {
                etag,
                last_modified,
                problem,
            } => (
                true,
                problem.as_deref(),
                Some((etag.as_deref(), last_modified.as_deref())),
            ),
            FetchRecord::NotModified => (true, None, None),
            FetchRecord::Failed { error } => (false, Some(error.as_str()), None),
        };
        let affected = with_writer!(self, "record fetch", conn => {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE sources SET last_checked_at = $2, \
                 last_success_at = CASE WHEN $8 THEN $2 ELSE last_success_at END, \
                 last_error = $9, \
                 etag = CASE WHEN $10 THEN $11 ELSE etag END, \
                 last_modified = CASE WHEN $10 THEN $12 ELSE last_modified END, \
                 {SCHEDULE} WHERE id = $1",
            )))
            .bind(id.0)
            .bind(at)
            .bind(next)
            .bind(interval)
            .bind(failures)
            .bind(gone)
            .bind(owner)
            .bind(answered)
            .bind(error)
            .bind(validators.is_some())
            .bind(validators.and_then(|(etag, _)| etag))
            .bind(validators.and_then(|(_, modified)| modified))
            .execute(conn)
            .await?
            .rows_affected()
        });
        if affected == 0 {
            return Err(StoreError::NotFound(format!("source {id}")));
        }
        Ok(())
    }

    /// Claims up to `limit` sources that are due at `now` and not claimed
    /// by anyone else (or whose claim has run out), soonest due first.
    ///
    /// Two workers never get the same source: on PostgreSQL the rows are
    /// picked `FOR UPDATE SKIP LOCKED`, and a row another worker claimed
    /// meanwhile fails the re-checked condition; on SQLite the one
    /// statement runs under the database's single write lock.
    pub async fn claim_due_sources(
        &self,
        lease: &Lease,
        now: Timestamp,
        limit: usize,
    ) -> Result<Vec<Source>, StoreError> {
        let now = now.as_second();
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let lock = if self.backend() == crate::Backend::Postgres {
            "FOR UPDATE SKIP LOCKED"
        } else {
            ""
        };
        let ids: Vec<i64> = with_writer!(self, "claim", conn => {
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "UPDATE sources SET lease_owner = $1, lease_until = $2 WHERE id IN ( \
                 SELECT id FROM sources WHERE gone_at IS NULL AND paused_at IS NULL AND next_check_at <= $3 \
                 AND (lease_until IS NULL OR lease_until <= $3) \
                 ORDER BY next_check_at, id LIMIT $4 {lock}) \
                 AND (lease_until IS NULL OR lease_until <= $3) RETURNING id"
            )))
            .bind(&lease.owner)
            .bind(lease.until.as_second())
            .bind(now)
            .bind(limit)
            .fetch_all(conn)
            .await?
        });
        self.sources_by_id(ids).await
    }

    /// Claims the given sources now, due or not (an operator's `fetch`),
    /// leaving out any another worker holds. Gone sources are claimed too:
    /// asking for a source by name is how an operator tries it again.
    pub async fn claim_sources(
        &self,
        lease: &Lease,
        now: Timestamp,
        ids: &[SourceId],
    ) -> Result<Vec<Source>, StoreError> {
        let mut claimed = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(ID_CHUNK) {
            let list = crate::rows::placeholders(4, chunk.len());
            let got: Vec<i64> = with_writer!(self, "claim", conn => {
                let sql = format!(
                    "UPDATE sources SET lease_owner = $1, lease_until = $2 WHERE id IN ({list}) \
                     AND (lease_until IS NULL OR lease_until <= $3 OR lease_owner = $1) RETURNING id"
                );
                let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                    .bind(&lease.owner)
                    .bind(lease.until.as_second())
                    .bind(now.as_second());
                for id in chunk {
                    query = query.bind(id.0);
                }
                query.fetch_all(conn).await?
            });
            claimed.extend(got);
        }
        self.sources_by_id(claimed).await
    }

    /// Extends `lease` on a source its owner still holds (a long fetch
    /// keeps its claim alive); `false` when the claim was lost meanwhile.
    pub async fn renew_lease(&self, id: SourceId, lease: &Lease) -> Result<bool, StoreError> {
        let renewed = with_writer!(self, "renew lease", conn => {
            sqlx::query("UPDATE sources SET lease_until = $3 WHERE id = $1 AND lease_owner = $2")
                .bind(id.0)
                .bind(&lease.owner)
                .bind(lease.until.as_second())
                .execute(conn)
                .await?
                .rows_affected()
        });
        Ok(renewed == 1)
    }

    /// The workers holding a claim that has not run out at `now`.
    pub async fn lease_holders(&self, now: Timestamp) -> Result<Vec<String>, StoreError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT DISTINCT lease_owner FROM sources \
                 WHERE lease_owner IS NOT NULL AND lease_until > $1 ORDER BY lease_owner",
            )
            .bind(now.as_second())
            .fetch_all(pool)
            .await?
        }))
    }

    /// Lets go of every source `owner` still holds (a worker shutting
    /// down, or one found dead), so they are due to others at once instead
    /// of at lease end.
    pub async fn release_leases(&self, owner: &str) -> Result<u64, StoreError> {
        Ok(with_writer!(self, "release leases", conn => {
            sqlx::query("UPDATE sources SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1")
                .bind(owner)
                .execute(conn)
                .await?
                .rows_affected()
        }))
    }

    /// When the next source falls due (not gone, not paused, not leased),
    /// if any.
    pub async fn next_due_at(&self, now: Timestamp) -> Result<Option<Timestamp>, StoreError> {
        let at: Option<i64> = with_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT MIN(CASE WHEN lease_until IS NOT NULL AND lease_until > $1 \
                 THEN lease_until ELSE next_check_at END) FROM sources \
                 WHERE gone_at IS NULL AND paused_at IS NULL",
            )
            .bind(now.as_second())
            .fetch_one(pool)
            .await?
        });
        Ok(to_ts(at))
    }

    /// How many sources are due at `now` and how many are being fetched
    /// (held under an unexpired lease), for the operator's metrics.
    pub async fn schedule_counts(&self, now: Timestamp) -> Result<(u64, u64), StoreError> {
        let (due, leased): (i64, i64) = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT \
                 COALESCE(SUM(CASE WHEN next_check_at <= $1 AND (lease_until IS NULL OR lease_until <= $1) THEN 1 ELSE 0 END), 0), \
                 COALESCE(SUM(CASE WHEN lease_until > $1 THEN 1 ELSE 0 END), 0) \
                 FROM sources WHERE gone_at IS NULL AND paused_at IS NULL",
            )
            .bind(now.as_second())
            .fetch_one(pool)
            .await?
        });
        Ok((
            u64::try_from(due).unwrap_or(0),
            u64::try_from(leased).unwrap_or(0),
        ))
    }

    /// Stories each source brought since `since` (first brought or carried
    /// as coverage), by source id.
    pub async fn items_since(&self, since: Timestamp) -> Result<Vec<(SourceId, u64)>, StoreError> {
        let rows: Vec<(i64, i64)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT source_id, COUNT(*) FROM coverage WHERE seen_at >= $1 GROUP BY source_id",
            )
            .bind(since.as_second())
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(id, n)| (SourceId(id), u64::try_from(n).unwrap_or(0)))
            .collect())
    }
}

/// Ids per `IN (...)` list: well under both backends' limits on bound values.
const ID_CHUNK: usize = 500;

/// Gives each source its masthead ids from `(source_id, masthead_id)` rows.
fn attach_mastheads(sources: &mut [Source], links: Vec<(i64, String)>) -> Result<(), StoreError> {
    let index: std::collections::HashMap<i64, usize> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.0, i))
        .collect();
    for (source_id, masthead) in links {
        if let Some(&i) = index.get(&source_id) {
            sources[i].mastheads.push(
                MastheadId::parse(&masthead).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            );
        }
    }
    Ok(())
}
