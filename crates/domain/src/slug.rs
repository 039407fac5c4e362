//! Slugs: the short lower-case names in URLs and ids.
//!
//! A [`Slug`] holds only `a-z`, `0-9` and single inner hyphens, 1 to 80
//! characters. [`Slug::parse`] refuses anything else (for ids a person
//! types: masthead ids, section names); [`Slug::from_title`] makes one from
//! any headline for a readable story URL.

use serde::{Deserialize, Serialize};

/// The longest slug we make or accept.
pub const MAX_SLUG_LEN: usize = 80;

/// A URL-safe lower-case name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

/// Why a text is not a slug.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a slug: use 1 to 80 of a-z, 0-9 and inner hyphens")]
pub struct SlugError(pub String);

impl Slug {
    /// Accepts a text that already is a slug.
    pub fn parse(text: &str) -> Result<Self, SlugError> {
        let ok = !text.is_empty()
            && text.len() <= MAX_SLUG_LEN
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !text.starts_with('-')
            && !text.ends_with('-')
            && !text.contains("--");
        if ok {
            Ok(Self(text.to_owned()))
        } else {
            Err(SlugError(text.to_owned()))
        }
    }

    /// Makes a slug from a headline; `None` when no letter or digit is left.
    pub fn from_title(title: &str) -> Option<Self> {
        let mut out = String::new();
        let mut gap = false;
        for ch in title.chars() {
            let folded = fold_latin(ch);
            if folded.is_ascii_alphanumeric() {
                let need = if gap && !out.is_empty() { 2 } else { 1 };
                if out.len() + need > MAX_SLUG_LEN {
                    break;
                }
                if need == 2 {
                    out.push('-');
                }
                gap = false;
                out.push(folded.to_ascii_lowercase());
            } else if ch != '\'' && ch != '’' {
                gap = true;
            }
        }
        if out.is_empty() {
            None
        } else {
            Some(Self(out))
        }
    }

    /// The readable part of a story's URL: the headline's slug, or
    /// `story` for a headline with no letter or digit.
    pub fn of_headline(title: &str) -> Self {
        Self::from_title(title).unwrap_or_else(|| Self("story".to_owned()))
    }

    /// The slug's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Folds the common accented Latin letters to their base letter.
fn fold_latin(ch: char) -> char {
    match ch {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        other => other,
    }
}

impl TryFrom<String> for Slug {
    type Error = SlugError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Slug> for String {
    fn from(value: Slug) -> Self {
        value.0
    }
}

impl std::fmt::Display for Slug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn titles_become_readable_slugs() {
        assert_eq!(
            Slug::from_title("Réunion's port: 12% more cargo!")
                .unwrap()
                .as_str(),
            "reunions-port-12-more-cargo"
        );
        assert_eq!(Slug::from_title("!!!"), None);
    }

    #[test]
    fn parse_refuses_what_a_url_would_mangle() {
        assert!(Slug::parse("kenya-star").is_ok());
        for bad in ["", "Kenya", "a--b", "-a", "a-", "a b", "ä"] {
            assert!(Slug::parse(bad).is_err(), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn any_title_slug_parses(s in "\\PC{0,200}") {
            if let Some(slug) = Slug::from_title(&s) {
                prop_assert!(Slug::parse(slug.as_str()).is_ok(), "{:?}", slug);
            }
        }
    }
}
