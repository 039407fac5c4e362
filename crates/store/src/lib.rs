//! One storage API over SQLite and PostgreSQL.
//!
//! [`Store`] is the only way the rest of Newsdesk reads or writes. It holds
//! a pool of either backend, picked by the URL's scheme (`sqlite://` or
//! `postgres://`), and every query is written once, with `$1` placeholders
//! that both backends accept; where the dialects differ the backend is
//! matched explicitly. Both backends pass the one conformance suite in
//! `tests/conformance.rs`.
//!
//! Tour: [`error`] says what can go wrong, [`migrate`] brings a database up
//! to date, [`sources`] and [`stories`] hold the queries that write,
//! [`pages`] claims the article pages waiting to be fetched,
//! [`listing`] the lists pages and feeds read a page at a time,
//! [`search`] finds stories by their words, through the full-text index
//! each backend keeps in the same database, and [`site_changes`] is the
//! counter that tells web processes their rendered pages are out of date;
//! [`mail`] keeps the daily email's readers, runs and outbox;
//! [`backup`] makes consistent copies.
//!
//! A full disk is an error of its own ([`StoreError::DiskFull`]), naming
//! the data folder or the server: a batch that cannot be written is rolled
//! back whole, so nothing stored before is touched, and writing works
//! again once space is freed.

pub mod backup;
pub mod error;
pub mod listing;
pub mod mail;
pub mod migrate;
pub mod pages;
pub mod search;
pub mod site_changes;
pub mod sources;
pub mod stories;

pub use error::{Place, StoreError};
pub use listing::{Carrier, StoryCursor, StoryFilter, StoryPage, StoryStub};
pub use mail::{Delivery, DigestRun, OutboxCounts, Subscriber};
pub use pages::{PageClaim, Released};
pub use search::{SearchCursor, SearchHit, SearchPage, SearchQuery};
pub use sources::{FetchRecord, Lease, Schedule};
pub use stories::{StoryInsert, StoryQuery};

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// Which database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in the data folder.
    Sqlite,
    /// A PostgreSQL server, shared by several processes.
    Postgres,
}

#[derive(Debug, Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs one expression against whichever pool the store holds; the
/// expression is compiled once per backend, with `$pool` typed for each.
macro_rules! with_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.pool {
            $crate::Pool::Sqlite($pool) => $body,
            $crate::Pool::Postgres($pool) => $body,
        }
    };
}
pub(crate) use with_pool;

/// The database, whichever it is. Cheap to clone: clones share the pool.
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool,
    /// Where the data lives, for full-disk messages.
    place: Arc<Place>,
}

impl Store {
    /// Connects by URL: `sqlite://PATH` (the file is created when missing)
    /// or `postgres://...`. Does not migrate; call [`Store::migrate`].
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            Self::open_sqlite(Path::new(path)).await
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options = PgConnectOptions::from_str(url)
                .map_err(|e| StoreError::BadUrl(format!("{}: {e}", redact(url))))?;
            let place = Arc::new(Place::Server(format!(
                "{}:{}",
                options.get_host(),
                options.get_port()
            )));
            let pool = PgPoolOptions::new()
                .max_connections(10)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await
                .map_err(|source| {
                    located(
                        StoreError::Connect {
                            url: redact(url),
                            source,
                        },
                        &place,
                    )
                })?;
            Ok(Self {
                pool: Pool::Postgres(pool),
                place,
            })
        } else {
            Err(StoreError::BadUrl(format!(
                "{}: use sqlite://PATH or postgres://USER@HOST/DB",
                redact(url)
            )))
        }
    }

    /// Opens (creating when missing) a SQLite file in WAL mode.
    pub async fn open_sqlite(path: &Path) -> Result<Self, StoreError> {
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let place = Arc::new(Place::Folder(folder.to_path_buf()));
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(|source| {
                located(
                    StoreError::Connect {
                        url: format!("sqlite://{}", path.display()),
                        source,
                    },
                    &place,
                )
            })?;
        Ok(Self {
            pool: Pool::Sqlite(pool),
            place,
        })
    }

    /// Which backend this is.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// The statement that opens a transaction which writes. SQLite takes
    /// the write lock at once (`IMMEDIATE`): a transaction that reads first
    /// cannot take it later once another connection has written, and would
    /// fail rather than wait. PostgreSQL locks only the rows it writes.
    pub(crate) fn begin_write(&self) -> &'static str {
        match self.backend() {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        }
    }

    /// Whether the database answers: one round trip, no table read.
    pub async fn ping(&self) -> Result<(), StoreError> {
        with_pool!(self, pool => {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    /// Where this store keeps its data.
    pub fn place(&self) -> &Place {
        &self.place
    }

    /// `err` with this store's place named when it is a full disk
    /// ([`StoreError::DiskFull`]); the error conversion cannot know the
    /// place. On SQLite an I/O error while the data folder's disk has no
    /// room left is a full disk too. Other errors are returned as they are.
    pub fn locate(&self, err: StoreError) -> StoreError {
        located(err, &self.place)
    }

    /// Waits for open connections to finish and closes the pool.
    pub async fn close(&self) {
        with_pool!(self, pool => pool.close().await)
    }
}

/// [`Store::locate`] for a store being opened.
fn located(err: StoreError, place: &Place) -> StoreError {
    let full =
        |e: &sqlx::Error| error::disk_full_code(e).or_else(|| io_error_on_full_disk(e, place));
    let code = match &err {
        StoreError::DiskFull { code, .. } => Some(code.clone()),
        StoreError::Database(e) | StoreError::Connect { source: e, .. } => full(e),
        StoreError::Migrate(
            sqlx::migrate::MigrateError::Execute(e)
            | sqlx::migrate::MigrateError::ExecuteMigration(e, _),
        ) => full(e),
        _ => None,
    };
    match code {
        Some(code) => StoreError::DiskFull {
            place: place.clone(),
            code,
        },
        None => err,
    }
}

/// Below this much room, a disk that fails SQLite's writes is full.
const NEARLY_FULL_BYTES: u64 = 1 << 20;

/// SQLite's extended code when `err` is an I/O error and the disk of the
/// folder it writes to has (next to) no room left. SQLite reports most
/// writes that find no room as `SQLITE_FULL`, but not all (extending its
/// shared-memory file, for one), and never says why an I/O error happened.
fn io_error_on_full_disk(err: &sqlx::Error, place: &Place) -> Option<String> {
    let code = error::sqlite_io_error_code(err)?;
    let Place::Folder(folder) = place else {
        return None;
    };
    (room_left(folder)? < NEARLY_FULL_BYTES).then(|| code.to_string())
}

/// The bytes an unprivileged writer may still use on the disk of `folder`.
#[cfg(unix)]
fn room_left(folder: &Path) -> Option<u64> {
    let stats = rustix::fs::statvfs(folder).ok()?;
    Some(stats.f_bavail.saturating_mul(stats.f_frsize))
}

/// Not asked where there is no `statvfs`: an I/O error stays one.
#[cfg(not(unix))]
fn room_left(_folder: &Path) -> Option<u64> {
    None
}

/// A database URL without its password, fit for an error message or a log.
pub fn redact(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.rsplit_once('@') {
            Some((credentials, host)) => {
                let user = credentials.split(':').next().unwrap_or_default();
                if credentials.contains(':') {
                    format!("{scheme}://{user}:***@{host}")
                } else {
                    format!("{scheme}://{user}@{host}")
                }
            }
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Place, StoreError, located};
    use sqlx::Connection;
    use std::path::PathBuf;

    /// SQLite's own "database or disk is full", met by capping the pages
    /// an in-memory database may use.
    async fn sqlite_full_error() -> sqlx::Error {
        let mut db = sqlx::SqliteConnection::connect("sqlite::memory:")
            .await
            .expect("an in-memory database");
        for sql in ["CREATE TABLE t (x BLOB)", "PRAGMA max_page_count = 8"] {
            sqlx::query(sql).execute(&mut db).await.expect(sql);
        }
        for _ in 0..64 {
            if let Err(e) = sqlx::query("INSERT INTO t VALUES (zeroblob(4000))")
                .execute(&mut db)
                .await
            {
                return e;
            }
        }
        panic!("eight pages held 64 rows of 4,000 bytes");
    }

    #[tokio::test]
    async fn a_full_disk_names_the_data_folder_and_nothing_of_sqlite() {
        let err = StoreError::from(sqlite_full_error().await);
        assert!(err.is_disk_full(), "{err:?}");
        let err = located(err, &Place::Folder(PathBuf::from("/srv/newsdesk")));
        assert_eq!(
            err.to_string(),
            "the disk holding the data folder /srv/newsdesk is full: \
             free some space; nothing stored so far is lost"
        );
        assert!(std::error::Error::source(&err).is_none());
        let StoreError::DiskFull { code, .. } = err else {
            panic!("a full disk")
        };
        assert_eq!(code, "13");
    }

    #[test]
    fn a_full_server_disk_names_the_server() {
        let err = StoreError::DiskFull {
            place: Place::Server("db:5432".into()),
            code: "53100".into(),
        };
        assert_eq!(
            err.to_string(),
            "the disk holding the database on the server db:5432 is full: \
             free some space; nothing stored so far is lost"
        );
    }

    #[test]
    fn other_errors_are_left_as_they_are() {
        let err = located(
            StoreError::Database(sqlx::Error::RowNotFound),
            &Place::Folder(PathBuf::from("/srv/newsdesk")),
        );
        assert!(matches!(err, StoreError::Database(_)), "{err:?}");
    }

    #[test]
    fn passwords_never_show() {
        assert_eq!(
            super::redact("postgres://news:s3cret@db:5432/desk"),
            "postgres://news:***@db:5432/desk"
        );
        assert_eq!(
            super::redact("postgres://postgres@127.0.0.1/x"),
            "postgres://postgres@127.0.0.1/x"
        );
    }
}
