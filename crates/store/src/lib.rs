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
//! [`listing`] the lists pages and feeds read a page at a time,
//! [`search`] finds stories by their words, through the full-text index
//! each backend keeps in the same database, and [`site_changes`] is the
//! counter that tells web processes their rendered pages are out of date;
//! [`backup`] makes consistent copies.

pub mod backup;
pub mod error;
pub mod listing;
pub mod migrate;
pub mod search;
pub mod site_changes;
pub mod sources;
pub mod stories;

pub use error::StoreError;
pub use listing::{Carrier, StoryCursor, StoryFilter, StoryPage, StoryStub};
pub use search::{SearchCursor, SearchHit, SearchPage, SearchQuery};
pub use sources::{FetchRecord, Lease, Schedule};
pub use stories::{StoryInsert, StoryQuery};

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::Path;
use std::str::FromStr;
use std::time::{Duration, Instant};

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

/// Runs one expression that only reads against whichever pool the store
/// holds; the expression is compiled once per backend, with `$pool` typed
/// for each. Its time is reported as a `read` (see [`TIMING_TARGET`]).
macro_rules! with_pool {
    ($store:expr, $pool:ident => $body:expr) => {{
        let started = std::time::Instant::now();
        let done = match &$store.pool {
            $crate::Pool::Sqlite($pool) => $body,
            $crate::Pool::Postgres($pool) => $body,
        };
        $crate::took("read", started);
        done
    }};
}
pub(crate) use with_pool;

/// Runs one expression that writes (a statement, or a transaction opened
/// with [`Store::begin_write`]) on a connection of the store's writer, with
/// `$conn` the connection (`&mut` it, typed for each backend); like
/// [`with_pool!`] otherwise. `$kind` names the write in the timings (see
/// [`TIMING_TARGET`]).
macro_rules! with_writer {
    ($store:expr, $kind:literal, $conn:ident => $body:expr) => {{
        #[allow(unused_imports)]
        use sqlx::Connection as _;
        let started = std::time::Instant::now();
        match &$store.writer {
            $crate::Pool::Sqlite(pool) => {
                let mut connection = pool.acquire().await?;
                let waited = started.elapsed();
                let $conn = &mut *connection;
                let done = $body;
                $crate::took_writing($kind, started, waited);
                done
            }
            $crate::Pool::Postgres(pool) => {
                let mut connection = pool.acquire().await?;
                let waited = started.elapsed();
                let $conn = &mut *connection;
                let done = $body;
                $crate::took_writing($kind, started, waited);
                done
            }
        }
    }};
}
pub(crate) use with_writer;

/// The tracing target of the store's timings: one `debug` event per call
/// that went through [`with_pool!`] (kind `read`) or [`with_writer!`]
/// (kind the write's name: `claim`, `insert batch`, `record fetch`, ...).
/// `ms` is the milliseconds from asking for a connection to the answer;
/// a write also says, as `waited_ms`, how much of that went by before it
/// had its connection (the rest, on the connection, includes any wait for
/// the database's write lock). A call that failed is not reported.
/// `NEWSDESK_LOG=newsdesk_store::timing=debug` shows them; `bench/writes`
/// reads them.
pub const TIMING_TARGET: &str = "newsdesk_store::timing";

/// Reports how long a store call of `kind` took since `started`.
pub(crate) fn took(kind: &'static str, started: Instant) {
    tracing::debug!(
        target: TIMING_TARGET,
        kind,
        ms = started.elapsed().as_secs_f64() * 1e3,
        "store call"
    );
}

/// Reports how long a write of `kind` took since `started`, of which
/// `waited` for its connection.
pub(crate) fn took_writing(kind: &'static str, started: Instant, waited: Duration) {
    tracing::debug!(
        target: TIMING_TARGET,
        kind,
        ms = started.elapsed().as_secs_f64() * 1e3,
        waited_ms = waited.as_secs_f64() * 1e3,
        "store call"
    );
}

/// The database, whichever it is. Cheap to clone: clones share the pools.
#[derive(Debug, Clone)]
pub struct Store {
    /// Where reads go.
    pool: Pool,
    /// Where every statement that writes goes.
    writer: Pool,
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
            let pool = PgPoolOptions::new()
                .max_connections(10)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await
                .map_err(|source| StoreError::Connect {
                    url: redact(url),
                    source,
                })?;
            Ok(Self {
                pool: Pool::Postgres(pool.clone()),
                writer: Pool::Postgres(pool),
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
            .map_err(|source| StoreError::Connect {
                url: format!("sqlite://{}", path.display()),
                source,
            })?;
        Ok(Self {
            pool: Pool::Sqlite(pool.clone()),
            writer: Pool::Sqlite(pool),
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

    /// Waits for open connections to finish and closes the pools.
    pub async fn close(&self) {
        for pool in [&self.pool, &self.writer] {
            match pool {
                Pool::Sqlite(pool) => pool.close().await,
                Pool::Postgres(pool) => pool.close().await,
            }
        }
    }
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
