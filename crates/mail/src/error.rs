//! What can go wrong with the daily email.
//!
//! Library errors are typed; the binary adds context with `anyhow`. A
//! configuration problem ([`MailError::Config`], [`MailError::Template`],
//! [`MailError::Secret`]) is the operator's to fix and says which key or
//! file; [`MailError::Busy`] says another process is sending that day;
//! [`MailError::Address`] concerns one reader and never stops a run;
//! [`MailError::NotAReport`] says why a bounce file was not read; store
//! errors carry their cause for the log. No message holds a password or a
//! reader's token.

use jiff::civil::Date;
use newsdesk_store::StoreError;

/// A failure of the mail side.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// A `[mail]` key or a masthead's setting cannot be used.
    #[error("{0}")]
    Config(String),
    /// A template does not compile or render.
    #[error("email template: {0}")]
    Template(String),
    /// The signing secret could not be read or made.
    #[error("the mail signing secret: {0}")]
    Secret(String),
    /// One reader's address cannot be written in a message.
    #[error("address {0}")]
    Address(String),
    /// Another process holds the day's run.
    #[error(
        "another process is sending {masthead}'s digest for {day}; it goes on from where that one stops if it dies"
    )]
    Busy {
        /// The masthead.
        masthead: String,
        /// The local day.
        day: Date,
    },
    /// A file given as a delivery status notification is not one.
    #[error("not a delivery status notification (RFC 3464): {0}")]
    NotAReport(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}
