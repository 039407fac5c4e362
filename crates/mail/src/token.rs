//! Signed links: a reader's (or a news release's) id and what the link is
//! for, signed with the network's secret, so a link cannot be made up or
//! turned to another use.
//!
//! A token is `ID.SIGNATURE`: the signature is HMAC-SHA256 over the
//! purpose and the id, in URL-safe base64. It names no address, so a
//! forwarded digest shows nobody's address, and it never expires: an
//! unsubscribe link in a month-old digest must still work (RFC 8058).
//!
//! A link that must expire (the confirmation of a new subscription) is
//! `ID.TIME.SIGNATURE` ([`Signer::sign_at`]): its time (epoch seconds) is
//! in what is signed, so it cannot be moved, and the caller says how old
//! is too old. The time is also the confirmation's identity in the
//! store: only the newest confirmation a reader was sent confirms.
//!
//! The secret is `mail.secret` from the config, else the file
//! `mail-secret` in the data folder, made on first use from 32 random
//! bytes and readable by its owner only. Processes on several hosts must
//! share one: set `mail.secret`.

use crate::MailError;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use jiff::Timestamp;
use newsdesk_domain::{ReleaseId, SubscriberId};
use sha2::Sha256;
use std::io::Write;
use std::path::Path;

/// What a signed link does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Leaves the daily email (the `List-Unsubscribe` link).
    Unsubscribe,
    /// Opens the reader's preferences (a link in every email).
    Preferences,
    /// Confirms a new subscription (the confirmation email's link; signed
    /// with its time, see [`Signer::sign_at`]).
    Confirm,
    /// Confirms the address a news release was sent from (signed with the
    /// submission's time; the release's id).
    ReleaseConfirm,
    /// Shows a news release's status to its submitter (the release's id).
    ReleaseStatus,
    /// When a release form was shown (signed with that time; id 0): the
    /// minimum fill time is measured from it.
    ReleaseForm,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::Unsubscribe => "unsubscribe",
            Self::Preferences => "preferences",
            Self::Confirm => "confirm",
            Self::ReleaseConfirm => "release-confirm",
            Self::ReleaseStatus => "release-status",
            Self::ReleaseForm => "release-form",
        }
    }
}

/// What a token can name: a reader, or a news release.
pub trait Signed: Copy + std::fmt::Display {
    /// The id as a number.
    fn number(self) -> i64;
    /// The id of a number read from a token.
    fn from_number(number: i64) -> Self;
}

impl Signed for SubscriberId {
    fn number(self) -> i64 {
        self.0
    }
    fn from_number(number: i64) -> Self {
        Self(number)
    }
}

impl Signed for ReleaseId {
    fn number(self) -> i64 {
        self.0
    }
    fn from_number(number: i64) -> Self {
        Self(number)
    }
}

/// Signs and checks tokens with one secret.
#[derive(Clone)]
pub struct Signer {
    key: Vec<u8>,
}

/// Never prints the secret.
impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer(***)")
    }
}

/// The file in the data folder that holds the secret when the config
/// names none.
pub const SECRET_FILE: &str = "mail-secret";

impl Signer {
    /// A signer with this secret (at least 16 bytes).
    pub fn new(secret: &[u8]) -> Result<Self, MailError> {
        if secret.len() < 16 {
            return Err(MailError::Config(
                "mail.secret must be at least 16 characters".into(),
            ));
        }
        Ok(Self {
            key: secret.to_vec(),
        })
    }

    /// The signer of `configured` (the config's `mail.secret`) or, when
    /// none is configured, of the data folder's secret file, made when
    /// missing. Two processes making it at once end with the same secret.
    pub fn from_config_or_folder(configured: Option<&str>, data: &Path) -> Result<Self, MailError> {
        if let Some(secret) = configured {
            return Self::new(secret.as_bytes());
        }
        let path = data.join(SECRET_FILE);
        let read = |path: &Path| {
            std::fs::read_to_string(path)
                .map_err(|e| MailError::Secret(format!("{}: {e}", path.display())))
        };
        if !path.exists() {
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes)
                .map_err(|e| MailError::Secret(format!("no randomness for a secret: {e}")))?;
            let text: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            let write = |path: &Path| -> std::io::Result<()> {
                let temp = path.with_extension(format!("new-{}", std::process::id()));
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let mut file = options.open(&temp)?;
                file.write_all(text.as_bytes())?;
                file.sync_all()?;
                // A link fails when another process made the file first:
                // then its secret is the one.
                let linked = std::fs::hard_link(&temp, path);
                std::fs::remove_file(&temp)?;
                match linked {
                    Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(e),
                    _ => Ok(()),
                }
            };
            write(&path).map_err(|e| MailError::Secret(format!("{}: {e}", path.display())))?;
        }
        Self::new(read(&path)?.trim().as_bytes())
    }

    fn mac(&self, purpose: Purpose, id: impl Signed) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key)
            .expect("HMAC takes a key of any length");
        mac.update(b"newsdesk/");
        mac.update(purpose.as_str().as_bytes());
        mac.update(b"/");
        mac.update(id.number().to_string().as_bytes());
        mac
    }

    /// The token for `id` and `purpose`, issued at `issued` (a link that
    /// expires).
    pub fn sign_at(&self, purpose: Purpose, id: impl Signed, issued: Timestamp) -> String {
        let seconds = issued.as_second();
        let mut mac = self.mac(purpose, id);
        mac.update(b"/at/");
        mac.update(seconds.to_string().as_bytes());
        let signature = mac.finalize().into_bytes();
        format!("{id}.{seconds}.{}", URL_SAFE_NO_PAD.encode(signature))
    }

    /// The reader and issue time a token from [`Signer::sign_at`] names,
    /// when it was signed for `purpose` with this secret; `None` for
    /// anything else. How old is too old is the caller's to say.
    pub fn verify_at<I: Signed>(&self, purpose: Purpose, token: &str) -> Option<(I, Timestamp)> {
        let (id, rest) = token.split_once('.')?;
        let (seconds, signature) = rest.split_once('.')?;
        let id = I::from_number(canonical_number(id)?);
        let seconds = canonical_number(seconds)?;
        let issued = Timestamp::from_second(seconds).ok()?;
        let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
        let mut mac = self.mac(purpose, id);
        mac.update(b"/at/");
        mac.update(seconds.to_string().as_bytes());
        mac.verify_slice(&signature).ok()?;
        Some((id, issued))
    }

    /// The token for `id` and `purpose`.
    pub fn sign(&self, purpose: Purpose, id: impl Signed) -> String {
        let signature = self.mac(purpose, id).finalize().into_bytes();
        format!("{id}.{}", URL_SAFE_NO_PAD.encode(signature))
    }

    /// The reader a token names, when it was signed for `purpose` with
    /// this secret; `None` for anything else.
    pub fn verify<I: Signed>(&self, purpose: Purpose, token: &str) -> Option<I> {
        let (id, signature) = token.split_once('.')?;
        let id = I::from_number(canonical_number(id)?);
        let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
        self.mac(purpose, id).verify_slice(&signature).ok()?;
        Some(id)
    }
}

/// A non-negative number written the one way it prints (no sign, no
/// leading zero), so a token has one spelling.
fn canonical_number(text: &str) -> Option<i64> {
    if text.is_empty() || text.len() > 19 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let parsed: i64 = text.parse().ok()?;
    (parsed.to_string() == text).then_some(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> Signer {
        Signer::new(b"a secret long enough to sign with").unwrap()
    }

    #[test]
    fn a_token_names_its_reader_and_only_with_its_secret() {
        let token = signer().sign(Purpose::Unsubscribe, SubscriberId(42));
        assert!(token.starts_with("42."), "{token}");
        assert!(
            token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
            "fit for a URL and a mail header: {token}"
        );
        assert_eq!(
            signer().verify(Purpose::Unsubscribe, &token),
            Some(SubscriberId(42))
        );
        let other = Signer::new(b"another secret, just as long").unwrap();
        assert_eq!(
            other.verify::<SubscriberId>(Purpose::Unsubscribe, &token),
            None
        );
    }

    #[test]
    fn forged_tokens_are_refused() {
        let token = signer().sign(Purpose::Unsubscribe, SubscriberId(42));
        let signature = token.split_once('.').unwrap().1;
        for forged in [
            format!("43.{signature}"),
            "42.".to_owned(),
            "42".to_owned(),
            format!("-42.{signature}"),
            format!("42.{}", &signature[1..]),
            format!("0042.{signature}"),
            String::new(),
        ] {
            assert_eq!(
                signer().verify::<SubscriberId>(Purpose::Unsubscribe, &forged),
                None,
                "{forged:?}"
            );
        }
    }

    #[test]
    fn a_timed_token_carries_its_time_and_only_for_its_purpose() {
        let issued = Timestamp::from_second(1_764_000_000).unwrap();
        let token = signer().sign_at(Purpose::Confirm, SubscriberId(42), issued);
        assert!(token.starts_with("42.1764000000."), "{token}");
        assert_eq!(
            signer().verify_at(Purpose::Confirm, &token),
            Some((SubscriberId(42), issued))
        );
        assert_eq!(
            signer().verify_at::<SubscriberId>(Purpose::Unsubscribe, &token),
            None
        );
        assert_eq!(
            signer().verify::<SubscriberId>(Purpose::Confirm, &token),
            None
        );
        let signature = token.rsplit_once('.').unwrap().1;
        for forged in [
            format!("42.1764000001.{signature}"),
            format!("43.1764000000.{signature}"),
            format!("42.01764000000.{signature}"),
            format!("42.-1.{signature}"),
            "42.1764000000.".to_owned(),
            signer().sign(Purpose::Confirm, SubscriberId(42)),
        ] {
            assert_eq!(
                signer().verify_at::<SubscriberId>(Purpose::Confirm, &forged),
                None,
                "{forged:?}"
            );
        }
    }

    #[test]
    fn a_release_link_is_not_a_reader_link() {
        let token = signer().sign(Purpose::ReleaseStatus, ReleaseId(42));
        assert_eq!(
            signer().verify(Purpose::ReleaseStatus, &token),
            Some(ReleaseId(42))
        );
        assert_eq!(
            signer().verify::<SubscriberId>(Purpose::Preferences, &token),
            None
        );
    }

    #[test]
    fn the_secret_is_made_once_in_the_data_folder_and_kept() {
        let folder = tempfile::tempdir().unwrap();
        let first = Signer::from_config_or_folder(None, folder.path()).unwrap();
        let second = Signer::from_config_or_folder(None, folder.path()).unwrap();
        let token = first.sign(Purpose::Unsubscribe, SubscriberId(7));
        assert_eq!(
            second.verify(Purpose::Unsubscribe, &token),
            Some(SubscriberId(7))
        );
        let path = folder.path().join(SECRET_FILE);
        assert_eq!(std::fs::read_to_string(&path).unwrap().len(), 64);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(Signer::from_config_or_folder(Some("short"), folder.path()).is_err());
    }
}
