//! Sections: world, business, sports and the like.
//!
//! A section is a slug. Feeds name categories freely ("Business News",
//! "SPORTS"), so [`Section::from_category`] folds a category to a slug; a
//! masthead lists the sections it shows, in its own order.

use crate::slug::{Slug, SlugError};
use serde::{Deserialize, Serialize};

/// A section name, as a slug.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Section(Slug);

impl Section {
    /// Where a story goes when nothing says otherwise.
    pub fn general() -> Self {
        Self(Slug::parse("news").expect("a valid slug"))
    }

    /// Accepts a section name as configured (`world`, `business`).
    pub fn parse(text: &str) -> Result<Self, SlugError> {
        Slug::parse(text).map(Self)
    }

    /// Folds a feed's category (`"Business News"`) to a section slug.
    pub fn from_category(category: &str) -> Option<Self> {
        Slug::from_title(category).map(Self)
    }

    /// The slug's text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The name shown to readers: `world-cup` becomes `World Cup`.
    pub fn display_name(&self) -> String {
        self.as_str()
            .split('-')
            .map(|word| {
                let mut chars = word.chars();
                match chars.next() {
                    Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                    None => String::new(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl std::fmt::Display for Section {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_fold_and_display() {
        let s = Section::from_category("World Cup").unwrap();
        assert_eq!(s.as_str(), "world-cup");
        assert_eq!(s.display_name(), "World Cup");
        assert!(Section::parse("World").is_err());
    }
}
