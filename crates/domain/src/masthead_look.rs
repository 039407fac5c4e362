//! A masthead's look as its admins set it in the admin: its name, the line
//! under it, its accent colour and its logo.
//!
//! The config (`[[masthead]]` in `newsdesk.toml`) gives every setting of
//! a masthead; these four may also be changed while the site runs, by an
//! admin, without a restart, and are stored in the database
//! (`masthead_looks`, migration 0018) so that every process sharing it
//! shows the same. A field left unset keeps the config's value, so a
//! look can be taken back by clearing it. The settings that shape
//! addresses, schedules and routing (host, zone, language, sections,
//! regions, the digest's time) stay in the config: changing one of those
//! is a deployment, not an edit.

use crate::masthead::{Masthead, is_hex_colour, is_logo};
use serde::{Deserialize, Serialize};

/// The longest name, in characters.
pub const MAX_NAME_CHARS: usize = 80;
/// The longest tagline, in characters.
pub const MAX_TAGLINE_CHARS: usize = 160;
/// The longest logo address, in bytes.
pub const MAX_LOGO_BYTES: usize = 500;

/// What an admin changed of a masthead's look; `None`: the config's value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MastheadLook {
    /// The name readers see.
    pub name: Option<String>,
    /// The line under the name (`Some("")`: no line, whatever the config
    /// says).
    pub tagline: Option<String>,
    /// The accent colour, `#rrggbb` in lower case.
    pub accent: Option<String>,
    /// The logo: an `https://` URL or a path on the site.
    pub logo: Option<String>,
}

/// Why a typed look cannot be one; each says what to type instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookError {
    /// The name is too long or has line breaks or control characters.
    #[error("The name must be one line of at most {MAX_NAME_CHARS} characters.")]
    Name,
    /// The tagline is too long or has control characters.
    #[error("The line under the name must be one line of at most {MAX_TAGLINE_CHARS} characters.")]
    Tagline,
    /// The accent is not `#rrggbb`.
    #[error("The accent colour must be written #rrggbb, such as #a4262c.")]
    Accent,
    /// The logo is neither an https URL nor a path on the site.
    #[error("The logo must be an https:// address or a path on the site starting with /.")]
    Logo,
}

impl MastheadLook {
    /// Reads a look from what an admin typed: an empty field is `None`
    /// (the config's value), except the tagline, where `none` clears it.
    pub fn parse(
        name: &str,
        tagline: &str,
        accent: &str,
        logo: &str,
    ) -> Result<Self, Vec<LookError>> {
        let mut problems = Vec::new();
        let one_line = |text: &str, most: usize| {
            text.chars().count() <= most && !text.chars().any(char::is_control)
        };
        let name = match name.trim() {
            "" => None,
            name if one_line(name, MAX_NAME_CHARS) => Some(name.to_owned()),
            _ => {
                problems.push(LookError::Name);
                None
            }
        };
        let tagline = match tagline.trim() {
            "" => None,
            "none" => Some(String::new()),
            line if one_line(line, MAX_TAGLINE_CHARS) => Some(line.to_owned()),
            _ => {
                problems.push(LookError::Tagline);
                None
            }
        };
        let accent = match accent.trim() {
            "" => None,
            colour if is_hex_colour(colour) => Some(colour.to_ascii_lowercase()),
            _ => {
                problems.push(LookError::Accent);
                None
            }
        };
        let logo = match logo.trim() {
            "" => None,
            logo if logo.len() <= MAX_LOGO_BYTES && is_logo(logo) => Some(logo.to_owned()),
            _ => {
                problems.push(LookError::Logo);
                None
            }
        };
        if problems.is_empty() {
            Ok(Self {
                name,
                tagline,
                accent,
                logo,
            })
        } else {
            Err(problems)
        }
    }

    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }

    /// `masthead` as it looks with this look on.
    pub fn dress(&self, masthead: &mut Masthead) {
        if let Some(name) = &self.name {
            masthead.name.clone_from(name);
        }
        if let Some(tagline) = &self.tagline {
            masthead.tagline.clone_from(tagline);
        }
        if let Some(accent) = &self.accent {
            masthead.accent.clone_from(accent);
        }
        if let Some(logo) = &self.logo {
            masthead.logo = Some(logo.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_fields_keep_the_configs_values() {
        let look = MastheadLook::parse(" ", "", "", "").unwrap();
        assert!(look.is_empty());
    }

    #[test]
    fn a_typed_look_is_tidied() {
        let look = MastheadLook::parse(" Kenya Star Daily ", "none", "#1A5FB4", "/static/star.png")
            .unwrap();
        assert_eq!(look.name.as_deref(), Some("Kenya Star Daily"));
        assert_eq!(look.tagline.as_deref(), Some(""));
        assert_eq!(look.accent.as_deref(), Some("#1a5fb4"));
        assert_eq!(look.logo.as_deref(), Some("/static/star.png"));
    }

    #[test]
    fn every_bad_field_is_named() {
        let problems = MastheadLook::parse(
            "Two\nlines",
            &"x".repeat(MAX_TAGLINE_CHARS + 1),
            "crimson",
            "javascript:alert(1)",
        )
        .unwrap_err();
        assert_eq!(
            problems,
            [
                LookError::Name,
                LookError::Tagline,
                LookError::Accent,
                LookError::Logo
            ]
        );
        assert!(MastheadLook::parse("", "", "", "http://plain.example/logo.png").is_err());
        assert!(MastheadLook::parse("", "", "", "//elsewhere.example/logo.png").is_err());
        assert!(MastheadLook::parse("", "", "", "/a\"onerror=\"x").is_err());
    }
}
