//! Teasers: a story's lead text cut to fit a list.
//!
//! The "More Information" list shows each story's lead text cut at a word
//! boundary at no more than [`TEASER_CHARS`] characters (Unicode scalar
//! values, not bytes), followed by "..." only when something was cut. White
//! space is folded first, so a line break in a feed never shows.

use serde::Serialize;

/// The longest teaser text before the ellipsis.
pub const TEASER_CHARS: usize = 130;

/// A cut lead text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Teaser {
    /// The text, with "..." at the end when it was cut.
    pub text: String,
    /// Whether anything was cut.
    pub cut: bool,
}

impl Teaser {
    /// Cuts `lead` at a word boundary at no more than `max_chars` characters.
    pub fn cut(lead: &str, max_chars: usize) -> Self {
        let folded = lead.split_whitespace().collect::<Vec<_>>().join(" ");
        if folded.chars().count() <= max_chars {
            return Self {
                text: folded,
                cut: false,
            };
        }
        // The byte index just past `max_chars` characters.
        let limit = folded
            .char_indices()
            .nth(max_chars)
            .map_or(folded.len(), |(i, _)| i);
        // Keep all `max_chars` when a space follows them; else back up to the last space.
        let head = if folded[limit..].starts_with(' ') {
            &folded[..limit]
        } else {
            match folded[..limit].rfind(' ') {
                Some(space) if space > 0 => &folded[..space],
                // One word longer than the limit: cut inside it, there is no better place.
                _ => &folded[..limit],
            }
        };
        Self {
            text: format!("{}...", head.trim_end()),
            cut: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn short_text_is_whole_and_has_no_ellipsis() {
        let t = Teaser::cut("Port Louis [Mauritius], March 12 (IOPA): Ships wait.", 130);
        assert_eq!(
            t.text,
            "Port Louis [Mauritius], March 12 (IOPA): Ships wait."
        );
        assert!(!t.cut);
    }

    #[test]
    fn long_text_is_cut_at_a_word() {
        let lead = "BRUSSELS, Belgium: The bloc has withdrawn from the board of a climate fund \
                    designed to help poor countries deal with rising seas and failing harvests.";
        let t = Teaser::cut(lead, 130);
        assert!(t.cut);
        assert!(t.text.ends_with("rising seas..."), "{}", t.text);
        assert!(t.text.trim_end_matches("...").chars().count() <= 130);
    }

    #[test]
    fn a_word_ending_exactly_at_the_limit_is_kept() {
        let t = Teaser::cut("aaaa bbbb cccc", 9);
        assert_eq!(t.text, "aaaa bbbb...");
    }

    #[test]
    fn one_long_word_is_cut_inside() {
        let t = Teaser::cut(&"x".repeat(200), 130);
        assert_eq!(t.text.len(), 133);
    }

    proptest! {
        #[test]
        fn never_longer_than_the_limit_and_cut_only_at_a_word(s in "\\PC{0,400}") {
            let t = Teaser::cut(&s, 130);
            let body = if t.cut { t.text.strip_suffix("...").unwrap() } else { t.text.as_str() };
            prop_assert!(body.chars().count() <= 130);
            let folded = s.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert!(folded.starts_with(body));
            if t.cut && body.contains(' ') {
                // The next character in the source is a space: the cut fell between words.
                prop_assert_eq!(folded[body.len()..].chars().next(), Some(' '));
            }
        }
    }
}
