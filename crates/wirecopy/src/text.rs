//! The story as compared: the text a sketch is made of.
//!
//! [`Copy`] is what a story gives: its headline and its text (the extracted
//! article, or the feed summary when no page could be read), paragraphs
//! separated by line breaks. [`Copy::tokens`] turns it into the hashed
//! words the shingles are made of:
//!
//! 1. only the first [`MAX_TEXT_BYTES`] of the text are read, so a 5 MB
//!    text costs what 64 KB does (no wire story is longer);
//! 2. HTML entities and stray tags are decoded and dropped ([`entities`]);
//! 3. boilerplate paragraphs (bylines, "Read more", copyright lines,
//!    update and correction notes) and markers such as "(UPDATE 2)" are
//!    dropped ([`boilerplate`]); the first paragraph's dateline too;
//! 4. the rest is cut into words ([`words`]): case and accents folded,
//!    punctuation dropped, numbers kept whole ("1,200" is "1200").
//!
//! The headline is used only when the text is short (a summary): a
//! republisher rewords headlines more than anything else.

pub mod boilerplate;
pub mod entities;
pub mod words;

pub use words::Token;

/// The most bytes of a story's text that are read.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;

/// Below this many words of text the headline is read too.
pub const HEADLINE_BELOW_WORDS: usize = 50;

/// A story as given for comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Copy<'a> {
    /// The headline as published.
    pub headline: &'a str,
    /// The text: the extracted article or the feed summary, paragraphs
    /// separated by line breaks. May hold HTML entities.
    pub text: &'a str,
}

impl<'a> Copy<'a> {
    /// A story's headline and text.
    pub fn new(headline: &'a str, text: &'a str) -> Self {
        Self { headline, text }
    }

    /// The hashed words compared, in order (see the module doc).
    pub fn tokens(&self) -> Vec<Token> {
        let mut tokens = Vec::new();
        let mut before_dateline = true;
        for (i, paragraph) in clean_paragraphs(bounded(self.text)).iter().enumerate() {
            let mut paragraph = paragraph.as_str();
            // The dateline opens the first paragraph, or the second after
            // a byline that shared the first line with another dateline.
            if before_dateline
                && i < 2
                && let Some(rest) = without_dateline(paragraph)
            {
                before_dateline = false;
                paragraph = rest;
                if boilerplate::is_boilerplate(paragraph) {
                    before_dateline = true;
                    continue;
                }
            }
            words::push_tokens(paragraph, &mut tokens);
        }
        if tokens.len() < HEADLINE_BELOW_WORDS {
            let mut with_headline = Vec::with_capacity(tokens.len() + 16);
            let headline = entities::decode(bounded(self.headline));
            words::push_tokens(&boilerplate::strip_markers(&headline), &mut with_headline);
            with_headline.extend(tokens);
            tokens = with_headline;
        }
        tokens
    }

    /// How many characters of clean text the story has: its text without
    /// boilerplate, the measure of "the fullest text" in [`crate::lead`].
    pub fn clean_chars(&self) -> usize {
        clean_paragraphs(bounded(self.text))
            .iter()
            .map(|p| p.chars().filter(|c| !c.is_whitespace()).count())
            .sum()
    }
}

/// The first [`MAX_TEXT_BYTES`] of a text, cut at a character boundary.
fn bounded(text: &str) -> &str {
    if text.len() <= MAX_TEXT_BYTES {
        return text;
    }
    let mut end = MAX_TEXT_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The paragraphs that are the story's own: decoded, markers removed,
/// boilerplate dropped, empty ones skipped.
fn clean_paragraphs(text: &str) -> Vec<String> {
    let decoded = entities::decode(text);
    decoded
        .split(['\n', '\r', '\u{2029}'])
        .map(|p| boilerplate::strip_markers(p.trim()))
        .filter(|p| !p.trim().is_empty() && !boilerplate::is_boilerplate(p))
        .collect()
}

/// A paragraph without the dateline it opens with, if it opens with one.
fn without_dateline(paragraph: &str) -> Option<&str> {
    newsdesk_dateline::find(paragraph).map(|found| &paragraph[found.body_start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(headline: &str, text: &str) -> Vec<u64> {
        Copy::new(headline, text)
            .tokens()
            .iter()
            .map(|t| t.hash)
            .collect()
    }

    #[test]
    fn datelines_bylines_and_markers_do_not_count() {
        let body = "The minister said the talks would resume on Monday in the capital, \
            after a week of delays over the water agreement and its costs.";
        let plain = folded("", body);
        let dressed = folded(
            "",
            &format!(
                "By Jane Doe, Senior Correspondent\n\
                 PORT LOUIS [Mauritius], March 12 (ANI): {body} (UPDATE 2)\n\
                 Read more: Talks on water stall\n\
                 (Reporting by Jane Doe; Editing by Sam Lee)\n\
                 © 2025 Example Wire. All rights reserved."
            ),
        );
        assert_eq!(plain, dressed);
    }

    #[test]
    fn entities_case_accents_and_spaces_do_not_count() {
        let a = folded(
            "",
            "Café owners in Zürich said &quot;no&quot; to the 1,200-franc fee.",
        );
        let b = folded(
            "",
            "CAFE  owners in zurich said \u{201c}no\u{201d}\tto the 1200 franc fee",
        );
        assert_eq!(a, b);
    }

    #[test]
    fn a_five_megabyte_text_is_read_to_a_bounded_prefix() {
        let huge = "word ".repeat(1_000_000) + "é";
        assert!(huge.len() > 5_000_000);
        let tokens = Copy::new("", &huge).tokens();
        assert!(tokens.len() <= MAX_TEXT_BYTES / 2, "{}", tokens.len());
    }
}
