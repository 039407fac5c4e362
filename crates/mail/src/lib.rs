//! The daily email: compose a masthead's digest, build each reader's
//! message, and deliver it through an outbox that survives a crash.
//!
//! Tour, in the order a digest travels:
//! - [`schedule`]: which local day is due, in the masthead's zone, with
//!   daylight saving handled (one digest per local day);
//! - [`compose`]: the day's top stories per section, read from the store;
//! - [`templates`]: `subject`, `body.txt` and `body.html`, embedded and
//!   overridable per masthead from `DATA/themes/ID/email/`;
//! - [`token`]: the signed links that let a reader confirm, choose sections
//!   or leave in one click;
//! - [`confirm`]: the one email an unconfirmed address gets, sent when the
//!   site's form asks for it;
//! - [`release_notices`]: a news release's emails to its sender (confirm
//!   the address; the editor's reason for a rejection);
//! - [`message`]: the MIME message with its list headers;
//! - [`dkim`]: its DKIM signature, when a key is configured;
//! - [`transport`]: SMTP or a folder of `.eml` files, at a steady rate;
//! - [`smtp`]: the digest's own SMTP connections, which let the outbox
//!   mark a message sent before the line that hands it over;
//! - [`tls`]: whom an SMTP server's certificate must be signed by;
//! - [`outbox`]: the run: record every send, attempt, mark; retries and
//!   bounces;
//! - [`scheduler`]: each masthead's digest run when its time comes, in
//!   `serve` and `worker`.
//!
//! [`invite`] writes the newsroom admin's invitation to choose a
//! password. [`dsn`] reads the delivery reports servers send back (`mail bounce`),
//! and [`error`] says what can go wrong. The rows live in the store
//! (`newsdesk_store::mail`); this crate does no SQL.

pub mod compose;
pub mod confirm;
pub mod dkim;
pub mod dsn;
pub mod error;
pub mod invite;
pub mod message;
pub mod outbox;
pub mod release_notices;
pub mod schedule;
pub mod scheduler;
pub mod smtp;
pub mod templates;
pub mod tls;
pub mod token;
pub mod transport;

pub use compose::{Digest, site_address};
pub use confirm::{ConfirmReport, Confirmations};
pub use dkim::DkimSigner;
pub use dsn::{DeliveryReport, RecipientStatus};
pub use error::MailError;
pub use invite::Invite;
pub use message::{DigestMail, Letter, Reader};
pub use outbox::{Edition, RunReport, Sender};
pub use schedule::{DEFAULT_DIGEST_AT, DigestTime};
pub use scheduler::{Desk, DigestScheduler};
pub use templates::EmailTemplates;
pub use tls::Trust;
pub use token::{Purpose, Signed, Signer};
pub use transport::{SendError, Transport};

use lettre::message::Mailbox;
use std::time::Duration;

/// Permanent refusals in a row after which an address gets no more
/// digests, unless `mail.max_bounces` says otherwise.
pub const DEFAULT_MAX_BOUNCES: u32 = 3;

/// SMTP connections a digest run sends over at once, unless
/// `mail.connections` says otherwise.
pub const DEFAULT_CONNECTIONS: usize = 4;

/// How digests are sent, from `[mail]`.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// The sender of every email.
    pub from: Mailbox,
    /// Messages a second at most; 0: no limit.
    pub rate_per_second: u32,
    /// The wait after a first temporary failure; doubles with each.
    pub retry_base: Duration,
    /// Attempts before a digest that keeps failing for a passing reason
    /// is given up.
    pub max_attempts: u32,
    /// Permanent refusals in a row after which an address gets no more.
    pub max_bounces: u32,
    /// How long a run's claim lasts unless renewed.
    pub lease: Duration,
    /// SMTP connections a run sends over at once.
    pub connections: usize,
    /// Signs every message, when a DKIM key is configured.
    pub dkim: Option<DkimSigner>,
}

impl MailSettings {
    /// Defaults for a sender: 20 a second, retries from 5 minutes, 6
    /// attempts, 3 bounces, a one-minute lease, 4 connections, no DKIM
    /// signature.
    pub fn new(from: Mailbox) -> Self {
        Self {
            from,
            rate_per_second: 20,
            retry_base: Duration::from_secs(300),
            max_attempts: 6,
            max_bounces: DEFAULT_MAX_BOUNCES,
            lease: Duration::from_secs(60),
            connections: DEFAULT_CONNECTIONS,
            dkim: None,
        }
    }

    /// Reads `mail.from` (`Name <address>` or a bare address).
    pub fn parse_from(text: &str) -> Result<Mailbox, MailError> {
        text.parse::<Mailbox>().map_err(|e| {
            MailError::Config(format!(
                "mail.from {text:?} is not an address such as \"Kenya Star <news@kenyastar.example>\": {e}"
            ))
        })
    }
}
