//! The people who run the newsroom from `/admin`: their ids, their roles,
//! and the rule a new password must pass.
//!
//! Two roles: an **admin** does everything (users, mastheads' settings,
//! the subscriber export); an **editor** works on content (releases,
//! stories, sources). A person's address is an [`crate::Email`], checked
//! as a reader's is.

use serde::Serialize;

/// A person's id in the admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct UserId(pub i64);

impl std::fmt::Display for UserId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What a person may do in the admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything, including users and mastheads' settings.
    Admin,
    /// Content: releases, stories, sources.
    Editor,
}

impl Role {
    /// Both roles, the stronger first.
    pub const ALL: [Role; 2] = [Role::Admin, Role::Editor];

    /// The role a stored or typed name means (`admin`, `editor`).
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "admin" => Some(Self::Admin),
            "editor" => Some(Self::Editor),
            _ => None,
        }
    }

    /// Its stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Editor => "editor",
        }
    }

    /// Whether this role may do what `needed` may.
    pub fn covers(self, needed: Role) -> bool {
        self == Role::Admin || needed == Role::Editor
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The shortest password taken, in characters.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// The longest password taken, in bytes: hashing is the costly step of a
/// sign-in, and a megabyte "password" must not make it costlier.
pub const MAX_PASSWORD_BYTES: usize = 256;

/// Why a new password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Nothing typed.
    #[error("the password is empty")]
    Empty,
    /// Fewer than [`MIN_PASSWORD_CHARS`] characters.
    #[error("the password is shorter than {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    /// More than [`MAX_PASSWORD_BYTES`] bytes.
    #[error("the password is longer than {MAX_PASSWORD_BYTES} bytes")]
    TooLong,
    /// One character over and over, or a well-known weak password.
    #[error("the password is too easy to guess")]
    Guessable,
}

/// A few passwords every guesser tries first (compared ignoring case).
const WEAK: &[&str] = &[
    "password1234",
    "123456789012",
    "qwertyuiopas",
    "letmeinplease",
    "newsdesk1234",
    "administrator",
];

/// Checks a password someone chose: long enough, not absurdly long, not
/// one character repeated, not on the list of first guesses.
pub fn check_new_password(password: &str) -> Result<(), PasswordError> {
    if password.is_empty() {
        return Err(PasswordError::Empty);
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(PasswordError::TooLong);
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(PasswordError::TooShort);
    }
    let mut chars = password.chars();
    let first = chars.next();
    let distinct = password
        .chars()
        .filter(|c| Some(*c) != first)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    if distinct < 3 || WEAK.iter().any(|w| w.eq_ignore_ascii_case(password)) {
        return Err(PasswordError::Guessable);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_cover_what_they_should() {
        assert!(Role::Admin.covers(Role::Admin));
        assert!(Role::Admin.covers(Role::Editor));
        assert!(Role::Editor.covers(Role::Editor));
        assert!(!Role::Editor.covers(Role::Admin));
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("Admin"), None);
    }

    #[test]
    fn weak_passwords_are_refused() {
        assert_eq!(check_new_password(""), Err(PasswordError::Empty));
        assert_eq!(check_new_password("short"), Err(PasswordError::TooShort));
        assert_eq!(
            check_new_password("aaaaaaaaaaaaaaaa"),
            Err(PasswordError::Guessable)
        );
        assert_eq!(
            check_new_password("Password1234"),
            Err(PasswordError::Guessable)
        );
        assert_eq!(
            check_new_password(&"x1y".repeat(100)),
            Err(PasswordError::TooLong)
        );
        assert_eq!(check_new_password("tide-lantern-copper-47"), Ok(()));
    }
}
