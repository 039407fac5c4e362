//! Where messages go: an SMTP server, or a folder of `.eml` files.
//!
//! `mail.transport` picks one by its scheme:
//! - `smtp://[USER:PASSWORD@]HOST[:PORT]`: SMTP without TLS (port 25 by
//!   default), for a relay on the same machine or network; add
//!   `?tls=required` for STARTTLS (port 587 by default). A password is
//!   refused over a connection without TLS unless the server is on this
//!   machine (a loopback address or `localhost`).
//! - `smtps://[USER:PASSWORD@]HOST[:PORT]`: SMTP in TLS from the first
//!   byte (implicit TLS, port 465 by default).
//! - `file://DIR`: each message written to `DIR` as one `.eml` file, named
//!   by its outbox key, so writing it again replaces it. The demo and tests
//!   use it; an operator can read what would have been sent.
//!
//! The server's certificate must be signed by a public authority, or by
//! one named in `mail.tls_ca_file` ([`crate::tls`]).
//!
//! SMTP connections are pooled and reused (a connection that failed is
//! dropped, never put back). `mail.timeout_secs` (default 30) bounds both
//! connecting and each message's whole exchange with the server: a server
//! that accepts the connection and then says nothing, or stops answering
//! mid-message, is a temporary failure once it has passed. [`Pace`]
//! spaces sends to `mail.rate_per_second`.
//!
//! A failure is temporary ([`SendError::Temporary`]: a 4xx answer, a
//! connection refused or dropped, a timeout), to be tried again later, or
//! permanent ([`SendError::Permanent`]: a 5xx answer), which counts against
//! the reader's address.

use crate::MailError;
use crate::message::Letter;
use crate::smtp::{Protection, Server};
use crate::tls::Trust;
use lettre::transport::smtp::client::Tls;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long an SMTP server may take to connect, or to take one message,
/// unless `mail.timeout_secs` says otherwise.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// Why a message was not delivered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Try again later.
    #[error("temporary failure: {0}")]
    Temporary(String),
    /// The server refused the message for good.
    #[error("refused: {0}")]
    Permanent(String),
}

/// A configured transport.
#[derive(Clone)]
pub enum Transport {
    /// A folder of `.eml` files.
    Folder(PathBuf),
    /// An SMTP server: lettre's pool for single messages, and the
    /// server's description for the digest's own connections
    /// ([`crate::smtp`]), whose timeout also bounds the pool's exchanges.
    Smtp(AsyncSmtpTransport<Tokio1Executor>, Server),
}

/// Never prints a password.
impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Folder(dir) => write!(f, "Transport::Folder({})", dir.display()),
            Self::Smtp(_, server) => write!(f, "Transport::Smtp({server:?})"),
        }
    }
}

impl Transport {
    /// The transport a `mail.transport` URL names (see the module's doc),
    /// with the default timeout.
    pub fn from_url(text: &str) -> Result<Self, MailError> {
        Self::from_url_with_timeout(text, SMTP_TIMEOUT)
    }

    /// The transport a `mail.transport` URL names; an SMTP server gets
    /// `timeout` to connect and to take each message.
    pub fn from_url_with_timeout(text: &str, timeout: Duration) -> Result<Self, MailError> {
        Self::configured(text, timeout, Trust::public())
    }

    /// The transport a `mail.transport` URL names; an SMTP server gets
    /// `timeout` to connect and to take each message, and its certificate
    /// is checked against `trust`.
    pub fn configured(text: &str, timeout: Duration, trust: Trust) -> Result<Self, MailError> {
        if let Some(dir) = text.strip_prefix("file://") {
            if dir.is_empty() {
                return Err(MailError::Config(
                    "mail.transport file:// needs a folder, such as file://newsdesk-data/outbox"
                        .into(),
                ));
            }
            return Ok(Self::Folder(PathBuf::from(dir)));
        }
        let shown = newsdesk_store::redact(text);
        let url = url::Url::parse(text)
            .map_err(|e| MailError::Config(format!("mail.transport {shown}: {e}")))?;
        let tls = url
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.into_owned());
        let encrypted = url.scheme() == "smtps" || tls.as_deref() == Some("required");
        let local = match url.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            // An smtp:// URL's host is not parsed as an address by `url`.
            Some(url::Host::Domain(name)) => {
                name == "localhost"
                    || name
                        .trim_matches(['[', ']'])
                        .parse::<std::net::IpAddr>()
                        .is_ok_and(|ip| ip.is_loopback())
            }
            None => false,
        };
        if url.password().is_some() && !encrypted && !local {
            return Err(MailError::Config(format!(
                "mail.transport {shown}: a password would cross the network unencrypted; \
                 use smtps:// or add ?tls=required"
            )));
        }
        if !matches!(url.scheme(), "smtp" | "smtps") {
            return Err(MailError::Config(format!(
                "mail.transport {shown}: use smtp://, smtps:// or file://"
            )));
        }
        let server = Server {
            trust,
            ..Server::from_url(&url, timeout)
        };
        let mut smtp = AsyncSmtpTransport::<Tokio1Executor>::from_url(text)
            .map_err(|e| MailError::Config(format!("mail.transport {shown}: {e}")))?
            .timeout(Some(timeout));
        if let Some(tls) = server.trust.lettre(&server.host)? {
            smtp = match server.protection {
                Protection::Implicit => smtp.tls(Tls::Wrapper(tls)),
                Protection::StartTls => smtp.tls(Tls::Required(tls)),
                Protection::Plain => smtp,
            };
        }
        Ok(Self::Smtp(smtp.build(), server))
    }

    /// Delivers `letter`; `key` names it in a folder (`MASTHEAD-DAY-READER`).
    pub async fn send(&self, key: &str, letter: &Letter) -> Result<(), SendError> {
        match self {
            Self::Folder(dir) => write_file(dir, key, &letter.bytes)
                .await
                .map_err(|e| SendError::Temporary(format!("{}: {e}", dir.display()))),
            Self::Smtp(smtp, Server { timeout, .. }) => {
                // lettre bounds connecting, not the wait for an answer: a
                // server that goes quiet is bounded here. The connection
                // in use is dropped with the exchange, not pooled.
                let exchange = smtp.send_raw(&letter.envelope, &letter.bytes);
                match tokio::time::timeout(*timeout, exchange).await {
                    Err(_) => Err(SendError::Temporary(format!(
                        "no answer from the SMTP server within {} s",
                        timeout.as_secs_f32()
                    ))),
                    Ok(Ok(_)) => Ok(()),
                    Ok(Err(e)) if e.is_permanent() => Err(SendError::Permanent(e.to_string())),
                    Ok(Err(e)) => Err(SendError::Temporary(e.to_string())),
                }
            }
        }
    }
}

/// Writes `DIR/KEY.eml` whole or not at all: a temporary file renamed
/// over the final name.
async fn write_file(dir: &Path, key: &str, bytes: &[u8]) -> std::io::Result<()> {
    tokio::fs::create_dir_all(dir).await?;
    let path = dir.join(format!("{key}.eml"));
    let temp = dir.join(format!(".{key}.eml.{}", std::process::id()));
    tokio::fs::write(&temp, bytes).await?;
    let file = tokio::fs::File::open(&temp).await?;
    file.sync_all().await?;
    tokio::fs::rename(&temp, &path).await
}

/// Spaces sends evenly to at most a rate per second (none: as fast as
/// the transport takes them).
#[derive(Debug)]
pub struct Pace {
    interval: Option<Duration>,
    next: Option<tokio::time::Instant>,
}

impl Pace {
    /// At most `per_second` sends a second; 0: no limit.
    pub fn new(per_second: u32) -> Self {
        Self {
            interval: (per_second > 0).then(|| Duration::from_secs(1) / per_second),
            next: None,
        }
    }

    /// Waits for the next send's turn.
    pub async fn wait(&mut self) {
        let Some(interval) = self.interval else {
            return;
        };
        let now = tokio::time::Instant::now();
        let turn = self.next.map_or(now, |next| next.max(now));
        tokio::time::sleep_until(turn).await;
        self.next = Some(turn + interval);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn transports_are_picked_by_scheme() {
        assert!(matches!(
            Transport::from_url("file://newsdesk-data/outbox").unwrap(),
            Transport::Folder(dir) if dir == Path::new("newsdesk-data/outbox")
        ));
        for good in [
            "smtp://127.0.0.1:1025",
            "smtp://desk:secret@127.0.0.1:1025",
            "smtp://desk:secret@mail.example?tls=required",
            "smtps://desk:secret@mail.example:465",
        ] {
            if let Err(e) = Transport::from_url(good) {
                panic!("{good}: {e}");
            }
        }
    }

    #[tokio::test]
    async fn a_password_never_crosses_the_network_in_clear_and_never_shows() {
        let error = Transport::from_url("smtp://desk:s3cret@mail.example:25")
            .unwrap_err()
            .to_string();
        assert!(error.contains("unencrypted"), "{error}");
        assert!(!error.contains("s3cret"), "{error}");
        for bad in ["http://mail.example", "file://", "not a url"] {
            let error = Transport::from_url(bad).unwrap_err().to_string();
            assert!(error.contains("mail.transport"), "{error}");
        }
    }

    #[tokio::test]
    async fn sends_are_spaced_to_the_rate() {
        let start = tokio::time::Instant::now();
        let mut pace = Pace::new(50);
        for _ in 0..5 {
            pace.wait().await;
        }
        let paced = start.elapsed();
        assert!(paced >= Duration::from_millis(80), "{paced:?}");
        let mut free = Pace::new(0);
        for _ in 0..1000 {
            free.wait().await;
        }
        assert!(start.elapsed() - paced < Duration::from_millis(50));
    }
}
