//! What can go wrong in storage.
//!
//! Callers match on the kind: [`StoreError::Conflict`] is the user's to fix
//! (a feed added twice), [`StoreError::NotFound`] likewise;
//! [`StoreError::DiskFull`] is the operator's to fix, and its message says
//! how (free some space) and where, with nothing of the database's own
//! wording; everything else is an operator's problem and carries its cause
//! for the log. Messages never include a database password.
//!
//! A full disk is recognised wherever a database error is turned into a
//! [`StoreError`]: SQLite's `SQLITE_FULL` and PostgreSQL's `53100
//! disk_full`. The conversion does not know which store failed, so the
//! place is filled in by [`crate::Store::locate`], which also recognises
//! SQLite's I/O errors on a disk with no room left (SQLite reports a
//! failed write to its shared-memory file that way, not as "full").

use std::fmt;
use std::path::PathBuf;

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL cannot be used.
    #[error("database URL {0}")]
    BadUrl(String),
    /// The database could not be reached.
    #[error("cannot connect to {url}")]
    Connect {
        /// The URL, password removed.
        url: String,
        /// Why.
        #[source]
        source: sqlx::Error,
    },
    /// Bringing the schema up to date failed.
    #[error("migrating the database failed")]
    Migrate(#[source] sqlx::migrate::MigrateError),
    /// A unique rule refused the write.
    #[error("{0} already exists")]
    Conflict(String),
    /// The row asked for is not there.
    #[error("{0} not found")]
    NotFound(String),
    /// A stored value no longer parses (edited by hand?).
    #[error("stored row is not valid: {0}")]
    Corrupt(String),
    /// The disk the database writes to is full. The write that failed was
    /// rolled back whole, so what was stored before is intact; every
    /// further write fails the same way until space is freed.
    #[error("the disk holding {place} is full: free some space; nothing stored so far is lost")]
    DiskFull {
        /// Where the data lives.
        place: Place,
        /// The database's error code, for the log (`13`, `53100`).
        code: String,
    },
    /// A round's messages were handed over while its `sent` mark was
    /// committing, and the commit failed: they are on their way and not
    /// marked. Mark them again ([`crate::Store::deliveries_sent`]), or the
    /// next run sends them twice.
    #[error("messages handed over, but marking them sent failed")]
    MarkAfterHandover(#[source] Box<StoreError>),
    /// Any other database error.
    #[error("database error")]
    Database(#[source] sqlx::Error),
}

/// Where a store keeps its data, as a full-disk message names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The folder holding a SQLite file (the data folder).
    Folder(PathBuf),
    /// A PostgreSQL server, `host:port`.
    Server(String),
    /// Not known where the error was made.
    Unnamed,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Folder(path) => write!(f, "the data folder {}", path.display()),
            Self::Server(server) => write!(f, "the database on the server {server}"),
            Self::Unnamed => f.write_str("the database"),
        }
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match disk_full_code(&err) {
            Some(code) => Self::DiskFull {
                place: Place::Unnamed,
                code,
            },
            None => Self::Database(err),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(err: sqlx::migrate::MigrateError) -> Self {
        use sqlx::migrate::MigrateError::{Execute, ExecuteMigration};
        match &err {
            Execute(e) | ExecuteMigration(e, _) => match disk_full_code(e) {
                Some(code) => Self::DiskFull {
                    place: Place::Unnamed,
                    code,
                },
                None => Self::Migrate(err),
            },
            _ => Self::Migrate(err),
        }
    }
}

/// SQLite's code for "database or disk is full" (it has no extended codes).
const SQLITE_FULL: i64 = 13;

/// SQLite's primary code for an I/O error; the extended codes keep it in
/// their low byte.
const SQLITE_IOERR: i64 = 10;

/// PostgreSQL's SQLSTATE for a full disk.
const PG_DISK_FULL: &str = "53100";

/// The database's code when `err` says the disk is full.
pub(crate) fn disk_full_code(err: &sqlx::Error) -> Option<String> {
    let sqlx::Error::Database(db) = err else {
        return None;
    };
    let code = db.code()?;
    let full = match db.try_downcast_ref::<sqlx::sqlite::SqliteError>() {
        Some(_) => code.parse::<i64>().is_ok_and(|c| c == SQLITE_FULL),
        None => code == PG_DISK_FULL,
    };
    full.then(|| code.into_owned())
}

/// SQLite's extended code when `err` is one of its I/O errors.
pub(crate) fn sqlite_io_error_code(err: &sqlx::Error) -> Option<i64> {
    let sqlx::Error::Database(db) = err else {
        return None;
    };
    db.try_downcast_ref::<sqlx::sqlite::SqliteError>()?;
    let code = db.code()?.parse::<i64>().ok()?;
    (code & 0xff == SQLITE_IOERR).then_some(code)
}

impl StoreError {
    /// Whether the database refused the write for a unique rule.
    pub(crate) fn is_unique_violation(err: &sqlx::Error) -> bool {
        matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
    }

    /// Whether the database aborted the transaction to break a deadlock
    /// (PostgreSQL's `40P01`); running it again is safe.
    pub(crate) fn is_deadlock(err: &sqlx::Error) -> bool {
        matches!(err, sqlx::Error::Database(db) if db.code().as_deref() == Some("40P01"))
    }

    /// Whether the disk the database writes to is full: every further
    /// write would fail too, so work that writes should stop (see
    /// [`StoreError::DiskFull`]).
    pub fn is_disk_full(&self) -> bool {
        matches!(self, Self::DiskFull { .. })
    }
}
