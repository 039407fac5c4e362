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
//! [`mail`] keeps the daily email's readers, runs and outbox, and
//! [`mail_status`] counts them for operators and takes reported bounces;
//! [`users`], [`sessions`] and [`audit`] hold the newsroom admin's
//! people, their sign-ins and the log of what they did;
//! [`desk`] holds the editors' changes to stories (unpublish, new words,
//! another section, pins); [`releases`] holds news releases from
//! submission to publication;
//! [`backup`] makes consistent copies; [`turns`] orders the writes waiting
//! for SQLite's one writer.
//!
//! A full disk is an error of its own ([`StoreError::DiskFull`]), naming
//! the data folder or the server: a batch that cannot be written is rolled
//! back whole, so nothing stored before is touched, and writing works
//! again once space is freed.
//!
//! Reads and writes take separate paths (`with_pool!` and `with_writer!`;
//! see [`Store`] for why SQLite has one writer), and each call reports its
//! time to the [`TIMING_TARGET`] tracing target.

pub mod audit;
pub mod backup;
mod client_posts;
pub mod clusters;
pub mod desk;
pub mod error;
pub mod listing;
pub mod mail;
pub mod mail_status;
pub mod masthead_looks;
pub mod migrate;
pub mod outbox_rounds;
pub mod pages;
pub mod releases;
mod rows;
pub mod search;
pub mod sessions;
pub mod site_changes;
pub mod sources;
pub mod stories;
pub mod turns;
pub mod users;

pub use audit::{Actor, AuditEntry, AuditFilter, AuditLine, AuditPage};
pub use clusters::{ClusterTally, ClusterView};
pub use desk::{MAX_PINS, Pinning, StoryDesk};
pub use error::{Place, StoreError};
pub use listing::{Carrier, StoryCursor, StoryFilter, StoryPage, StoryStub};
pub use mail::{
    Confirmed, Delivery, DigestRun, DueConfirmation, OutboxCounts, Subscribed, Subscriber,
};
pub use mail_status::{DayTally, ReaderTally};
pub use pages::{PageClaim, Released};
pub use releases::{
    DueNotice, NewRelease, NoticeKind, Picture, PictureSize, QueueFilter, Release,
    ReleaseConfirmed, ReleaseText, Submitter,
};
pub use search::{SearchCursor, SearchHit, SearchPage, SearchQuery};
pub use sessions::{Lockout, SessionFound};
pub use sources::{FetchRecord, Lease, Schedule};
pub use stories::{StoryInsert, StoryQuery};
pub use users::{Invitation, User};

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How many read-only connections a SQLite store opens at most.
pub const SQLITE_READERS: u32 = 8;

/// How long a SQLite statement waits for another process's write lock
/// before it fails with "database is locked".
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

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
/// [`TIMING_TARGET`]). On SQLite the write first waits for its turn at the
/// one writer connection ([`turns`]): in the prompt lane, or in the bulk
/// lane when written `with_writer!(store, bulk "kind", conn => ...)`.
macro_rules! with_writer {
    ($store:expr, bulk $kind:literal, $conn:ident => $body:expr) => {
        $crate::with_writer!(@lane $store, $crate::turns::Lane::Bulk, $kind, $conn => $body)
    };
    ($store:expr, $kind:literal, $conn:ident => $body:expr) => {
        $crate::with_writer!(@lane $store, $crate::turns::Lane::Prompt, $kind, $conn => $body)
    };
    (@lane $store:expr, $lane:expr, $kind:literal, $conn:ident => $body:expr) => {{
        #[allow(unused_imports)]
        use sqlx::Connection as _;
        let started = std::time::Instant::now();
        match &$store.writer {
            $crate::Pool::Sqlite(pool) => {
                // Dropped after the connection: the turn passes on once the
                // write is done with it.
                let _turn = $store.turns.take($lane).await;
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
///
/// **One writer on SQLite.** SQLite lets one connection write at a time.
/// When eight connections of a pool each wait for the lock in the busy
/// handler, which sleeps and tries again (for up to 100 ms at a time) and
/// keeps no queue, a short write can wait seconds behind others that
/// arrived later. So every statement that writes goes to a pool of one
/// connection (`with_writer!`): writers of this process queue for it,
/// short writes ahead of story batches ([`turns`]), and the lock they
/// take is free at once unless another process holds it (then the busy
/// timeout still applies). Reads go to a pool of
/// up to [`SQLITE_READERS`] read-only connections, which WAL mode lets
/// read beside the writer, each in its own snapshot; a write that slipped
/// onto them would fail ("attempt to write a readonly database") instead
/// of waiting. On PostgreSQL, which locks rows rather than the database,
/// reads and writes share one pool.
#[derive(Debug, Clone)]
pub struct Store {
    /// Where reads go.
    pool: Pool,
    /// Where every statement that writes goes.
    writer: Pool,
    /// The queue for the writer connection (used on SQLite only).
    turns: turns::Turns,
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
                pool: Pool::Postgres(pool.clone()),
                writer: Pool::Postgres(pool),
                turns: turns::Turns::default(),
                place,
            })
        } else {
            Err(StoreError::BadUrl(format!(
                "{}: use sqlite://PATH or postgres://USER@HOST/DB",
                redact(url)
            )))
        }
    }

    /// Opens (creating when missing) a SQLite file in WAL mode: one
    /// connection that writes, and up to [`SQLITE_READERS`] read-only ones
    /// beside it (see [`Store`] for why).
    pub async fn open_sqlite(path: &Path) -> Result<Self, StoreError> {
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let place = Arc::new(Place::Folder(folder.to_path_buf()));
        let failed = |source| {
            located(
                StoreError::Connect {
                    url: format!("sqlite://{}", path.display()),
                    source,
                },
                &place,
            )
        };
        // Settings every connection has. Waits for another process's write
        // lock go through the busy timeout.
        let shared = SqliteConnectOptions::new()
            .filename(path)
            .foreign_keys(true)
            .busy_timeout(SQLITE_BUSY_TIMEOUT);
        // The writer first: it creates the file and puts it in WAL mode
        // (kept in the file), which the readers need to read beside it. It
        // stays open, so the write-ahead log and its index stay in place
        // for the read-only connections.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(
                shared
                    .clone()
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal),
            )
            .await
            .map_err(failed)?;
        let readers = SqlitePoolOptions::new()
            .max_connections(SQLITE_READERS)
            .connect_with(shared.read_only(true))
            .await
            .map_err(failed)?;
        Ok(Self {
            pool: Pool::Sqlite(readers),
            writer: Pool::Sqlite(writer),
            turns: turns::Turns::default(),
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
    use super::{Place, Pool, Store, StoreError, located};
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

    /// On SQLite, reads go to read-only connections: a write there fails
    /// at once, and the same write through the writer lands.
    #[tokio::test]
    async fn sqlite_readers_cannot_write() {
        let dir = std::env::temp_dir().join(format!("newsdesk-readers-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let store = Store::open_sqlite(&dir.join("newsdesk.sqlite3"))
            .await
            .unwrap();
        store.migrate().await.unwrap();
        const WRITE: &str = "INSERT INTO site_changes (changed_at, weight) VALUES (0, 1)";
        let (Pool::Sqlite(readers), Pool::Sqlite(writer)) = (&store.pool, &store.writer) else {
            unreachable!("a SQLite store holds SQLite pools");
        };
        let refused = sqlx::query(WRITE).execute(readers).await.unwrap_err();
        assert!(refused.to_string().contains("readonly"), "{refused}");
        sqlx::query(WRITE).execute(writer).await.unwrap();
        assert_eq!(store.site_generation().await.unwrap(), 1);
        store.close().await;
        std::fs::remove_dir_all(&dir).unwrap();
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
