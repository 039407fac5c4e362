//! The key that says two headlines are the same story.
//!
//! Two sources often carry one wire story under the same headline with
//! different capitals, punctuation or spacing ("Seychelles opens new marine
//! reserve" and "Seychelles Opens New Marine Reserve!"). The key folds
//! those differences away: lower case, letters and digits only, single
//! spaces. Near-duplicates with other words are a later, fuzzier matter.

use serde::{Deserialize, Serialize};

/// A headline folded for comparison.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HeadlineKey(String);

impl HeadlineKey {
    /// Folds a headline: case, punctuation and runs of white space do not count.
    pub fn of(headline: &str) -> Self {
        let mut key = String::with_capacity(headline.len());
        let mut pending_space = false;
        for ch in headline.chars() {
            if ch.is_alphanumeric() {
                if pending_space && !key.is_empty() {
                    key.push(' ');
                }
                pending_space = false;
                // Some capitals lower to a letter and a combining mark
                // ("İ" to "i" and a dot above); the mark is not a letter,
                // so it goes, or folding the key again would drop it then.
                key.extend(ch.to_lowercase().filter(|c| c.is_alphanumeric()));
            } else if ch.is_whitespace() || is_word_joiner(ch) {
                pending_space = true;
            }
            // Other punctuation (apostrophes, quotes, full stops) is dropped
            // without splitting the word: "Kenya's" and "Kenyas" agree.
        }
        Self(key)
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether nothing comparable was left (a headline of punctuation only).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Dashes and slashes separate words, unlike apostrophes.
fn is_word_joiner(ch: char) -> bool {
    matches!(ch, '-' | '–' | '—' | '/' | '_' | ':' | ';' | ',' | '|')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn case_punctuation_and_spaces_do_not_count() {
        assert_eq!(
            HeadlineKey::of("Seychelles opens new marine reserve"),
            HeadlineKey::of("  Seychelles Opens New   Marine Reserve!")
        );
        assert_eq!(
            HeadlineKey::of("Kenya's tea: prices rise"),
            HeadlineKey::of("KENYAS TEA - PRICES RISE")
        );
    }

    #[test]
    fn a_capital_that_lowers_to_a_letter_and_a_mark_folds_once() {
        assert_eq!(HeadlineKey::of("İzmir").as_str(), "izmir");
        assert_eq!(HeadlineKey::of("İzmir"), HeadlineKey::of("izmir"));
    }

    #[test]
    fn different_words_differ() {
        assert_ne!(
            HeadlineKey::of("Tea prices rise"),
            HeadlineKey::of("Tea prices fall")
        );
    }

    proptest! {
        #[test]
        fn folding_is_idempotent(s in "\\PC{0,80}") {
            let once = HeadlineKey::of(&s);
            prop_assert_eq!(HeadlineKey::of(once.as_str()), once);
        }
    }
}
