//! Brings a database up to the current schema.
//!
//! Migrations are plain SQL files under `migrations/sqlite` and
//! `migrations/postgres`, embedded in the binary at compile time (never read
//! from the source tree at run time). A shipped migration is never edited:
//! a change is a new file with the next number, in both folders.
//! PostgreSQL takes an advisory lock while migrating, so several processes
//! starting at once do not race.

use crate::{Pool, Store, StoreError};
use sqlx::AssertSqlSafe;
use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use std::borrow::Cow;

/// `(version, description, SQLite text, PostgreSQL text)`.
const MIGRATIONS: &[(i64, &str, &str, &str)] = &[
    (
        1,
        "sources and stories",
        include_str!("../migrations/sqlite/0001_sources_and_stories.sql"),
        include_str!("../migrations/postgres/0001_sources_and_stories.sql"),
    ),
    (
        2,
        "article pages",
        include_str!("../migrations/sqlite/0002_article_pages.sql"),
        include_str!("../migrations/postgres/0002_article_pages.sql"),
    ),
    (
        3,
        "source schedule",
        include_str!("../migrations/sqlite/0003_source_schedule.sql"),
        include_str!("../migrations/postgres/0003_source_schedule.sql"),
    ),
    (
        4,
        "page retries",
        include_str!("../migrations/sqlite/0004_page_retries.sql"),
        include_str!("../migrations/postgres/0004_page_retries.sql"),
    ),
    (
        5,
        "search",
        include_str!("../migrations/sqlite/0005_search.sql"),
        include_str!("../migrations/postgres/0005_search.sql"),
    ),
    (
        6,
        "site changes",
        include_str!("../migrations/sqlite/0006_site_changes.sql"),
        include_str!("../migrations/postgres/0006_site_changes.sql"),
    ),
    (
        7,
        "page claims",
        include_str!("../migrations/sqlite/0007_page_claims.sql"),
        include_str!("../migrations/postgres/0007_page_claims.sql"),
    ),
    (
        8,
        "daily email",
        include_str!("../migrations/sqlite/0008_daily_email.sql"),
        include_str!("../migrations/postgres/0008_daily_email.sql"),
    ),
    (
        9,
        "mail status by day",
        include_str!("../migrations/sqlite/0009_mail_status_by_day.sql"),
        include_str!("../migrations/postgres/0009_mail_status_by_day.sql"),
    ),
    (
        10,
        "subscription confirmations",
        include_str!("../migrations/sqlite/0010_subscription_confirmations.sql"),
        include_str!("../migrations/postgres/0010_subscription_confirmations.sql"),
    ),
    (
        11,
        "search once",
        include_str!("../migrations/sqlite/0011_search_once.sql"),
        include_str!("../migrations/postgres/0011_search_once.sql"),
    ),
    (
        12,
        "newsroom admin",
        include_str!("../migrations/sqlite/0012_newsroom_admin.sql"),
        include_str!("../migrations/postgres/0012_newsroom_admin.sql"),
    ),
    (
        13,
        "news releases",
        include_str!("../migrations/sqlite/0013_news_releases.sql"),
        include_str!("../migrations/postgres/0013_news_releases.sql"),
    ),
    (
        14,
        "story desk",
        include_str!("../migrations/sqlite/0014_story_desk.sql"),
        include_str!("../migrations/postgres/0014_story_desk.sql"),
    ),
    (
        15,
        "admin counts",
        include_str!("../migrations/sqlite/0015_admin_counts.sql"),
        include_str!("../migrations/postgres/0015_admin_counts.sql"),
    ),
    (
        16,
        "dateline routing",
        include_str!("../migrations/sqlite/0016_dateline_routing.sql"),
        include_str!("../migrations/postgres/0016_dateline_routing.sql"),
    ),
    (
        17,
        "client posts",
        include_str!("../migrations/sqlite/0017_client_posts.sql"),
        include_str!("../migrations/postgres/0017_client_posts.sql"),
    ),
    (
        18,
        "masthead looks",
        include_str!("../migrations/sqlite/0018_masthead_looks.sql"),
        include_str!("../migrations/postgres/0018_masthead_looks.sql"),
    ),
    (
        19,
        "wire copy clusters",
        include_str!("../migrations/sqlite/0019_wire_copy_clusters.sql"),
        include_str!("../migrations/postgres/0019_wire_copy_clusters.sql"),
    ),
];

fn migrator(postgres: bool) -> Migrator {
    let migrations = MIGRATIONS
        .iter()
        .map(|&(version, description, sqlite, pg)| {
            let sql = if postgres { pg } else { sqlite };
            Migration::new(
                version,
                Cow::Borrowed(description),
                MigrationType::Simple,
                AssertSqlSafe(sql).into_sql_str(),
                false,
            )
        })
        .collect();
    Migrator::with_migrations(migrations)
}

impl Store {
    /// Applies every migration not yet applied, on the writer. Safe to call
    /// at every start. A full disk names the place ([`StoreError::DiskFull`]).
    pub async fn migrate(&self) -> Result<(), StoreError> {
        let done = match &self.writer {
            Pool::Sqlite(pool) => migrator(false).run(pool).await,
            Pool::Postgres(pool) => migrator(true).run(pool).await,
        };
        done.map_err(|e| self.locate(e.into()))
    }

    /// The newest schema version this build knows.
    pub fn schema_version() -> i64 {
        MIGRATIONS.last().map_or(0, |m| m.0)
    }
}

#[cfg(test)]
mod tests {
    use super::MIGRATIONS;

    /// Every file in the migration folders is applied, in its number's
    /// place, on both backends: a file nobody listed above would never run.
    #[test]
    fn every_migration_file_is_listed_in_order() {
        for backend in ["sqlite", "postgres"] {
            let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("migrations")
                .join(backend);
            let mut files: Vec<String> = std::fs::read_dir(&folder)
                .unwrap()
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".sql"))
                .collect();
            files.sort();
            let numbers: Vec<i64> = files
                .iter()
                .map(|name| name[..4].parse().unwrap())
                .collect();
            let listed: Vec<i64> = MIGRATIONS.iter().map(|m| m.0).collect();
            assert_eq!(numbers, listed, "{backend}: {files:?}");
            let expected: Vec<i64> = (1..=listed.len() as i64).collect();
            assert_eq!(listed, expected, "numbered 1, 2, 3 ... without gaps");
        }
    }
}
