//! Queries on sources: adding, listing, and recording each fetch's outcome.

use crate::{Store, StoreError, with_pool};
use jiff::Timestamp;
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{FeedUrl, MastheadId, Section, Source, SourceId, SourceState};
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

const SOURCE_COLUMNS: &str =
    "id, url, name, section, last_checked_at, last_success_at, last_error, etag, last_modified";

fn to_ts(seconds: Option<i64>) -> Option<Timestamp> {
    seconds.and_then(|s| Timestamp::from_second(s).ok())
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
            },
        }
    }};
}

impl Store {
    /// Adds a source; [`StoreError::Conflict`] when its URL is already a source.
    pub async fn add_source(&self, new: &NewSource) -> Result<Source, StoreError> {
        let now = Timestamp::now().as_second();
        let inserted = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
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
        for (source_id, masthead) in links {
            if let Some(source) = sources.iter_mut().find(|s| s.id.0 == source_id) {
                source.mastheads.push(
                    MastheadId::parse(&masthead).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                );
            }
        }
        Ok(sources)
    }

    /// One source by id.
    pub async fn source(&self, id: SourceId) -> Result<Option<Source>, StoreError> {
        let found: Option<Source> = with_pool!(self, pool => {
            let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {SOURCE_COLUMNS} FROM sources WHERE id = $1")))
                .bind(id.0)
                .fetch_optional(pool)
                .await?;
            match row {
                Some(row) => Some(source_from_row!(&row)),
                None => None,
            }
        });
        let Some(mut source) = found else {
            return Ok(None);
        };
        let mastheads: Vec<String> = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT masthead_id FROM source_mastheads WHERE source_id = $1 ORDER BY masthead_id")
                .bind(id.0)
                .fetch_all(pool)
                .await?
        });
        source.mastheads = mastheads
            .iter()
            .map(|m| MastheadId::parse(m))
            .collect::<Result<_, _>>()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(Some(source))
    }

    /// Points a source at a new URL; its stories and health stay.
    pub async fn set_source_url(&self, id: SourceId, url: &FeedUrl) -> Result<(), StoreError> {
        let result = with_pool!(self, pool => {
            sqlx::query("UPDATE sources SET url = $2, etag = NULL, last_modified = NULL WHERE id = $1")
                .bind(id.0)
                .bind(url.as_str())
                .execute(pool)
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

    /// Records what a fetch of a source came to, at `at`.
    pub async fn record_fetch(
        &self,
        id: SourceId,
        at: Timestamp,
        record: &FetchRecord,
    ) -> Result<(), StoreError> {
        let at = at.as_second();
        let affected = with_pool!(self, pool => {
            match record {
                FetchRecord::Fetched { etag, last_modified, problem } => sqlx::query(
                    "UPDATE sources SET last_checked_at = $2, last_success_at = $2, last_error = $3, \
                     etag = $4, last_modified = $5 WHERE id = $1",
                )
                .bind(id.0)
                .bind(at)
                .bind(problem.as_deref())
                .bind(etag.as_deref())
                .bind(last_modified.as_deref())
                .execute(pool)
                .await?
                .rows_affected(),
                FetchRecord::NotModified => sqlx::query(
                    "UPDATE sources SET last_checked_at = $2, last_success_at = $2, last_error = NULL WHERE id = $1",
                )
                .bind(id.0)
                .bind(at)
                .execute(pool)
                .await?
                .rows_affected(),
                FetchRecord::Failed { error } => sqlx::query(
                    "UPDATE sources SET last_checked_at = $2, last_error = $3 WHERE id = $1",
                )
                .bind(id.0)
                .bind(at)
                .bind(error.as_str())
                .execute(pool)
                .await?
                .rows_affected(),
            }
        });
        if affected == 0 {
            return Err(StoreError::NotFound(format!("source {id}")));
        }
        Ok(())
    }
}
