//! DKIM: every digest signed for its domain when a key is configured.
//!
//! `mail.dkim_selector` and `mail.dkim_key_file` turn it on; the
//! signature's domain (`d=`) is the sender's domain unless
//! `mail.dkim_domain` names another. The key is read once, when the
//! settings are made:
//! - RSA, as PEM in either of the two forms `openssl` writes
//!   (`BEGIN RSA PRIVATE KEY`, PKCS #1, or `BEGIN PRIVATE KEY`, PKCS #8);
//! - Ed25519, as PEM (`BEGIN PRIVATE KEY`, what `openssl genpkey
//!   -algorithm ed25519` writes).
//!
//! The signature covers the headers a receiver judges a bulk sender by,
//! the list headers included: RFC 8058 asks that `List-Unsubscribe` and
//! `List-Unsubscribe-Post` be signed, or providers ignore the one-click
//! button. Both headers and body are canonicalized `relaxed`, which
//! survives the re-folding relays do.
//!
//! The key never shows: [`DkimSigner`]'s `Debug` prints the selector and
//! the domain only, and an error names the file, never its content.

use crate::MailError;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use lettre::Message;
use lettre::message::dkim::{
    DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningAlgorithm,
    DkimSigningKey,
};
use lettre::message::header::HeaderName;
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use std::path::Path;
use std::sync::Arc;

/// The headers signed, in this order. Not `Content-Type`: lettre writes a
/// multipart message's type with its body, after signing, so it cannot
/// be covered (the body hash covers the parts and their boundaries).
const SIGNED: &[&str] = &[
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "List-Id",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
    "MIME-Version",
];

/// The DER that starts every PKCS #8 Ed25519 private key; its last 32
/// bytes are the key's seed (RFC 8410).
const ED25519_PKCS8_PREFIX: &[u8] = &[
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

/// Signs messages for one domain with one key.
#[derive(Clone)]
pub struct DkimSigner {
    selector: String,
    domain: String,
    config: Arc<DkimConfig>,
}

/// Never prints the key.
impl std::fmt::Debug for DkimSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DkimSigner")
            .field("selector", &self.selector)
            .field("domain", &self.domain)
            .finish_non_exhaustive()
    }
}

impl DkimSigner {
    /// A signer with the PEM key in `path`, for `selector._domainkey.domain`.
    pub fn load(path: &Path, selector: &str, domain: &str) -> Result<Self, MailError> {
        let pem = std::fs::read_to_string(path).map_err(|e| {
            MailError::Config(format!(
                "mail.dkim_key_file {}: cannot read it: {e}",
                path.display()
            ))
        })?;
        Self::from_pem(&pem, selector, domain).map_err(|problem| {
            MailError::Config(format!("mail.dkim_key_file {}: {problem}", path.display()))
        })
    }

    /// A signer with a PEM key; the error says what is wrong with it
    /// without repeating it.
    pub fn from_pem(pem: &str, selector: &str, domain: &str) -> Result<Self, String> {
        let label_ok = |text: &str| {
            !text.is_empty()
                && text.split('.').all(|l| {
                    !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                })
        };
        if !label_ok(selector) {
            return Err(format!("the selector {selector:?} is not a DNS name"));
        }
        if !label_ok(domain) {
            return Err(format!("the signing domain {domain:?} is not a DNS name"));
        }
        let key = signing_key(pem)?;
        let headers = SIGNED
            .iter()
            .map(|name| HeaderName::new_from_ascii_str(name))
            .collect();
        let config = DkimConfig::new(
            selector.to_owned(),
            domain.to_owned(),
            key,
            headers,
            DkimCanonicalization {
                header: DkimCanonicalizationType::Relaxed,
                body: DkimCanonicalizationType::Relaxed,
            },
        );
        Ok(Self {
            selector: selector.to_owned(),
            domain: domain.to_owned(),
            config: Arc::new(config),
        })
    }

    /// The signing domain (`d=`).
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// Adds a `DKIM-Signature` to `message`; the last change made to it.
    pub fn sign(&self, message: &mut Message) {
        message.sign(&self.config);
    }
}

/// The key in a PEM text, RSA or Ed25519.
fn signing_key(pem: &str) -> Result<DkimSigningKey, String> {
    const NOT_A_KEY: &str =
        "not a PEM private key (BEGIN RSA PRIVATE KEY, or BEGIN PRIVATE KEY for RSA or Ed25519)";
    let text = pem.trim();
    if text.starts_with("-----BEGIN RSA PRIVATE KEY-----") {
        return DkimSigningKey::new(text, DkimSigningAlgorithm::Rsa)
            .map_err(|e| format!("not a readable RSA key ({e})"));
    }
    let Some(body) = text
        .strip_prefix("-----BEGIN PRIVATE KEY-----")
        .and_then(|rest| rest.strip_suffix("-----END PRIVATE KEY-----"))
    else {
        return Err(NOT_A_KEY.into());
    };
    let der = STANDARD
        .decode(body.split_whitespace().collect::<String>())
        .map_err(|_| NOT_A_KEY.to_owned())?;
    if der.len() == ED25519_PKCS8_PREFIX.len() + 32 && der.starts_with(ED25519_PKCS8_PREFIX) {
        let seed = STANDARD.encode(&der[ED25519_PKCS8_PREFIX.len()..]);
        return DkimSigningKey::new(&seed, DkimSigningAlgorithm::Ed25519)
            .map_err(|e| format!("not a readable Ed25519 key ({e})"));
    }
    let rsa = rsa::RsaPrivateKey::from_pkcs8_der(&der)
        .map_err(|_| "neither an RSA nor an Ed25519 key".to_owned())?;
    let pkcs1 = rsa
        .to_pkcs1_pem(rsa::pkcs1::LineEnding::LF)
        .map_err(|e| format!("not a usable RSA key ({e})"))?;
    DkimSigningKey::new(&pkcs1, DkimSigningAlgorithm::Rsa)
        .map_err(|e| format!("not a readable RSA key ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/dkim");

    #[test]
    fn every_key_form_reads_and_none_shows() {
        for file in ["rsa-pkcs1.pem", "rsa-pkcs8.pem", "ed25519.pem"] {
            let path = Path::new(FIXTURES).join(file);
            let signer = DkimSigner::load(&path, "desk2026", "kenyastar.example")
                .unwrap_or_else(|e| panic!("{file}: {e}"));
            let shown = format!("{signer:?}");
            assert!(
                !shown.contains("PRIVATE") && !shown.contains("key"),
                "{shown}"
            );
            assert!(shown.contains("desk2026"), "{shown}");
        }
    }

    #[test]
    fn bad_keys_and_names_are_refused_without_echoing_the_key() {
        let pem = std::fs::read_to_string(Path::new(FIXTURES).join("ed25519.pem")).unwrap();
        let garbled = pem.replace('A', "*");
        for (key, selector, domain, says) in [
            ("not a key at all", "desk", "kenyastar.example", "not a PEM"),
            (garbled.as_str(), "desk", "kenyastar.example", "not a PEM"),
            (pem.as_str(), "desk;x", "kenyastar.example", "selector"),
            (pem.as_str(), "desk", "kenya star", "domain"),
        ] {
            let error = DkimSigner::from_pem(key, selector, domain).unwrap_err();
            assert!(error.contains(says), "{error}");
            assert!(!error.contains("MC4C"), "{error}");
        }
        let missing = DkimSigner::load(Path::new("/nonexistent/dkim.pem"), "desk", "a.example")
            .unwrap_err()
            .to_string();
        assert!(missing.contains("mail.dkim_key_file"), "{missing}");
    }
}
