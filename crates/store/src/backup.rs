//! Consistent copies of the database while it is in use, and what a
//! restore needs to know.
//!
//! On SQLite, [`Store::backup_sqlite`] writes the database with `VACUUM
//! INTO`: one read transaction, so the copy is the database as it was at
//! one moment, however many writers are busy, and it is compact and needs
//! no write-ahead log beside it. The copy is written beside its target
//! under a temporary name and renamed into place, so a crash midway leaves
//! no half-written backup under the name asked for.
//!
//! On PostgreSQL the tool is `pg_dump`; [`Store::server_version`] gives
//! the server's version so the caller can check that the `pg_dump` at hand
//! is new enough.

use crate::{Pool, Store, StoreError, with_pool};
use std::path::Path;

impl Store {
    /// Writes a consistent copy of a SQLite database to `target`, which
    /// must not exist yet. On PostgreSQL: [`StoreError::BadUrl`] (use
    /// `pg_dump`).
    pub async fn backup_sqlite(&self, target: &Path) -> Result<(), StoreError> {
        let Pool::Sqlite(pool) = &self.pool else {
            return Err(StoreError::BadUrl(
                "a PostgreSQL database is copied with pg_dump, not by newsdesk".into(),
            ));
        };
        if target.exists() {
            return Err(StoreError::Conflict(format!(
                "the file {}",
                target.display()
            )));
        }
        let mut partial = target.as_os_str().to_owned();
        partial.push(".partial");
        let partial = std::path::PathBuf::from(partial);
        // A partial copy left by a crash is ours to replace.
        let _ = std::fs::remove_file(&partial);
        let written = sqlx::query("VACUUM INTO $1")
            .bind(partial.to_string_lossy().into_owned())
            .execute(pool)
            .await;
        if let Err(e) = written {
            let _ = std::fs::remove_file(&partial);
            return Err(e.into());
        }
        std::fs::rename(&partial, target).map_err(|e| {
            StoreError::Corrupt(format!(
                "the copy was written to {} but could not be renamed to {}: {e}",
                partial.display(),
                target.display()
            ))
        })?;
        Ok(())
    }

    /// The PostgreSQL server's version number (`150020` for 15.20); `None`
    /// on SQLite.
    pub async fn server_version(&self) -> Result<Option<i64>, StoreError> {
        match &self.pool {
            Pool::Sqlite(_) => Ok(None),
            Pool::Postgres(pool) => {
                let text: String = sqlx::query_scalar("SHOW server_version_num")
                    .fetch_one(pool)
                    .await?;
                Ok(text.trim().parse().ok())
            }
        }
    }

    /// Whether the database holds no source and no story: a restore may
    /// replace it without asking.
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        let (sources, stories): (i64, i64) = with_pool!(self, pool => {
            sqlx::query_as("SELECT (SELECT COUNT(*) FROM sources), (SELECT COUNT(*) FROM stories)")
                .fetch_one(pool)
                .await?
        });
        Ok(sources == 0 && stories == 0)
    }

    /// The newest migration applied to this database (0 before any).
    pub async fn applied_schema_version(&self) -> Result<i64, StoreError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(version) FROM _sqlx_migrations")
                .fetch_one(pool)
                .await?
                .unwrap_or(0)
        }))
    }
}
