//! What can go wrong in storage.
//!
//! Callers match on the kind: [`StoreError::Conflict`] is the user's to fix
//! (a feed added twice), [`StoreError::NotFound`] likewise; everything else
//! is an operator's problem and carries its cause for the log. Messages
//! never include a database password.

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
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A unique rule refused the write.
    #[error("{0} already exists")]
    Conflict(String),
    /// The row asked for is not there.
    #[error("{0} not found")]
    NotFound(String),
    /// A stored value no longer parses (edited by hand?).
    #[error("stored row is not valid: {0}")]
    Corrupt(String),
    /// Any other database error.
    #[error("database error")]
    Database(#[from] sqlx::Error),
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
}
