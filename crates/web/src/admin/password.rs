//! Passwords as Argon2id hashes, and the random tokens of sessions and
//! invitations.
//!
//! Hashes are PHC strings (`$argon2id$v=19$m=...`): the parameters and the
//! salt travel with the hash, so raising the parameters later needs no
//! migration. A sign-in for an address nobody has is checked against a
//! fixed hash made with the same parameters, so it takes as long as a
//! wrong password for a real account and the timing says nothing either.

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Argon2, PasswordHash};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

/// Why a password could not be hashed (no randomness for a salt).
#[derive(Debug, thiserror::Error)]
#[error("cannot hash a password: {0}")]
pub struct HashError(String);

/// The Argon2id hash of `password`, with a fresh salt, as a PHC string.
pub fn hash(password: &str) -> Result<String, HashError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// A hash nobody's password matches, checked when the address is unknown.
static NOBODY: LazyLock<String> =
    LazyLock::new(|| hash("nobody signs in with this password").unwrap_or_default());

/// Whether `password` matches `stored` (`None`: no such person, or no
/// password yet; checked against [`NOBODY`] all the same, and false).
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    let (text, real) = match stored {
        Some(text) => (text, true),
        None => (NOBODY.as_str(), false),
    };
    let Ok(parsed) = PasswordHash::new(text) else {
        return false;
    };
    let matches = Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    real && matches
}

/// 256 random bits, URL-safe: a session's cookie, an invitation's link.
pub fn random_token() -> Result<String, HashError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| HashError(format!("no randomness: {e}")))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// The SHA-256 of a token, in hex: what the database keeps of it.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// A value derived from a secret token for `purpose`, URL-safe: the form
/// token of a session is derived from its cookie (see [`super::csrf`]).
pub fn derive(token: &str, purpose: &str) -> String {
    let mut digest = Sha256::new();
    digest.update(purpose.as_bytes());
    digest.update([0]);
    digest.update(token.as_bytes());
    URL_SAFE_NO_PAD.encode(digest.finalize())
}

/// Whether two strings are equal, in a time that does not depend on
/// where they first differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_matches_its_hash_only() {
        let stored = hash("tide-lantern-copper-47").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("tide-lantern-copper-47", Some(&stored)));
        assert!(!verify("tide-lantern-copper-48", Some(&stored)));
        assert!(!verify("tide-lantern-copper-47", None));
        assert!(!verify("anything", Some("not a hash")));
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, b) = (random_token().unwrap(), random_token().unwrap());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(derive(&a, "form"), derive(&b, "form"));
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
    }
}
