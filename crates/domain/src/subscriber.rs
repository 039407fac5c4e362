//! Readers of the daily email: their address, their id, where they stand.
//!
//! An [`Email`] cannot hold an address that could break a message: no
//! white space, no line breaks (so no header can be smuggled in with it),
//! no control characters, exactly one `@` with something on each side, a
//! domain of dot-separated labels, and no more than 254 characters. The
//! domain is folded to lower case; the local part is kept as given (only
//! the receiving server may say what its case means).

use serde::Serialize;

/// A reader's email address, checked.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

/// Why an address was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    /// Nothing was given.
    #[error("the address is empty")]
    Empty,
    /// Longer than an address may be.
    #[error("the address is longer than 254 characters")]
    TooLong,
    /// Spaces, line breaks or control characters.
    #[error("the address holds a space, a line break or a control character")]
    Forbidden,
    /// Not `local@domain`.
    #[error("the address is not written name@domain")]
    Shape,
}

/// Characters RFC 5322 allows unquoted in the local part besides letters
/// and digits. Quoted local parts are refused: nobody subscribes with one.
const LOCAL_SPECIALS: &str = "!#$%&'*+-/=?^_`{|}~.";

impl Email {
    /// Accepts an address as a reader typed it (surrounding spaces trimmed).
    pub fn parse(text: &str) -> Result<Self, EmailError> {
        let text = text.trim_matches(|c: char| c == ' ' || c == '\t');
        if text.is_empty() {
            return Err(EmailError::Empty);
        }
        if text.chars().count() > 254 {
            return Err(EmailError::TooLong);
        }
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(EmailError::Forbidden);
        }
        let (local, domain) = text.rsplit_once('@').ok_or(EmailError::Shape)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || LOCAL_SPECIALS.contains(c));
        let domain_ok = !domain.is_empty()
            && domain.len() <= 253
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if !local_ok || !domain_ok {
            return Err(EmailError::Shape);
        }
        Ok(Self(format!("{local}@{}", domain.to_lowercase())))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the `@`.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, d)| d)
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A reader's id (one per masthead they read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct SubscriberId(pub i64);

impl std::fmt::Display for SubscriberId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Where a reader stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SubscriberStatus {
    /// Asked for the email, not yet confirmed: nothing is sent but the
    /// confirmation.
    Pending,
    /// Gets the digest.
    Confirmed,
    /// Left; gets nothing.
    Unsubscribed,
}

impl SubscriberStatus {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Confirmed => "confirmed",
            Self::Unsubscribed => "unsubscribed",
        }
    }

    /// Reads the stored word.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "pending" => Some(Self::Pending),
            "confirmed" => Some(Self::Confirmed),
            "unsubscribed" => Some(Self::Unsubscribed),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ordinary_addresses_are_kept_with_the_domain_in_lower_case() {
        let email = Email::parse("  Wanjiru.K+news@Mail.Example.KE ").unwrap();
        assert_eq!(email.as_str(), "Wanjiru.K+news@mail.example.ke");
        assert_eq!(email.domain(), "mail.example.ke");
    }

    #[test]
    fn addresses_that_could_carry_a_header_are_refused() {
        for bad in [
            "reader@example.com\r\nBcc: all@example.com",
            "reader@example.com\nX-Injected: 1",
            "read er@example.com",
            "reader@exa\u{0}mple.com",
        ] {
            assert_eq!(Email::parse(bad), Err(EmailError::Forbidden), "{bad:?}");
        }
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for bad in [
            "reader",
            "@example.com",
            "reader@",
            "reader@@example.com",
            "reader@example..com",
            ".reader@example.com",
            "rea..der@example.com",
            "reader@-example.com",
            "\"quoted\"@example.com",
            "reader@exam_ple.com",
            "<reader@example.com>",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} was accepted");
        }
        assert_eq!(Email::parse(""), Err(EmailError::Empty));
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong));
    }

    proptest! {
        #[test]
        fn an_accepted_address_never_holds_a_line_break_or_a_space(text in "\\PC{0,40}") {
            if let Ok(email) = Email::parse(&text) {
                prop_assert!(!email.as_str().chars().any(|c| c.is_whitespace() || c.is_control()));
                prop_assert_eq!(email.as_str().matches('@').count(), 1);
                prop_assert_eq!(Email::parse(email.as_str()), Ok(email.clone()));
            }
        }
    }

    #[test]
    fn statuses_read_back() {
        for status in [
            SubscriberStatus::Pending,
            SubscriberStatus::Confirmed,
            SubscriberStatus::Unsubscribed,
        ] {
            assert_eq!(SubscriberStatus::parse(status.as_str()), Some(status));
        }
    }
}
